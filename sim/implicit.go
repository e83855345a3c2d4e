package sim

import (
	"math"
	"sort"
	"sync/atomic"
)

// implicitKeep is the largest probability with which an implicit network
// keeps an edge of one of its permutations. It sets the trade between the
// cost of a row, 2 permutations per z/(2·implicitKeep) of mean degree, and
// the degree variance, z(1 − q) for keep probability q.
const implicitKeep = 0.5

// Implicit is a network whose neighbours are computed, not stored: the
// implicit block model. It stores O(groups · mean degree) numbers, whatever
// the number of nodes. Build one with ImplicitBlockModel.
//
// The graph is a union of keyed pseudo-random permutations (see
// permutation), thinned: permutation k on a domain D (a group's id range, or
// all ids) gives, for each x in D, the edge {x, π_k(x)}, kept when the draw
// (agent x, tick k) of the stream "network/implicit" is below q_k. So the
// neighbours of node i are, over the permutations whose domain holds i,
// π_k(i) when (i, k) is kept and π_k⁻¹(i) when (π_k⁻¹(i), k) is kept, and
// j ∈ N(i) ⇔ i ∈ N(j) holds edge by edge. A fixed point, π_k(i) = i, gives
// no edge. Two permutations, or the two directions of one, can name the same
// neighbour (probability O(z/n) per node); such an edge is kept with its
// multiplicity, at both of its ends, as in a multigraph, so that rows are
// never sorted: Degree counts it twice and so do the engine's counts.
type Implicit struct {
	n      int
	end    []int64       // end[g] is one past the last id of group g
	first  []int         // group g's permutations are perms[first[g]:first[g+1]]; the global ones perms[first[groups]:]
	perms  []permutation // within groups, then across all nodes
	keep   Source        // stream "network/implicit"
	thresh []uint64      // perms[k]'s edge (x, π_k(x)) is kept when keep.Uint64(x, k)>>11 < thresh[k]
	edges  int64
	maxDeg int
}

// ImplicitBlockModel returns the implicit counterpart of BlockModel: the
// same groups (contiguous id ranges of the given sizes), each node expecting
// meanDegree = z neighbours of which z·h + z(1−h)(n_g−1)/(N−1) in its own
// group g and z(1−h)·n_k/(N−1) in each other group k, as in the stored model,
// and the same parameters accepted. The within-group part, z·h, comes from
// M_g = ⌈z·h/(2·0.5)⌉ permutations of the group's ids, each edge kept with
// probability q_g = z·h·n_g/(2M_g(n_g−1)); the mixing part, z(1−h), from
// M = ⌈z(1−h)/(2·0.5)⌉ permutations of all N ids, kept with probability
// q = z(1−h)·N/(2M(N−1)). The n/(n−1) makes up for the fixed points, which
// give no edge: each permutation of n ids gives a node 0 neighbours with
// probability 1/n (a fixed point) and otherwise Binomial(2, q). For truly
// random permutations the degree of a node of group g thus has mean z and
// variance M_g·v(q_g, n_g) + M·v(q, N), where
//
//	v(q, n) = (1 − 1/n)(2q(1 − q) + 4q²) − 4q²(1 − 1/n)²,
//
// about z/2 for q = 0.5 where the stored model has about z: degrees are
// narrower than Poisson. Permutation k's four round keys are the draws
// (agent k, tick 0…3) of the stream "network/implicit-permutation".
//
// Construction costs O(N·Σ M) time, spent counting the edges with up to
// workers goroutines; a row costs 2 permutation evaluations per
// permutation of its group and of the mixing part.
func ImplicitBlockModel(sizes []int, meanDegree, homophily float64, seed uint64, workers int) (*Implicit, error) {
	end, n, _, _, err := blockModelProbabilities("implicit-block-model", sizes, meanDegree, homophily)
	if err != nil {
		return nil, err
	}
	g := &Implicit{n: int(n), end: end, keep: NewSource(seed, "network/implicit")}
	keys := NewSource(seed, "network/implicit-permutation")
	add := func(domain int64, z float64) int {
		if z == 0 || domain < 2 {
			return 0
		}
		m := int(math.Ceil(z / (2 * implicitKeep)))
		q := z * float64(domain) / (2 * float64(m) * float64(domain-1))
		thresh := uint64(math.Ceil(min(q, 1) * (1 << 53)))
		for range m {
			k := uint32(len(g.perms))
			var key [4]uint64
			for r := range key {
				key[r] = keys.Uint64(k, uint32(r))
			}
			g.perms = append(g.perms, newPermutation(uint32(domain), key))
			g.thresh = append(g.thresh, thresh)
		}
		return m
	}
	start := int64(0)
	maxIn := 0
	for k := range sizes {
		g.first = append(g.first, len(g.perms))
		maxIn = max(maxIn, add(end[k]-start, meanDegree*homophily))
		start = end[k]
	}
	g.first = append(g.first, len(g.perms))
	out := add(n, meanDegree*(1-homophily))
	g.maxDeg = 2 * (maxIn + out)
	g.edges = g.countEdges(workers)
	return g, nil
}

