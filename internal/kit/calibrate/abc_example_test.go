package calibrate_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
)

// A normal mean μ with known sd 0.2, observed 1.3: the posterior is close
// to N(1.3, 0.2²), whose 90% interval is 1.3 ± 1.645 × 0.2 = [0.97, 1.63].
func ExampleSMC() {
	model := func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 0))
		return []float64{theta[0] + 0.2*r.NormFloat64()}, nil
	}
	params := []calibrate.Parameter{{Name: "mu", Path: "mu", Prior: calibrate.Uniform, Lo: -10, Hi: 10}}
	data := calibrate.Data{Values: []float64{1.3}, SD: []float64{0.2}}
	cfg := calibrate.ABC{Particles: 500, Replicates: 1, Alpha: 0.5, Stay: 0.01, MinTolerance: 0.01, MaxGenerations: 30, MinAcceptance: 0.01, Seed: 1}
	post, err := calibrate.SMC(context.Background(), params, data, calibrate.Local{Sim: model, Jobs: 2}, cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := post.Summaries()[0]
	fmt.Printf("stopped by %s after %d generations\n", post.Stop, len(post.Generations))
	fmt.Printf("mu: median %.2f, 90%% interval [%.2f, %.2f]\n", s.Q50, s.Q05, s.Q95)
	// Output:
	// stopped by tolerance after 10 generations
	// mu: median 1.30, 90% interval [0.99, 1.62]
}
