package study

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/model"
)

// Spec declares a study in TOML: a sweep, or, with figures, an
// experiment. It is decoded strictly (an unknown key is an error naming
// it) and compiled once into a Study by Compile, which checks every
// point's edits and scenario before any run:
//
//	name        = "phase"                # experiments: the results folder's name
//	description = "…"
//	scenario    = "rednote-2025"         # embedded name, or a TOML file (relative to the spec)
//	set         = ["agents=100000"]      # edits of the base scenario, before each point's
//	seed        = 20250118               # root seed: run (p, r) has sweep.Seed(seed, p, r)
//	replicates  = 4
//	common_seeds = true                  # every point on the same replicate seeds
//	posterior   = "results/calibration/posterior.csv"   # optional: replicate r of every point
//	                                     # runs posterior draw r (relative to the spec)
//
//	[design]                             # a design over axes …
//	kind   = "lhs"                       # grid | lhs | saltelli
//	points = 64                          # lhs: points; saltelli: base rows N (N(k+2) points)
//
//	[[axis]]
//	path   = "weights.protest"           # any edit path (see model.Edit)
//	values = [10, 20, 30]                # a list, or a range: from, to, steps, scale = "log"
//
//	[[axis]]
//	name  = "ban_days"                   # a name for several paths set to one value
//	paths = ["shocks.tiktok-blackout.duration", "shocks.lemon8-blackout.duration"]
//	values = [0.5, 1, 7]                 # durations as numbers are days
//
//	[[variant]]                          # … or named variants, on common seeds
//	name   = "no translation"
//	replicates = 2                       # optional: fewer runs than the spec's
//	remove = ["rednote-translation"]     # shocks removed, by name
//	set    = ["weights.culture=0"]       # edits
//	[[variant.shocks]]                   # shocks added, as in a scenario
//	kind = "crackdown"                   # …
//
//	[outputs]
//	metrics = ["peak_daily_inflow_share", "retention_30d"]   # summary metrics (MetricNames)
//	series  = ["share", "daily_joins"]                       # SeriesKinds
//
// Experiments add [[figure]] and [[marker]] tables, which the experiments
// package draws; a sweep ignores them.
type Spec struct {
	Name        string `toml:"name" json:"name,omitempty"`
	Description string `toml:"description" json:"description,omitempty"`
	// Kind is empty for a scenario study; "validation" declares an
	// experiment that runs exodus validate instead, "calibration" one
	// that runs the calibration spec Calibration.
	Kind        string `toml:"kind" json:"kind,omitempty"`
	Calibration string `toml:"calibration" json:"calibration,omitempty"`
	Scenario    string `toml:"scenario" json:"scenario,omitempty"`
	// Set are edits (path=value) of the base scenario.
	Set         []string `toml:"set" json:"set,omitempty"`
	Seed        uint64   `toml:"seed" json:"seed"`
	Replicates  int      `toml:"replicates" json:"replicates,omitempty"`
	CommonSeeds bool     `toml:"common_seeds" json:"common_seeds,omitempty"`
	// Posterior is a calibration's posterior table (posterior.csv, see
	// calibrate.ReadPosterior): replicate r of every point then runs with
	// the parameters of draw r of Replicates drawn from it (systematic
	// resampling keyed by Seed), so that intervals include the
	// parameters' uncertainty, and points are compared on the same draws.
	Posterior string        `toml:"posterior" json:"posterior,omitempty"`
	Variants  []VariantSpec `toml:"variant" json:"variants,omitempty"`
	Design    design.Spec   `toml:"design" json:"design,omitzero"`
	Axes      []AxisSpec    `toml:"axis" json:"axes,omitempty"`
	Outputs   Outputs       `toml:"outputs" json:"outputs"`
	Figures   []FigureSpec  `toml:"figure" json:"figures,omitempty"`
	Markers   []MarkerSpec  `toml:"marker" json:"markers,omitempty"`

	// dir is the folder a scenario path is relative to.
	dir string
}

