package study

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"exodus/internal/design"
	"exodus/internal/output"
	"exodus/internal/sweep"
	"exodus/model"
)

// Set returns a point's assignments as --set overrides, path=value
// (model.Override), values in the shortest form that reads back to the
// same float.
func Set(p design.Point) []string {
	sets := make([]string, len(p))
	for i, a := range p {
		sets[i] = a.Path + "=" + strconv.FormatFloat(a.Value, 'g', -1, 64)
	}
	return sets
}

// FromSpec returns the study of a sweep spec: point p's scenario is the
// spec's base scenario (an embedded name or a TOML file) with the spec's
// overrides and then p's assignments applied as --set overrides (see
// Set); a point whose
// overrides give no valid scenario keeps the error, and its runs fail
// with it. Seeds are sim.Derive(spec seed, p, r); the outputs are the
// spec's metrics (summary metric names) and series (series kinds).
func FromSpec(spec sweep.Spec) (*Study, error) {
	pts, err := spec.Points()
	if err != nil {
		return nil, err
	}
	if _, err := model.LoadScenario(spec.Scenario, spec.Set); err != nil {
		return nil, fmt.Errorf("sweep spec: scenario = %q, set = %q: %w", spec.Scenario, spec.Set, err)
	}
	s := &Study{
		Replicates: spec.Replicates,
		Seed:       spec.Seed,
		Outputs:    Outputs{Metrics: spec.Outputs.Metrics, Series: spec.Outputs.Series},
		Saltelli:   spec.Design.Kind == sweep.Saltelli,
	}
	if err := s.Outputs.Validate(); err != nil {
		return nil, fmt.Errorf("sweep spec: %w", err)
	}
	for _, pt := range pts {
		sc, err := model.LoadScenario(spec.Scenario, append(slices.Clone(spec.Set), Set(pt)...))
		s.Points = append(s.Points, Point{Label: pt.String(), Assignments: pt, Scenario: sc, Err: err})
	}
	return s, s.Validate()
}

// RunSpec runs the sweep spec in the TOML file at path (sweep.LoadSpec,
// FromSpec) with jobs runs at once: run files under dir/runs (re-running
// resumes), tables under dir (Run) and dir/manifest.json with the spec,
// the base scenario's hash, the design and axes, the points, seeds,
// outputs and run counts, the exodus and Go versions and the wall time.
// Each run uses workers engine workers (0: 1). If some runs failed,
// everything is still written and the error is a *sweep.FailedError.
func RunSpec(ctx context.Context, path, dir string, jobs, workers int, progress sweep.Progress) (*Aggregate, error) {
	start := time.Now()
	spec, err := sweep.LoadSpec(path)
	if err != nil {
		return nil, err
	}
	s, err := FromSpec(spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
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
	base, err := model.LoadScenario(spec.Scenario, spec.Set)
	if err != nil {
		return nil, err
	}
	_, hash, err := base.Canonical()
	if err != nil {
		return nil, err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	params := map[string]any{
		"command":            "sweep",
		"spec_toml":          string(text),
		"scenario":           spec.Scenario,
		"base_scenario_hash": hash,
		"design":             spec.Design,
		"axes":               spec.Axes,
		"study":              info,
	}
	if err := output.WriteJSON(filepath.Join(dir, "manifest.json"), output.NewManifest(params, spec.Seed, jobs*max(workers, 1), time.Since(start))); err != nil {
		return nil, err
	}
	return a, runErr
}
