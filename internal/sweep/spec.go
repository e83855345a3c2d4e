package sweep

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"exodus/internal/design"
)

// Spec is a sweep as written in a TOML file, decoded strictly (an unknown
// key is an error naming it):
//
//	scenario   = "rednote-2025"   # base scenario: a name or a path
//	set        = ["agents=100000"] # overrides of the base, before each point's
//	seed       = 20250119         # root seed: run p, r has sim.Derive(seed, p, r)
//	replicates = 10
//
//	[design]
//	kind   = "lhs"                # grid | lhs | saltelli
//	points = 64                   # lhs: points; saltelli: base rows N (N(k+2) points)
//
//	[[axis]]
//	path   = "weights.protest"
//	values = [0, 0.5, 1]          # a list …
//
//	[[axis]]
//	path  = "shocks.blackout.duration"
//	from  = 12                    # … or a range: linear by default,
//	to    = 720
//	steps = 5                     # grid levels (grids only)
//	scale = "log"                 # or "linear"
//
//	[outputs]
//	metrics = ["peak_inflow", "retention_30d"]
//	series  = ["users"]
//
// A grid's points are the product of its axes' levels; the Latin
// hypercube is drawn under the root seed.
type Spec struct {
	Scenario string `toml:"scenario"`
	// Set are --set overrides (path=value) of the base scenario, applied
	// before each point's assignments.
	Set        []string   `toml:"set"`
	Seed       uint64     `toml:"seed"`
	Replicates int        `toml:"replicates"`
	Design     DesignSpec `toml:"design"`
	Axes       []AxisSpec `toml:"axis"`
	Outputs    Outputs    `toml:"outputs"`
}

// DesignSpec chooses the design.
type DesignSpec struct {
	// Kind is grid, lhs (Latin hypercube) or saltelli (for Sobol indices).
	Kind string `toml:"kind" json:"kind"`
	// Points is the number of points of a Latin hypercube or the number N
	// of base rows of a Saltelli design; a grid takes none.
	Points int `toml:"points" json:"points,omitempty"`
}

// Design kinds.
const (
	Grid     = "grid"
	LHS      = "lhs"
	Saltelli = "saltelli"
)

// AxisSpec is one [[axis]]: a path and either values or a range.
type AxisSpec struct {
	Path   string    `toml:"path" json:"path"`
	Values []float64 `toml:"values" json:"values,omitempty"`
	From   *float64  `toml:"from" json:"from,omitempty"`
	To     *float64  `toml:"to" json:"to,omitempty"`
	Steps  int       `toml:"steps" json:"steps,omitempty"`
	// Scale is linear (the default) or log, for ranges.
	Scale string `toml:"scale" json:"scale,omitempty"`
}

// Outputs names the metrics and series of each run's result to keep.
type Outputs struct {
	Metrics []string `toml:"metrics"`
	Series  []string `toml:"series"`
}

