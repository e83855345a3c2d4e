package model

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/sim"
)

// TestFlipMeanField runs 10⁶ agents on the complete network and compares the
// share on platform 1 with the recursion x' = x − x(a + b(1−x)) + (1−x)(a + bx)
// from the realised initial share, within 3 standard errors, and the flows of
// every tick with their binomial law given the previous tick.
func TestFlipMeanField(t *testing.T) {
	const n, ticks, a, b, x0 = 1_000_000, 50, 0.01, 0.3, 0.1
	pop := sim.NewPopulation(n, 1)
	SeedShares(pop, []float64{0, x0, 1 - x0}, 1)
	rule, err := NewFlip(a, b, 2)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.New(pop, sim.Complete{N: n}, rule, sim.Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// mean and variance of the share under the recursion, from the
	// realised tick-0 share; chi2 sums the squared standardised flows.
	var mean, variance, chi2 float64
	var prev1 float64
	rec := sim.RecorderFunc(func(s *sim.TickStats) error {
		x := float64(s.Count(0, 1)) / n
		if s.Tick == 0 {
			mean, prev1 = x, float64(s.Count(0, 1))
			return nil
		}
		// Flows given the previous tick: an agent on 1 sees n2 of
		// n−1 others on 2 and moves with p12 = a + b·n2/(n−1).
		n1, n2 := prev1, n-prev1
		p12 := a + b*n2/(n-1)
		p21 := a + b*n1/(n-1)
		for _, f := range []struct{ got, trials, p float64 }{
			{float64(s.Flow(0, 1, 2)), n1, p12},
			{float64(s.Flow(0, 2, 1)), n2, p21},
		} {
			z := (f.got - f.trials*f.p) / math.Sqrt(f.trials*f.p*(1-f.p))
			chi2 += z * z
		}
		// The recursion for the mean, and the variance it accumulates:
		// V' = (dx'/dx)²·V + σ²(x)/n with dx'/dx = 1 − 2a and σ²(x) the
		// per-agent variance of the move, at the mean.
		m := mean
		q12, q21 := a+b*(1-m), a+b*m
		mean = m - m*q12 + (1-m)*q21
		variance = (1-2*a)*(1-2*a)*variance + (m*q12*(1-q12)+(1-m)*q21*(1-q21))/n
		if s.Tick == 1 || s.Tick == 10 || s.Tick == ticks {
			if se := math.Sqrt(variance); math.Abs(x-mean) > 3*se {
				t.Errorf("tick %d: share %.6f, recursion %.6f ± %.6f (3 SE)", s.Tick, x, mean, 3*se)
			}
		}
		prev1 = float64(s.Count(0, 1))
		return nil
	})
	if err := e.Run(context.Background(), ticks, rec); err != nil {
		t.Fatal(err)
	}
	// 2 flows per tick, independent given the previous tick: χ²(100).
	if lim := (distuv.ChiSquared{K: 2 * ticks}).Quantile(1 - 1e-3); chi2 > lim {
		t.Errorf("flows: Σz² = %.1f over %d ticks, want < %.1f (χ², level 10⁻³)", chi2, ticks, lim)
	}
}

func TestNewFlipErrors(t *testing.T) {
	for _, c := range [][2]float64{{-0.1, 0.3}, {0.5, 0.6}, {0.1, math.NaN()}} {
		if _, err := NewFlip(c[0], c[1], 1); err == nil {
			t.Errorf("NewFlip(%v, %v) accepted", c[0], c[1])
		}
	}
}
