package validate

import (
	"math"
	"testing"
)

// TestCascadeLimits checks cascadeTheory in limits with known answers.
// With φ = 0.001 every agent of degree ≤ 1000 is vulnerable, so a cascade is
// the connected component of the first adopter: on Poisson(z) degrees the
// frequency and the size of global cascades are both the giant component
// share S = 1 − e^{−zS} (Erdős & Rényi 1960), and below z = 1 the mean
// component size of a random node is 1/(1 − z) with variance z/(1 − z)³
// (the total progeny of a Galton–Watson process with Poisson(z)
// offspring, seeded by one node whose own degree is Poisson(z)).
func TestCascadeLimits(t *testing.T) {
	for _, z := range []float64{1.5, 2, 3, 5} {
		s := fixedPoint(0.5, func(s float64) float64 { return 1 - math.Exp(-z*s) })
		c := cascadeTheory(poissonDegrees(z), 0.001)
		if math.Abs(c.Frequency-s) > 1e-9 || math.Abs(c.Size-s) > 1e-9 {
			t.Errorf("z = %v, φ → 0: frequency %.12f, size %.12f, want giant component %.12f", z, c.Frequency, c.Size, s)
		}
	}
	for _, z := range []float64{0.2, 0.5, 0.8} {
		c := cascadeTheory(poissonDegrees(z), 0.001)
		if want := 1 / (1 - z); math.Abs(c.Mean-want) > 1e-9 {
			t.Errorf("z = %v, φ → 0: mean %.12f, want 1/(1−z) = %.12f", z, c.Mean, want)
		}
		if want := z / math.Pow(1-z, 3); math.Abs(c.Var-want) > 1e-9 {
			t.Errorf("z = %v, φ → 0: variance %.12f, want z/(1−z)³ = %.12f", z, c.Var, want)
		}
		if c.Frequency != 0 || c.Size != 0 {
			t.Errorf("z = %v < 1: frequency %v, size %v, want 0", z, c.Frequency, c.Size)
		}
	}
}

// TestCascadeWindow checks the window of φ = 0.18 on Poisson degrees: the
// vulnerable degrees are k ≤ 5 (1/5 ≥ 0.18 > 1/6), so the cascade condition
// Σ k(k−1)pₖvₖ/z = z·P(Poisson(z) ≤ 3) crosses 1 near z = 1 (just above) and
// near z = 5.75; the values at z = 3 and z = 6 are that closed form.
func TestCascadeWindow(t *testing.T) {
	poissonCDF3 := func(z float64) float64 { return math.Exp(-z) * (1 + z + z*z/2 + z*z*z/6) }
	for _, test := range []struct {
		z      float64
		inside bool
	}{
		{0.9, false}, {1.1, true}, {3, true}, {5.7, true}, {5.8, false}, {10, false},
	} {
		c := cascadeTheory(poissonDegrees(test.z), 0.18)
		if want := test.z * poissonCDF3(test.z); math.Abs(c.Condition-want) > 1e-12 {
			t.Errorf("z = %v: condition %.15f, want z·P(Poisson(z) ≤ 3) = %.15f", test.z, c.Condition, want)
		}
		if got := c.Condition > 1; got != test.inside {
			t.Errorf("z = %v: condition %.4f, inside = %v, want %v", test.z, c.Condition, got, test.inside)
		}
		if got := c.Frequency > 0; got != test.inside {
			t.Errorf("z = %v: frequency %v, want > 0 = %v", test.z, c.Frequency, test.inside)
		}
	}
}

// TestErdosRenyiDegrees checks the Binomial(n−1, z/(n−1)) degree
// distribution: total 1, mean z, variance z(1 − z/(n−1)), to 10⁻¹².
func TestErdosRenyiDegrees(t *testing.T) {
	for _, test := range []struct {
		n int
		z float64
	}{{10_000, 3}, {10_000, 10}, {50, 7}} {
		var sum, mean, m2 float64
		for k, p := range erdosRenyiDegrees(test.n, test.z) {
			sum += p
			mean += float64(k) * p
			m2 += float64(k*k) * p
		}
		v := test.z * (1 - test.z/float64(test.n-1))
		if math.Abs(sum-1) > 1e-12 || math.Abs(mean-test.z) > 1e-12 || math.Abs(m2-mean*mean-v) > 1e-10 {
			t.Errorf("n = %d, z = %v: total %v, mean %v, variance %v, want 1, %v, %v", test.n, test.z, sum, mean, m2-mean*mean, test.z, v)
		}
	}
}
