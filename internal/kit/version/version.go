// Package version reports which exodus and which Go built the binary.
package version

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// Version is the exodus release; bump it with every release that changes
// results.
const Version = "0.1.0"

// String returns the release and, when the binary was built from a version
// control checkout with -buildvcs, the revision and whether it was modified.
func String() string {
	v := Version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		v += " (" + rev[:min(12, len(rev))] + dirty + ")"
	}
	return v
}

// Go returns the Go version that built the binary.
func Go() string { return runtime.Version() }

// Binary returns the SHA-256 of the running executable, in hex: which
// binary, to the byte, wrote a file that only that binary may continue (a
// checkpoint). It is computed once.
func Binary() (string, error) { return binary() }

var binary = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("the running executable: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("the running executable: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("the running executable %s: %w", exe, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})
