// Package version reports which exodus and which Go built the binary.
package version

import (
	"runtime"
	"runtime/debug"
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
