package calibrate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestSizeCheck runs the check on a model whose moment is μ + z, z
// standard normal keyed by the run's seed, so its mean over 100
// replicates has SE 0.1. Equal μ at both sizes must agree; μ apart by 0.5
// (5 SE of one mean, 3.5 SE of the difference) must not; a moment that is
// undefined in some runs is averaged over the others, and counted.
func TestSizeCheck(t *testing.T) {
	model := func(mu float64) Local {
		return Local{Jobs: 2, Sim: func(_ context.Context, _ []float64, seed uint64) ([]float64, error) {
			z := rand.New(rand.NewPCG(seed, 1)).NormFloat64()
			undefined := math.NaN()
			if seed%4 != 0 {
				undefined = mu + z
			}
			return []float64{mu + z, undefined}, nil
		}}
	}
	data := Data{Values: []float64{1, 1}, SD: []float64{0.5, 0.5}}
	names := []string{"m", "sometimes"}
	const reps = 100
	for _, test := range []struct {
		large float64
		agree bool
	}{{1, true}, {1.5, false}} {
		rows, err := SizeCheck(context.Background(), model(1), model(test.large), [2]int{10, 40}, names, data, []float64{0}, reps, 3)
		if err != nil {
			t.Fatal(err)
		}
		r := rows[0]
		if r.Defined != reps || r.DefinedLarge != reps {
			t.Errorf("defined %d and %d, want %d", r.Defined, r.DefinedLarge, reps)
		}
		// The SE of a mean of 100 standard normals is 0.1; its estimate
		// from 100 draws is within 20% of that (the sd's relative SE is
		// 1/√(2·99) ≈ 7%, so 20% is about 3 of them).
		if math.Abs(r.SE-0.1) > 0.02 || math.Abs(r.Mean-1) > 4*0.1 || math.Abs(r.MeanLarge-test.large) > 4*0.1 {
			t.Errorf("μ = 1 and %v: means %v and %v, SE %v", test.large, r.Mean, r.MeanLarge, r.SE)
		}
		if r.Agree != test.agree {
			t.Errorf("μ = 1 and %v: agree = %v (z = %.2f), want %v", test.large, r.Agree, r.Z, test.agree)
		}
		// The bias is the difference of means, 0 or 0.5, in the data's sd
		// 0.5: 0 or 1, within 4 SE of the difference (0.14 / 0.5).
		if want := (test.large - 1) / 0.5; math.Abs(r.Bias-want) > 4*0.1414/0.5 {
			t.Errorf("bias %v sd, want %v", r.Bias, want)
		}
		// One run is a standard normal: sd 1, or 2 of the data's 0.5,
		// within 20% as the SE above.
		if math.Abs(r.Noise-2) > 0.4 || math.Abs(r.NoiseLarge-2) > 0.4 {
			t.Errorf("noise %v and %v sd, want 2 (a run's sd 1 over the data's 0.5)", r.Noise, r.NoiseLarge)
		}
		s := rows[1]
		if s.Defined == reps || s.Defined < reps/2 || math.IsNaN(s.Mean) {
			t.Errorf("a moment undefined in a quarter of the runs: %d defined, mean %v", s.Defined, s.Mean)
		}
	}
	if _, err := SizeCheck(context.Background(), model(1), model(1), [2]int{10, 40}, names, data, []float64{0}, 1, 3); err == nil {
		t.Error("1 replicate: no error, but no standard error exists")
	}
}
