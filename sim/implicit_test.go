package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// mustImplicit builds an implicit block model or fails the test.
func mustImplicit(t testing.TB, sizes []int, z, h float64, seed uint64) *Implicit {
	t.Helper()
	g, err := ImplicitBlockModel(context.Background(), sizes, z, h, seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestImplicitSymmetric checks that j ∈ N(i) ⇔ i ∈ N(j), with equal
// multiplicities, that no node neighbours itself and that the degree sum is
// twice Edges, for one group, several groups and the extreme homophilies.
func TestImplicitSymmetric(t *testing.T) {
	for i, test := range []struct {
		sizes []int
		z, h  float64
	}{
		{[]int{testSize(20_000)}, 10, 0},
		{[]int{testSize(12_000), testSize(6_000), 12}, 10, 0.7},
		{[]int{testSize(10_000), testSize(10_000)}, 7, 1},
		{[]int{testSize(10_000), 3}, 3, 0.2},
		{[]int{2, 2, 2}, 1, 0.5},
	} {
		g := mustImplicit(t, test.sizes, test.z, test.h, uint64(i+1))
		var pairs, reversed []uint64
		var row []uint32
		for u := range g.Len() {
			row = g.AppendNeighbours(uint32(u), row[:0])
			for _, v := range row {
				if int(v) == u || int(v) >= g.Len() {
					t.Fatalf("case %d: node %d has neighbour %d", i, u, v)
				}
				pairs = append(pairs, uint64(u)<<32|uint64(v))
				reversed = append(reversed, uint64(v)<<32|uint64(u))
			}
		}
		if int64(len(pairs)) != 2*g.Edges() {
			t.Errorf("case %d: degree sum %d, want 2·Edges = %d", i, len(pairs), 2*g.Edges())
		}
		slices.Sort(pairs)
		slices.Sort(reversed)
		if !slices.Equal(pairs, reversed) {
			t.Errorf("case %d: the neighbour relation is not symmetric", i)
		}
	}
}

// permutationCount returns the variance κ₂ and the fourth cumulant κ₄ of the
// neighbours a node gets from one truly random permutation of n ids joined
// with probability r: 0 unless the node takes part and is not a fixed point
// (probability a = r(1 − 1/n)), then Binomial(2, r).
func permutationCount(r float64, n int) (k2, k4 float64) {
	a := r * (1 - 1/float64(n))
	p := [3]float64{1 - a + a*(1-r)*(1-r), a * 2 * r * (1 - r), a * r * r}
	mean := p[1] + 2*p[2]
	var m2, m4 float64
	for c, pc := range p {
		d := float64(c) - mean
		m2 += pc * d * d
		m4 += pc * d * d * d * d
	}
	return m2, m4 - 3*m2*m2
}

// TestImplicitMoments checks, group by group, the mean and the variance of
// the degrees and the mean numbers of neighbours within and outside the
// group against the construction's closed forms (see ImplicitBlockModel),
// which hold for truly random permutations: the test measures how far the
// Feistel permutations are from that.
//
// Degree: mean z, variance Σ_k κ₂ over the node's permutations
// (permutationCount), fourth central moment Σκ₄ + 3(Σκ₂)². Within-group
// neighbours: z·h + z(1−h)(n_g−1)/(N−1); the rest are outside, as in
// BlockModel. Standard errors: a mean over n_g nodes has SE √(2σ²/n_g),
// since the two ends of a permutation's pair share its keep draw and the
// covariances add up to the variances (Var Σd = 4·Var(edges) = 2·Σ Var d);
// the sample variance has SE √((μ₄ − σ⁴)/n_g), times √1.5 for the
// covariance of neighbours' squared deviations (1/(2M) of it with M
// permutations per row, Gaussian approximation). The within and outside
// means use their sample variances. Tolerance: 4 SE.
func TestImplicitMoments(t *testing.T) {
	sizes := []int{testSize(150_000), testSize(50_000)}
	n := 0
	for _, s := range sizes {
		n += s
	}
	for i, test := range []struct {
		z, h float64
		seed uint64
	}{
		{10, 0, 1},
		{10, 0.8, 2},
		{12, 0.8, 3},
		{5, 0.37, 4},
		{10, 1, 5},
	} {
		g := mustImplicit(t, sizes, test.z, test.h, test.seed)
		start := 0
		var row []uint32
		for k, size := range sizes {
			// The closed form's permutations, as ImplicitBlockModel makes them.
			var k2, k4 float64
			for _, part := range []struct {
				z float64
				n int
			}{{test.z * test.h, size}, {test.z * (1 - test.h), n}} {
				if part.z == 0 {
					continue
				}
				m := math.Ceil(2 * part.z)
				r := math.Sqrt(part.z * float64(part.n) / (2 * m * float64(part.n-1)))
				c2, c4 := permutationCount(r, part.n)
				k2 += m * c2
				k4 += m * c4
			}
			var sum, sum2, win, win2, out, out2 float64
			for u := start; u < start+size; u++ {
				row = g.AppendNeighbours(uint32(u), row[:0])
				w := 0
				for _, v := range row {
					if int(v) >= start && int(v) < start+size {
						w++
					}
				}
				d := float64(len(row))
				sum += d
				sum2 += d * d
				win += float64(w)
				win2 += float64(w * w)
				out += d - float64(w)
				out2 += (d - float64(w)) * (d - float64(w))
			}
			ng := float64(size)
			mean := sum / ng
			variance := sum2/ng - mean*mean
			name := fmt.Sprintf("case %d (z %v, h %v) group %d", i, test.z, test.h, k)
			check := func(what string, got, want, se float64) {
				t.Logf("%s: %s %.5f, want %.5f (z-score %.2f)", name, what, got, want, (got-want)/se)
				if math.Abs(got-want) > 4*se {
					t.Errorf("%s: %s %.5f, want %.5f ± 4·%.5f", name, what, got, want, se)
				}
			}
			check("mean degree", mean, test.z, math.Sqrt(2*k2/ng))
			check("degree variance", variance, k2, math.Sqrt(1.5*(k4+2*k2*k2)/ng))
			wantIn := test.z*test.h + test.z*(1-test.h)*float64(size-1)/float64(n-1)
			wm, om := win/ng, out/ng
			check("neighbours within", wm, wantIn, math.Sqrt(2*(win2/ng-wm*wm)/ng))
			if test.h < 1 {
				check("neighbours outside", om, test.z-wantIn, math.Sqrt(2*(out2/ng-om*om)/ng))
			} else if out != 0 {
				t.Errorf("%s: %v neighbours outside the group at h = 1", name, out)
			}
			start += size
		}
	}
}

// TestImplicitSmall checks networks whose edges are known: no contacts to
// place, groups of one, and two nodes, where a permutation of {0, 1} is the
// identity (no edge) or the swap (the edge twice: image and preimage), so
// the edges are even.
func TestImplicitSmall(t *testing.T) {
	for i, test := range []struct {
		sizes []int
		z, h  float64
	}{
		{[]int{5, 5}, 0, 0.5},
		{[]int{1, 1, 1}, 0, 0.7},
		{[]int{1, 1}, 1, 0}, // p_out = 1: the pair, from one permutation
	} {
		g := mustImplicit(t, test.sizes, test.z, test.h, 1)
		if test.z == 0 && (g.Edges() != 0 || g.MaxDegree() != 0) {
			t.Errorf("case %d: %d edges, max degree %d, want none", i, g.Edges(), g.MaxDegree())
		}
		if test.z > 0 && g.Edges()%2 != 0 {
			t.Errorf("case %d: %d edges, want an even number", i, g.Edges())
		}
	}
}

func TestImplicitWorkersIdentical(t *testing.T) {
	sizes := []int{20_000, 15_000, 5_000}
	want := mustImplicit(t, sizes, 8, 0.6, 3).Edges()
	for _, workers := range []int{1, 2, 8} {
		g, err := ImplicitBlockModel(context.Background(), sizes, 8, 0.6, 3, workers)
		if err != nil {
			t.Fatal(err)
		}
		if g.Edges() != want {
			t.Errorf("workers %d: %d edges, want %d", workers, g.Edges(), want)
		}
	}
}

// TestImplicitPinned pins the edge count and a hash of every row of a small
// implicit network: a change here changes every implicit network built from
// a seed, so it must be deliberate.
func TestImplicitPinned(t *testing.T) {
	g := mustImplicit(t, []int{600, 400}, 6, 0.7, 1)
	rows := &CSR{Offsets: []int{0}}
	for u := range g.Len() {
		rows.Targets = g.AppendNeighbours(uint32(u), rows.Targets)
		rows.Offsets = append(rows.Offsets, len(rows.Targets))
	}
	const wantEdges, wantHash = 3100, 0xeebf0629062204e7
	if got := csrHash(rows); g.Edges() != wantEdges || got != wantHash {
		t.Errorf("%d edges, hash %#x, want %d and %#x", g.Edges(), got, wantEdges, uint64(wantHash))
	}
}

func TestImplicitErrors(t *testing.T) {
	for i, test := range []struct {
		sizes []int
		z, h  float64
		want  string
	}{
		{nil, 1, 0.5, "implicit-block-model: len(sizes) = 0"},
		{[]int{10, 0}, 1, 0.5, "sizes[1] = 0"},
		{[]int{10}, math.Inf(1), 0.5, "mean degree = +Inf"},
		{[]int{10}, 2, 1.5, "homophily = 1.5"},
		{[]int{100, 3}, 10, 0.9, "p within group 1 = "},
	} {
		_, err := ImplicitBlockModel(context.Background(), test.sizes, test.z, test.h, 1, 0)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
}

// BenchmarkImplicitRow measures the cost of computing one row of an
// implicit network of mean degree 10 (one op = one row).
func BenchmarkImplicitRow(b *testing.B) {
	g := mustImplicit(b, []int{1_000_000}, 10, 0, 1)
	var row []uint32
	var sum int
	b.ResetTimer()
	for i := range b.N {
		row = g.AppendNeighbours(uint32(i%g.Len()), row[:0])
		sum += len(row)
	}
	b.ReportMetric(float64(sum)/float64(b.N), "degree")
}
