package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestSourcePinned pins the first values of each derivation path: a change
// here changes every published run, so it must be deliberate.
func TestSourcePinned(t *testing.T) {
	for i, test := range []struct {
		seed        uint64
		stream      string
		agent, tick uint32
		want        uint64
	}{
		{1, "activation", 0, 0, 0x1980b338bf42a43e},
		{1, "activation", 1, 0, 0x191a6791fe46ec92},
		{1, "activation", 2, 0, 0xa598e5216ea97265},
		{42, "flip/switch", 0, 1, 0x3a9dcbf93f5852ac},
		{42, "flip/switch", 7, 3, 0xcdfc91961f155b30},
	} {
		if got := NewSource(test.seed, test.stream).Uint64(test.agent, test.tick); got != test.want {
			t.Errorf("case %d: NewSource(%d, %q).Uint64(%d, %d) = %#x, want %#x",
				i, test.seed, test.stream, test.agent, test.tick, got, test.want)
		}
	}
	if got, want := Derive(1, 2, 3), uint64(0x5ef5ad973dd2a1f0); got != want {
		t.Errorf("Derive(1, 2, 3) = %#x, want %#x", got, want)
	}
	if Derive(1, 2, 3) == Derive(1, 3, 2) {
		t.Error("Derive(1, 2, 3) == Derive(1, 3, 2): the path order is lost")
	}
}

// chiSquareLimit is the χ² value a fair generator exceeds with probability
// 10⁻⁴ for df degrees of freedom (the draws are fixed, so a pass is pinned;
// the level only says how surprising a failure would be).
func chiSquareLimit(df int) float64 {
	return distuv.ChiSquared{K: float64(df)}.Quantile(1 - 1e-4)
}

func chiSquare(bins []int, total int) float64 {
	e := float64(total) / float64(len(bins))
	var x float64
	for _, o := range bins {
		d := float64(o) - e
		x += d * d / e
	}
	return x
}

// TestSourceUniform checks uniformity of Float64 along agents and along ticks
// with 256 equal bins: χ²(255).
func TestSourceUniform(t *testing.T) {
	const draws = 1 << 20
	src := NewSource(7, "uniform")
	for _, dir := range []string{"agents", "ticks"} {
		bins := make([]int, 256)
		for k := range draws {
			var u float64
			if dir == "agents" {
				u = src.Float64(uint32(k), 5)
			} else {
				u = src.Float64(5, uint32(k))
			}
			bins[int(u*256)]++
		}
		if x, lim := chiSquare(bins, draws), chiSquareLimit(255); x > lim {
			t.Errorf("along %s: χ² = %.1f > %.1f", dir, x, lim)
		}
	}
}

// TestSourceIndependent checks that pairs of draws fill a 16×16 grid evenly,
// χ²(255), for pairs across streams, across seeds, and between neighbouring
// agents and ticks of one stream; and that their correlation is within 4
// standard errors (1/√n) of 0.
func TestSourceIndependent(t *testing.T) {
	const draws = 1 << 20
	a := NewSource(7, "a")
	for _, test := range []struct {
		name string
		pair func(k uint32) (float64, float64)
	}{
		{"streams a, b", func(k uint32) (float64, float64) {
			return a.Float64(k, 3), NewSource(7, "b").Float64(k, 3)
		}},
		{"seeds 7, 8", func(k uint32) (float64, float64) {
			return a.Float64(k, 3), NewSource(8, "a").Float64(k, 3)
		}},
		{"agents k, k+1", func(k uint32) (float64, float64) { return a.Float64(k, 3), a.Float64(k+1, 3) }},
		{"ticks k, k+1", func(k uint32) (float64, float64) { return a.Float64(3, k), a.Float64(3, k+1) }},
		{"agent↔tick swap", func(k uint32) (float64, float64) { return a.Float64(k, 9), a.Float64(9, k) }},
	} {
		bins := make([]int, 256)
		var sxy float64
		for k := range uint32(draws) {
			x, y := test.pair(k)
			bins[int(x*16)*16+int(y*16)]++
			sxy += (x - 0.5) * (y - 0.5)
		}
		if x, lim := chiSquare(bins, draws), chiSquareLimit(255); x > lim {
			t.Errorf("%s: χ² = %.1f > %.1f", test.name, x, lim)
		}
		// Var(U) = 1/12, so the correlation is 12·mean((x−½)(y−½)).
		if r := 12 * sxy / draws; math.Abs(r) > 4/math.Sqrt(draws) {
			t.Errorf("%s: correlation %.5f, want |r| < %.5f", test.name, r, 4/math.Sqrt(draws))
		}
	}
}

