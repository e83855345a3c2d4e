package study

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/sweep"
)

// Info describes a study for a manifest.
type Info struct {
	Points     []PointInfo `json:"points"`
	Replicates int         `json:"replicates"`
	RootSeed   uint64      `json:"root_seed"`
	// Seeding says how run (point, replicate) gets its seed; Seeds lists
	// the replicates' seeds when every point shares them.
	Seeding string   `json:"seeding"`
	Seeds   []uint64 `json:"replicate_seeds,omitempty"`
	Outputs Outputs  `json:"outputs"`
	// Runs and Failed count the successful and failed runs.
	Runs        int    `json:"runs"`
	Failed      int    `json:"failed_runs"`
	Fingerprint string `json:"fingerprint"`
	// SobolSkipped names the metrics without Sobol indices, and why.
	SobolSkipped []string `json:"sobol_skipped,omitempty"`
}

// PointInfo describes a point: its label, assignments and the SHA-256 of
// its canonical scenario (Plan.Identity: seed 0; each run sets its own).
type PointInfo struct {
	Label        string   `json:"label"`
	Assignments  []string `json:"assignments,omitempty"`
	ScenarioHash string   `json:"scenario_hash"`
}

// assignments returns a point's assignments as name=value, values in the
// shortest form that reads back to the same float.
func assignments(p design.Point) []string {
	out := make([]string, len(p))
	for i, a := range p {
		out[i] = a.Path + "=" + strconv.FormatFloat(a.Value, 'g', -1, 64)
	}
	return out
}

// Info returns the description of the study and of its aggregate.
func (a *Aggregate) Info(skipped []string) (Info, error) {
	s := a.Study
	fp, err := s.Fingerprint()
	if err != nil {
		return Info{}, err
	}
	info := Info{Replicates: s.Replicates, RootSeed: s.Seed, Outputs: s.Outputs, Fingerprint: fp, SobolSkipped: skipped}
	info.Runs, info.Failed = a.Runs()
	info.Seeding = "sim.Derive(root_seed, point, replicate) >> 1"
	if s.CommonSeeds {
		info.Seeding = "sim.Derive(root_seed, 0, replicate) >> 1 at every point (common random numbers)"
		info.Seeds = s.Seeds()
	}
	for _, pt := range s.Points {
		pi := PointInfo{Label: pt.Label, Assignments: assignments(pt.Assignments)}
		if _, pi.ScenarioHash, err = pt.Plan.Identity(); err != nil {
			return Info{}, err
		}
		info.Points = append(info.Points, pi)
	}
	return info, nil
}

// Run executes the study into runsDir (Execute: resumable, jobs at
// once), aggregates it and writes its tables to outDir (Aggregate.Write).
// It returns the aggregate and the metrics without Sobol indices. If some
// runs failed, the aggregate of the others is still written and the
// error is the *sweep.FailedError; any other error stops it.
func (s *Study) Run(ctx context.Context, runsDir, outDir string, jobs int, progress sweep.Progress) (*Aggregate, []string, error) {
	runErr := s.Execute(ctx, runsDir, sweep.Options{Jobs: jobs, Progress: progress})
	var fe *sweep.FailedError
	if runErr != nil && !errors.As(runErr, &fe) {
		return nil, nil, runErr
	}
	a, err := s.Aggregate(runsDir)
	if err != nil {
		return nil, nil, err
	}
	skipped, err := a.Write(outDir)
	if err != nil {
		return nil, nil, err
	}
	return a, skipped, runErr
}

// Write writes the aggregate's tables to outDir (Tables.Write), the
// tables of its runs (WriteRuns) and, for a
// Saltelli design, its Sobol indices as outDir/sobol.csv and .parquet; it
// returns the metrics without Sobol indices. The files depend on the run
// files alone, not on how many processes made them.
func (a *Aggregate) Write(outDir string) (skipped []string, err error) {
	t, err := a.Tables()
	if err != nil {
		return nil, err
	}
	if err := t.Write(outDir); err != nil {
		return nil, err
	}
	if err := a.WriteRuns(outDir); err != nil {
		return nil, err
	}
	if !a.Study.Saltelli {
		return nil, nil
	}
	rows, skipped, err := a.Sobol()
	if err != nil {
		return nil, err
	}
	if len(rows) > 0 {
		if err := output.WriteTidy(filepath.Join(outDir, "sobol"), rows); err != nil {
			return nil, err
		}
	}
	return skipped, nil
}
