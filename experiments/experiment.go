package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"exodus/internal/design"
	"exodus/internal/figure"
	"exodus/internal/output"
	"exodus/internal/study"
	"exodus/internal/sweep"
	"exodus/model"
)

// Experiment is a declared experiment. Either Variants or Axes give its
// points; an experiment with Custom set is not a scenario study and runs
// that instead.
type Experiment struct {
	Name, Description string
	// Scenario is the base scenario (an embedded name), Agents its
	// number of agents and Set further --set overrides of every point.
	Scenario string
	Agents   int
	Set      []string
	// Variants are named versions of the base scenario, run on the same
	// seeds (common random numbers).
	Variants []Variant
	// Axes span a design: a full grid of their levels (Design = Grid) or
	// Saltelli's points with Base rows (Design = Saltelli), for Sobol
	// indices.
	Axes   []Axis
	Design string
	Base   int
	// Replicates of each point, and the root seed of their seeds.
	Replicates int
	Seed       uint64
	// CommonSeeds runs every point on the same replicate seeds; variants
	// always do.
	CommonSeeds bool
	Outputs     study.Outputs
	// Figures draws the experiment's figures from its aggregate.
	Figures func(a *study.Aggregate) ([]Figure, error)
	// Custom, when not nil, runs an experiment that is not a scenario
	// study: it writes its tables to dir and returns its figures and the
	// manifest's parameters. An error with parameters says the outputs
	// were written but show a failure; without, that it failed.
	Custom func(ctx context.Context, o Options, dir string) ([]Figure, map[string]any, error)
}

// Variant is a named version of a base scenario: overrides (model.Override
// paths and values), then an edit of the parsed scenario for what
// overrides cannot say (removing or adding shocks).
type Variant struct {
	Name, Description string
	Set               []string
	Edit              func(*model.Scenario) error
}

// Axis is an axis of a design. Its Path names a scenario field set by
// --set Path=value, unless Apply is given, which sets the value on the
// parsed scenario (a derived parameter such as a ban's duration).
type Axis struct {
	design.Axis
	Apply func(sc *model.Scenario, v float64) error
	// Note says what the value is and sets, with units.
	Note string
}

// Figure is a named figure, written as NAME.svg and NAME.png.
type Figure struct {
	Name string
	figure.Figure
}

// Options set where and how an experiment runs.
type Options struct {
	// Out is the results folder: the experiment writes Out/NAME.
	Out string
	// Cache is the folder of run files: Out's runs go to Cache/NAME.
	Cache string
	// Jobs is the number of runs at once (≥ 1).
	Jobs int
	// PDF also writes each figure as PDF.
	PDF bool
	// Fresh removes the experiment's run files first, so that every run
	// is redone (after a change of the model).
	Fresh bool
	// Progress follows the runs; nil shows nothing.
	Progress sweep.Progress
}

// All returns the registered experiments, sorted by name.
func All() []*Experiment {
	all := []*Experiment{rednote2025(), banModerationPhase(), sensitivityWeights(), validation()}
	slices.SortFunc(all, func(a, b *Experiment) int { return strings.Compare(a.Name, b.Name) })
	return all
}

// Lookup returns the registered experiment called name.
func Lookup(name string) (*Experiment, error) {
	var names []string
	for _, e := range All() {
		if e.Name == name {
			return e, nil
		}
		names = append(names, e.Name)
	}
	return nil, fmt.Errorf("experiment %q: not registered, want one of %s", name, strings.Join(names, ", "))
}

// sets returns the overrides every point gets: agents, then Set.
func (e *Experiment) sets() []string {
	return append([]string{fmt.Sprintf("agents=%d", e.Agents)}, e.Set...)
}

// base returns the base scenario's TOML with the experiment's overrides.
func (e *Experiment) base() ([]byte, error) {
	data, err := model.ScenarioSource(e.Scenario)
	if err != nil {
		return nil, err
	}
	return model.Override(data, e.sets())
}

