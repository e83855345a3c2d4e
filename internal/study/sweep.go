package study

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"exodus/internal/output"
	"exodus/internal/sweep"
)

// RunSpec checks that dir can be written and runs the study s compiled
// from spec (Spec.Compile) with jobs runs at once, each
// with workers engine workers (0: 1): run files under dir/runs (running
// again resumes), tables under dir (Run) and dir/manifest.json with the
// spec, the base scenario's hash, the points, seeds, outputs and run
// counts, the exodus and Go versions and the wall time. If some runs
// failed, everything is still written and the error is a
// *sweep.FailedError.
func RunSpec(ctx context.Context, spec *Spec, s *Study, dir string, jobs, workers int, progress sweep.Progress) (*Aggregate, error) {
	start := time.Now()
	if err := writable(dir); err != nil {
		return nil, err
	}
	s.Workers = workers
	a, skipped, runErr := s.Run(ctx, dir, dir, jobs, progress)
	if a == nil {
		return nil, runErr
	}
	info, err := a.Info(skipped)
	if err != nil {
		return nil, err
	}
	_, hash, err := s.Base.Identity()
	if err != nil {
		return nil, err
	}
	params := map[string]any{
		"command":            "sweep",
		"spec":               spec,
		"base_scenario_hash": hash,
		"study":              info,
	}
	if err := output.WriteJSON(filepath.Join(dir, "manifest.json"), output.NewManifest(params, spec.Seed, jobs*max(workers, 1), time.Since(start))); err != nil {
		return nil, err
	}
	return a, runErr
}

// writable makes dir if needed and checks that a file can be created in
// it, so that a study finds an unusable output folder before its runs.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".writable-*")
	if err != nil {
		return fmt.Errorf("output folder %s cannot be written: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
