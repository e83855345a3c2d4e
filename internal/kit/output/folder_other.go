//go:build !linux

package output

import (
	"errors"
	"os"
)

// errNoExchange says that the file system cannot exchange two folders.
var errNoExchange = errors.New("exchange not supported")

// exchange is not available outside Linux: Commit renames the old folder
// aside instead.
func exchange(a, b string) error { return errNoExchange }

// lockDir opens the folder at path; outside Linux it takes no lock.
func lockDir(path string) (*os.File, error) { return os.Open(path) }

// tryLockDir reports every folder as locked outside Linux, so that stale
// temporary folders are left rather than a live writer's removed.
func tryLockDir(path string) (*os.File, error) { return nil, nil }