// TestGeometric checks the mean (1−p)/p and variance (1−p)/p² of
// Geometric draws within 4 standard errors.
func TestGeometric(t *testing.T) {
	const draws = 1 << 18
	for _, p := range []float64{0.9, 0.3, 0.01} {
		src := NewSource(3, fmt.Sprint("geometric", p))
		lnq := math.Log1p(-p)
		var s, s2 float64
		for k := range uint32(draws) {
			g := float64(src.Geometric(k, 0, lnq))
			s += g
			s2 += g * g
		}
		mean := s / draws
		variance := s2/draws - mean*mean
		wantMean, wantVar := (1-p)/p, (1-p)/(p*p)
		if se := math.Sqrt(wantVar / draws); math.Abs(mean-wantMean) > 4*se {
			t.Errorf("p = %v: mean %.5f, want %.5f ± %.5f", p, mean, wantMean, 4*se)
		}
		// The sample variance has standard error σ²·√((2 + κ)/n) for large
		// n, with κ = 6 + p²/(1−p) the excess kurtosis of the geometric law.
		kurt := 6 + p*p/(1-p)
		if tol := 4 * wantVar * math.Sqrt((2+kurt)/draws); math.Abs(variance-wantVar) > tol {
			t.Errorf("p = %v: variance %.4f, want %.4f ± %.4f", p, variance, wantVar, tol)
		}
	}
}

// TestIntn checks Intn for uniformity over 10 values, χ²(9).
func TestIntn(t *testing.T) {
	const draws = 1 << 18
	src := NewSource(5, "intn")
	bins := make([]int, 10)
	for k := range uint32(draws) {
		bins[src.Intn(k, 0, 10)]++
	}
	if x, lim := chiSquare(bins, draws), chiSquareLimit(9); x > lim {
		t.Errorf("χ² = %.1f > %.1f", x, lim)
	}
}

func BenchmarkSourceFloat64(b *testing.B) {
	src := NewSource(1, "bench")
	var s float64
	for i := range b.N {
		s += src.Float64(uint32(i), 1)
	}
	sink = s
}

var sink float64

// TestLnUnit compares lnUnit with math.Log over (0, 1], at the ends, at
// powers of two and at draws spread over the exponents, within the 1e-15
// relative error its series truncation allows plus rounding (a few ulp).
func TestLnUnit(t *testing.T) {
	check := func(u float64) {
		got, want := lnUnit(u), math.Log(u)
		if want == 0 {
			if got != 0 {
				t.Errorf("lnUnit(%v) = %v, want 0", u, got)
			}
			return
		}
		if rel := math.Abs(got-want) / math.Abs(want); rel > 4e-15 {
			t.Errorf("lnUnit(%v) = %v, math.Log = %v, relative error %.2g", u, got, want, rel)
		}
	}
	for _, u := range []float64{1, math.Nextafter(1, 0), 0.5, 0.25, math.Sqrt2 / 2, math.Sqrt2 / 4, 0x1p-53, 1e-300} {
		check(u)
	}
	src := NewSource(9, "lnunit")
	for k := range uint32(1 << 16) {
		u := float64(src.Uint64(k, 0)>>11+1) * 0x1p-53
		check(u)
		check(math.Ldexp(u, -int(k%60)))
	}
}
