package sim

import "context"

// WattsStrogatz returns a small-world graph (Watts & Strogatz 1998): a ring
// lattice on n nodes, each joined to its k/2 nearest neighbours on each side,
// whose edges are rewired with probability beta.
//
// Node u owns the k/2 lattice edges (u, u+j mod n), j = 1, …, k/2. Each is
// kept with probability 1−β or else rewired to (u, v), v drawn uniformly from
// the n−1 nodes other than u (one draw, v = Intn(n−1) shifted past u, so no
// self-loop arises and none needs redrawing). The coin of edge j is draw
// (agent u, tick 2(j−1)) and its target draw (u, 2j−1) of the stream
// "network/watts-strogatz", so the fate of an edge does not depend on the
// others and the graph depends only on (n, k, beta, seed).
//
// As in Barrat & Weigt (2000), a degree is k/2 (the edges u owns, rewired or
// not) plus Binomial(k/2, 1−β) unrewired edges from u−1, …, u−k/2 plus about
// Poisson(βk/2) rewired edges that land on u: the mean is k and the variance
// (k/2)β(1−β) + βk/2.
//
// Rewiring may land on an existing edge; the duplicate is dropped by Build,
// not redrawn, so the graph has slightly fewer than nk/2 edges. The expected
// number dropped does not grow with n: about βk(k−1)(1−β)/2 rewired edges
// land on a kept lattice edge and about β²k(k−2)/8 + β²k²/8 on another
// rewired edge (e.g. 11.5 edges for k = 10, β = 0.3), so the mean degree
// falls short of k by twice that over n, less than βk²/n.
func WattsStrogatz(ctx context.Context, n, k int, beta float64, seed uint64, workers int) (*CSR, error) {
	if n < 3 {
		return nil, Invalidf("sim: watts-strogatz: agents = %d, want ≥ 3", n)
	}
	if k%2 != 0 || k < 2 || k >= n {
		return nil, Invalidf("sim: watts-strogatz: k = %d, want even and 2 ≤ k < n = %d", k, n)
	}
	if !(beta >= 0 && beta <= 1) {
		return nil, Invalidf("sim: watts-strogatz: beta = %v, want within [0, 1]", beta)
	}
	src := NewSource(seed, "network/watts-strogatz")
	half := uint32(k / 2)
	un := uint64(n)
	row := func(u uint32, dst []uint32) []uint32 {
		for j := uint32(1); j <= half; j++ {
			if beta > 0 && src.Float64(u, 2*(j-1)) < beta {
				v := src.Intn(u, 2*j-1, un-1)
				if v >= uint64(u) {
					v++
				}
				dst = append(dst, uint32(v))
				continue
			}
			dst = append(dst, uint32((uint64(u)+uint64(j))%un))
		}
		return dst
	}
	g, _, err := Build(ctx, n, workers, row)
	return g, err
}
