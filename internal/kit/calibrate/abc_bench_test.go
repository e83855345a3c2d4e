package calibrate

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkWeigh measures the O(N²·d) importance weighting of one
// generation, the calibrator's own cost beside the model runs, for N
// particles of d = 8 parameters.
func BenchmarkWeigh(b *testing.B) {
	const d = 8
	for _, n := range []int{250, 1000, 4000} {
		b.Run(fmt.Sprintf("particles=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			mk := func() []Particle {
				ps := make([]Particle, n)
				for i := range ps {
					ps[i].u = make([]float64, d)
					for k := range ps[i].u {
						ps[i].u[k] = r.NormFloat64()
					}
					ps[i].Weight = 1 / float64(n)
				}
				return ps
			}
			prev, parts := mk(), mk()
			kern, err := newKernel(prev)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				kern.weigh(parts, prev)
			}
		})
	}
}
