package model

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/sim"
)

// TestTraitTable draws 10⁵ agents' traits from each kind of distribution and
// compares the sample mean with the distribution's mean (the table
// truncates 1/8192 of each tail, far below the tolerance), within 4
// standard errors, and checks the support.
func TestTraitTable(t *testing.T) {
	const n = 100_000
	for _, test := range []struct {
		d        Dist
		mean, sd float64 // of the distribution
		lo, hi   float64
	}{
		{Dist{Kind: "constant", Value: 3}, 3, 0, 3, 3},
		{Dist{Kind: "uniform", Min: 1, Max: 3}, 2, 2 / math.Sqrt(12), 1, 3},
		{Dist{Kind: "normal", Mean: 1, SD: 2}, 1, 2, math.Inf(-1), math.Inf(1)},
		{Dist{Kind: "lognormal", Mean: 4.5, SD: 1.5}, 4.5, 1.5, 0, math.Inf(1)},
		{Dist{Kind: "beta", Mean: 0.02, SD: 0.008}, 0.02, 0.008, 0, 1},
	} {
		tab, err := newTraitTable(test.d, "x")
		if err != nil {
			t.Fatal(err)
		}
		src := sim.NewSource(1, "trait/test")
		var s float64
		for i := range uint32(n) {
			x := tab.at(src.Float64(i, 0))
			if x < test.lo || x > test.hi {
				t.Fatalf("%+v: draw %v outside [%v, %v]", test.d, x, test.lo, test.hi)
			}
			s += x
		}
		if mean := s / n; math.Abs(mean-test.mean) > 4*test.sd/math.Sqrt(n)+1e-12 {
			t.Errorf("%+v: sample mean %v, want %v ± %v", test.d, mean, test.mean, 4*test.sd/math.Sqrt(n))
		}
	}
	// A clamped normal never leaves its bounds.
	tab, _ := newTraitTable(Dist{Kind: "normal", Mean: 0.5, SD: 1, Min: 0, Max: 1}, "x")
	if tab.at(0) != 0 || tab.at(0.999999) != 1 {
		t.Errorf("clamped normal: at(0) = %v, at(1⁻) = %v, want 0 and 1", tab.at(0), tab.at(0.999999))
	}
	// The table interpolates the quantile function.
	b := distuv.Beta{Alpha: 2, Beta: 5}
	tab, _ = newTraitTable(Dist{Kind: "beta", Mean: 2.0 / 7, SD: math.Sqrt(10.0 / (49 * 8))}, "x")
	for _, p := range []float64{0.1, 0.5, 0.9} {
		if got := tab.at(p); math.Abs(got-b.Quantile(p)) > 1e-6 {
			t.Errorf("beta(2, 5) quantile at %v: table %v, exact %v", p, got, b.Quantile(p))
		}
	}
}

// TestTraitTablesKept checks the tables kept across runs: a table asked
// for again is the one built (the same nodes, which agree with the exact
// beta quantile), it stays kept while it is used, and it is dropped once
// traitTablesKept others were used after it, so that a new one is built.
// The tests of this package do not run in parallel, so nothing else uses
// the tables meanwhile.
func TestTraitTablesKept(t *testing.T) {
	d := Dist{Kind: "beta", Mean: 2.0 / 7, SD: math.Sqrt(10.0 / (49 * 8))} // beta(2, 5)
	other := func(i int) Dist { return Dist{Kind: "uniform", Min: 0, Max: float64(i + 1)} }
	first, _ := newTraitTable(d, "x")
	for i := range 3 * traitTablesKept {
		newTraitTable(other(i), "x")
		if i%(traitTablesKept/2) == 0 { // used often enough to stay
			again, _ := newTraitTable(d, "x")
			if &again.nodes[0] != &first.nodes[0] {
				t.Fatalf("after %d other tables, the table of %+v was built again while in use", i+1, d)
			}
		}
	}
	// The kept nodes are beta(2, 5)'s quantiles up to the rounding of its
	// shape parameters from d's mean and sd (relative error ~1e-15).
	b := distuv.Beta{Alpha: 2, Beta: 5}
	for _, i := range []int{0, traitNodes / 2, traitNodes - 1} {
		if p := (float64(i) + 0.5) / traitNodes; math.Abs(first.nodes[i]-b.Quantile(p)) > 1e-12 {
			t.Errorf("node %d: %v, beta(2, 5) quantile %v", i, first.nodes[i], b.Quantile(p))
		}
	}
	for i := range traitTablesKept {
		newTraitTable(other(1000+i), "x")
	}
	if again, _ := newTraitTable(d, "x"); &again.nodes[0] == &first.nodes[0] {
		t.Errorf("after %d other tables, the table of %+v was still kept", traitTablesKept, d)
	}
}

// TestInitialOffsets checks Berry's inversion without a steady start: with
// tastes of scale 1.5 the mean softmax over fresh taste draws reproduces
// the target shares, whether "none" has a share or not, and the realised
// initial states of a group match them within 4 binomial SE.
func TestInitialOffsets(t *testing.T) {
	std, _ := newTraitTable(Dist{Kind: "normal", SD: 1}, "z")
	draw := func(src sim.Source, a uint32) startChoice {
		var c startChoice
		for j := 1; j < 4; j++ {
			c.u[j] = 1.5 * std.at(src.Float64(a, uint32(j)))
		}
		return c
	}
	for _, shares := range [][]float64{{0.288, 0.7, 0.002, 0.01}, {0, 0.6, 0, 0.4}} {
		fit := make([]startChoice, startSample)
		for a := range fit {
			fit[a] = draw(sim.NewSource(3, "fit"), uint32(a))
		}
		delta := startOffsets(shares, append(sampleSets(fit, len(fit)), sampleShares(fit))...)
		src := sim.NewSource(99, "fresh")
		const n = 200_000
		got := make([]float64, 4)
		p := make([]float64, 4)
		var z sojourns
		for a := range uint32(n) {
			c := draw(src, a)
			c.distribution(p, delta, &z)
			for j := range p {
				got[j] += p[j] / n
			}
		}
		for j, s := range shares {
			// The offsets were fitted on startSample draws: their mean softmax
			// on fresh draws differs by the sampling error of that fit.
			if se := math.Sqrt(s * (1 - s) / startSample); math.Abs(got[j]-s) > 4*se {
				t.Errorf("shares %v, state %d: mean share %v, want %v ± %v", shares, j, got[j], s, 4*se)
			}
		}
	}
	sc := loadTest(t, "two-platforms.toml", "agents=100000", "groups.A.taste=1.5", "groups.B.taste=1.5")
	m, err := NewMigration(context.Background(), sc, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sizes := sc.GroupSizes()
	counts := make([]float64, 3)
	for _, st := range m.Pop.State[:sizes[0]] {
		counts[st]++
	}
	for j, name := range sc.StateNames() {
		s := sc.Groups[0].Initial[name]
		n := float64(sizes[0])
		se := math.Sqrt(n*s*(1-s)) + n*math.Sqrt(s*(1-s)/startSample)
		if math.Abs(counts[j]-n*s) > 4*se {
			t.Errorf("group A, %s: %v agents at the start, want %v ± %v", name, counts[j], n*s, 4*se)
		}
	}
}
