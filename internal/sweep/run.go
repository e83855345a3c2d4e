package sweep

import (
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/sim"
)

// Run is one model run of a sweep: replicate Replicate of design point
// Point, with its seed and the point's scenario assignments.
type Run struct {
	Point       int          `json:"point"`
	Replicate   int          `json:"replicate"`
	Seed        uint64       `json:"seed"`
	Assignments design.Point `json:"assignments"`
	// Scenario identifies what the run computes besides its seed (the
	// hash of the point's scenario, which the caller sets; empty for a
	// point without one): a run file with another is not this run's.
	Scenario string `json:"scenario,omitempty"`
}

// Seed returns the seed under root at path: sim.Derive(root, path...)
// shifted right by one bit, so that it is below 2⁶³. A run's seed is then
// a non-negative int64, which exodus run --seed and TOML (signed 64-bit
// integers) take and tables write as BIGINT, so that any run of a sweep
// can be redone alone with exodus run.
func Seed(root uint64, path ...uint64) uint64 { return sim.Derive(root, path...) >> 1 }

// Runs returns the runs of replicates replicates of each point, point by
// point: run p·replicates + r is replicate r of point p, with seed
// Seed(root, p, r).
func Runs(points []design.Point, replicates int, root uint64) ([]Run, error) {
	if replicates < 1 {
		return nil, fmt.Errorf("replicates = %d, want ≥ 1", replicates)
	}
	runs := make([]Run, 0, len(points)*replicates)
	for p, pt := range points {
		for r := range replicates {
			runs = append(runs, Run{Point: p, Replicate: r, Seed: Seed(root, uint64(p), uint64(r)), Assignments: pt})
		}
	}
	return runs, nil
}

// Name returns the run's file name stem, p<point>-r<replicate>, zero-padded
// so that names sort in run order for up to 10⁵ points and 10³ replicates.
func (r Run) Name() string { return fmt.Sprintf("p%05d-r%03d", r.Point, r.Replicate) }
