package model

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// TestCensus checks the daily census against the formula of Use computed
// here on its own: on a population set by hand (states, accounts, last
// installs of every age, states at the start of the day), each group ×
// platform's active count must lie within 4 binomial standard errors of
// Σ p_i, and the account counts must be exact. A threat makes the
// attention boost 1 + 1·0.4, Q dark for B all day has no active users, and
// the day's installs put P on A's chart at visibility (0.005/0.01)² = 1/4
// and Q on it at (0.02/0.01 capped at 1)² = 1, so that with use.chart =
// 0.3 A's holders of P not otherwise active open it with probability
// 0.3/4, and those of Q with 0.3.
func TestCensus(t *testing.T) {
	p := loadTest(t, "two-platforms.toml", "agents=200000", "use.primary=0.5", "use.secondary=0.1", `use.novelty="2d"`,
		"use.chart=0.3", "weights.chart_scale=0.01", "weights.chart_exponent=2",
		`shocks=[{kind="threat", platform="P", groups=["A"], start=2025-01-01T00:00:00Z, level=0.4},
		{kind="blackout", platform="Q", groups=["B"], start=2025-01-01T00:00:00Z}]`, "groups.B.initial.Q=0", "groups.B.initial.none=1")
	rule, err := newPPM(p)
	if err != nil {
		t.Fatal(err)
	}
	n := p.Agents
	pop := sim.NewPopulation(n, 2)
	rule.indexBlocks(pop)
	src := sim.NewSource(99, "test/census")
	const today = 10 // engine day of the census
	for i := range n {
		x := src.Uint64(uint32(i), 0)
		pop.Group[i] = uint8(x % 2)
		pop.State[i] = uint8(x >> 8 % 3)
		if pop.Group[i] == 1 && pop.State[i] == 2 {
			pop.State[i] = 0 // Q is dark for B
		}
		pop.Accounts[i] = uint8(x >> 16 % 4)
		if s := pop.State[i]; s > 0 {
			pop.Accounts[i] |= 1 << (s - 1)
		}
		if x>>24%2 == 1 && pop.Accounts[i] != 0 {
			j := 1 + int(x>>32%2)
			if pop.Accounts[i]&(1<<(j-1)) != 0 {
				rule.newest[i] = uint16(j)<<12 | uint16(today-int(x>>40%5)+1) // 0…4 days old
			}
		}
	}
	u := newUsage(rule, pop, p.Seed, 2)
	for i := range n {
		u.dayStart[i] = uint8(src.Uint64(uint32(i), 1) % 3)
	}
	tick := int(today*24 + 24) // the last tick of engine day 10
	rule.tl.at(tick, rule.ts)
	u.tick()
	k := rule.k
	installs := make([]int64, 2*k)
	sizeA := float64(rule.aw.sizes[0])
	installs[1], installs[2] = int64(0.005*sizeA), int64(0.02*sizeA)
	chart := []float64{0, 0.3 * math.Pow(float64(installs[1])/sizeA/0.01, 2), 0.3}

	wantAcc := make([]int64, 2*k)
	mean, variance := make([]float64, 2*k), make([]float64, 2*k)
	for i := range n {
		g := int(pop.Group[i])
		boost := 1.0
		if g == 0 {
			boost = 1 + 1*0.4 // weights.attention = 1 in two-platforms.toml
		}
		for j := 1; j < k; j++ {
			if pop.Accounts[i]&(1<<(j-1)) == 0 {
				continue
			}
			wantAcc[g*k+j]++
			if g == 1 && j == 2 {
				continue
			}
			q := 0.1
			if int(pop.State[i]) == j || int(u.dayStart[i]) == j {
				q = 0.5
			}
			if v := rule.newest[i]; v != 0 && int(v>>12) == j {
				age := float64(today - (int(v&0xfff) - 1))
				q += (1 - q) * math.Pow(0.5, age/2)
			}
			if g == 0 {
				q = 1 - (1-q)*(1-chart[j])
			}
			q = math.Min(1, q*boost)
			mean[g*k+j] += q
			variance[g*k+j] += q * (1 - q)
		}
	}
	accounts, active := make([]int64, 2*k), make([]int64, 2*k)
	u.census(3, tick, installs, accounts, active) // after the expectations: it moves dayStart on
	for gj := range accounts {
		if accounts[gj] != wantAcc[gj] {
			t.Errorf("cell %d: %d accounts, want %d", gj, accounts[gj], wantAcc[gj])
		}
		if d := math.Abs(float64(active[gj]) - mean[gj]); d > 4*math.Sqrt(variance[gj]) || mean[gj] == 0 && active[gj] != 0 {
			t.Errorf("cell %d: %d active, want %.1f ± %.1f (4 SE)", gj, active[gj], mean[gj], 4*math.Sqrt(variance[gj]))
		}
	}
	if active[1*k+2] != 0 || accounts[1*k+2] == 0 {
		t.Errorf("Q for B, dark all day: %d active of %d accounts, want 0 of some", active[1*k+2], accounts[1*k+2])
	}
}

