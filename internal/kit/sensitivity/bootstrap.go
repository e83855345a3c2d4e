package sensitivity

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/exodus-sim/exodus/sim"
)

// Estimate is an index with its bootstrap standard error and percentile
// confidence interval.
type Estimate struct {
	// Value is the estimate from all N rows.
	Value float64 `json:"value"`
	// SE is the standard deviation of the bootstrap estimates.
	SE float64 `json:"se"`
	// Lo and Hi are the 2.5% and 97.5% quantiles of the bootstrap
	// estimates (gonum stat.Quantile, Empirical): the percentile 95% CI.
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Result holds the first-order and total indices of each factor.
type Result struct {
	First []Estimate `json:"first"`
	Total []Estimate `json:"total"`
}

// Bootstrap returns the Jansen indices (see Jansen) with bootstrap
// standard errors and percentile 95% confidence intervals (Efron &
// Tibshirani 1993, ch. 13). Resample b draws N base rows with replacement,
// row j of it being row Intn(j, b, N) of the counter-based stream
// "sensitivity/bootstrap" under seed; the same rows are taken from f(A),
// f(B) and every f(A_B^(i)), so each resample is a Saltelli design of its
// own. The result is a pure function of the inputs and seed.
func Bootstrap(fA, fB []float64, fAB [][]float64, resamples int, seed uint64) (Result, error) {
	first, total, err := Jansen(fA, fB, fAB)
	if err != nil {
		return Result{}, err
	}
	if resamples < 2 {
		return Result{}, fmt.Errorf("sensitivity: resamples = %d, want ≥ 2", resamples)
	}
	k, n := len(fAB), len(fA)
	src := sim.NewSource(seed, "sensitivity/bootstrap")
	bf, bt := make([][]float64, k), make([][]float64, k)
	for i := range k {
		bf[i], bt[i] = make([]float64, 0, resamples), make([]float64, 0, resamples)
	}
	idx := make([]int, n)
	f, t := make([]float64, k), make([]float64, k)
	for b := range resamples {
		for j := range idx {
			idx[j] = int(src.Intn(uint32(j), uint32(b), uint64(n)))
		}
		if !jansen(fA, fB, fAB, idx, f, t) {
			continue // a resample of identical rows has no variance
		}
		for i := range k {
			bf[i] = append(bf[i], f[i])
			bt[i] = append(bt[i], t[i])
		}
	}
	if len(bf[0]) < 2 {
		return Result{}, fmt.Errorf("sensitivity: %d of %d bootstrap resamples had variance, want ≥ 2", len(bf[0]), resamples)
	}
	r := Result{First: make([]Estimate, k), Total: make([]Estimate, k)}
	for i := range k {
		r.First[i] = estimate(first[i], bf[i])
		r.Total[i] = estimate(total[i], bt[i])
	}
	return r, nil
}

func estimate(v float64, boot []float64) Estimate {
	slices.Sort(boot)
	return Estimate{
		Value: v,
		SE:    stat.StdDev(boot, nil),
		Lo:    stat.Quantile(0.025, stat.Empirical, boot, nil),
		Hi:    stat.Quantile(0.975, stat.Empirical, boot, nil),
	}
}
