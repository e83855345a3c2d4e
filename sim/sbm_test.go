package sim

import (
	"context"
	"math"
	"strings"
	"testing"
)

// groupOf returns the group of each node of a block model with these sizes.
func groupOf(sizes []int) []int {
	var g []int
	for k, s := range sizes {
		for range s {
			g = append(g, k)
		}
	}
	return g
}

// blockTheory holds the exact edge-count distribution of a block model:
// within group g there are C(n_g, 2) pairs at p_in(g), between groups g and k
// n_g·n_k pairs at p_out, all independent.
type blockTheory struct {
	pOut float64
	pIn  []float64
}

func newBlockTheory(sizes []int, z, h float64) blockTheory {
	n := 0
	for _, s := range sizes {
		n += s
	}
	bt := blockTheory{pOut: z * (1 - h) / float64(n-1)}
	for _, s := range sizes {
		bt.pIn = append(bt.pIn, bt.pOut+z*h/float64(s-1))
	}
	return bt
}

// TestBlockModelGroups checks, for several homophilies, each group's mean
// degree and the share of edges within groups against the model.
//
// The degree sum of group g is D_g = 2E_gg + Σ_{k≠g} E_gk with E_gg ~
// Binomial(C(n_g,2), p_in(g)) and E_gk ~ Binomial(n_g n_k, p_out)
// independent, so the mean degree D_g/n_g has expectation z exactly and SE
// √(4C(n_g,2)p_in q_in + n_g(N−n_g)p_out q_out)/n_g. The within share is
// f = W/(W+B), W = Σ_g E_gg and B = Σ_{g<k} E_gk independent sums of
// binomials; by the delta method E f ≈ EW/(EW+EB) and Var f ≈ (EB²·Var W +
// EW²·Var B)/(EW+EB)⁴, both to O(1/edges).
func TestBlockModelGroups(t *testing.T) {
	sizes := []int{testSize(60_000), testSize(30_000), testSize(10_000)}
	n := 0
	for _, s := range sizes {
		n += s
	}
	group := groupOf(sizes)
	for i, test := range []struct {
		z, h float64
		seed uint64
	}{
		{10, 0, 1},
		{10, 0.5, 2},
		{10, 0.9, 3},
		{10, 1, 4},
		{4, 0.3, 5},
	} {
		g, err := BlockModel(context.Background(), sizes, test.z, test.h, test.seed, 0)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}
		bt := newBlockTheory(sizes, test.z, test.h)
		degSum := make([]float64, len(sizes))
		var within, between float64
		for u := range n {
			degSum[group[u]] += float64(g.Degree(u))
			for _, v := range g.Neighbours(u) {
				if int(v) > u {
					if group[v] == group[u] {
						within++
					} else {
						between++
					}
				}
			}
		}
		var ew, vw, eb, vb float64
		for k, s := range sizes {
			pairs := float64(s) * float64(s-1) / 2
			pIn := bt.pIn[k]
			ew += pairs * pIn
			vw += pairs * pIn * (1 - pIn)
			for _, s2 := range sizes[k+1:] {
				eb += float64(s) * float64(s2) * bt.pOut
				vb += float64(s) * float64(s2) * bt.pOut * (1 - bt.pOut)
			}
			other := float64(s) * float64(n-s)
			se := math.Sqrt(4*pairs*pIn*(1-pIn)+other*bt.pOut*(1-bt.pOut)) / float64(s)
			mean := degSum[k] / float64(s)
			if d := math.Abs(mean - test.z); d > 4*se {
				t.Errorf("case %d (z %v, h %v): group %d mean degree %.4f, want %v ± 4·%.4f",
					i, test.z, test.h, k, mean, test.z, se)
			}
		}
		m := ew + eb
		wantF := ew / m
		seF := math.Sqrt(eb*eb*vw+ew*ew*vb) / (m * m)
		f := within / (within + between)
		t.Logf("case %d (h %v): within share %.5f, want %.5f (z-score %.2f)", i, test.h, f, wantF, (f-wantF)/seF)
		if test.h == 1 {
			if between != 0 {
				t.Errorf("case %d (h = 1): %v edges between groups, want 0", i, between)
			}
			continue
		}
		if d := math.Abs(f - wantF); d > 4*seF {
			t.Errorf("case %d (z %v, h %v): share of edges within groups %.5f, want %.5f ± 4·%.5f",
				i, test.z, test.h, f, wantF, seF)
		}
	}
}

