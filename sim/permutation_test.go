package sim

import (
	"fmt"
	"testing"
)

// TestPermutationBijection checks, exhaustively for domains from 1 to a
// few thousand (squares, primes, one above a square, one below), that
// forward is a bijection of [0, n) and inverse its inverse.
func TestPermutationBijection(t *testing.T) {
	src := NewSource(3, "test/permutation")
	for _, n := range []uint32{1, 2, 3, 4, 5, 7, 16, 17, 63, 64, 65, 1000, 1021, 4095, 4096, 4097} {
		var key [8]uint64
		for r := range key {
			key[r] = src.Uint64(n, uint32(r))
		}
		p := newPermutation(n, key)
		seen := make([]bool, n)
		for x := range n {
			y := p.forward(x)
			if y >= n {
				t.Fatalf("n=%d: π(%d) = %d out of range", n, x, y)
			}
			if seen[y] {
				t.Fatalf("n=%d: π(%d) = %d named twice", n, x, y)
			}
			seen[y] = true
			if z := p.inverse(y); z != x {
				t.Fatalf("n=%d: π⁻¹(π(%d)) = %d", n, x, z)
			}
		}
	}
}

func BenchmarkPermutation(b *testing.B) {
	for _, n := range []uint32{1_000_000, 100_000_000} {
		p := newPermutation(n, [8]uint64{1, 2, 3, 4, 5, 6, 7, 8})
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var s uint32
			for i := range b.N {
				s += p.forward(uint32(i) % n)
			}
			sink32 = s
		})
	}
}

var sink32 uint32