// Study returns the experiment's study: its points' scenarios, built and
// validated (a point that fails keeps its error), replicates, seeds and
// outputs.
func (e *Experiment) Study() (*study.Study, error) {
	if e.Custom != nil {
		return nil, fmt.Errorf("experiment %s: not a scenario study", e.Name)
	}
	base, err := e.base()
	if err != nil {
		return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
	}
	if _, err := model.ParseScenario(base); err != nil {
		return nil, fmt.Errorf("experiment %s: base scenario: %w", e.Name, err)
	}
	s := &study.Study{Replicates: e.Replicates, Seed: e.Seed, CommonSeeds: e.CommonSeeds, Outputs: e.Outputs}
	switch {
	case len(e.Variants) > 0 && len(e.Axes) > 0:
		return nil, fmt.Errorf("experiment %s: give variants or axes, not both", e.Name)
	case len(e.Variants) > 0:
		s.CommonSeeds = true
		for _, v := range e.Variants {
			sc, err := variant(base, v)
			s.Points = append(s.Points, study.Point{Label: v.Name, Scenario: sc, Err: err})
		}
	case len(e.Axes) > 0:
		axes := make([]design.Axis, len(e.Axes))
		for i, a := range e.Axes {
			axes[i] = a.Axis
		}
		var pts []design.Point
		switch e.Design {
		case sweep.Grid:
			pts, err = design.Grid(axes)
		case sweep.Saltelli:
			pts, err = design.Saltelli(axes, e.Base)
			s.Saltelli = true
		default:
			err = fmt.Errorf("design = %q, want %s or %s", e.Design, sweep.Grid, sweep.Saltelli)
		}
		if err != nil {
			return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
		}
		for _, pt := range pts {
			sc, err := e.point(base, pt)
			s.Points = append(s.Points, study.Point{Label: pt.String(), Assignments: pt, Scenario: sc, Err: err})
		}
	default:
		return nil, fmt.Errorf("experiment %s: no variants and no axes", e.Name)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
	}
	return s, nil
}

// variant returns the scenario of variant v of base.
func variant(base []byte, v Variant) (*model.Scenario, error) {
	data, err := model.Override(base, v.Set)
	if err != nil {
		return nil, fmt.Errorf("variant %s: %w", v.Name, err)
	}
	sc, err := model.ParseScenario(data)
	if err != nil {
		return nil, fmt.Errorf("variant %s: %w", v.Name, err)
	}
	if v.Edit != nil {
		if err := v.Edit(sc); err != nil {
			return nil, fmt.Errorf("variant %s: %w", v.Name, err)
		}
		if err := sc.Validate(); err != nil {
			return nil, fmt.Errorf("variant %s: %w", v.Name, err)
		}
	}
	return sc, nil
}

// point returns the scenario of design point pt of base: the axes
// without Apply as overrides, then the others applied in axis order.
func (e *Experiment) point(base []byte, pt design.Point) (*model.Scenario, error) {
	var sets []string
	for i, a := range e.Axes {
		if a.Apply == nil {
			sets = append(sets, study.Set(pt[i:i+1])...)
		}
	}
	data, err := model.Override(base, sets)
	if err != nil {
		return nil, err
	}
	sc, err := model.ParseScenario(data)
	if err != nil {
		return nil, err
	}
	for i, a := range e.Axes {
		if a.Apply != nil {
			if err := a.Apply(sc, pt[i].Value); err != nil {
				return nil, fmt.Errorf("%s = %g: %w", a.Path, pt[i].Value, err)
			}
		}
	}
	return sc, sc.Validate()
}

// Result says what Run wrote.
type Result struct {
	Dir     string
	Figures []string
	// Runs and Failed count the runs (0 for a custom experiment).
	Runs, Failed int
}

