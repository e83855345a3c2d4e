package sensitivity

import "fmt"

// Split cuts the outputs y of a Saltelli design of k factors, in the order
// design.Saltelli makes its points (per base row j: A_j, A_B^(1)_j …
// A_B^(k)_j, B_j), into f(A), f(B) and f(A_B^(i)) for i = 0…k−1.
func Split(y []float64, k int) (fA, fB []float64, fAB [][]float64, err error) {
	if k < 1 {
		return nil, nil, nil, fmt.Errorf("sensitivity: factors = %d, want ≥ 1", k)
	}
	if len(y) == 0 || len(y)%(k+2) != 0 {
		return nil, nil, nil, fmt.Errorf("sensitivity: %d outputs, want a positive multiple of k+2 = %d", len(y), k+2)
	}
	n := len(y) / (k + 2)
	fA, fB = make([]float64, n), make([]float64, n)
	fAB = make([][]float64, k)
	for i := range fAB {
		fAB[i] = make([]float64, n)
	}
	for j := range n {
		row := y[j*(k+2) : (j+1)*(k+2)]
		fA[j], fB[j] = row[0], row[k+1]
		for i := range k {
			fAB[i][j] = row[1+i]
		}
	}
	return fA, fB, fAB, nil
}

// Jansen returns the first-order and total indices of each factor by
// Jansen's (1999) estimators as given in Saltelli et al. (2010), Table 2:
//
//	V_i      = V(Y) − 1/(2N) Σ_j (f(B)_j − f(A_B^(i))_j)²
//	E(V_~i)  =        1/(2N) Σ_j (f(A)_j − f(A_B^(i))_j)²
//	S_i = V_i / V(Y),  S_Ti = E(V_~i) / V(Y)
//
// where V(Y) is the variance (divisor 2N) of the 2N outputs f(A) and f(B)
// together. Sums run in row order, and explicit conversions keep the
// compiler from fusing multiply-adds, so the bits do not depend on the
// architecture. Estimates may stray slightly outside [0, 1]; they are not
// clipped.
func Jansen(fA, fB []float64, fAB [][]float64) (first, total []float64, err error) {
	if err := check(fA, fB, fAB); err != nil {
		return nil, nil, err
	}
	idx := make([]int, len(fA))
	for j := range idx {
		idx[j] = j
	}
	first, total = make([]float64, len(fAB)), make([]float64, len(fAB))
	if !jansen(fA, fB, fAB, idx, first, total) {
		return nil, nil, fmt.Errorf("sensitivity: the output is constant (variance 0): indices are undefined")
	}
	return first, total, nil
}

// jansen writes the indices of the rows idx (a bootstrap resample, or
// 0…N−1) into first and total; it returns false if V(Y) = 0.
func jansen(fA, fB []float64, fAB [][]float64, idx []int, first, total []float64) bool {
	n := float64(len(idx))
	var mean float64
	for _, j := range idx {
		mean += fA[j] + fB[j]
	}
	mean /= 2 * n
	var v float64
	for _, j := range idx {
		a, b := fA[j]-mean, fB[j]-mean
		v += float64(a*a) + float64(b*b)
	}
	v /= 2 * n
	if v == 0 {
		return false
	}
	for i, ab := range fAB {
		var sb, sa float64
		for _, j := range idx {
			db, da := fB[j]-ab[j], fA[j]-ab[j]
			sb += float64(db * db)
			sa += float64(da * da)
		}
		first[i] = 1 - sb/(2*n)/v
		total[i] = sa / (2 * n) / v
	}
	return true
}

func check(fA, fB []float64, fAB [][]float64) error {
	n := len(fA)
	if n < 2 {
		return fmt.Errorf("sensitivity: N = %d base rows, want ≥ 2", n)
	}
	if len(fB) != n {
		return fmt.Errorf("sensitivity: len(f(B)) = %d, want len(f(A)) = %d", len(fB), n)
	}
	if len(fAB) == 0 {
		return fmt.Errorf("sensitivity: no factors")
	}
	for i, ab := range fAB {
		if len(ab) != n {
			return fmt.Errorf("sensitivity: len(f(A_B^(%d))) = %d, want len(f(A)) = %d", i, len(ab), n)
		}
	}
	return nil
}
