package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/exodus-sim/exodus/sim"
)

// Levels of the reported intervals: the 5%, 50% and 95% quantiles, a
// central 90% interval around the median.
const (
	QLo  = 0.05
	QMid = 0.50
	QHi  = 0.95
)

// weightedQuantile returns the p-quantile of x under weights w: the least
// x_i whose cumulative weight, in increasing order of x, reaches the
// fraction p of the total (gonum stat.Quantile, Empirical). x and w are
// not modified.
func weightedQuantile(p float64, x, w []float64) float64 {
	xs, ws := slices.Clone(x), slices.Clone(w)
	stat.SortWeighted(xs, ws)
	return stat.Quantile(p, stat.Empirical, xs, ws)
}

// Summary is a parameter's weighted posterior quantiles and mean, in its
// natural units.
type Summary struct {
	Name          string
	Q05, Q50, Q95 float64
	Mean          float64
}

// Summaries returns each parameter's weighted quantiles and mean over the
// posterior's particles.
func (p *Posterior) Summaries() []Summary {
	w := make([]float64, len(p.Particles))
	for i, q := range p.Particles {
		w[i] = q.Weight
	}
	out := make([]Summary, len(p.Parameters))
	x := make([]float64, len(p.Particles))
	for k, par := range p.Parameters {
		for i, q := range p.Particles {
			x[i] = q.Theta[k]
		}
		out[k] = Summary{
			Name: par.Name,
			Q05:  weightedQuantile(QLo, x, w),
			Q50:  weightedQuantile(QMid, x, w),
			Q95:  weightedQuantile(QHi, x, w),
			Mean: stat.Mean(x, w),
		}
	}
	return out
}

// Draws returns n parameter vectors drawn from the posterior by
// systematic resampling (one uniform, keyed by seed): particle i appears
// about n·w_i times, in particle order.
func (p *Posterior) Draws(n int, seed uint64) [][]float64 {
	k := sim.Derive(seed, streamDraw)
	u := rand.New(rand.NewPCG(k, sim.Derive(k))).Float64()
	draws := make([][]float64, 0, n)
	var cum float64
	for _, q := range p.Particles {
		cum += q.Weight * float64(n)
		for len(draws) < n && float64(len(draws))+u < cum {
			draws = append(draws, q.Theta)
		}
	}
	for len(draws) < n { // rounding of the last cumulative weight below n
		draws = append(draws, p.Particles[len(p.Particles)-1].Theta)
	}
	return draws
}

// Predictive runs each draw replicates times (run r of draw d has the seed
// sim.Derive(seed, d, r) under the draws' stream and the key
// predict-g000-i<d>-a0000-r<r>) in one batch and returns the outputs by
// draw, then replicate: the posterior predictive sample. The evaluator
// decides what an output is: the targets' moments for a fit table, the
// predictions' observables for a held-out window.
func Predictive(ctx context.Context, ev Evaluator, draws [][]float64, replicates int, seed uint64) ([][]float64, error) {
	if replicates < 1 {
		return nil, fmt.Errorf("predictive: replicates = %d, want ≥ 1", replicates)
	}
	evals := make([]Eval, 0, len(draws)*replicates)
	for d, theta := range draws {
		for r := range replicates {
			evals = append(evals, Eval{
				Key:   Key{Stage: StagePredict, Index: d, Replicate: r},
				Theta: theta,
				Seed:  sim.Derive(seed, streamDraw, uint64(d), uint64(r)),
			})
		}
	}
	out, err := ev.Evaluate(ctx, evals)
	if err != nil {
		return nil, fmt.Errorf("predictive: %w", err)
	}
	return out, nil
}

// Band is the 5%, 50% and 95% quantile of one output over the N runs of
// a sample in which it is defined (finite); NaN when N is 0.
type Band struct {
	Q05, Q50, Q95 float64
	N             int
}

// Bands returns the band of each output (column) of an equally weighted
// sample of output vectors (rows), such as Predictive's, over the runs in
// which it is defined.
func Bands(sample [][]float64) []Band {
	if len(sample) == 0 {
		return nil
	}
	out := make([]Band, len(sample[0]))
	x := make([]float64, 0, len(sample))
	for k := range out {
		x = x[:0]
		for _, s := range sample {
			if finite(s[k]) {
				x = append(x, s[k])
			}
		}
		if len(x) == 0 {
			out[k] = Band{Q05: math.NaN(), Q50: math.NaN(), Q95: math.NaN()}
			continue
		}
		slices.Sort(x)
		out[k] = Band{N: len(x),
			Q05: stat.Quantile(QLo, stat.Empirical, x, nil),
			Q50: stat.Quantile(QMid, stat.Empirical, x, nil),
			Q95: stat.Quantile(QHi, stat.Empirical, x, nil),
		}
	}
	return out
}
