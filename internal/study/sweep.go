package study

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/sweep"
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
	if err := writeManifest(spec, a, skipped, dir, jobs*max(workers, 1), start); err != nil {
		return nil, err
	}
	return a, runErr
}

// AggregateSpec writes the tables and manifest of the study s compiled
// from spec (as RunSpec does) from its run files under dir alone, running
// nothing: a missing run is an error naming it. The tables are the same
// bytes however the runs were spread over processes (Execute with
// shards). If some runs failed, the tables of the others are written and
// the error says how many failed.
func AggregateSpec(spec *Spec, s *Study, dir string) (*Aggregate, error) {
	start := time.Now()
	a, err := s.Aggregate(dir)
	if err != nil {
		return nil, err
	}
	skipped, err := a.Write(dir)
	if err != nil {
		return nil, err
	}
	if err := writeManifest(spec, a, skipped, dir, 1, start); err != nil {
		return nil, err
	}
	if ok, failed := a.Runs(); failed > 0 {
		return a, fmt.Errorf("sweep: %d of %d runs failed: their errors are in %s; run the sweep again to retry them", failed, ok+failed, filepath.Join(dir, sweep.RunsDir))
	}
	return a, nil
}

// writeManifest writes dir/manifest.json of the aggregate of spec's
// study; workers is the count of threads and start the time the command
// began.
func writeManifest(spec *Spec, a *Aggregate, skipped []string, dir string, workers int, start time.Time) error {
	params, err := a.Params(spec, skipped)
	if err != nil {
		return err
	}
	params["command"] = "sweep"
	return output.WriteJSON(filepath.Join(dir, "manifest.json"), output.NewManifest(params, spec.Seed, workers, time.Since(start)))
}

// Params returns the manifest's parameters of the aggregate of spec's
// study: the spec, the base scenario's hash and the study (Info), with
// skipped the metrics without Sobol indices.
func (a *Aggregate) Params(spec *Spec, skipped []string) (map[string]any, error) {
	info, err := a.Info(skipped)
	if err != nil {
		return nil, err
	}
	_, hash, err := a.Study.Base.Identity()
	if err != nil {
		return nil, err
	}
	return map[string]any{"spec": spec, "base_scenario_hash": hash, "study": info}, nil
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
