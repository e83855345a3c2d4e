package model

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/sim"
)

func TestNewBassErrors(t *testing.T) {
	for i, test := range []struct {
		p, q, dt float64
		want     string // the field and value the error must name
	}{
		{-0.1, 0.38, 1, "p = -0.1"},
		{math.NaN(), 0.38, 1, "p = NaN"},
		{0.03, -1, 1, "q = -1"},
		{0.03, math.Inf(1), 1, "q = +Inf"},
		{0.03, 0.38, 0, "dt = 0"},
		{0.03, 0.38, -0.5, "dt = -0.5"},
		{0.5, 0.7, 1, "(p + q)·dt = 1.2"},
	} {
		_, err := NewBass(test.p, test.q, test.dt, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: NewBass(%v, %v, %v) = %v, want an error naming %q", i, test.p, test.q, test.dt, err, test.want)
		}
	}
	if _, err := NewBass(0.5, 0.5, 1, 1); err != nil {
		t.Errorf("NewBass(0.5, 0.5, 1): %v, want (p + q)·dt = 1 accepted", err)
	}
}

// TestBassFlows runs Bass on an Erdős–Rényi network tick by tick and
// compares each tick's adoptions with their law given the state before the
// tick: a sum of independent Bernoulli(hᵢ), hᵢ = (p + q·mᵢ/dᵢ)·dt over the
// susceptible agents, whose mean Σhᵢ and variance Σhᵢ(1−hᵢ) are counted here
// from the network. The standardised differences of all ticks are summed in
// squares: χ² with one degree of freedom per tick.
func TestBassFlows(t *testing.T) {
	const n, z, ticks = 50_000, 8, 30
	const p, q, dt, f0 = 0.03, 0.38, 0.5, 0.01
	g, err := sim.ErdosRenyi(context.Background(), n, z, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	pop := sim.NewPopulation(n, 1)
	SeedShares(pop, []float64{1 - f0, f0}, 2)
	rule, err := NewBass(p, q, dt, 3)
	if err != nil {
		t.Fatal(err)
	}
	chi2, dof := stepFlows(t, pop, g, rule, ticks, func(i int, m []int, d int) (to uint8, prob float64) {
		if pop.State[i] != 0 {
			return 0, 0
		}
		f := 0.0
		if d > 0 {
			f = float64(m[1]) / float64(d)
		}
		return 1, (p + q*f) * dt
	})
	if dof != ticks {
		t.Errorf("%d ticks with adoptions possible, want %d", dof, ticks)
	}
	if lim := (distuv.ChiSquared{K: float64(dof)}).Quantile(1 - 1e-3); chi2 > lim {
		t.Errorf("Σz² = %.1f over %d ticks, want < %.1f (χ², level 10⁻³)", chi2, ticks, lim)
	}
}

// stepFlows runs rule on g from pop for ticks ticks, one at a time. Before
// each tick it asks law, for every agent i with m[s] neighbours in state s of
// d, for the state the agent may move to and the probability that it does,
// and sums the expected moves and their binomial variance per destination
// state; after the tick it counts the moves. It returns Σz² over ticks and
// destination states that some agent could reach, and the number of terms.
func stepFlows(t *testing.T, pop *sim.Population, g *sim.CSR, rule sim.Rule, ticks int,
	law func(i int, m []int, d int) (to uint8, prob float64)) (chi2 float64, dof int) {
	t.Helper()
	e, err := sim.New(pop, g, rule, sim.Config{Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	states := rule.States()
	m := make([]int, states)
	before := make([]uint8, pop.Len())
	for tick := 1; tick <= ticks; tick++ {
		copy(before, pop.State)
		mean := make([]float64, states)
		variance := make([]float64, states)
		for i := range pop.Len() {
			clear(m)
			for _, v := range g.Neighbours(i) {
				m[pop.State[v]]++
			}
			to, prob := law(i, m, g.Degree(i))
			mean[to] += prob
			variance[to] += prob * (1 - prob)
		}
		if err := e.Run(context.Background(), 1, sim.RecorderFunc(func(*sim.TickStats) error { return nil })); err != nil {
			t.Fatal(err)
		}
		got := make([]float64, states)
		for i, s := range pop.State {
			if s != before[i] {
				got[s]++
			}
		}
		for s := range states {
			if variance[s] > 0 {
				z := (got[s] - mean[s]) / math.Sqrt(variance[s])
				chi2 += z * z
				dof++
			} else if got[s] != 0 {
				t.Errorf("tick %d: %v agents moved to state %d, which no agent could reach", tick, got[s], s)
			}
		}
	}
	return chi2, dof
}
