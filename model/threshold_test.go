package model

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

func TestNewThresholdErrors(t *testing.T) {
	for i, test := range []struct {
		spec ThresholdSpec
		n    int
		want string // the field and value the error must name
	}{
		{ThresholdSpec{Phi: math.NaN()}, 5, "phi = NaN"},
		{ThresholdSpec{Phi: math.Inf(1)}, 5, "phi = +Inf"},
		{ThresholdSpec{Phi: 0.2, PhiSD: -0.1}, 5, "phi_sd = -0.1"},
		{ThresholdSpec{Phi: 0.2, PhiHalfWidth: math.NaN()}, 5, "phi_halfwidth = NaN"},
		{ThresholdSpec{Phi: 0.2, PhiSD: 0.1, PhiHalfWidth: 0.1}, 5, "phi_sd = 0.1 and phi_halfwidth = 0.1"},
		{ThresholdSpec{Explicit: []float64{0, 1}}, 5, "2 explicit thresholds, want one per agent (5)"},
		{ThresholdSpec{Explicit: []float64{0, math.NaN()}}, 2, "agent 1 = NaN"},
	} {
		_, err := NewThreshold(test.spec, test.n, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: NewThreshold(%+v) = %v, want an error naming %q", i, test.spec, err, test.want)
		}
	}
	if err := SeedAdopters(sim.NewPopulation(3, 1), 4, 1); err == nil || !strings.Contains(err.Error(), "seeds = 4") {
		t.Errorf("SeedAdopters(3 agents, 4) = %v, want an error naming seeds = 4", err)
	}
}

// TestThresholdDraws compares the moments of 10⁵ drawn thresholds with
// those of their distribution, within 4 standard errors: the mean's SE is
// σ/√n; the variance's is σ²·√((κ − 1)/n) with kurtosis κ = 3 (normal)
// or 9/5 (uniform).
func TestThresholdDraws(t *testing.T) {
	const n = 100_000
	for i, test := range []struct {
		spec           ThresholdSpec
		mean, variance float64
		kurtosis       float64
	}{
		{ThresholdSpec{Phi: 0.3, PhiSD: 0.1}, 0.3, 0.01, 3},
		{ThresholdSpec{Phi: 0.5, PhiHalfWidth: 0.5}, 0.5, 1.0 / 12, 9.0 / 5},
	} {
		r, err := NewThreshold(test.spec, n, 9)
		if err != nil {
			t.Fatal(err)
		}
		var sum, sum2 float64
		for j := range uint32(n) {
			phi := r.Phi(j)
			sum += phi
			sum2 += phi * phi
		}
		mean := sum / n
		variance := sum2/n - mean*mean
		if se := math.Sqrt(test.variance / n); math.Abs(mean-test.mean) > 4*se {
			t.Errorf("case %d: mean threshold %.5f, want %.5f ± %.5f", i, mean, test.mean, 4*se)
		}
		if se := test.variance * math.Sqrt((test.kurtosis-1)/n); math.Abs(variance-test.variance) > 4*se {
			t.Errorf("case %d: threshold variance %.6f, want %.6f ± %.6f", i, variance, test.variance, 4*se)
		}
	}
}

// TestThresholdFixedPoint compares the final state of the rule on
// Erdős–Rényi networks with a reference computed here: starting from the
// same initial adopters, adopt any agent whose adopted neighbours reach its
// threshold until none is left. The adopters of a monotone threshold
// process do not depend on the order of adoption, so the synchronous
// engine must reach the same set.
func TestThresholdFixedPoint(t *testing.T) {
	const n = 3000
	for i, test := range []struct {
		z    float64
		spec ThresholdSpec
		k    int
	}{
		{3, ThresholdSpec{Phi: 0.18}, 1},
		{5, ThresholdSpec{Phi: 0.25, PhiSD: 0.1}, 10},
		{8, ThresholdSpec{Phi: 0.3, PhiHalfWidth: 0.2}, 30},
		{6, ThresholdSpec{Phi: 2, PhiSD: 1, Counts: true}, 5},
	} {
		seed := uint64(i + 1)
		g, err := sim.ErdosRenyi(context.Background(), n, test.z, seed, 0)
		if err != nil {
			t.Fatal(err)
		}
		pop := sim.NewPopulation(n, 1)
		if err := SeedAdopters(pop, test.k, seed); err != nil {
			t.Fatal(err)
		}
		rule, err := NewThreshold(test.spec, n, seed)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(pop.State)
		for changed := true; changed; {
			changed = false
			for u := range n {
				if want[u] == 1 {
					continue
				}
				m := 0
				for _, v := range g.Neighbours(u) {
					m += int(want[v])
				}
				reach := float64(m) >= rule.Phi(uint32(u))
				if !test.spec.Counts {
					d := g.Degree(u)
					reach = d > 0 && float64(m)/float64(d) >= rule.Phi(uint32(u)) || rule.Phi(uint32(u)) <= 0
				}
				if reach {
					want[u], changed = 1, true
				}
			}
		}
		e, err := sim.New(pop, g, rule, sim.Config{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		h := &History{}
		if err := e.Run(context.Background(), n, untilStable{h}); err != nil {
			t.Fatal(err)
		}
		adopted := 0
		for u := range n {
			adopted += int(want[u])
			if pop.State[u] != want[u] {
				t.Errorf("case %d: agent %d ends in state %d, reference %d", i, u, pop.State[u], want[u])
				break
			}
		}
		if adopted == test.k {
			t.Errorf("case %d: no agent beyond the %d seeds adopted: the case tests nothing", i, test.k)
		}
	}
}

// TestSeedAdopters checks that SeedAdopters picks exactly k distinct agents
// and each agent with probability k/n: over 20000 seeds with n = 10, k = 3
// every agent's count is Binomial(20000, 0.3), mean 6000, SD √4200 ≈ 64.8;
// the test allows 4 SD.
func TestSeedAdopters(t *testing.T) {
	const n, k, seeds = 10, 3, 20_000
	var hits [n]int
	for seed := range uint64(seeds) {
		pop := sim.NewPopulation(n, 1)
		if err := SeedAdopters(pop, k, seed); err != nil {
			t.Fatal(err)
		}
		chosen := 0
		for i, s := range pop.State {
			chosen += int(s)
			hits[i] += int(s)
		}
		if chosen != k {
			t.Fatalf("seed %d: %d adopters, want %d", seed, chosen, k)
		}
	}
	sd := math.Sqrt(seeds * 0.3 * 0.7)
	for i, h := range hits {
		if math.Abs(float64(h)-seeds*0.3) > 4*sd {
			t.Errorf("agent %d chosen %d times of %d, want %v ± %.0f", i, h, seeds, seeds*0.3, 4*sd)
		}
	}
}
