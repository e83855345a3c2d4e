package design

import "fmt"

// MaxPoints bounds the number of points of any design (2²⁰, about a
// million), against a typo in steps or points asking for more runs than
// could ever finish.
const MaxPoints = 1 << 20

// Grid returns the full factorial design of the axes' levels in row-major
// order, the last axis fastest: point p has level index
// (p / ∏_{j>i} n_j) mod n_i on axis i.
func Grid(axes []Axis) ([]Point, error) {
	if err := checkAxes(axes); err != nil {
		return nil, err
	}
	levels := make([][]float64, len(axes))
	total := 1
	for i, a := range axes {
		l, err := a.Levels()
		if err != nil {
			return nil, err
		}
		levels[i] = l
		if total > MaxPoints/len(l) {
			return nil, fmt.Errorf("grid of %d axes has more than %d points", len(axes), MaxPoints)
		}
		total *= len(l)
	}
	points := make([]Point, total)
	idx := make([]int, len(axes))
	for p := range points {
		pt := make(Point, len(axes))
		for i, a := range axes {
			pt[i] = Assignment{Path: a.Path, Value: levels[i][idx[i]]}
		}
		points[p] = pt
		for i := len(idx) - 1; i >= 0; i-- {
			idx[i]++
			if idx[i] < len(levels[i]) {
				break
			}
			idx[i] = 0
		}
	}
	return points, nil
}