// VariantSpec is a named version of the base scenario: shocks removed by
// name, shocks added, then edits. Replicates, if given, are its runs, at
// most the spec's (fewer where runs cost more); 0: the spec's.
type VariantSpec struct {
	Name        string        `toml:"name" json:"name"`
	Description string        `toml:"description" json:"description,omitempty"`
	Replicates  int           `toml:"replicates" json:"replicates,omitempty"`
	Remove      []string      `toml:"remove" json:"remove,omitempty"`
	Shocks      []model.Shock `toml:"shocks" json:"shocks,omitempty"`
	Set         []string      `toml:"set" json:"set,omitempty"`
}

// AxisSpec is one [[axis]]: the edit paths it sets (Path, or Paths for
// several set to one value), its name in tables (default: the path) and
// its values (Values, or a range From…To with grid Steps and a linear or
// log Scale).
type AxisSpec struct {
	Name   string    `toml:"name" json:"name,omitempty"`
	Path   string    `toml:"path" json:"path,omitempty"`
	Paths  []string  `toml:"paths" json:"paths,omitempty"`
	Values []float64 `toml:"values" json:"values,omitempty"`
	From   *float64  `toml:"from" json:"from,omitempty"`
	To     *float64  `toml:"to" json:"to,omitempty"`
	Steps  int       `toml:"steps" json:"steps,omitempty"`
	Scale  string    `toml:"scale" json:"scale,omitempty"`
	// Note says what the value is and sets, with units.
	Note string `toml:"note" json:"note,omitempty"`
}

// FigureSpec declares a figure of an experiment; the experiments package
// says which kinds there are and what their fields mean.
type FigureSpec struct {
	Kind    string   `toml:"kind" json:"kind"`
	Name    string   `toml:"name" json:"name,omitempty"`
	Title   string   `toml:"title" json:"title,omitempty"`
	Metric  string   `toml:"metric" json:"metric,omitempty"`
	Metrics []string `toml:"metrics" json:"metrics,omitempty"`
	Titles  []string `toml:"titles" json:"titles,omitempty"`
	X       string   `toml:"x" json:"x,omitempty"`
	Y       string   `toml:"y" json:"y,omitempty"`
	XTicks  []string `toml:"x_ticks" json:"x_ticks,omitempty"`
	Scale   string   `toml:"scale" json:"scale,omitempty"`
}

// MarkerSpec marks an event on time axes: a shock of the base scenario
// by name, at its start or end, or a time.
type MarkerSpec struct {
	Shock string    `toml:"shock" json:"shock,omitempty"`
	At    string    `toml:"at" json:"at,omitempty"`
	Time  time.Time `toml:"time" json:"time,omitzero"`
	Label string    `toml:"label" json:"label"`
}