// Len returns the number of nodes.
func (g *Implicit) Len() int { return g.n }

// Edges returns the number of undirected edges, repeated ones counted with
// their multiplicity: half the degree sum.
func (g *Implicit) Edges() int64 { return g.edges }

// MaxDegree returns an upper bound of the degrees: two per permutation that
// a node's row walks.
func (g *Implicit) MaxDegree() int { return g.maxDeg }

// group returns the group of node u and the first id of that group.
func (g *Implicit) group(u uint32) (int, uint32) {
	k := sort.Search(len(g.end), func(k int) bool { return g.end[k] > int64(u) })
	if k == 0 {
		return 0, 0
	}
	return k, uint32(g.end[k-1])
}

// kept reports whether permutation k keeps the edge it draws from x.
func (g *Implicit) kept(x uint32, k int) bool {
	return g.keep.Uint64(x, uint32(k))>>11 < g.thresh[k]
}

// AppendNeighbours appends the neighbours of u to dst and returns the
// extended slice: within its group's permutations first, then the mixing
// ones, each permutation's image before its preimage. It is a pure function
// of u, safe for concurrent use.
func (g *Implicit) AppendNeighbours(u uint32, dst []uint32) []uint32 {
	grp, lo := g.group(u)
	x := u - lo
	for k := g.first[grp]; k < g.first[grp+1]; k++ {
		dst = g.appendPermutation(dst, k, x, lo)
	}
	for k := g.first[len(g.end)]; k < len(g.perms); k++ {
		dst = g.appendPermutation(dst, k, u, 0)
	}
	return dst
}

// appendPermutation appends the neighbours lo + y that permutation k gives
// to node lo + x of its domain.
func (g *Implicit) appendPermutation(dst []uint32, k int, x, lo uint32) []uint32 {
	p := &g.perms[k]
	if g.kept(lo+x, k) {
		if y := p.forward(x); y != x {
			dst = append(dst, lo+y)
		}
	}
	if y := p.inverse(x); y != x && g.kept(lo+y, k) {
		dst = append(dst, lo+y)
	}
	return dst
}

// Degree returns the number of neighbours of u, repeated ones counted with
// their multiplicity.
func (g *Implicit) Degree(u int) int {
	var buf [64]uint32
	return len(g.AppendNeighbours(uint32(u), buf[:0]))
}

// countEdges returns the number of kept edges that are not self-loops, each
// counted once at the x of its (x, π_k(x)).
func (g *Implicit) countEdges(workers int) int64 {
	var total atomic.Int64
	parallelRows(g.n, workers, func(lo, hi int, buf []uint32) []uint32 {
		var c int64
		for u := uint32(lo); u < uint32(hi); u++ {
			grp, start := g.group(u)
			for k := g.first[grp]; k < g.first[grp+1]; k++ {
				if x := u - start; g.kept(u, k) && g.perms[k].forward(x) != x {
					c++
				}
			}
			for k := g.first[len(g.end)]; k < len(g.perms); k++ {
				if g.kept(u, k) && g.perms[k].forward(u) != u {
					c++
				}
			}
		}
		total.Add(c)
		return buf
	})
	return total.Load()
}
