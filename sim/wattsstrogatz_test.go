package sim

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// ringDistance returns the distance between u and v around a ring of n nodes.
func ringDistance(u, v, n int) int {
	d := u - v
	if d < 0 {
		d = -d
	}
	return min(d, n-d)
}

// TestWattsStrogatzRing checks that β = 0 gives the ring lattice itself:
// every node joined to exactly its k/2 nearest neighbours on each side, nk/2
// edges, and the local clustering of every node 3(k−2)/(4(k−1)) (Watts &
// Strogatz 1998; Barrat & Weigt 2000, eq. 2), which holds for k < 2n/3.
func TestWattsStrogatzRing(t *testing.T) {
	for i, test := range []struct{ n, k int }{
		{20, 4}, // C = 1/2
		{1000, 10},
		{7, 4}, // k < 2n/3 = 4.67
	} {
		g, err := WattsStrogatz(context.Background(), test.n, test.k, 0, 1, 2)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}
		if want := int64(test.n * test.k / 2); g.Edges() != want {
			t.Errorf("case %d (n %d, k %d): edges = %d, want nk/2 = %d", i, test.n, test.k, g.Edges(), want)
		}
		wantC := 3 * float64(test.k-2) / (4 * float64(test.k-1))
		c := clustering(g)
		for u := range test.n {
			var want []uint32
			for v := range test.n {
				if v != u && ringDistance(u, v, test.n) <= test.k/2 {
					want = append(want, uint32(v))
				}
			}
			if got := g.Neighbours(u); !slices.Equal(got, want) {
				t.Fatalf("case %d (n %d, k %d): neighbours of %d = %v, want %v", i, test.n, test.k, u, got, want)
			}
			if math.Abs(c[u]-wantC) > 1e-12 {
				t.Errorf("case %d (n %d, k %d): clustering of %d = %v, want 3(k−2)/(4(k−1)) = %v", i, test.n, test.k, u, c[u], wantC)
			}
		}
	}
}

// wsDuplicates returns the expected number of edges that rewiring makes
// coincide with another, which the generator drops (see WattsStrogatz): each
// of the β·nk/2 rewired edges lands on one of the k−1 other lattice
// neighbours of its owner with probability (k−1)/(n−1), whose edge is kept
// with probability 1−β; two rewired edges of one owner coincide with
// probability 1/(n−1) (n·C(k/2, 2) pairs); and the rewired edges of u and v
// are both (u, v) with probability 1/(n−1)² (about (nk/2)²/2 pairs). Triple
// coincidences are of lower order.
func wsDuplicates(n, k int, beta float64) (keptHit, rewiredHit float64) {
	nf, kf := float64(n), float64(k)
	keptHit = beta * nf * kf / 2 * (kf - 1) * (1 - beta) / (nf - 1)
	sameOwner := nf * (kf / 2) * (kf/2 - 1) / 2 * beta * beta / (nf - 1)
	crossed := nf * kf / 2 * (nf - 1) * kf / 2 * beta * beta / ((nf - 1) * (nf - 1)) / 2
	return keptHit, sameOwner + crossed
}

// wsDegreeVariance returns the expected population variance of the degree
// sequence of a Watts–Strogatz graph on n nodes and its standard error, for
// large n.
//
// Barrat & Weigt (2000): d = k/2 + B + P with B ~ Binomial(k/2, 1−β) the
// kept lattice edges from u−1, …, u−k/2 and P ~ Poisson(βk/2) the rewired
// edges that land on u, about independent, so σ² = Var d = (k/2)β(1−β) + βk/2.
// The total degree is fixed (nk, less dropped duplicates), so Var d̄ ≈ 0 and
// the population variance has expectation σ² up to O(k/n) (P is really
// Binomial((n−1)k/2, β/(n−1)); a kept edge of u−j cannot also be rewired
// onto u; duplicates are dropped).
//
// For independent degrees the variance of the population variance would be
// (μ₄ − σ⁴)/n, with μ₄ = μ₄(B) + μ₄(P) + 6·Var B·Var P and μ₄(Poisson λ) =
// λ(1 + 3λ). But the edges lost to rewiring (Σ(k/2 − B)) and those gained
// (ΣP) are the same R ~ Binomial(nk/2, β) edges. Given R, E[Σ(d−k)²] ≈
// 2R − 2R²/(nk) (the lost counts are about Binomial(k/2, 2R/(nk)), the gained
// ones Binomial(R, 1/n)), so the sum moves with R at slope 2 − 2β where
// independent totals would move at slopes 1 (gained, variance nβk/2) and
// 1 − 2β (lost, variance nkβ(1−β)/2). Replacing the latter by the former adds
// (kβ/2)·((2−2β)²(1−β) − 1 − (1−2β)²(1−β)) = (kβ/2)(2 − 7β + 4β²) to
// n·Var. (Without it the SE is 30% short at k = 4, β = 0.05; with it, the
// z-scores over 100 seeds of each case below had standard deviation
// 0.87–1.05, n = 10⁵.)
func wsDegreeVariance(n, k int, beta float64) (variance, se float64) {
	varB, mu4B := binomialMoments(k/2, 1-beta)
	lambda := beta * float64(k) / 2
	variance = varB + lambda
	mu4 := mu4B + lambda*(1+3*lambda) + 6*varB*lambda
	shared := lambda * (2 - 7*beta + 4*beta*beta)
	return variance, math.Sqrt((mu4 - variance*variance + shared) / float64(n))
}