// LoadSpec reads and validates the spec in the TOML file at path.
func LoadSpec(path string) (Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Spec{}, err
	}
	s, err := ParseSpec(b)
	if err != nil {
		return Spec{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ParseSpec decodes a spec strictly and validates it.
func ParseSpec(data []byte) (Spec, error) {
	var s Spec
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&s)
	if err != nil {
		return Spec{}, fmt.Errorf("sweep spec: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return Spec{}, fmt.Errorf("sweep spec: unknown key %s", strings.Join(keys, ", "))
	}
	if !md.IsDefined("seed") {
		return Spec{}, fmt.Errorf("sweep spec: seed is missing: give the root seed of the runs")
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// Validate returns an error naming the first bad field and its value.
func (s Spec) Validate() error {
	if s.Scenario == "" {
		return fmt.Errorf("sweep spec: scenario is empty, want a scenario name or path")
	}
	if s.Replicates < 1 {
		return fmt.Errorf("sweep spec: replicates = %d, want ≥ 1", s.Replicates)
	}
	if err := s.Outputs.validate(); err != nil {
		return err
	}
	_, err := s.Points()
	return err
}

// designAxes returns the design axes of the spec's [[axis]] tables.
func (s Spec) designAxes() ([]design.Axis, error) {
	if len(s.Axes) == 0 {
		return nil, fmt.Errorf("sweep spec: no [[axis]]")
	}
	axes := make([]design.Axis, len(s.Axes))
	for i, a := range s.Axes {
		ax, err := a.axis()
		if err != nil {
			return nil, fmt.Errorf("sweep spec: axis[%d]: %w", i, err)
		}
		axes[i] = ax
	}
	return axes, nil
}

func (a AxisSpec) axis() (design.Axis, error) {
	rng := a.From != nil || a.To != nil || a.Steps != 0 || a.Scale != ""
	switch {
	case a.Values != nil && rng:
		return design.Axis{}, fmt.Errorf("axis %q: give values or a range (from, to, steps, scale), not both", a.Path)
	case a.Values != nil:
		ax := design.ListAxis(a.Path, a.Values...)
		return ax, ax.Validate()
	case !rng:
		return design.Axis{}, fmt.Errorf("axis %q: empty axis: give values or from and to", a.Path)
	case a.From == nil:
		return design.Axis{}, fmt.Errorf("axis %q: range without from", a.Path)
	case a.To == nil:
		return design.Axis{}, fmt.Errorf("axis %q: range without to", a.Path)
	}
	var ax design.Axis
	switch a.Scale {
	case "", "linear":
		ax = design.LinearAxis(a.Path, *a.From, *a.To, a.Steps)
	case "log":
		ax = design.LogAxis(a.Path, *a.From, *a.To, a.Steps)
	default:
		return design.Axis{}, fmt.Errorf("axis %q: scale = %q, want linear or log", a.Path, a.Scale)
	}
	return ax, ax.Validate()
}

// Points returns the design's points.
func (s Spec) Points() ([]design.Point, error) {
	axes, err := s.designAxes()
	if err != nil {
		return nil, err
	}
	var pts []design.Point
	d := s.Design
	switch d.Kind {
	case Grid:
		if d.Points != 0 {
			return nil, fmt.Errorf("sweep spec: design.points = %d: a grid's size is set by its axes' steps", d.Points)
		}
		pts, err = design.Grid(axes)
	case LHS, Saltelli:
		if d.Points < 1 {
			return nil, fmt.Errorf("sweep spec: design.points = %d, want ≥ 1 for %s", d.Points, d.Kind)
		}
		if d.Kind == LHS {
			pts, err = design.LatinHypercube(axes, d.Points, s.Seed)
		} else {
			pts, err = design.Saltelli(axes, d.Points)
		}
	default:
		return nil, fmt.Errorf("sweep spec: design.kind = %q, want %s, %s or %s", d.Kind, Grid, LHS, Saltelli)
	}
	if err != nil {
		return nil, fmt.Errorf("sweep spec: %w", err)
	}
	return pts, nil
}

// Runs returns the sweep's runs: Replicates runs of each point.
func (s Spec) Runs() ([]Run, error) {
	pts, err := s.Points()
	if err != nil {
		return nil, err
	}
	return Runs(pts, s.Replicates, s.Seed)
}

func (o Outputs) validate() error {
	if len(o.Metrics) == 0 && len(o.Series) == 0 {
		return fmt.Errorf("sweep spec: outputs: no metrics and no series to keep")
	}
	for _, l := range []struct {
		name  string
		names []string
	}{{"metrics", o.Metrics}, {"series", o.Series}} {
		for i, n := range l.names {
			if n == "" {
				return fmt.Errorf("sweep spec: outputs.%s[%d] is empty", l.name, i)
			}
			if j := slices.Index(l.names, n); j < i {
				return fmt.Errorf("sweep spec: outputs.%s[%d] = %q repeats outputs.%s[%d]", l.name, i, n, l.name, j)
			}
		}
	}
	return nil
}

// Keep returns the result with only the outputs named, or an error naming
// an output the result lacks.
func (o Outputs) Keep(r Result) (Result, error) {
	out := Result{Metrics: make(map[string]float64, len(o.Metrics))}
	for _, n := range o.Metrics {
		v, ok := r.Metrics[n]
		if !ok {
			return Result{}, fmt.Errorf("output metric %q: not in the run's result (metrics: %s)", n, strings.Join(slices.Sorted(maps.Keys(r.Metrics)), ", "))
		}
		out.Metrics[n] = v
	}
	if len(o.Series) > 0 {
		out.Series = make(map[string][]float64, len(o.Series))
		for _, n := range o.Series {
			v, ok := r.Series[n]
			if !ok {
				return Result{}, fmt.Errorf("output series %q: not in the run's result (series: %s)", n, strings.Join(slices.Sorted(maps.Keys(r.Series)), ", "))
			}
			out.Series[n] = v
		}
	}
	return out, nil
}
