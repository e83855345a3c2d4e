package sim

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// chungLuExact holds the exact degree moments of a Chung–Lu graph, computed
// from the edge probabilities p_uv = min(1, w_u w_v/W) in O(n²).
type chungLuExact struct {
	mu, sigma2 []float64 // E d_u = Σ_v p_uv and Var d_u = Σ_v p_uv(1−p_uv)
	kappa4     []float64 // fourth cumulant of d_u: Σ_v pq(1 − 6pq)
	pairVar    float64   // Σ_{u<v} p(1−p): Var of the number of edges
	// cross is Σ_{u<v} pq(1−2p)²/(σ_u²σ_v²): the covariance that the shared
	// pair (u, v) puts between (d_u − μ_u)²/σ_u² and (d_v − μ_v)²/σ_v².
	cross float64
}

func exactChungLu(w []float64) chungLuExact {
	n := len(w)
	var total float64
	for _, x := range w {
		total += x
	}
	e := chungLuExact{mu: make([]float64, n), sigma2: make([]float64, n), kappa4: make([]float64, n)}
	p := func(u, v int) float64 { return min(1, w[u]*w[v]/total) }
	for u := range n {
		for v := u + 1; v < n; v++ {
			p := p(u, v)
			pq := p * (1 - p)
			e.mu[u] += p
			e.mu[v] += p
			e.sigma2[u] += pq
			e.sigma2[v] += pq
			e.kappa4[u] += pq * (1 - 6*pq)
			e.kappa4[v] += pq * (1 - 6*pq)
			e.pairVar += pq
		}
	}
	for u := range n {
		for v := u + 1; v < n; v++ {
			if p := p(u, v); e.sigma2[u] > 0 && e.sigma2[v] > 0 {
				e.cross += p * (1 - p) * (1 - 2*p) * (1 - 2*p) / (e.sigma2[u] * e.sigma2[v])
			}
		}
	}
	return e
}

// permuted returns w[(u·stride) mod n] for node u: a fixed shuffle, so that a
// generator that loses track of which weight belongs to which node fails.
func permuted(w []float64, stride int) []float64 {
	out := make([]float64, len(w))
	for u := range out {
		out[u] = w[u*stride%len(w)]
	}
	return out
}

// TestChungLuMoments compares the degree sequences of Chung–Lu graphs over
// several seeds with their exact expectations.
//
// With independent edges, d_u = Σ_v A_uv has mean μ_u = Σ_v p_uv and variance
// σ_u² = Σ_v p_uv(1−p_uv), and the number of edges M has Var M = Σ_{u<v}
// p(1−p). So the mean degree 2M/n has E = (1/n)Σ_u μ_u and SE = 2√Var M / n,
// exactly. For the population variance S = (1/n)Σ d_u² − d̄²:
// E[(1/n)Σ d_u²] = (1/n)Σ(μ_u² + σ_u²) and E[d̄²] = μ̄² + Var d̄ with
// Var d̄ = 4 Var M/n² = (2/n²)Σ σ_u², so
//
//	E[S] = Var_u(μ_u) + (1 − 2/n)·mean_u σ_u²,
//
// exactly. Its SE is estimated from the spread of S over the seeds.
//
// Last, T = Σ_u (d_u − μ_u)²/σ_u² checks each node's degree against its own
// weight: E T = the number of nodes with σ_u² > 0, and Var T = Σ_u(2 +
// κ₄_u/σ_u⁴) + 2Σ_{u<v} p(1−p)(1−2p)²/(σ_u²σ_v²) (the variance of each term,
// a sum of independent Bernoullis with fourth cumulant κ₄, plus the
// covariance through the one edge two nodes share), exactly.
func TestChungLuMoments(t *testing.T) {
	const (
		n     = 3000
		seeds = 16
	)
	for i, test := range []struct {
		mean, gamma float64
	}{
		{10, 2.5},
		{6, 2.2},
		{20, 3.5},
	} {
		// 7919 is prime, so u ↦ 7919u mod 3000 is a bijection.
		w := permuted(powerLaw(t, n, test.mean, test.gamma), 7919)
		e := exactChungLu(w)
		var wantMean, meanSigma2, varMu, tMean, tVar float64
		for u := range n {
			wantMean += e.mu[u] / n
			meanSigma2 += e.sigma2[u] / n
			if e.sigma2[u] > 0 {
				tMean++
				tVar += 2 + e.kappa4[u]/(e.sigma2[u]*e.sigma2[u])
			}
		}
		for u := range n {
			varMu += (e.mu[u] - wantMean) * (e.mu[u] - wantMean) / n
		}
		tVar += 2 * e.cross
		wantVar := varMu + (1-2.0/n)*meanSigma2
		seMean := 2 * math.Sqrt(e.pairVar) / n

		var sumS, sumS2, sumT float64
		for seed := range uint64(seeds) {
			g, err := ChungLu(context.Background(), w, seed, 0)
			if err != nil {
				t.Fatalf("case %d: %v", i, err)
			}
			if err := checkCSR(g); err != nil {
				t.Fatalf("case %d, seed %d: invalid CSR: %v", i, seed, err)
			}
			mean, variance := DegreeMoments(g)
			if d := math.Abs(mean - wantMean); d > 4*seMean {
				t.Errorf("case %d (z %v, γ %v), seed %d: mean degree %.4f, want %.4f ± 4·%.4f",
					i, test.mean, test.gamma, seed, mean, wantMean, seMean)
			}
			sumS += variance
			sumS2 += variance * variance
			for u := range n {
				d := float64(g.Degree(u)) - e.mu[u]
				if e.sigma2[u] > 0 {
					sumT += d * d / e.sigma2[u]
				} else if d != 0 {
					t.Errorf("case %d, seed %d: node %d has degree %d, want exactly %v", i, seed, u, g.Degree(u), e.mu[u])
				}
			}
		}
		meanS := sumS / seeds
		seS := math.Sqrt((sumS2/seeds - meanS*meanS) / (seeds - 1))
		t.Logf("case %d: E mean %.4f; variance %.3f over %d seeds, want %.3f (z-score %.2f); T z-score %.2f",
			i, wantMean, meanS, seeds, wantVar, (meanS-wantVar)/seS, (sumT-seeds*tMean)/math.Sqrt(seeds*tVar))
		if d := math.Abs(meanS - wantVar); d > 4*seS {
			t.Errorf("case %d (z %v, γ %v): degree variance %.3f over %d seeds, want %.3f ± 4·%.3f",
				i, test.mean, test.gamma, meanS, seeds, wantVar, seS)
		}
		if d := math.Abs(sumT - seeds*tMean); d > 4*math.Sqrt(seeds*tVar) {
			t.Errorf("case %d (z %v, γ %v): Σ(d_u − μ_u)²/σ_u² = %.0f over %d seeds, want %.0f ± 4·%.0f",
				i, test.mean, test.gamma, sumT, seeds, seeds*tMean, math.Sqrt(seeds*tVar))
		}
	}
}