// TestBlockModelHomophilyZero checks that h = 0 is G(N, z/(N−1)): the mean
// and variance of the degree sequence against Binomial(N−1, p), with the
// standard errors of TestErdosRenyiMoments.
func TestBlockModelHomophilyZero(t *testing.T) {
	sizes := []int{testSize(50_000), testSize(30_000), testSize(20_000)}
	n := 0
	for _, s := range sizes {
		n += s
	}
	const z = 10.0
	g, err := BlockModel(context.Background(), sizes, z, 0, 9, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := z / float64(n-1)
	pairs := float64(n) * float64(n-1) / 2
	mean, variance := DegreeMoments(g)
	seMean := 2 * math.Sqrt(pairs*p*(1-p)) / float64(n)
	if d := math.Abs(mean - z); d > 4*seMean {
		t.Errorf("mean degree %.5f, want %v ± 4·%.5f", mean, z, seMean)
	}
	s2, mu4 := binomialMoments(n-1, p)
	wantVar := (1 - 2/float64(n)) * s2
	seVar := math.Sqrt((mu4 - s2*s2) / float64(n))
	if d := math.Abs(variance - wantVar); d > 4*seVar {
		t.Errorf("degree variance %.4f, want %.4f ± 4·%.4f", variance, wantVar, seVar)
	}
}

func TestBlockModelSmall(t *testing.T) {
	for i, test := range []struct {
		sizes []int
		z, h  float64
		edges int64
	}{
		{[]int{3, 3}, 2, 1, 6},      // p_in = 2/2 = 1, p_out = 0: two triangles
		{[]int{4}, 3, 0.5, 6},       // one group: p = 1.5/3 + 1.5/3 = 1, K4
		{[]int{1, 1, 1}, 0, 0.7, 0}, // no contacts to place
		{[]int{1, 4}, 4, 0, 10},     // p_out = 4/4 = 1: K5
		{[]int{5, 5}, 0, 0, 0},
	} {
		g, err := BlockModel(context.Background(), test.sizes, test.z, test.h, 1, 2)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}
		if g.Edges() != test.edges {
			t.Errorf("case %d: BlockModel(%v, %v, %v) has %d edges, want %d", i, test.sizes, test.z, test.h, g.Edges(), test.edges)
		}
	}
}

func TestBlockModelWorkersIdentical(t *testing.T) {
	checkWorkers(t, "SBM(20000+15000+5000, 8, 0.6)", func(workers int) (*CSR, error) {
		return BlockModel(context.Background(), []int{20_000, 15_000, 5_000}, 8, 0.6, 3, workers)
	})
}

func TestBlockModelErrors(t *testing.T) {
	for i, test := range []struct {
		sizes []int
		z, h  float64
		want  string
	}{
		{nil, 1, 0.5, "len(sizes) = 0"},
		{[]int{10, 0}, 1, 0.5, "sizes[1] = 0"},
		{[]int{-4}, 1, 0.5, "sizes[0] = -4"},
		{[]int{10}, -1, 0.5, "mean degree = -1"},
		{[]int{10}, math.NaN(), 0.5, "mean degree = NaN"},
		{[]int{10}, 2, 1.5, "homophily = 1.5"},
		{[]int{10}, 2, -0.1, "homophily = -0.1"},
		{[]int{10}, 2, math.NaN(), "homophily = NaN"},
		{[]int{100, 3}, 10, 0.9, "p within group 1 = "},
		{[]int{100, 3}, 10, 0.9, "sizes[1] = 3"},
		{[]int{100, 1}, 10, 0.5, "p within group 1 = +Inf"},
		{[]int{5, 5}, 20, 0, "p between groups = 2.2"},
		{[]int{1}, 1, 0, "p between groups = +Inf"},
	} {
		_, err := BlockModel(context.Background(), test.sizes, test.z, test.h, 1, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: BlockModel(%v, %v, %v) error = %v, want one containing %q", i, test.sizes, test.z, test.h, err, test.want)
		}
	}
}
