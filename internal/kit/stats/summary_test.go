package stats

import (
	"math"
	"testing"
)

// tQuantile returns Student's t quantiles in closed form for ν = 1, 2, 4
// (Shaw 2006, "Sampling Student's T distribution – use of the inverse
// cumulative distribution function", J. Comput. Finance 9(4), §3):
//
//	ν = 1: tan(π(p − 1/2))
//	ν = 2: (2p − 1) / √(2p(1 − p))
//	ν = 4: sign(p − 1/2) · 2√(q − 1),  q = cos(arccos(√α)/3)/√α,  α = 4p(1 − p)
func tQuantile(nu int, p float64) float64 {
	switch nu {
	case 1:
		return math.Tan(math.Pi * (p - 0.5))
	case 2:
		return (2*p - 1) / math.Sqrt(2*p*(1-p))
	case 4:
		a := 4 * p * (1 - p)
		q := math.Cos(math.Acos(math.Sqrt(a))/3) / math.Sqrt(a)
		return math.Copysign(2*math.Sqrt(q-1), p-0.5)
	}
	panic("no closed form")
}

// TestSummarize checks samples whose moments are worked by hand, with the t
// quantile from its closed form; the tolerance is a few ulps of the
// quantities (gonum's t quantile inverts the incomplete beta function
// numerically).
func TestSummarize(t *testing.T) {
	nan := math.NaN()
	for i, test := range []struct {
		x                 []float64
		n                 int
		mean, sd, se, ciw float64 // ciw: half-width of the interval
	}{
		// Mean 4, deviations ∓1: SD √2, SE √2/√2 = 1; ν = 1.
		{[]float64{3, 5}, 2, 4, math.Sqrt2, 1, tQuantile(1, 0.975)},
		// Mean 7/3, Σ(x − x̄)² = 16/9 + 1/9 + 25/9 = 42/9: SD √(7/3), SE √7/3; ν = 2.
		{[]float64{1, 2, 4}, 3, 7.0 / 3, math.Sqrt(7.0 / 3), math.Sqrt(7) / 3, math.Sqrt(7) / 3 * tQuantile(2, 0.975)},
		// Mean 5, Σ(x − x̄)² = 9+1+1+0+25 = 36: SD 3, SE 3/√5; ν = 4.
		{[]float64{2, 4, 4, 5, 10}, 5, 5, 3, 3 / math.Sqrt(5), 3 / math.Sqrt(5) * tQuantile(4, 0.975)},
		{[]float64{7}, 1, 7, nan, nan, nan},
		{nil, 0, nan, nan, nan, nan},
	} {
		s := Summarize(test.x)
		if s.N != test.n {
			t.Errorf("case %d: N = %d, want %d", i, s.N, test.n)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"mean", s.Mean, test.mean}, {"sd", s.SD, test.sd}, {"se", s.SE, test.se},
			{"lo", s.Lo, test.mean - test.ciw}, {"hi", s.Hi, test.mean + test.ciw},
		} {
			if !close(c.got, c.want, 1e-12) {
				t.Errorf("case %d: %s = %v, want %v", i, c.name, c.got, c.want)
			}
		}
	}
}

// TestTQuantile pins the closed forms against the four-digit values of
// standard t tables (e.g. Abramowitz & Stegun 1964, Table 26.10: t_{0.975}
// = 12.706, 4.303, 2.776 for ν = 1, 2, 4), so the reference the tests use
// is itself checked.
func TestTQuantile(t *testing.T) {
	for _, c := range []struct {
		nu   int
		want float64
	}{{1, 12.706}, {2, 4.303}, {4, 2.776}} {
		if got := tQuantile(c.nu, 0.975); math.Abs(got-c.want) > 0.0005 {
			t.Errorf("ν = %d: closed form %.5f, table %.3f", c.nu, got, c.want)
		}
	}
}

func close(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*math.Max(1, math.Abs(want))
}
