package calibrate

import (
	"context"
	"fmt"
	"math"
)

// Data are the targets' empirical values and standard deviations, in
// target order (target.File.Values).
type Data struct {
	Values []float64
	SD     []float64
}

// within reports whether v is inside target k's 90% interval, d_k ±
// z₀.₉₅·sd_k (false for NaN).
func (d Data) within(k int, v float64) bool {
	return math.Abs(v-d.Values[k]) <= z95*d.SD[k]
}

// finite reports whether v is a number, neither NaN nor ±Inf: a moment
// defined on its run.
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

func (d Data) validate() error {
	if len(d.Values) == 0 {
		return fmt.Errorf("no targets")
	}
	if len(d.SD) != len(d.Values) {
		return fmt.Errorf("%d target values but %d sd", len(d.Values), len(d.SD))
	}
	for k, v := range d.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("target %d: value = %v, want a finite number", k, v)
		}
		if s := d.SD[k]; !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("target %d: sd = %v, want a finite number > 0", k, s)
		}
	}
	return nil
}

// Distance returns the method-of-simulated-moments distance of replicated
// runs from the data and the runs' mean moments:
//
//	m̄_k = (1/R) Σ_r m_rk          (summed in replicate order)
//	D   = Σ_k ((m̄_k − d_k) / sd_k)²
//
// D is dimensionless: each target counts in units of its own sd, and D has
// expectation K (the number of targets) when the m̄_k fall around the d_k
// with the data's sd. A mean moment that is not finite makes D +Inf.
func (d Data) Distance(reps [][]float64) (dist float64, mean []float64) {
	mean = make([]float64, len(d.Values))
	for _, m := range reps {
		for k, v := range m {
			mean[k] += v
		}
	}
	for k := range mean {
		mean[k] /= float64(len(reps))
		if math.IsNaN(mean[k]) || math.IsInf(mean[k], 0) {
			dist = math.Inf(1)
			continue
		}
		z := (mean[k] - d.Values[k]) / d.SD[k]
		dist += z * z
	}
	return dist, mean
}

// point is one parameter vector to evaluate with its replicates' seeds and
// keys.
type point struct {
	theta []float64
	seeds []uint64
	key   Key // Replicate is set per replicate
}

// distances evaluates the points in one batch and returns each point's
// distance and mean moments.
func (d Data) distances(ctx context.Context, ev Evaluator, pts []point) (dist []float64, means [][]float64, err error) {
	var evals []Eval
	for _, p := range pts {
		for r, s := range p.seeds {
			k := p.key
			k.Replicate = r
			evals = append(evals, Eval{Key: k, Theta: p.theta, Seed: s})
		}
	}
	if len(evals) == 0 {
		return nil, nil, nil
	}
	out, err := ev.Evaluate(ctx, evals)
	if err != nil {
		return nil, nil, err
	}
	if len(out) != len(evals) {
		return nil, nil, fmt.Errorf("evaluator returned %d results for %d runs", len(out), len(evals))
	}
	for i, m := range out {
		if len(m) != len(d.Values) {
			return nil, nil, fmt.Errorf("run %s returned %d moments, want one per target: %d", evals[i].Key, len(m), len(d.Values))
		}
	}
	dist = make([]float64, len(pts))
	means = make([][]float64, len(pts))
	i := 0
	for j, p := range pts {
		dist[j], means[j] = d.Distance(out[i : i+len(p.seeds)])
		i += len(p.seeds)
	}
	return dist, means, nil
}
