package sim

import (
	"context"
	"math"
	"slices"
	"sort"
	"sync/atomic"
)

// implicitJoin is the largest probability r with which a node takes part in
// a permutation of an implicit network. At r = 1/2 a node's degree has
// variance equal to its mean, as a Poisson degree has (see
// ImplicitBlockModel), for 2z permutations per row of mean degree z.
const implicitJoin = 0.5

// Implicit is a network whose neighbours are computed, not stored: the
// implicit block model. It stores O(groups · mean degree) numbers, whatever
// the number of nodes. Build one with ImplicitBlockModel.
//
// The graph is a union of keyed pseudo-random permutations (see
// permutation) whose edges are thinned by their ends: each node takes part
// in permutation k independently with probability r_k, and the pair {x,
// π_k(x)} is an edge when both x and π_k(x) take part and π_k(x) ≠ x. So the
// neighbours of a node i that takes part in k are π_k(i) and π_k⁻¹(i), each
// when it takes part too, and j ∈ N(i) ⇔ i ∈ N(j) holds edge by edge. Node
// x takes part in k when lane k mod 4 (16 bits) of mix((x·2³² + ⌊k/4⌋) ⊕
// key) is below ⌊r_k·2¹⁶⌉, where mix is the SplitMix64 finaliser (a
// bijection: the draws of distinct (x, ⌊k/4⌋) differ) and key = Source(seed,
// "network/implicit").Uint64(0, 0). Two permutations, or the two directions
// of one, can name the same neighbour (probability O(z/n) per node); such an
// edge is kept with its multiplicity, at both of its ends, as in a
// multigraph, so that rows need no sorting: Degree counts it twice and so do
// the engine's counts.
type Implicit struct {
	n      int
	end    []int64       // end[g] is one past the last id of group g
	first  []int         // group g's permutations are perms[first[g]:first[g+1]]; the mixing ones perms[first[groups]:]
	perms  []permutation // within groups, then across all nodes
	join   uint64        // key of the draws that join nodes to permutations
	thresh []uint32      // node x takes part in perms[k] when its 16-bit lane is below thresh[k]
	edges  int64
	maxDeg int
}

