package design

import (
	"fmt"
	"math"
	"strconv"
)

// Kind says how an axis's values are given.
type Kind string

const (
	// List is an explicit list of values.
	List Kind = "list"
	// Linear is the range From…To: Steps equally spaced levels on a grid,
	// uniform in sampling designs.
	Linear Kind = "linear"
	// Log is the range From…To, both > 0: Steps levels equally spaced in
	// log(value) on a grid, log-uniform in sampling designs.
	Log Kind = "log"
)

// Axis is one swept scenario field and its values. Build one with
// ListAxis, LinearAxis or LogAxis, or fill the fields and call Validate.
type Axis struct {
	// Path names the scenario field, e.g. "weights.protest".
	Path string
	Kind Kind
	// Values are the levels of a List axis, in the order given.
	Values []float64
	// From and To bound a Linear or Log range; either may be the larger.
	From, To float64
	// Steps is the number of grid levels of a range, ≥ 2, the first From
	// and the last To. Zero means the axis is only sampled (Latin
	// hypercube, Saltelli), never put on a grid.
	Steps int
}

// ListAxis returns the axis over the given values.
func ListAxis(path string, values ...float64) Axis {
	return Axis{Path: path, Kind: List, Values: values}
}

// LinearAxis returns the axis over from…to with steps grid levels.
func LinearAxis(path string, from, to float64, steps int) Axis {
	return Axis{Path: path, Kind: Linear, From: from, To: to, Steps: steps}
}

// LogAxis returns the axis over from…to (both > 0), log-spaced, with steps
// grid levels.
func LogAxis(path string, from, to float64, steps int) Axis {
	return Axis{Path: path, Kind: Log, From: from, To: to, Steps: steps}
}

// Validate returns an error naming the axis and the bad field and value,
// or nil.
func (a Axis) Validate() error {
	if a.Path == "" {
		return fmt.Errorf("axis with kind %q: empty path", a.Kind)
	}
	switch a.Kind {
	case List:
		if len(a.Values) == 0 {
			return fmt.Errorf("axis %q: empty list of values", a.Path)
		}
		if a.From != 0 || a.To != 0 || a.Steps != 0 {
			return fmt.Errorf("axis %q: a list takes values, not from = %g, to = %g, steps = %d", a.Path, a.From, a.To, a.Steps)
		}
		seen := make(map[float64]int, len(a.Values))
		for i, v := range a.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("axis %q: values[%d] = %g, want a finite number", a.Path, i, v)
			}
			if j, ok := seen[v]; ok {
				return fmt.Errorf("axis %q: values[%d] = %g repeats values[%d]", a.Path, i, v, j)
			}
			seen[v] = i
		}
		return nil
	case Linear, Log:
		if len(a.Values) != 0 {
			return fmt.Errorf("axis %q: a %s range takes from, to and steps, not values = %v", a.Path, a.Kind, a.Values)
		}
		for _, b := range []struct {
			name string
			v    float64
		}{{"from", a.From}, {"to", a.To}} {
			if math.IsNaN(b.v) || math.IsInf(b.v, 0) {
				return fmt.Errorf("axis %q: %s = %g, want a finite number", a.Path, b.name, b.v)
			}
			if a.Kind == Log && b.v <= 0 {
				return fmt.Errorf("axis %q: log range %s = %g, want > 0", a.Path, b.name, b.v)
			}
		}
		if a.From == a.To {
			return fmt.Errorf("axis %q: empty range from = to = %g", a.Path, a.From)
		}
		if a.Steps < 0 || a.Steps == 1 {
			return fmt.Errorf("axis %q: steps = %d, want ≥ 2 (or 0: sampled only)", a.Path, a.Steps)
		}
		return nil
	}
	return fmt.Errorf("axis %q: kind = %q, want %s, %s or %s", a.Path, a.Kind, List, Linear, Log)
}

// Levels returns the axis's grid levels: a list's values in order, or
// Steps levels of a range,
//
//	linear: v_i = From + i·(To − From)/(Steps − 1)
//	log:    v_i = exp(ln From + i·(ln To − ln From)/(Steps − 1))
//
// for i = 0…Steps−1, with v_0 = From and v_{Steps−1} = To exactly. Interior
// levels of a range are rounded to 15 significant digits, so a decade grid
// gives 0.1 rather than 0.09999999999999999.
func (a Axis) Levels() ([]float64, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if a.Kind == List {
		return append([]float64(nil), a.Values...), nil
	}
	if a.Steps == 0 {
		return nil, fmt.Errorf("axis %q: steps = 0, a %s range on a grid needs steps ≥ 2", a.Path, a.Kind)
	}
	v := make([]float64, a.Steps)
	last := float64(a.Steps - 1)
	for i := range v {
		v[i] = round15(a.at(float64(i) / last))
	}
	v[0], v[a.Steps-1] = a.From, a.To
	return v, nil
}

// At maps a unit-cube coordinate u ∈ [0, 1) to the axis:
//
//	list:   Values[⌊u·n⌋] (n values, each with probability 1/n)
//	linear: From + u·(To − From)
//	log:    exp(ln From + u·(ln To − ln From))
//
// The axis must be valid. The explicit conversions keep the compiler from
// fusing a multiply-add, so linear values are the same on every
// architecture; log values go through math.Log and math.Exp, which are
// assembly on some architectures and may differ there in the last bit.
func (a Axis) At(u float64) float64 {
	if a.Kind == List {
		n := len(a.Values)
		return a.Values[min(int(u*float64(n)), n-1)]
	}
	return a.at(u)
}

func (a Axis) at(u float64) float64 {
	if a.Kind == Log {
		lf, lt := math.Log(a.From), math.Log(a.To)
		return math.Exp(lf + float64(u*(lt-lf)))
	}
	return a.From + float64(u*(a.To-a.From))
}

func round15(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return r
}

// checkAxes validates every axis and that no two share a path.
func checkAxes(axes []Axis) error {
	if len(axes) == 0 {
		return fmt.Errorf("no axes")
	}
	for i, a := range axes {
		if err := a.Validate(); err != nil {
			return err
		}
		for j := range i {
			if axes[j].Path == a.Path {
				return fmt.Errorf("axis %q: path repeats axis %d", a.Path, j)
			}
		}
	}
	return nil
}
