package design

import "fmt"

// MaxSaltelliAxes is the most axes a Saltelli design takes: its base
// matrices use 2k dimensions of the Sobol sequence.
const MaxSaltelliAxes = MaxSobolDim / 2

// Saltelli returns the N(k+2) points of Saltelli's scheme for first-order
// and total Sobol indices of k axes (Saltelli et al. 2010, "Variance based
// sensitivity analysis of model output", Comput. Phys. Commun. 181,
// 259–270, §4). Row j = 1…N of the 2k-dimensional Sobol sequence (the
// origin, row 0, is skipped) gives row j of the base matrices: A_j its
// first k coordinates, B_j its last k. A_B^(i) is A with column i taken
// from B. The points come in blocks of k+2 per row j:
//
//	index (k+2)(j−1)        A_j
//	index (k+2)(j−1) + i    A_B^(i)_j, i = 1…k
//	index (k+2)(j−1) + k+1  B_j
//
// the order sensitivity.Split expects. Coordinates are mapped to the axes
// by Axis.At. Powers of two for n keep the Sobol points balanced.
func Saltelli(axes []Axis, n int) ([]Point, error) {
	if err := checkAxes(axes); err != nil {
		return nil, err
	}
	k := len(axes)
	if k > MaxSaltelliAxes {
		return nil, fmt.Errorf("saltelli: %d axes, want at most %d", k, MaxSaltelliAxes)
	}
	if n < 1 || n > MaxPoints/(k+2) {
		return nil, fmt.Errorf("saltelli: base points = %d, want 1…%d", n, MaxPoints/(k+2))
	}
	seq, err := Sobol(n+1, 2*k)
	if err != nil {
		return nil, err
	}
	points := make([]Point, 0, n*(k+2))
	u := make([]float64, k)
	for _, row := range seq[1:] {
		a, b := row[:k], row[k:]
		points = append(points, point(axes, a))
		for i := range k {
			copy(u, a)
			u[i] = b[i]
			points = append(points, point(axes, u))
		}
		points = append(points, point(axes, b))
	}
	return points, nil
}