// TestChungLuHeavyTail checks that power-law weights give hubs: at n = 10⁴
// and mean degree 10, the top node of a γ = 2.5 graph expects about √(nd) ≈
// 316 neighbours, while no node of G(n, 10/(n−1)) is likely to reach 31.
func TestChungLuHeavyTail(t *testing.T) {
	const (
		n = 10_000
		z = 10.0
	)
	w := powerLaw(t, n, z, 2.5)
	g, err := ChungLu(context.Background(), w, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	er, err := ErdosRenyi(context.Background(), n, z, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	maxDegree := func(g *CSR) int {
		m := 0
		for u := range g.Len() {
			m = max(m, g.Degree(u))
		}
		return m
	}
	// ER: P(some degree ≥ 31) ≤ n·P(Binomial(n−1, p) > 30).
	erLimit := 30
	binom := distuv.Binomial{N: n - 1, P: z / (n - 1)}
	if tail := n * binom.Survival(float64(erLimit)); tail > 1e-3 {
		t.Fatalf("union bound n·P(d > %d) = %v, want a limit ER exceeds with probability < 10⁻³", erLimit, tail)
	}
	// Chung–Lu: node 0 has the largest weight; its degree is a sum of
	// independent Bernoullis with mean μ and variance σ² < μ.
	var total, mu, sigma2 float64
	for _, x := range w {
		total += x
	}
	for v := 1; v < n; v++ {
		p := min(1, w[0]*w[v]/total)
		mu += p
		sigma2 += p * (1 - p)
	}
	clMax, erMax := maxDegree(g), maxDegree(er)
	t.Logf("max degree: Chung–Lu %d (node 0 expects %.1f ± %.1f), Erdős–Rényi %d", clMax, mu, math.Sqrt(sigma2), erMax)
	if erMax > erLimit {
		t.Errorf("Erdős–Rényi max degree %d > %d", erMax, erLimit)
	}
	if lo := mu - 4*math.Sqrt(sigma2); float64(g.Degree(0)) < lo {
		t.Errorf("Chung–Lu node 0 has degree %d, want ≥ μ − 4σ = %.1f", g.Degree(0), lo)
	}
	if clMax < 5*erMax {
		t.Errorf("Chung–Lu max degree %d < 5 × Erdős–Rényi's %d: no heavy tail", clMax, erMax)
	}
}

func TestChungLuSmall(t *testing.T) {
	for i, test := range []struct {
		w     []float64
		edges int64
	}{
		{[]float64{0}, 0},
		{[]float64{0, 0, 0}, 0},
		{[]float64{5, 0, 0, 0}, 0},        // p = 5·0/5 = 0
		{[]float64{10, 10, 10, 10}, 6},    // p = min(1, 100/40) = 1: K4
		{[]float64{0, 100, 0, 100, 0}, 1}, // p(1, 3) = min(1, 10⁴/200) = 1, all others 0
	} {
		g, err := ChungLu(context.Background(), test.w, 3, 2)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}
		if g.Len() != len(test.w) {
			t.Errorf("case %d: %d nodes, want %d", i, g.Len(), len(test.w))
		}
		if g.Edges() != test.edges {
			t.Errorf("case %d: ChungLu(%v) has %d edges, want %d", i, test.w, g.Edges(), test.edges)
		}
	}
}

func TestChungLuWorkersIdentical(t *testing.T) {
	w := permuted(powerLaw(t, 20_000, 8, 2.3), 7919)
	checkWorkers(t, "Chung–Lu(20000, 8, 2.3)", func(workers int) (*CSR, error) {
		return ChungLu(context.Background(), w, 5, workers)
	})
}

func TestChungLuErrors(t *testing.T) {
	for i, test := range []struct {
		w    []float64
		want string
	}{
		{nil, "len(weights) = 0"},
		{[]float64{1, -2}, "weights[1] = -2"},
		{[]float64{math.NaN()}, "weights[0] = NaN"},
		{[]float64{1, 1, math.Inf(1)}, "weights[2] = +Inf"},
		{[]float64{math.MaxFloat64, math.MaxFloat64}, "overflows"},
	} {
		_, err := ChungLu(context.Background(), test.w, 1, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: ChungLu(%v) error = %v, want one containing %q", i, test.w, err, test.want)
		}
	}
}

// TestPowerLawWeights checks the mean, the order and the largest weight,
// which is √(n·d) by construction when i₀ > 1 (to the 10⁻⁶ of the
// Euler–Maclaurin sum; 10⁻⁴ allowed), while with i₀ = 1 it is below √(n·d)
// and w_0/w_1 = 2^(1/(γ−1)) by the formula.
func TestPowerLawWeights(t *testing.T) {
	for i, test := range []struct {
		n           int
		mean, gamma float64
		floored     bool // i₀ = 1
	}{
		{100_000, 10, 2.5, false},
		{1_000_000, 10, 2.2, false},
		{10_000, 50, 2.8, false},
		{1000, 3, 2.05, false},
		{100_000, 10, 4, true},
		{10, 2, 3, true},
		{5, 0, 2.5, true},
	} {
		w := powerLaw(t, test.n, test.mean, test.gamma)
		if len(w) != test.n {
			t.Fatalf("case %d: len = %d, want %d", i, len(w), test.n)
		}
		var sum float64
		for _, x := range w {
			sum += x
		}
		if got := sum / float64(test.n); math.Abs(got-test.mean) > 1e-9*test.mean {
			t.Errorf("case %d: mean weight %v, want %v", i, got, test.mean)
		}
		if !slices.IsSortedFunc(w, func(a, b float64) int { return -cmpFloat(a, b) }) {
			t.Errorf("case %d: weights not descending", i)
		}
		if test.mean == 0 {
			continue
		}
		m := math.Sqrt(float64(test.n) * test.mean)
		if !test.floored {
			if math.Abs(w[0]/m-1) > 1e-4 {
				t.Errorf("case %d (n %d, d %v, γ %v): largest weight %.4f, want √(nd) = %.4f",
					i, test.n, test.mean, test.gamma, w[0], m)
			}
			continue
		}
		want := math.Pow(2, 1/(test.gamma-1))
		if w[0] > m || math.Abs(w[0]/w[1]-want) > 1e-12 {
			t.Errorf("case %d (n %d, d %v, γ %v): w_0 = %v, w_0/w_1 = %v, want ≤ √(nd) = %v and 2^(1/(γ−1)) = %v (i₀ = 1)",
				i, test.n, test.mean, test.gamma, w[0], w[0]/w[1], m, want)
		}
	}
}

// powerLaw returns PowerLawWeights(n, meanDegree, exponent), failing the
// test on an error.
func powerLaw(t testing.TB, n int, meanDegree, exponent float64) []float64 {
	t.Helper()
	w, err := PowerLawWeights(context.Background(), n, meanDegree, exponent)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestPowerLawWeightsErrors(t *testing.T) {
	for i, test := range []struct {
		n           int
		mean, gamma float64
		want        string
	}{
		{0, 1, 2.5, "n = 0"},
		{10, -1, 2.5, "mean degree = -1"},
		{10, 10, 2.5, "mean degree = 10"},
		{10, 2, 2, "exponent = 2"},
		{10, 2, math.Inf(1), "exponent = +Inf"},
	} {
		_, err := PowerLawWeights(context.Background(), test.n, test.mean, test.gamma)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: PowerLawWeights(%d, %v, %v) error = %v, want ErrInvalid containing %q",
				i, test.n, test.mean, test.gamma, err, test.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PowerLawWeights(ctx, 100, 2, 2.5); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}
