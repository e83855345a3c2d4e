package sim

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// testSize returns n, or n/5 with -short or under the race detector: the
// statistical tests keep their tolerances (tied to the standard error at the
// size used) and lose power, while the race detector's time goes to the
// worker-determinism tests.
func testSize(n int) int {
	if testing.Short() || raceDetector {
		return n / 5
	}
	return n
}

// messyRow emits, for node u of a ring on n nodes, a self-loop (u, u), the
// edge to u+1 twice and the edge to u−1 once more, so the clean graph is the
// n-cycle: each of its n edges is emitted three times (twice by u, once by
// u+1) and each node once emits itself.
func messyRow(n int) RowFunc {
	return func(u uint32, dst []uint32) []uint32 {
		next := uint32((int(u) + 1) % n)
		prev := uint32((int(u) + n - 1) % n)
		return append(dst, u, next, next, prev)
	}
}

func TestBuildDropsLoopsAndDuplicates(t *testing.T) {
	// More than two build chunks, not a multiple of the chunk size.
	n := 2*buildChunk + 17
	for _, workers := range []int{1, 2, 8} {
		g, dropped, err := Build(context.Background(), n, workers, messyRow(n))
		if err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("workers %d: invalid CSR: %v", workers, err)
		}
		// n self-loops, plus two surplus copies of each of the n cycle edges.
		if want := int64(3 * n); dropped != want {
			t.Errorf("workers %d: dropped = %d, want 3n = %d", workers, dropped, want)
		}
		if got := g.Edges(); got != int64(n) {
			t.Errorf("workers %d: edges = %d, want n = %d (the cycle)", workers, got, n)
		}
		for u := range n {
			want := []uint32{uint32((u + n - 1) % n), uint32((u + 1) % n)}
			slices.Sort(want)
			if got := g.Neighbours(u); !slices.Equal(got, want) {
				t.Fatalf("workers %d: neighbours of %d = %v, want %v", workers, u, got, want)
			}
		}
	}
}

func TestBuildSizeError(t *testing.T) {
	_, _, err := Build(context.Background(), -1, 1, messyRow(1))
	if err == nil || !strings.Contains(err.Error(), "-1") {
		t.Errorf("Build(-1, …) error = %v, want one naming -1", err)
	}
}

func TestBuildEmpty(t *testing.T) {
	g, dropped, err := Build(context.Background(), 0, 2, func(u uint32, dst []uint32) []uint32 { return dst })
	if err != nil || g.Len() != 0 || g.Edges() != 0 || dropped != 0 {
		t.Fatalf("Build(0) = (len %d, edges %d, dropped %d, %v), want an empty graph", g.Len(), g.Edges(), dropped, err)
	}
}

// sameCSR reports whether a and b have identical Offsets and Targets.
func sameCSR(a, b *CSR) bool {
	return slices.Equal(a.Offsets, b.Offsets) && slices.Equal(a.Targets, b.Targets)
}