// TestWattsStrogatzMoments checks the number of edges dropped as duplicates,
// the number of edges that rewiring moved off the lattice and the variance of
// the degree sequence against their expectations.
func TestWattsStrogatzMoments(t *testing.T) {
	n := testSize(100_000)
	for i, test := range []struct {
		k    int
		beta float64
		seed uint64
	}{
		{10, 0.1, 1},
		{10, 0.3, 2},
		{6, 1, 3},
		{20, 0.5, 4},
		{4, 0.05, 5},
	} {
		g, err := WattsStrogatz(context.Background(), n, test.k, test.beta, test.seed, 0)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}

		// Dropped duplicates: a sum of many rare, nearly independent
		// coincidences, so about Poisson; accept its central 1 − 2·10⁻⁴.
		keptHit, rewiredHit := wsDuplicates(n, test.k, test.beta)
		dup := distuv.Poisson{Lambda: keptHit + rewiredHit}
		dropped := int64(n*test.k/2) - g.Edges()
		lo, hi := poissonQuantile(dup, 1e-4), poissonQuantile(dup, 1-1e-4)
		t.Logf("case %d (k %d, β %v): dropped %d, expected %.2f", i, test.k, test.beta, dropped, dup.Lambda)
		if dropped < lo || dropped > hi {
			t.Errorf("case %d (k %d, β %v): %d duplicate edges dropped, want about Poisson(%.2f): within [%d, %d]",
				i, test.k, test.beta, dropped, dup.Lambda, lo, hi)
		}

		// Edges off the lattice: each of the nk/2 owned edges is rewired
		// (β) to a node at ring distance > k/2 (probability (n−1−k)/(n−1)),
		// independently: Binomial. Coinciding rewired edges (rewiredHit on
		// average) are counted once, which the tolerance absorbs.
		var off int64
		for u := range n {
			for _, v := range g.Neighbours(u) {
				if int(v) > u && ringDistance(u, int(v), n) > test.k/2 {
					off++
				}
			}
		}
		trials := float64(n * test.k / 2)
		q := test.beta * float64(n-1-test.k) / float64(n-1)
		wantOff, seOff := trials*q, math.Sqrt(trials*q*(1-q))
		if d := math.Abs(float64(off) - wantOff); d > 4*seOff+rewiredHit {
			t.Errorf("case %d (k %d, β %v): %d edges off the lattice, want %.1f ± (4·%.1f + %.1f)",
				i, test.k, test.beta, off, wantOff, seOff, rewiredHit)
		}

		// Degree variance (Barrat & Weigt 2000), SE from wsDegreeVariance.
		mean, variance := DegreeMoments(g)
		wantVar, seVar := wsDegreeVariance(n, test.k, test.beta)
		t.Logf("case %d: mean %.5f, variance %.4f, want %.4f (z-score %.2f)", i, mean, variance, wantVar, (variance-wantVar)/seVar)
		if d := math.Abs(variance - wantVar); d > 4*seVar {
			t.Errorf("case %d (k %d, β %v): degree variance %.4f, want (k/2)β(1−β) + βk/2 = %.4f ± 4·%.4f",
				i, test.k, test.beta, variance, wantVar, seVar)
		}
	}
}

// poissonQuantile returns the smallest x with P(X ≤ x) ≥ p.
func poissonQuantile(d distuv.Poisson, p float64) int64 {
	x := int64(0)
	for d.CDF(float64(x)) < p {
		x++
	}
	return x
}

func TestWattsStrogatzWorkersIdentical(t *testing.T) {
	checkWorkers(t, "WS(30000, 8, 0.2)", func(workers int) (*CSR, error) {
		return WattsStrogatz(context.Background(), 30_000, 8, 0.2, 11, workers)
	})
}

func TestWattsStrogatzErrors(t *testing.T) {
	for i, test := range []struct {
		n, k int
		beta float64
		want string
	}{
		{2, 2, 0.1, "agents = 2"},
		{10, 3, 0.1, "k = 3, want even and 2 ≤ k < n = 10"},
		{10, 0, 0.1, "k = 0"},
		{10, 10, 0.1, "k = 10"},
		{10, -2, 0.1, "k = -2"},
		{10, 4, -0.5, "beta = -0.5"},
		{10, 4, 1.5, "beta = 1.5"},
		{10, 4, math.NaN(), "beta = NaN"},
	} {
		_, err := WattsStrogatz(context.Background(), test.n, test.k, test.beta, 1, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: WattsStrogatz(%d, %d, %v) error = %v, want one containing %q",
				i, test.n, test.k, test.beta, err, test.want)
		}
	}
}
