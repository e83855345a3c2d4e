package sim

import (
	"context"
	"math"
	"sort"
)

// BlockModel returns a stochastic block model with homophily: the nodes are
// split into groups of the given sizes, group g holding the contiguous ids
// [Σ_{h<g} n_h, Σ_{h≤g} n_h), and each pair is an edge independently with a
// probability that depends only on whether the two nodes share a group:
//
//	p_out   = z(1−h)/(N−1)               between groups,
//	p_in(g) = p_out + z·h/(n_g − 1)      within group g,
//
// where z = meanDegree, h = homophily in [0, 1] and N = Σ n_g. So every node
// expects z neighbours: z·h + z(1−h)·(n_g−1)/(N−1) in its own group and
// z(1−h)·n_k/(N−1) in each other group k. That is, a share h of a node's
// contacts is reserved for its group and the rest falls on all other nodes
// alike. h = 0 is G(N, z/(N−1)) exactly, h = 1 disjoint G(n_g, z/(n_g−1))
// blocks. The probabilities are symmetric by construction, and it is an
// error for any to exceed 1 (a group too small for its share of contacts).
//
// Row u of group g walks v > u in two segments: the rest of its group at
// p_in(g), then all later groups at p_out, by geometric skipping with the
// draws (agent u, tick k) of the stream "network/block-model", k counting on
// across the segments. The cost is O(N + edges) and the graph depends only on
// (sizes, meanDegree, homophily, seed).
func BlockModel(ctx context.Context, sizes []int, meanDegree, homophily float64, seed uint64, workers int) (*CSR, error) {
	end, n, pIn, pOut, err := blockModelProbabilities("block-model", sizes, meanDegree, homophily)
	if err != nil {
		return nil, err
	}
	src := NewSource(seed, "network/block-model")
	row := func(u uint32, dst []uint32) []uint32 {
		g := sort.Search(len(end), func(g int) bool { return end[g] > int64(u) })
		var k uint32
		dst, k = appendBernoulli(dst, src, u, k, int64(u)+1, end[g], pIn[g])
		dst, _ = appendBernoulli(dst, src, u, k, end[g], n, pOut)
		return dst
	}
	g, _, err := Build(ctx, int(n), workers, row)
	return g, err
}

// blockModelProbabilities checks a block model's parameters and returns the
// end of each group's id range, the number of nodes and the pair
// probabilities p_in(g) and p_out of BlockModel. name prefixes the errors.
func blockModelProbabilities(name string, sizes []int, meanDegree, homophily float64) (end []int64, n int64, pIn []float64, pOut float64, err error) {
	if len(sizes) == 0 {
		return nil, 0, nil, 0, Invalidf("sim: %s: len(sizes) = 0, want ≥ 1", name)
	}
	// end[g] is one past the last id of group g.
	end = make([]int64, len(sizes))
	for g, s := range sizes {
		if s < 1 {
			return nil, 0, nil, 0, Invalidf("sim: %s: sizes[%d] = %d, want ≥ 1", name, g, s)
		}
		n += int64(s)
		if n > math.MaxUint32 {
			return nil, 0, nil, 0, Invalidf("sim: %s: total size > %d at sizes[%d] = %d", name, uint32(math.MaxUint32), g, s)
		}
		end[g] = n
	}
	if !(meanDegree >= 0 && meanDegree < math.Inf(1)) {
		return nil, 0, nil, 0, Invalidf("sim: %s: mean degree = %v, want finite and ≥ 0", name, meanDegree)
	}
	if !(homophily >= 0 && homophily <= 1) {
		return nil, 0, nil, 0, Invalidf("sim: %s: homophily = %v, want within [0, 1]", name, homophily)
	}
	// ratio returns a/b, and 0 for 0/0 (no contacts to place, no one to
	// place them on); a/0 is +Inf and fails the check below.
	ratio := func(a, b float64) float64 {
		if a == 0 {
			return 0
		}
		return a / b
	}
	pOut = ratio(meanDegree*(1-homophily), float64(n-1))
	if pOut > 1 {
		return nil, 0, nil, 0, Invalidf("sim: %s: p between groups = %v, want ≤ 1 (mean degree %v too large for %d nodes at homophily %v)",
			name, pOut, meanDegree, n, homophily)
	}
	pIn = make([]float64, len(sizes))
	for g, s := range sizes {
		pIn[g] = pOut + ratio(meanDegree*homophily, float64(s-1))
		if pIn[g] > 1 {
			return nil, 0, nil, 0, Invalidf("sim: %s: p within group %d = %v, want ≤ 1 (sizes[%d] = %d too small for mean degree %v at homophily %v)",
				name, g, pIn[g], g, s, meanDegree, homophily)
		}
	}
	return end, n, pIn, pOut, nil
}
