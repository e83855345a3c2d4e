package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestRecover runs recovery studies of 20 truths on a model of two normal
// means (outputs θ + N(0, 0.05²) each, priors uniform on [0, 1], the
// data's sd 0.05: the model's own noise). A correct calibrator covers each
// truth with its 90% interval about 90% of the time: with 20 truths the
// binomial SE is √(0.9·0.1/20) = 0.067, so coverage must be at least
// 0.9 − 3·0.067 = 0.70. A calibrator fed a biased model (its outputs
// shifted by 0.2 = 4 sd after the data were made) misses most truths:
// coverage below 0.5 there shows the check can fail.
func TestRecover(t *testing.T) {
	const s = 0.05
	params := []Parameter{{Name: "a", Path: "a", Prior: Uniform, Lo: 0, Hi: 1}, {Name: "b", Path: "b", Prior: Uniform, Lo: 0, Hi: 1}}
	model := func(shift float64) Evaluator {
		return Local{Jobs: 2, Sim: func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
			r := rand.New(rand.NewPCG(seed, 2))
			return []float64{theta[0] + shift + s*r.NormFloat64(), theta[1] + shift + s*r.NormFloat64()}, nil
		}}
	}
	// Truth runs (stage truth) see the true model; the calibration's runs
	// see the model with the shift.
	shifted := func(shift float64) func(int) Evaluator {
		return func(int) Evaluator { return stageSwitch{truth: model(0), fit: model(shift)} }
	}
	cfg := ABC{Particles: 100, Replicates: 1, Alpha: 0.5, Stay: 0.01, MinTolerance: 0, MaxGenerations: 8, MinAcceptance: 0.05, Seed: 9}
	for _, test := range []struct {
		shift    float64
		min, max float64
	}{{0, 0.70, 1}, {0.3, 0, 0.5}} {
		rows, err := Recover(context.Background(), params, []float64{s, s}, shifted(test.shift), cfg, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range Coverage(rows) {
			t.Logf("shift %v, %s: %d of %d covered", test.shift, c.Parameter, c.Covered, c.Truths)
			if c.Truths != 20 || c.Coverage < test.min || c.Coverage > test.max || math.Abs(c.SE-0.067) > 0.001 {
				t.Errorf("shift %v, %s: coverage %v (SE %v) of %d truths, want within [%v, %v]", test.shift, c.Parameter, c.Coverage, c.SE, c.Truths, test.min, test.max)
			}
		}
	}
}

// stageSwitch sends the runs of a recovery's truths to one evaluator and
// the others to another.
type stageSwitch struct{ truth, fit Evaluator }

func (s stageSwitch) Evaluate(ctx context.Context, evals []Eval) ([][]float64, error) {
	if len(evals) > 0 && evals[0].Key.Stage == StageTruth {
		return s.truth.Evaluate(ctx, evals)
	}
	return s.fit.Evaluate(ctx, evals)
}