// TestChartUse checks that a run's census takes the chart's visibility from
// each whole day's installs: with no use but the chart's (use.primary,
// use.secondary and novelty 0, use.chart 1) and visibility x_gj itself
// (chart_scale 1, chart_exponent 1), group g's holders of j are active on
// day d with probability c_gj(d): x_gj(d), the day's installs over g's
// agents, or with a chart memory of half-life H its rise max(0, x_gj(d) −
// x̄_gj(d − 1)) over x̄_gj(d) = κ·x̄_gj(d − 1) + (1 − κ)·x_gj(d), x̄ = 0
// before day 0, κ = 2^(−1/H) (H in days), computed here from the run's
// installs. The active count summed over the days and cells must lie within
// 4 binomial standard errors of Σ accounts·c; with the memory, the count
// without it must lie more than 8 SE away, so that the test tells them
// apart. The installs come from agents with a new phone (5% a day), who
// look for apps and install those they know.
func TestChartUse(t *testing.T) {
	for _, memory := range []float64{0, 2} { // days
		p := loadTest(t, "two-platforms.toml", "agents=50000", "groups.A.entry=0.05", "groups.B.entry=0.05", "use.primary=0", "use.secondary=0",
			"use.chart=1", "weights.chart_scale=1", "weights.chart_exponent=1", fmt.Sprintf(`use.chart_memory="%gd"`, memory))
		r, err := RunScenario(context.Background(), p, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var active, mean, variance, standing float64 // standing: Σ accounts·x, the mean without the memory
		for g, gr := range p.Scenario.Groups {
			for _, pl := range p.Scenario.Platforms {
				_, installs, err := r.Daily("installs", gr.Name, pl.Name)
				if err != nil {
					t.Fatal(err)
				}
				_, accounts, _ := r.Daily("accounts", gr.Name, pl.Name)
				_, dau, _ := r.Daily("dau", gr.Name, pl.Name)
				seen := 0.0 // x̄
				for d := range installs {
					x := installs[d] / float64(p.Sizes[g])
					c := x
					if memory > 0 {
						c = max(0, x-seen)
						keep := math.Exp2(-1 / memory)
						seen = keep*seen + (1-keep)*x
					}
					active += dau[d]
					mean += accounts[d] * c
					variance += accounts[d] * c * (1 - c)
					standing += accounts[d] * x
				}
			}
		}
		if mean < 100 {
			t.Fatalf("memory %g d: Σ accounts·c = %.1f: too few installs to test", memory, mean)
		}
		se := math.Sqrt(variance)
		if d := math.Abs(active - mean); d > 4*se {
			t.Errorf("memory %g d: %.0f active, want %.1f ± %.1f (4 SE)", memory, active, mean, 4*se)
		}
		if memory > 0 && math.Abs(standing-mean) < 8*se {
			t.Errorf("memory %g d: with and without the memory the census expects %.1f and %.1f, within 8 SE (%.1f): the test cannot tell them apart",
				memory, mean, standing, 8*se)
		}
	}
}

// TestDisplacedUse checks the use a blackout displaces (use.displaced δ =
// 0.8) against Use's formula computed here: P goes dark for group A at
// 18:00 of the census day, and the test steps the day's 24 ticks, counting
// those in which P is dark for A, n of 24. On a population set by hand
// (states, accounts, states at the start of the day; no installs), a
// holder of Q in A whose primary platform (its state at the start or the
// end of the day) is P and not Q is active on Q with probability q +
// (1 − q)·δ·n/24, q = use.secondary = 0.1; every other holder is active
// with use.primary = 0.5 on its primary platforms and 0.1 on the others,
// B untouched. Each group × platform's active count must lie within 4
// binomial standard errors of Σ p_i, and A's on Q more than 8 SE from its
// count without the displaced use, so that the test tells them apart.
// Weights.attention is 0, so the blackout's salience boosts no one.
func TestDisplacedUse(t *testing.T) {
	const today = 10 // engine day of the census: 11 January
	p := loadTest(t, "two-platforms.toml", "agents=200000", "use.primary=0.5", "use.secondary=0.1", "use.displaced=0.8", "weights.attention=0",
		`shocks=[{kind="blackout", platform="P", groups=["A"], start=2025-01-11T18:00:00Z}]`)
	rule, err := newPPM(p)
	if err != nil {
		t.Fatal(err)
	}
	n := p.Agents
	pop := sim.NewPopulation(n, 2)
	rule.indexBlocks(pop)
	src := sim.NewSource(99, "test/displaced")
	u := newUsage(rule, pop, p.Seed, 2)
	for i := range n {
		x := src.Uint64(uint32(i), 0)
		pop.Group[i] = uint8(x % 2)
		pop.State[i] = uint8(x >> 8 % 3)
		pop.Accounts[i] = uint8(x >> 16 % 4)
		u.dayStart[i] = uint8(x >> 24 % 3)
		for _, s := range []uint8{pop.State[i], u.dayStart[i]} {
			if s > 0 {
				pop.Accounts[i] |= 1 << (s - 1)
			}
		}
	}
	k := rule.k
	dark := 0 // ticks of the day in which P is dark for A
	for tick := today*24 + 1; tick <= today*24+24; tick++ {
		rule.tl.at(tick, rule.ts)
		if rule.ts.dark[0*k+1] {
			dark++
		}
		u.tick()
	}
	if dark == 0 || dark == 24 {
		t.Fatalf("P dark for A in %d of the day's 24 ticks, want some", dark)
	}
	f := 0.8 * float64(dark) / 24
	mean, variance := make([]float64, 2*k), make([]float64, 2*k)
	undisplaced := 0.0 // A's expected count on Q without the displaced use
	for i := range n {
		g := int(pop.Group[i])
		s, s0 := int(pop.State[i]), int(u.dayStart[i])
		for j := 1; j < k; j++ {
			if pop.Accounts[i]&(1<<(j-1)) == 0 {
				continue
			}
			q := 0.1
			if j == s || j == s0 {
				q = 0.5
			}
			if g == 0 && j == 2 {
				undisplaced += q
			}
			if g == 0 && j == 2 && q == 0.1 && (s == 1 || s0 == 1) {
				q += (1 - q) * f
			}
			mean[g*k+j] += q
			variance[g*k+j] += q * (1 - q)
		}
	}
	accounts, active := make([]int64, 2*k), make([]int64, 2*k)
	u.census(3, today*24+24, make([]int64, 2*k), accounts, active)
	for gj := range active {
		if d := math.Abs(float64(active[gj]) - mean[gj]); d > 4*math.Sqrt(variance[gj]) {
			t.Errorf("cell %d: %d active, want %.1f ± %.1f (4 SE)", gj, active[gj], mean[gj], 4*math.Sqrt(variance[gj]))
		}
	}
	if se := math.Sqrt(variance[0*k+2]); math.Abs(mean[0*k+2]-undisplaced) < 8*se {
		t.Errorf("A on Q: %.1f expected with the displaced use, %.1f without, within 8 SE (%.1f)", mean[0*k+2], undisplaced, 8*se)
	}
}
