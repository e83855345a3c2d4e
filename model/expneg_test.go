package model

import (
	"math"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// TestExpNeg compares expNeg with math.Exp over [−708, 0], at the ends, at
// multiples of ln 2 (the reduction's seams) and at spread draws, within 4
// ulp (relative 1e-15), and checks the underflow to 0 below −708.
func TestExpNeg(t *testing.T) {
	check := func(x float64) {
		got, want := expNeg(x), math.Exp(x)
		if rel := math.Abs(got-want) / want; rel > 1e-15 {
			t.Errorf("expNeg(%v) = %v, math.Exp = %v, relative error %.2g", x, got, want, rel)
		}
	}
	for _, x := range []float64{0, -1e-300, -0.5 * math.Ln2, -math.Ln2, -1, -10, -100, -700, -708} {
		check(x)
	}
	for k := 1; k < 1000; k++ {
		check(-float64(k) * math.Ln2)
		check(-(float64(k) + 0.5) * math.Ln2)
	}
	src := sim.NewSource(1, "expneg")
	for i := range uint32(1 << 16) {
		check(-708 * src.Float64(i, 0))
		check(-5 * src.Float64(i, 1))
	}
	if got := expNeg(-709); got != 0 {
		t.Errorf("expNeg(-709) = %v, want 0", got)
	}
}

func BenchmarkExpNeg(b *testing.B) {
	x := -3.7
	var s float64
	for range b.N {
		s += expNeg(x)
		x -= 1e-9
	}
	sinkF = s
}

var sinkF float64