// Run runs the experiment with o and writes o.Out/NAME, emptied first:
// its tables (CSV and Parquet), its figures (SVG and PNG, and PDF if
// o.PDF) and manifest.json. Run files go to o.Cache/NAME; running again
// resumes. If some runs failed (or, for a custom experiment, its outputs
// show a failure), the rest is still written and the error says so (a
// *sweep.FailedError for failed runs).
func Run(ctx context.Context, e *Experiment, o Options) (*Result, error) {
	start := time.Now()
	if o.Jobs < 1 {
		return nil, fmt.Errorf("experiment %s: jobs = %d, want ≥ 1", e.Name, o.Jobs)
	}
	dir := filepath.Join(o.Out, e.Name)
	res := &Result{Dir: dir}
	var figs []Figure
	var params map[string]any
	var runErr error
	// The folder holds this run's outputs only.
	if err := empty(dir); err != nil {
		return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
	}
	if e.Custom != nil {
		figs, params, runErr = e.Custom(ctx, o, dir)
		if params == nil {
			return nil, fmt.Errorf("experiment %s: %w", e.Name, runErr)
		}
	} else {
		s, err := e.Study()
		if err != nil {
			return nil, err
		}
		cache := filepath.Join(o.Cache, e.Name)
		if o.Fresh {
			if err := os.RemoveAll(cache); err != nil {
				return nil, err
			}
		}
		a, skipped, err := s.Run(ctx, cache, dir, o.Jobs, o.Progress)
		var fe *sweep.FailedError
		if err != nil && !errors.As(err, &fe) {
			return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
		}
		runErr = err
		res.Runs, res.Failed = a.Runs()
		if e.Figures != nil {
			if figs, err = e.Figures(a); err != nil {
				return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
			}
		}
		if params, err = e.params(a, skipped); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
		}
	}
	formats := []string{figure.SVG, figure.PNG}
	if o.PDF {
		formats = append(formats, figure.PDF)
	}
	for _, f := range figs {
		if err := figure.Write(dir, f.Name, f.Figure, formats...); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", e.Name, err)
		}
		res.Figures = append(res.Figures, f.Name)
	}
	if params == nil {
		params = map[string]any{}
	}
	params["experiment"] = e.Name
	params["description"] = e.Description
	params["figures"] = res.Figures
	if err := output.WriteJSON(filepath.Join(dir, "manifest.json"), output.NewManifest(params, e.Seed, o.Jobs, time.Since(start))); err != nil {
		return nil, err
	}
	if runErr != nil {
		return res, fmt.Errorf("experiment %s: %w", e.Name, runErr)
	}
	return res, nil
}

// empty removes the results folder dir if it is one (it holds a
// manifest.json) or is empty, and refuses to touch any other folder.
func empty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
			return fmt.Errorf("%s holds files but no manifest.json: not a results folder, left alone", dir)
		}
	}
	return os.RemoveAll(dir)
}

// params returns the manifest's parameters of a study experiment: the
// base scenario and its overrides and hash, the variants or the design
// and axes, and the study (points, seeds, outputs, run counts).
func (e *Experiment) params(a *study.Aggregate, skipped []string) (map[string]any, error) {
	info, err := a.Info(skipped)
	if err != nil {
		return nil, err
	}
	base, err := e.base()
	if err != nil {
		return nil, err
	}
	sc, err := model.ParseScenario(base)
	if err != nil {
		return nil, err
	}
	_, hash, err := sc.Canonical()
	if err != nil {
		return nil, err
	}
	p := map[string]any{
		"scenario":           e.Scenario,
		"agents":             e.Agents,
		"overrides":          e.Set,
		"base_scenario_hash": hash,
		"study":              info,
	}
	if len(e.Variants) > 0 {
		var vs []map[string]any
		for _, v := range e.Variants {
			vs = append(vs, map[string]any{"name": v.Name, "description": v.Description, "overrides": v.Set})
		}
		p["variants"] = vs
	} else {
		var axes []map[string]any
		for _, a := range e.Axes {
			ax := map[string]any{"path": a.Path, "kind": a.Kind, "note": a.Note}
			if a.Kind == design.List {
				ax["values"] = a.Values
			} else {
				ax["from"], ax["to"] = a.From, a.To
			}
			axes = append(axes, ax)
		}
		p["axes"] = axes
		p["design"] = e.Design
		if e.Design == sweep.Saltelli {
			p["base_rows"] = e.Base
		}
	}
	return p, nil
}
