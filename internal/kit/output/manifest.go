package output

import (
	"runtime"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/version"
)

// Manifest describes how a results folder was made and lists its files with
// their SHA-256 (filled in by Folder.Commit; see Verify). It is the only file
// of a run that holds times.
type Manifest struct {
	Exodus      string  `json:"exodus_version"`
	Go          string  `json:"go_version"`
	Seed        uint64  `json:"seed"`
	Workers     int     `json:"workers"`
	GoMaxProcs  int     `json:"gomaxprocs"`
	WallSeconds float64 `json:"wall_seconds"`
	Parameters  any     `json:"parameters"`
	Files       []File  `json:"files,omitempty"`
}

// NewManifest returns the manifest of a run with the given parameters.
func NewManifest(params any, seed uint64, workers int, wall time.Duration) Manifest {
	return Manifest{
		Exodus:      version.String(),
		Go:          version.Go(),
		Seed:        seed,
		Workers:     workers,
		GoMaxProcs:  runtime.GOMAXPROCS(0),
		WallSeconds: wall.Seconds(),
		Parameters:  params,
	}
}
