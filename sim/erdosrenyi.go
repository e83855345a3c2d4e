package sim

import (
	"context"
	"math"
)

// ErdosRenyi returns a G(n, p) random graph with p = meanDegree/(n−1): each
// of the n(n−1)/2 pairs is an edge independently with probability p, so a
// degree is Binomial(n−1, p) with mean meanDegree and variance
// meanDegree·(1−p).
//
// Row u holds the pairs (u, v), v > u, found by geometric skipping (Batagelj
// & Brandes 2005): the gap to the next edge is Geometric(p), drawn from the
// stream "network/erdos-renyi" at (agent u, tick k) for the k-th gap. The cost
// is O(n + edges) and the graph depends only on (n, meanDegree, seed). It
// stops with ctx's error once ctx is done (as do all generators).
func ErdosRenyi(ctx context.Context, n int, meanDegree float64, seed uint64, workers int) (*CSR, error) {
	if n < 1 {
		return nil, Invalidf("sim: erdos-renyi: agents = %d, want ≥ 1", n)
	}
	if !(meanDegree >= 0 && meanDegree <= float64(n-1)) {
		return nil, Invalidf("sim: erdos-renyi: mean degree = %v, want within [0, agents−1 = %d]", meanDegree, n-1)
	}
	p := 0.0
	if n > 1 {
		p = meanDegree / float64(n-1)
	}
	src := NewSource(seed, "network/erdos-renyi")
	row := func(u uint32, dst []uint32) []uint32 {
		dst, _ = appendBernoulli(dst, src, u, 0, int64(u)+1, int64(n), p)
		return dst
	}
	g, _, err := Build(ctx, n, workers, row)
	return g, err
}

// appendBernoulli appends to dst each v in [lo, hi) independently with
// probability p, by geometric skipping with the draws (agent u, tick k),
// k = k, k+1, …, and returns dst and the next unused k.
func appendBernoulli(dst []uint32, src Source, u uint32, k uint32, lo, hi int64, p float64) ([]uint32, uint32) {
	switch {
	case p <= 0 || lo >= hi:
		return dst, k
	case p >= 1:
		for v := lo; v < hi; v++ {
			dst = append(dst, uint32(v))
		}
		return dst, k
	}
	lnq := math.Log1p(-p)
	for v := lo; ; v++ {
		gap := src.Geometric(u, k, lnq)
		k++
		if gap >= uint64(hi-v) {
			return dst, k
		}
		v += int64(gap)
		dst = append(dst, uint32(v))
	}
}