// ImplicitBlockModel returns the implicit counterpart of BlockModel: the
// same groups (contiguous id ranges of the given sizes), each node expecting
// meanDegree = z neighbours of which z·h + z(1−h)(n_g−1)/(N−1) in its own
// group g and z(1−h)·n_k/(N−1) in each other group k, as in the stored model,
// and the same parameters accepted. The within-group part, z·h, comes from
// M_g = ⌈2z·h⌉ permutations of the group's ids, each joined with
// probability r_g = √(z·h·n_g/(2M_g(n_g−1))); the mixing part, z(1−h), from
// M = ⌈2z(1−h)⌉ permutations of all N ids, joined with probability
// r = √(z(1−h)·N/(2M(N−1))); so r ≈ 1/2 (implicitJoin). The n/(n−1) makes
// up for the fixed points, which give no edge. A permutation of n ids gives
// a node Y neighbours: Y = 0 unless it takes part (probability r) and is not
// a fixed point (1 − 1/n), and then Y ~ Binomial(2, r) (both partners take
// part independently, up to O(1/n) for 2-cycles). The degree of a node of
// group g is the sum of M_g + M such independent Y, with mean z and
// variance
//
//	Σ_k 2r_k²(1 − 1/n_k)(1 + r_k − 2r_k² + 2r_k²/n_k) ≈ z(1 + r − 2r²),
//
// which is z at r = 1/2: degrees are as wide as the stored model's,
// binomial sums about Poisson(z); their third moment is 3/4 of Poisson's.
// Permutation k's eight round keys are the draws (agent k, tick 0…7) of the
// stream "network/implicit-permutation".
//
// Construction costs O(N·Σ M) time, spent counting the edges with up to
// workers goroutines, which stop with ctx's error once ctx is done. A row
// costs a draw per 4 permutations of its group and of the mixing part and,
// for the half it takes part in, 2 permutation evaluations and 2 draws:
// about 2z evaluations.
func ImplicitBlockModel(ctx context.Context, sizes []int, meanDegree, homophily float64, seed uint64, workers int) (*Implicit, error) {
	end, n, _, _, err := blockModelProbabilities("implicit-block-model", sizes, meanDegree, homophily)
	if err != nil {
		return nil, err
	}
	g := &Implicit{n: int(n), end: end, join: NewSource(seed, "network/implicit").Uint64(0, 0)}
	keys := NewSource(seed, "network/implicit-permutation")
	add := func(domain int64, z float64) int {
		if z == 0 || domain < 2 {
			return 0
		}
		m := int(math.Ceil(z / (2 * implicitJoin * implicitJoin)))
		r := math.Sqrt(z * float64(domain) / (2 * float64(m) * float64(domain-1)))
		thresh := uint32(math.Round(min(r, 1) * (1 << 16)))
		for range m {
			k := uint32(len(g.perms))
			var key [8]uint64
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
	g.edges = g.countEdges(ctx, workers)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
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

// lane returns the 16-bit lane of permutation k in a node's draw h for
// permutations 4⌊k/4⌋…4⌊k/4⌋+3.
func lane(h uint64, k int) uint32 { return uint32(uint16(h >> (16 * (k % 4)))) }

// draw returns node x's draw for permutations 4j…4j+3.
func (g *Implicit) draw(x uint32, j int) uint64 {
	return mix((uint64(x)<<32 | uint64(j)) ^ g.join)
}

// joins reports whether node x takes part in permutation k.
func (g *Implicit) joins(x uint32, k int) bool {
	return lane(g.draw(x, k/4), k) < g.thresh[k]
}

// AppendNeighbours appends the neighbours of u to dst and returns the
// extended slice: within its group's permutations first, then the mixing
// ones, each permutation's image before its preimage. It is a pure function
// of u, safe for concurrent use.
func (g *Implicit) AppendNeighbours(u uint32, dst []uint32) []uint32 {
	grp, lo := g.group(u)
	dst = g.appendRange(dst, u, lo, g.first[grp], g.first[grp+1])
	return g.appendRange(dst, u, 0, g.first[len(g.end)], len(g.perms))
}

// appendRange appends the neighbours that permutations [from, to), whose
// domain starts at node lo, give to node u. Whether u and its partners take
// part is as random as a coin, so it is settled without branches, in three
// passes over chunks of up to rangeChunk permutations: list the ones u takes
// part in, evaluate their images and preimages (independent of each other,
// so that the processor overlaps them), then append each partner that takes
// part and is not u.
func (g *Implicit) appendRange(dst []uint32, u, lo uint32, from, to int) []uint32 {
	x := u - lo
	var ks [rangeChunk]int32
	var ys [2 * rangeChunk]uint32
	for c := from; c < to; c += rangeChunk {
		m := 0
		var h uint64
		for k := c; k < min(c+rangeChunk, to); k++ {
			if k == c || k%4 == 0 {
				h = g.draw(u, k/4)
			}
			ks[m] = int32(k)
			if lane(h, k) < g.thresh[k] {
				m++
			}
		}
		for j, k := range ks[:m] {
			p := &g.perms[k]
			ys[2*j], ys[2*j+1] = p.forward(x), p.inverse(x)
		}
		n := len(dst)
		dst = slices.Grow(dst, 2*m)[:n+2*m]
		for j, y := range ys[:2*m] {
			dst[n] = lo + y
			if y != x && g.joins(lo+y, int(ks[j/2])) {
				n++
			}
		}
		dst = dst[:n]
	}
	return dst
}

// rangeChunk is the number of permutations appendRange takes at once.
const rangeChunk = 32

// Degree returns the number of neighbours of u, repeated ones counted with
// their multiplicity.
func (g *Implicit) Degree(u int) int {
	var buf [64]uint32
	return len(g.AppendNeighbours(uint32(u), buf[:0]))
}

// countEdges returns the number of edges, each counted once at the x of
// its (x, π_k(x)).
func (g *Implicit) countEdges(ctx context.Context, workers int) int64 {
	var total atomic.Int64
	Chunks(ctx, g.n, buildChunk, workers, func(lo, hi int) {
		var c int64
		for u := uint32(lo); u < uint32(hi); u++ {
			grp, start := g.group(u)
			c += g.countRange(u, start, g.first[grp], g.first[grp+1])
			c += g.countRange(u, 0, g.first[len(g.end)], len(g.perms))
		}
		total.Add(c)
	})
	return total.Load()
}

// countRange returns the number of edges (u, π_k(u)) of permutations
// [from, to), whose domain starts at node lo.
func (g *Implicit) countRange(u, lo uint32, from, to int) int64 {
	var c int64
	x := u - lo
	for k := from; k < to; k++ {
		if g.joins(u, k) {
			if y := g.perms[k].forward(x); y != x && g.joins(lo+y, k) {
				c++
			}
		}
	}
	return c
}