// LoadSpec reads the spec in the TOML file at path; a scenario path in it
// is relative to the file's folder.
func LoadSpec(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := ParseSpec(b, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseSpec decodes a spec strictly; dir is the folder a scenario path is
// relative to.
func ParseSpec(data []byte, dir string) (*Spec, error) {
	s := &Spec{dir: dir}
	md, err := model.DecodeStrict(data, s)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	if s.Kind == "" && !md.IsDefined("seed") {
		return nil, fmt.Errorf("spec: seed is missing: give the root seed of the runs")
	}
	return s, nil
}

// ScenarioRef returns the base scenario as LoadScenario takes it: an
// embedded name, or a path resolved against the spec's folder.
func (s *Spec) ScenarioRef() string {
	if strings.ContainsRune(s.Scenario, '/') || strings.HasSuffix(s.Scenario, ".toml") {
		return s.Resolve(s.Scenario)
	}
	return s.Scenario
}

// Resolve returns path relative to the spec's folder, or as it is when
// it is absolute or the spec has no folder (an embedded spec: then it is
// relative to the working directory).
func (s *Spec) Resolve(path string) string {
	if filepath.IsAbs(path) || s.dir == "" {
		return path
	}
	return filepath.Join(s.dir, path)
}

// Base returns the base scenario with the spec's edits, compiled.
func (s *Spec) Base() (*model.Scenario, *model.Plan, error) {
	if s.Scenario == "" {
		return nil, nil, fmt.Errorf("spec: scenario is empty, want a scenario name or path")
	}
	sc, err := model.LoadScenario(s.ScenarioRef())
	if err != nil {
		return nil, nil, fmt.Errorf("spec: scenario = %q: %w", s.Scenario, err)
	}
	edits, err := model.ParseEdits(s.Set)
	if err != nil {
		return nil, nil, fmt.Errorf("spec: set: %w", err)
	}
	if sc, err = sc.With(edits...); err != nil {
		return nil, nil, fmt.Errorf("spec: set: %w", err)
	}
	p, err := model.Compile(sc)
	if err != nil {
		return nil, nil, fmt.Errorf("spec: scenario %q with set = %q: %w", s.Scenario, s.Set, err)
	}
	return sc, p, nil
}

// Compile checks the spec and returns its study: the base scenario
// parsed once, every point's scenario edited and compiled, every output
// name known. The first problem is an error naming it.
func (s *Spec) Compile() (*Study, error) {
	if s.Kind != "" {
		return nil, fmt.Errorf("spec: kind = %q is not a scenario study", s.Kind)
	}
	if s.Replicates < 1 {
		return nil, fmt.Errorf("spec: replicates = %d, want ≥ 1", s.Replicates)
	}
	if err := s.Outputs.Validate(); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	base, basePlan, err := s.Base()
	if err != nil {
		return nil, err
	}
	st := &Study{Base: basePlan, Replicates: s.Replicates, Seed: s.Seed, CommonSeeds: s.CommonSeeds, Outputs: s.Outputs}
	switch {
	case len(s.Variants) > 0 && len(s.Axes) > 0:
		return nil, fmt.Errorf("spec: give variants or axes, not both")
	case len(s.Variants) > 0:
		if s.Design != (design.Spec{}) {
			return nil, fmt.Errorf("spec: design.kind = %q, but variants take no design", s.Design.Kind)
		}
		st.CommonSeeds = true
		for i, v := range s.Variants {
			p, err := v.plan(base)
			if err != nil {
				return nil, fmt.Errorf("spec: variant[%d] %q: %w", i, v.Name, err)
			}
			if v.Replicates < 0 || v.Replicates > s.Replicates {
				return nil, fmt.Errorf("spec: variant[%d] %q: replicates = %d, want within [1, %d] (the spec's replicates, the most a point runs)", i, v.Name, v.Replicates, s.Replicates)
			}
			st.Points = append(st.Points, Point{Label: v.Name, Plan: p, Replicates: v.Replicates})
		}
	case len(s.Axes) > 0:
		axes, err := s.designAxes()
		if err != nil {
			return nil, err
		}
		pts, err := s.Design.Build(axes, s.Seed)
		if err != nil {
			return nil, fmt.Errorf("spec: %w", err)
		}
		st.Saltelli = s.Design.Kind == design.KindSaltelli
		for _, pt := range pts {
			p, err := s.pointPlan(base, pt)
			if err != nil {
				return nil, fmt.Errorf("spec: point %s: %w", pt, err)
			}
			st.Points = append(st.Points, Point{Label: pt.String(), Assignments: pt, Plan: p})
		}
	default:
		return nil, fmt.Errorf("spec: no [[variant]] and no [[axis]]")
	}
	if s.Posterior != "" {
		if st.Draws, err = s.draws(); err != nil {
			return nil, fmt.Errorf("spec: posterior = %q: %w", s.Posterior, err)
		}
	}
	return st, st.Validate()
}

// draws returns the edits of Replicates draws from the spec's posterior.
func (s *Spec) draws() ([][]model.Edit, error) {
	f, err := os.Open(s.Resolve(s.Posterior))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	post, err := calibrate.ReadPosterior(f)
	if err != nil {
		return nil, err
	}
	// A point's own edit of a path the draws set would be overwritten.
	own := map[string]string{}
	for _, v := range s.Variants {
		edits, err := model.ParseEdits(v.Set)
		if err != nil {
			return nil, err
		}
		for _, e := range edits {
			own[e.Path] = "variant " + v.Name
		}
	}
	for _, a := range s.Axes {
		for _, path := range a.paths() {
			own[path] = "an axis"
		}
	}
	for _, par := range post.Parameters {
		if who, ok := own[par.Path]; ok {
			return nil, fmt.Errorf("%s sets %s, a parameter of the posterior's draws", who, par.Path)
		}
	}
	var out [][]model.Edit
	for _, theta := range post.Draws(s.Replicates, s.Seed) {
		edits := make([]model.Edit, len(theta))
		for k, par := range post.Parameters {
			if edits[k], err = model.NumberEdit(par.Path, theta[k]); err != nil {
				return nil, err
			}
		}
		out = append(out, edits)
	}
	return out, nil
}

// plan returns the variant's scenario of base, compiled.
func (v VariantSpec) plan(base *model.Scenario) (*model.Plan, error) {
	if v.Name == "" {
		return nil, fmt.Errorf("name is missing")
	}
	sc, err := base.With()
	if err != nil {
		return nil, err
	}
	for _, name := range v.Remove {
		i := slices.IndexFunc(sc.Shocks, func(sh model.Shock) bool { return sh.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("remove: no shock named %q", name)
		}
		sc.Shocks = slices.Delete(sc.Shocks, i, i+1)
	}
	sc.Shocks = append(sc.Shocks, v.Shocks...)
	edits, err := model.ParseEdits(v.Set)
	if err != nil {
		return nil, err
	}
	if sc, err = sc.With(edits...); err != nil {
		return nil, err
	}
	return model.Compile(sc)
}

// designAxes returns the design axes of the spec's [[axis]] tables, each
// named (Axis.Path) by its name, and checks that a number can set each of
// its paths.
func (s *Spec) designAxes() ([]design.Axis, error) {
	axes := make([]design.Axis, len(s.Axes))
	for i, a := range s.Axes {
		ax, err := a.axis()
		if err != nil {
			return nil, fmt.Errorf("spec: axis[%d]: %w", i, err)
		}
		for _, path := range a.paths() {
			if _, err := model.NumberEdit(path, 1); err != nil {
				return nil, fmt.Errorf("spec: axis[%d] %q: %w", i, ax.Path, err)
			}
		}
		axes[i] = ax
	}
	return axes, nil
}

// paths returns the edit paths the axis sets.
func (a AxisSpec) paths() []string {
	if a.Path != "" {
		return []string{a.Path}
	}
	return a.Paths
}

func (a AxisSpec) axis() (design.Axis, error) {
	name := a.Name
	switch {
	case a.Path != "" && len(a.Paths) > 0:
		return design.Axis{}, fmt.Errorf("give path or paths, not both")
	case a.Path == "" && len(a.Paths) == 0:
		return design.Axis{}, fmt.Errorf("no path: give path or paths")
	case name == "" && a.Path != "":
		name = a.Path
	case name == "":
		return design.Axis{}, fmt.Errorf("paths = %q need a name", a.Paths)
	}
	rng := a.From != nil || a.To != nil || a.Steps != 0 || a.Scale != ""
	switch {
	case a.Values != nil && rng:
		return design.Axis{}, fmt.Errorf("axis %q: give values or a range (from, to, steps, scale), not both", name)
	case a.Values != nil:
		ax := design.ListAxis(name, a.Values...)
		return ax, ax.Validate()
	case !rng:
		return design.Axis{}, fmt.Errorf("axis %q: empty axis: give values or from and to", name)
	case a.From == nil:
		return design.Axis{}, fmt.Errorf("axis %q: range without from", name)
	case a.To == nil:
		return design.Axis{}, fmt.Errorf("axis %q: range without to", name)
	}
	var ax design.Axis
	switch a.Scale {
	case "", "linear":
		ax = design.LinearAxis(name, *a.From, *a.To, a.Steps)
	case "log":
		ax = design.LogAxis(name, *a.From, *a.To, a.Steps)
	default:
		return design.Axis{}, fmt.Errorf("axis %q: scale = %q, want linear or log", name, a.Scale)
	}
	return ax, ax.Validate()
}

// pointPlan returns design point pt's scenario of base, compiled: each
// axis's value set on each of its paths, in axis order.
func (s *Spec) pointPlan(base *model.Scenario, pt design.Point) (*model.Plan, error) {
	var edits []model.Edit
	for i, a := range s.Axes {
		for _, path := range a.paths() {
			e, err := model.NumberEdit(path, pt[i].Value)
			if err != nil {
				return nil, err
			}
			edits = append(edits, e)
		}
	}
	sc, err := base.With(edits...)
	if err != nil {
		return nil, err
	}
	return model.Compile(sc)
}
