package calibrate

import (
	"fmt"
	"math"
)

// Prior kinds.
const (
	// Uniform is the uniform prior on [Lo, Hi].
	Uniform = "uniform"
	// LogUniform is the log-uniform prior on [Lo, Hi], 0 < Lo: uniform in
	// ln θ, for a parameter whose order of magnitude is unknown.
	LogUniform = "log-uniform"
)

// Parameter is a free parameter of a calibration: a name, the scenario
// edit path it sets (the caller turns Path and a value into a model edit)
// and its prior.
type Parameter struct {
	Name  string  `toml:"name" json:"name"`
	Path  string  `toml:"path" json:"path"`
	Prior string  `toml:"prior" json:"prior"` // Uniform or LogUniform
	Lo    float64 `toml:"lo" json:"lo"`
	Hi    float64 `toml:"hi" json:"hi"`
}

// Validate returns an error naming the first bad field and its value.
func (p Parameter) Validate() error {
	switch {
	case p.Name == "":
		return fmt.Errorf("parameter (path %q): name is empty", p.Path)
	case p.Path == "":
		return fmt.Errorf("parameter %q: path is empty, want a scenario edit path such as weights.protest", p.Name)
	case p.Prior != Uniform && p.Prior != LogUniform:
		return fmt.Errorf("parameter %q: prior = %q, want %s or %s", p.Name, p.Prior, Uniform, LogUniform)
	case math.IsNaN(p.Lo) || math.IsInf(p.Lo, 0) || math.IsNaN(p.Hi) || math.IsInf(p.Hi, 0) || !(p.Lo < p.Hi):
		return fmt.Errorf("parameter %q: lo = %v, hi = %v: want finite bounds with lo < hi", p.Name, p.Lo, p.Hi)
	case p.Prior == LogUniform && !(p.Lo > 0):
		return fmt.Errorf("parameter %q: lo = %v: a log-uniform prior needs lo > 0", p.Name, p.Lo)
	}
	return nil
}

// validateParameters validates each parameter and that names and paths
// are unique.
func validateParameters(ps []Parameter) error {
	if len(ps) == 0 {
		return fmt.Errorf("no free parameters")
	}
	names, paths := map[string]bool{}, map[string]bool{}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			return err
		}
		if names[p.Name] {
			return fmt.Errorf("parameter %q is declared twice", p.Name)
		}
		if paths[p.Path] {
			return fmt.Errorf("parameter %q: path %q is set by another parameter too", p.Name, p.Path)
		}
		names[p.Name], paths[p.Path] = true, true
	}
	return nil
}

// The prior is uniform in the parameter's scale u: u = θ for a uniform
// prior, u = ln θ for a log-uniform one, on [a, b] = the bounds in u.
// ABC's random walk and CMA-ES's search both move in the unbounded
// coordinate z ∈ ℝ with u = a + (b − a)·σ(z), σ the logistic function, so
// that the prior box maps onto all of ℝ; a prior uniform in u is logistic
// in z.

// bounds returns the prior's bounds in u.
func (p Parameter) bounds() (a, b float64) {
	if p.Prior == LogUniform {
		return math.Log(p.Lo), math.Log(p.Hi)
	}
	return p.Lo, p.Hi
}

// theta returns the parameter's value at u.
func (p Parameter) theta(u float64) float64 {
	if p.Prior == LogUniform {
		return math.Exp(u)
	}
	return u
}

// fromZ returns u at the unbounded coordinate z.
func (p Parameter) fromZ(z float64) float64 {
	a, b := p.bounds()
	return a + (b-a)/(1+math.Exp(-z))
}
