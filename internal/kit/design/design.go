package design

import "fmt"

// Design kinds.
const (
	// KindGrid is the full grid of the axes' levels.
	KindGrid = "grid"
	// KindLHS is a Latin hypercube of Points points.
	KindLHS = "lhs"
	// KindSaltelli is Saltelli's scheme on Points base rows, for Sobol
	// indices.
	KindSaltelli = "saltelli"
)

// Spec chooses a design: its kind and size.
type Spec struct {
	// Kind is KindGrid, KindLHS or KindSaltelli.
	Kind string `toml:"kind" json:"kind"`
	// Points is the number of points of a Latin hypercube or the number N
	// of base rows of a Saltelli design (N(k+2) points); a grid takes none.
	Points int `toml:"points" json:"points,omitempty"`
}

// Build returns the design's points over axes; a Latin hypercube is drawn
// under seed.
func (s Spec) Build(axes []Axis, seed uint64) ([]Point, error) {
	switch s.Kind {
	case KindGrid:
		if s.Points != 0 {
			return nil, fmt.Errorf("design.points = %d: a grid's size is set by its axes' steps", s.Points)
		}
		return Grid(axes)
	case KindLHS, KindSaltelli:
		if s.Points < 1 {
			return nil, fmt.Errorf("design.points = %d, want ≥ 1 for %s", s.Points, s.Kind)
		}
		if s.Kind == KindLHS {
			return LatinHypercube(axes, s.Points, seed)
		}
		return Saltelli(axes, s.Points)
	}
	return nil, fmt.Errorf("design.kind = %q, want %s, %s or %s", s.Kind, KindGrid, KindLHS, KindSaltelli)
}
