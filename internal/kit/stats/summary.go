package stats

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Level is the coverage of the confidence intervals.
const Level = 0.95

// Summary describes one quantity over N replicates x_1…x_N:
//
//	Mean = x̄ = Σx_r / N
//	SD   = √(Σ(x_r − x̄)² / (N − 1))
//	SE   = SD / √N
//	Lo, Hi = x̄ ∓ t_{(1+Level)/2, N−1} · SE
//
// with t the Student t quantile (gonum distuv.StudentsT). With N = 1 the
// SD, SE and interval are NaN; with N = 0 so is the mean.
type Summary struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	SE   float64 `json:"se"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
}

// Summarize returns the summary of x, summed in the order given (callers
// give replicate order).
func Summarize(x []float64) Summary {
	n := len(x)
	s := Summary{N: n, Mean: math.NaN(), SD: math.NaN(), SE: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	switch n {
	case 0:
		return s
	case 1:
		s.Mean = x[0]
		return s
	}
	s.Mean, s.SD = stat.MeanStdDev(x, nil)
	s.SE = s.SD / math.Sqrt(float64(n))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + Level) / 2)
	s.Lo, s.Hi = s.Mean-t*s.SE, s.Mean+t*s.SE
	return s
}