// checkWorkers builds the graph with 1, 2 and 8 workers and fails unless all
// three are valid and identical.
func checkWorkers(t *testing.T, name string, build func(workers int) (*CSR, error)) *CSR {
	t.Helper()
	var first *CSR
	for _, workers := range []int{1, 2, 8} {
		g, err := build(workers)
		if err != nil {
			t.Fatalf("%s, workers %d: %v", name, workers, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("%s, workers %d: invalid CSR: %v", name, workers, err)
		}
		if first == nil {
			first = g
		} else if !sameCSR(first, g) {
			t.Fatalf("%s: workers %d gives a different graph than workers 1", name, workers)
		}
	}
	return first
}

func TestBuildWorkersIdentical(t *testing.T) {
	n := 3*buildChunk + 5
	checkWorkers(t, "messy ring", func(workers int) (*CSR, error) {
		g, _, err := Build(context.Background(), n, workers, messyRow(n))
		return g, err
	})
}

func TestErdosRenyiWorkersIdentical(t *testing.T) {
	checkWorkers(t, "G(30000, 8/29999)", func(workers int) (*CSR, error) {
		return ErdosRenyi(context.Background(), 30_000, 8, 7, workers)
	})
}

// binomialMoments returns the variance σ² and the fourth central moment μ₄ of
// Binomial(m, p): σ² = mpq and μ₄ = mpq(1 + 3(m−2)pq), q = 1−p.
func binomialMoments(m int, p float64) (variance, mu4 float64) {
	pq := p * (1 - p)
	variance = float64(m) * pq
	return variance, variance * (1 + 3*float64(m-2)*pq)
}

// TestErdosRenyiMoments compares the mean and the variance of the degree
// sequence of G(n, p) with their expectations.
//
// The mean is 2M/n with M ~ Binomial(n(n−1)/2, p), so E = (n−1)p exactly and
// SE = 2·sqrt(pairs·p(1−p))/n exactly. The population variance S of the
// degrees, each Binomial(n−1, p), has E[S] = (1 − 2/n)·(n−1)p(1−p) (the
// 2/n is the share of Var(d̄); see TestChungLuMoments for the derivation).
// Its SE is the asymptotic one for n independent draws,
// sqrt((μ₄ − σ⁴)/n): degrees of G(n, p) share one edge at most, a
// correlation of order 1/n.
func TestErdosRenyiMoments(t *testing.T) {
	n := testSize(100_000)
	for i, test := range []struct {
		z    float64
		seed uint64
	}{
		{10, 1},
		{10, 2},
		{3.5, 3},
		{50, 4},
	} {
		g, err := ErdosRenyi(context.Background(), n, test.z, test.seed, 0)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}
		p := test.z / float64(n-1)
		pairs := float64(n) * float64(n-1) / 2
		mean, variance := DegreeMoments(g)
		seMean := 2 * math.Sqrt(pairs*p*(1-p)) / float64(n)
		if d := math.Abs(mean - test.z); d > 4*seMean {
			t.Errorf("case %d (n %d, z %v): mean degree %.5f, want %v ± 4·%.5f", i, n, test.z, mean, test.z, seMean)
		}
		s2, mu4 := binomialMoments(n-1, p)
		t.Logf("case %d (n %d, z %v): mean %.5f (z-score %.2f)", i, n, test.z, mean, (mean-test.z)/seMean)
		wantVar := (1 - 2/float64(n)) * s2
		seVar := math.Sqrt((mu4 - s2*s2) / float64(n))
		t.Logf("case %d: variance %.4f, want %.4f (z-score %.2f)", i, variance, wantVar, (variance-wantVar)/seVar)
		if d := math.Abs(variance - wantVar); d > 4*seVar {
			t.Errorf("case %d (n %d, z %v): degree variance %.4f, want %.4f ± 4·%.4f", i, n, test.z, variance, wantVar, seVar)
		}
	}
}

func TestErdosRenyiEdgeCases(t *testing.T) {
	for i, test := range []struct {
		n     int
		z     float64
		edges int64
	}{
		{1, 0, 0},
		{5, 0, 0},
		{5, 4, 10}, // p = 1: the complete graph K5
		{2, 1, 1},
	} {
		g, err := ErdosRenyi(context.Background(), test.n, test.z, 1, 2)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkCSR(g); err != nil {
			t.Fatalf("case %d: invalid CSR: %v", i, err)
		}
		if g.Len() != test.n || g.Edges() != test.edges {
			t.Errorf("case %d: ErdosRenyi(%d, %v) has %d nodes and %d edges, want %d and %d",
				i, test.n, test.z, g.Len(), g.Edges(), test.n, test.edges)
		}
	}
}

func TestErdosRenyiErrors(t *testing.T) {
	for i, test := range []struct {
		n    int
		z    float64
		want string
	}{
		{0, 0, "agents = 0"},
		{-3, 1, "agents = -3"},
		{10, -1, "mean degree = -1"},
		{10, 9.5, "mean degree = 9.5"},
		{10, math.NaN(), "mean degree = NaN"},
		{10, math.Inf(1), "mean degree = +Inf"},
	} {
		_, err := ErdosRenyi(context.Background(), test.n, test.z, 1, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: ErdosRenyi(%d, %v) error = %v, want one containing %q", i, test.n, test.z, err, test.want)
		}
	}
}

