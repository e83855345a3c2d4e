package sim

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// ChungLu returns a random graph with given expected degrees (Chung & Lu
// 2002): node u has weight w_u = weights[u] and each pair u < v is an edge
// independently with probability
//
//	p_uv = min(1, w_u·w_v / W),  W = Σ_u w_u,
//
// so the expected degree of u is Σ_{v≠u} p_uv, which is w_u·(1 − w_u/W) when
// no p_uv is capped (max w ≤ √W) and less for the hubs otherwise.
//
// The generator is that of Miller & Hagberg (2011), "Efficient generation of
// networks with given expected degrees", in O(n + edges): the nodes are
// ranked by decreasing weight (ties by increasing id, so the order is
// unique), and the row of the node of rank i walks the ranks j > i, where
// p_ij does not increase with j, skipping Geometric(p) candidates at the
// current p and accepting the candidate it lands on with probability
// p_ij/p. Row u draws from the stream "network/chung-lu" at (agent u, tick
// k) for its k-th draw, so the graph depends only on (weights, seed).
// Weights must be finite and ≥ 0; there must be at least one.
func ChungLu(ctx context.Context, weights []float64, seed uint64, workers int) (*CSR, error) {
	n := len(weights)
	if n < 1 || int64(n) > math.MaxUint32 {
		return nil, Invalidf("sim: chung-lu: len(weights) = %d, want within [1, %d]", n, uint32(math.MaxUint32))
	}
	var total float64
	for u, w := range weights {
		if !(w >= 0 && w <= math.MaxFloat64) {
			return nil, Invalidf("sim: chung-lu: weights[%d] = %v, want finite and ≥ 0", u, w)
		}
		total += w
	}
	if math.IsInf(total, 0) {
		return nil, Invalidf("sim: chung-lu: sum of weights overflows")
	}
	// byRank[i] is the node of rank i; rank[u] the rank of node u; ws[i]
	// the weight of the node of rank i.
	byRank := make([]uint32, n)
	for u := range byRank {
		byRank[u] = uint32(u)
	}
	slices.SortFunc(byRank, func(a, b uint32) int {
		if c := cmp.Compare(weights[b], weights[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	rank := make([]uint32, n)
	ws := make([]float64, n)
	for i, u := range byRank {
		rank[u] = uint32(i)
		ws[i] = weights[u]
	}
	src := NewSource(seed, "network/chung-lu")
	row := func(u uint32, dst []uint32) []uint32 {
		i := int(rank[u])
		wu := ws[i] / total // total > 0 whenever wu > 0
		if !(wu > 0) {
			return dst
		}
		k := uint32(0)
		j := i + 1
		p := 1.0
		if j < n {
			p = min(1, wu*ws[j])
		}
		for j < n && p > 0 {
			if p < 1 {
				gap := src.Geometric(u, k, math.Log1p(-p))
				k++
				if gap >= uint64(n-j) {
					break
				}
				j += int(gap)
			}
			q := min(1, wu*ws[j])
			if q < p {
				r := src.Float64(u, k)
				k++
				if r >= q/p {
					p = q
					j++
					continue
				}
			}
			dst = append(dst, byRank[j])
			p = q
			j++
		}
		return dst
	}
	g, _, err := Build(ctx, n, workers, row)
	return g, err
}

// PowerLawWeights returns n expected degrees with mean meanDegree and a
// power-law tail P(w > x) ∝ x^−(γ−1), γ = exponent > 2, for ChungLu: node i
// gets
//
//	w_i = c·(i + i₀)^(−1/(γ−1)),  i = 0, …, n−1,
//
// with c such that Σ w_i = n·d, d = meanDegree, and the offset i₀ ≥ 1 such
// that the largest weight w_0 = c·i₀^(−1/(γ−1)) is m = √(n·d) = √W, the
// structural cutoff (the role of i₀ in Chung & Lu 2002). Then w_u·w_v ≤ W
// for all pairs, no ChungLu probability is capped, and the expected degrees
// are the weights up to a factor 1 − w/W. If even i₀ = 1 gives w_0 < m (large
// γ or small n·d: the natural cutoff, about d·(γ−2)/(γ−1)·n^(1/(γ−1)), lies
// below m), i₀ = 1: a smaller one would make node 0 an outlier above the rest
// of the tail. i₀ is found by bisection on the Euler–Maclaurin form of
// Σ_i (i + i₀)^(−1/(γ−1)), so w_0 = m holds to about 10⁻⁶ relative; c comes
// from the exact sum, so the mean is d up to rounding.
//
// Weights are descending. It is an error (matching ErrInvalid) if n < 1,
// meanDegree is not within [0, n−1] or exponent is not a finite number > 2.
// It checks ctx every 65536 weights (10⁸ weights take seconds) and stops
// with its error once it is done.
func PowerLawWeights(ctx context.Context, n int, meanDegree, exponent float64) ([]float64, error) {
	if n < 1 {
		return nil, Invalidf("sim: power-law weights: n = %d, want ≥ 1", n)
	}
	if !(meanDegree >= 0 && meanDegree <= float64(n-1)) {
		return nil, Invalidf("sim: power-law weights: mean degree = %v, want within [0, n−1 = %d]", meanDegree, n-1)
	}
	if !(exponent > 2 && exponent < math.Inf(1)) {
		return nil, Invalidf("sim: power-law weights: exponent = %v, want finite and > 2", exponent)
	}
	w := make([]float64, n)
	if meanDegree == 0 {
		return w, nil
	}
	nf := float64(n)
	alpha := 1 / (exponent - 1)
	m := math.Sqrt(nf * meanDegree)
	// top(i₀) is w_0/m − 1 with the sum in Euler–Maclaurin form; it falls
	// from top(0+) = √(n/d) − 1 > 0 to top(∞) = √(d/n) − 1 < 0.
	top := func(i0 float64) float64 {
		return nf*meanDegree*math.Pow(i0, -alpha)/powerSum(n, i0, alpha)/m - 1
	}
	i0 := 1.0
	if top(1) > 0 {
		hi := 2.0
		for top(hi) > 0 {
			i0, hi = hi, 2*hi
		}
		for range 64 {
			mid := math.Sqrt(i0 * hi)
			if top(mid) > 0 {
				i0 = mid
			} else {
				hi = mid
			}
		}
	}
	var sum float64
	for i := range w {
		if i%(1<<16) == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		w[i] = math.Pow(float64(i)+i0, -alpha)
		sum += w[i]
	}
	c := nf * meanDegree / sum
	for i := range w {
		w[i] *= c
	}
	return w, nil
}

// powerSum returns Σ_{i=0}^{n−1} (i + i₀)^(−α), i₀ ≥ 1, by Euler–Maclaurin:
// ∫₀ⁿ f + (f(0) − f(n))/2 + (f′(n) − f′(0))/12 with f(x) = (x + i₀)^(−α); the
// first omitted term is below α(α+1)(α+2)·i₀^(−α−3)/720.
func powerSum(n int, i0, alpha float64) float64 {
	nf := float64(n)
	// ∫₀ⁿ (x+i₀)^(−α) dx = i₀^(1−α)·((1 + n/i₀)^(1−α) − 1)/(1−α), written
	// with expm1 and log1p so it stays exact for i₀ ≫ n.
	integral := math.Pow(i0, 1-alpha) * math.Expm1((1-alpha)*math.Log1p(nf/i0)) / (1 - alpha)
	f0, fn := math.Pow(i0, -alpha), math.Pow(nf+i0, -alpha)
	d0, dn := -alpha*f0/i0, -alpha*fn/(nf+i0)
	return integral + (f0-fn)/2 + (dn-d0)/12
}