// BenchmarkErdosRenyi generates G(n, 10/(n−1)) for a ladder of sizes.
func BenchmarkErdosRenyi(b *testing.B) {
	for _, n := range []int{1e4, 1e5, 1e6} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var edges int64
			for b.Loop() {
				g, err := ErdosRenyi(context.Background(), n, 10, 1, 0)
				if err != nil {
					b.Fatal(err)
				}
				edges += g.Edges()
			}
			b.ReportMetric(float64(edges)/b.Elapsed().Seconds(), "edges/s")
		})
	}
}

// csrHash returns the FNV-1a hash of g's Offsets and Targets as
// little-endian 64- and 32-bit words.
func csrHash(g *CSR) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for _, o := range g.Offsets {
		binary.LittleEndian.PutUint64(b[:], uint64(o))
		h.Write(b[:])
	}
	for _, v := range g.Targets {
		binary.LittleEndian.PutUint32(b[:4], v)
		h.Write(b[:4])
	}
	return h.Sum64()
}

// TestGeneratorsPinned pins small graphs of each generator: a change here
// changes every network built from a seed, so it must be deliberate.
func TestGeneratorsPinned(t *testing.T) {
	for _, test := range []struct {
		name  string
		build func() (*CSR, error)
		edges int64
		hash  uint64
	}{
		{"ErdosRenyi(1000, 6, 1)", func() (*CSR, error) { return ErdosRenyi(context.Background(), 1000, 6, 1, 0) }, 2971, 0x93e05a76003dc6e9},
		{"WattsStrogatz(1000, 6, 0.2, 1)", func() (*CSR, error) { return WattsStrogatz(context.Background(), 1000, 6, 0.2, 1, 0) }, 2996, 0x6159cdbd20fa81df},
		{"ChungLu(PowerLawWeights(1000, 6, 2.5), 1)", func() (*CSR, error) { return ChungLu(context.Background(), powerLaw(t, 1000, 6, 2.5), 1, 0) }, 2823, 0x507c9aeeb83474cf},
		{"BlockModel({600, 400}, 6, 0.7, 1)", func() (*CSR, error) { return BlockModel(context.Background(), []int{600, 400}, 6, 0.7, 1, 0) }, 3044, 0x20bdcc882275c9da},
	} {
		g, err := test.build()
		if err != nil {
			t.Fatalf("%s: %v", test.name, err)
		}
		if got := csrHash(g); g.Edges() != test.edges || got != test.hash {
			t.Errorf("%s: %d edges, hash %#x, want %d and %#x", test.name, g.Edges(), got, test.edges, test.hash)
		}
	}
}

// TestBuildCancel checks that Build, and so every generator, stops with the
// context's error when it is cancelled while rows are being made, and that
// a generator given a cancelled context returns its error.
func TestBuildCancel(t *testing.T) {
	const n = 1 << 20
	ctx, cancel := context.WithCancel(context.Background())
	var rows atomic.Int64
	g, _, err := Build(ctx, n, 2, func(u uint32, dst []uint32) []uint32 {
		if rows.Add(1) == 5000 {
			cancel()
		}
		return append(dst, (u+1)%n)
	})
	if !errors.Is(err, context.Canceled) || g != nil {
		t.Errorf("Build cancelled at row 5000: graph %v, error %v; want context.Canceled", g != nil, err)
	}
	// Workers stop at their next row once the cancel is seen; allow them
	// the chunk each holds, of the 256 of the first pass.
	if r := rows.Load(); r > 5000+2*buildChunk {
		t.Errorf("%d rows made after the cancel at row 5000", r-5000)
	}
	for _, test := range []struct {
		name  string
		build func(context.Context) (*CSR, error)
	}{
		{"erdos-renyi", func(ctx context.Context) (*CSR, error) { return ErdosRenyi(ctx, 1e5, 6, 1, 0) }},
		{"watts-strogatz", func(ctx context.Context) (*CSR, error) { return WattsStrogatz(ctx, 1e5, 6, 0.2, 1, 0) }},
		{"chung-lu", func(ctx context.Context) (*CSR, error) { return ChungLu(ctx, powerLaw(t, 1e5, 6, 2.5), 1, 0) }},
		{"block-model", func(ctx context.Context) (*CSR, error) { return BlockModel(ctx, []int{6e4, 4e4}, 6, 0.7, 1, 0) }},
	} {
		if _, err := test.build(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: error %v", test.name, err)
		}
	}
}
