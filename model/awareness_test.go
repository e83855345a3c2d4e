package model

import (
	"fmt"
	"math"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// TestWordOfMouthHalves checks word of mouth's mean field against its
// closed form: after group h installs n_h of platform j in one tick, a g
// agent's expected share of neighbours that talk about j is Σ_h M_gh·n_h/N_h
// (M_gh = h·[g = h] + (1 − h)·N_h/N in a block model of homophily h), and it
// halves every use.novelty (here 6 ticks of an hour). A g agent is told of
// j, or shown a newcomer's post about it, in a tick with probability 1 −
// (1 − w)^(d̄·b_gj/24)·e^(−R·b_gj/24), d̄ the mean degree (12: a complete
// graph of 13), w = 0.1 a day and R the reach (0, and 30 people a day),
// and of any platform with its sum, there only j.
func TestWordOfMouthHalves(t *testing.T) {
	for _, reach := range []float64{0, 30} {
		wordOfMouthHalves(t, reach)
	}
}

func wordOfMouthHalves(t *testing.T, reach float64) {
	p := loadTest(t, "two-platforms.toml", "agents=10000", "network.kind=block-model", "network.homophily=0.8",
		"weights.word_of_mouth=0.1", `use.novelty="6h"`, fmt.Sprintf("weights.reach=%v", reach))
	a := newAwareness(p)
	a.setDegree(sim.Complete{N: 13})
	k := len(p.States)
	n := [2]float64{300, 50} // installs of P (state 1) by A and B
	for g := range n {
		a.installs[g*k+1].Add(int64(n[g]))
	}
	zero := make([]float64, len(p.Sizes))
	a.advance(zero)
	size := [2]float64{float64(p.Sizes[0]), float64(p.Sizes[1])}
	total := size[0] + size[1]
	var want [2]float64
	for g := range 2 {
		for h := range 2 {
			m := 0.2 * size[h] / total
			if h == g {
				m += 0.8
			}
			want[g] += m * n[h] / size[h]
		}
	}
	for tick := range 13 {
		if tick > 0 {
			a.advance(zero)
		}
		for g := range 2 {
			b := want[g] * math.Exp2(-float64(tick)/6)
			told := 1 - math.Pow(0.9, 12*b/24)*math.Exp(-reach*b/24)
			if got := a.prompted[g*k+1]; math.Abs(got-told) > 1e-12*told || a.prompt[g] != got {
				t.Errorf("reach %v, group %d, %d ticks after the installs: told %v (of any platform %v), want %v", reach, g, tick, got, a.prompt[g], told)
			}
		}
	}
}

// TestStoryFades checks the posts' pull under the ban's story
// (weights.story H = 3 hours) against its recursion: A's agents installed
// P 300 times in one tick (A is 0.6 of 10 000 agents, cut off from B:
// homophily 1), so an A agent's share of recent installers is b = 300/6000,
// halving every use.novelty (6 ticks of an hour); A's ban salience is 0.5,
// then 0.8, then 0.2 from the third tick on, and its story Σ follows it up
// and halves every 3 ticks after, Σ ← max(σ, 2^(−1/3)·Σ): 0.5, 0.8, 0.635,
// …, 0.2 from the eighth tick. An A agent is shown a post about P with
// probability 1 − e^(−R·Σ·b/24), R = 30 people a day; without a story
// (H = 0) with 1 − e^(−R·b/24), whatever the salience. Nobody tells of P
// by word of mouth (0), and B, without installs, is shown nothing.
func TestStoryFades(t *testing.T) {
	for _, story := range []string{"0h", "3h"} {
		p := loadTest(t, "two-platforms.toml", "agents=10000", "network.kind=block-model", "network.homophily=1",
			"weights.word_of_mouth=0", "weights.reach=30", `use.novelty="6h"`, `weights.story="`+story+`"`)
		a := newAwareness(p)
		a.setDegree(sim.Complete{N: 13})
		k := len(p.States)
		a.installs[0*k+1].Add(300)
		sigma := 0.0 // Σ_A
		for tick, salience := range []float64{0.5, 0.8, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2} {
			a.advance([]float64{salience, 0})
			sigma = max(salience, math.Exp2(-1.0/3)*sigma)
			pull := sigma
			if story == "0h" {
				pull = 1
			}
			b := 300.0 / float64(p.Sizes[0]) * math.Exp2(-float64(tick)/6)
			want := -math.Expm1(-30 * pull * b / 24)
			if got := a.prompted[0*k+1]; math.Abs(got-want) > 1e-12*want {
				t.Errorf("story %s, tick %d (salience %v): A shown a post with probability %v, want %v", story, tick, salience, got, want)
			}
			if got := a.prompt[1]; got != 0 {
				t.Errorf("story %s, tick %d: B prompted with probability %v, want 0", story, tick, got)
			}
		}
	}
}

// TestPromptedBySight checks the prompts of the chart and the news against
// their closed form: a g agent learns of platform j in a tick, shown it
// not knowing it, with probability (1 − K_gj)·(1 − e^(−(w_chart·min(1,
// x/s)^γ + w_news·σ_g)/24)), K_gj the share of g that knew j before the
// tick and x the share of g that installed j over the last 24 hours. Here
// A's agents installed Q 100 times in one tick: x = 100/12000 (A is 0.6 of
// 20000 agents), s = 0.01 and γ = 2 give a visibility of (0.8333)² =
// 0.6944; A's salience is 0.5, and 30% of A knew Q at the start. All of A
// knows P: the news shows it, but nobody learns of it. All of B knows Q,
// and B has no salience.
func TestPromptedBySight(t *testing.T) {
	p := loadTest(t, "two-platforms.toml", "weights.chart=0.5", "weights.chart_scale=0.01", "weights.chart_exponent=2",
		"weights.news=0.8", "platforms.Q.aware.A=0.3")
	a := newAwareness(p)
	k := len(p.States)
	if p.Sizes[0] != 12000 {
		t.Fatalf("A has %d agents, want 12000", p.Sizes[0])
	}
	a.installs[0*k+2].Add(100)
	a.advance([]float64{0.5, 0})
	want := map[[2]int]float64{
		{0, 1}: 0,
		{0, 2}: 0.7 * (1 - math.Exp(-(0.5*0.6944444444444444+0.8*0.5)/24)),
		{1, 1}: 0,
		{1, 2}: 0,
	}
	for gj, w := range want {
		if got := a.prompted[gj[0]*k+gj[1]]; math.Abs(got-w) > 1e-12 {
			t.Errorf("group %d, platform %d: learns of it with probability %v, want %v", gj[0], gj[1], got, w)
		}
	}
	if got, w := a.prompt[0], want[[2]int{0, 2}]; math.Abs(got-w) > 1e-12 {
		t.Errorf("group A is prompted with probability %v, want %v", got, w)
	}
}

// TestChartMemory checks the chart's memory (use.chart_memory H = 2 days,
// κ = 2^(−1/2)) against its recursion, computed here from Use's formula:
// closing each recorded day, rise reports the chart's news of a platform,
// its rise max(0, v − v̄) over the remembered v̄ (0 before the first day),
// then remembers v̄ ← κ·v̄ + (1 − κ)·v; and in the next tick the chart
// shows it to those who do not know it at that rise, not at its standing
// v (TestPromptedBySight's prompt with v − v̄ in place of v). Group A
// (12 000 agents; chart scale 0.01, exponent 2) installs Q 60, 120 and 60
// times on three days: v = 0.25, 1 and 0.25, the third day's below v̄ =
// 0.345, so its rise is 0. Without the memory the news is v itself.
func TestChartMemory(t *testing.T) {
	for _, memory := range []string{"0d", "2d"} {
		p := loadTest(t, "two-platforms.toml", "weights.chart=0.5", "weights.chart_scale=0.01", "weights.chart_exponent=2",
			"weights.news=0.8", "platforms.Q.aware.A=0.3", `use.chart_memory="`+memory+`"`)
		a := newAwareness(p)
		k := len(p.States)
		aq := 0*k + 2
		keep, recalled := math.Exp2(-1.0/2), 0.0 // κ, v̄ (with the memory)
		for d, v := range []float64{0.25, 1, 0.25} {
			installs := make([]int64, len(a.level))
			installs[aq] = int64(math.Round(math.Sqrt(v) * 0.01 * 12000))
			c := make([]float64, len(a.level))
			a.rise(installs, c)
			want := max(0, v-recalled)
			if memory == "0d" {
				want = v
			}
			if math.Abs(c[aq]-want) > 1e-12 {
				t.Errorf("memory %s, day %d: news %v, want %v", memory, d, c[aq], want)
			}
			recalled = keep*recalled + (1-keep)*v
		}
		a.installs[aq].Add(120) // v = 1 in the next tick
		a.advance([]float64{0.5, 0})
		rise := 1 - recalled
		if memory == "0d" {
			rise = 1
		}
		want := 0.7 * (1 - math.Exp(-(0.5*rise+0.8*0.5)/24))
		if got := a.prompted[aq]; math.Abs(got-want) > 1e-12 {
			t.Errorf("memory %s: A learns of Q with probability %v, want %v", memory, got, want)
		}
	}
}

// TestTalkFinalSize checks talk's mean field against the final size of
// its SIR epidemic. Group A (12 000 agents, cut off from B: homophily 1)
// starts with K0 = 1% knowing Q and L0 = 30 agents that have just learned
// of it; nothing else shows Q. Each tick the exposure grows by c·L (c =
// w_talk·d̄/(n·24), w_talk = 0.5 a day, d̄ = 12) and L decays by q =
// 2^(−1/12) (use.novelty = 12 h) and gains n·ΔK, so in all the exposure
// grows by c/(1 − q)·(q·L0 + n·(K∞ − K0)), and K∞ = 1 − (1 − K0)·e^(−that):
// a root found by bisection. R = c·n/(1 − q) ≈ w_talk·d̄·H/ln 2 = 4.33
// (H = 0.5 day) is the mean number of agents a learner tells first. B,
// which nobody tells, stays where it started.
func TestTalkFinalSize(t *testing.T) {
	p := loadTest(t, "two-platforms.toml", "network.kind=block-model", "network.homophily=1",
		"weights.talk=0.5", `use.novelty="12h"`, "platforms.Q.aware.A=0.01", "platforms.Q.aware.B=0.2")
	a := newAwareness(p)
	a.setDegree(sim.Complete{N: 13})
	k := len(p.States)
	n := float64(p.Sizes[0])
	const k0, l0 = 0.01, 30.0
	a.learners[0*k+2] = l0
	zero := make([]float64, len(p.Sizes))
	for range 24 * 60 {
		a.advance(zero)
	}
	c, q := 0.5*12/(n*24), math.Exp2(-1.0/12)
	excess := func(x float64) float64 { // > 0 above the root
		return math.Log((1-k0)/(1-x)) - c/(1-q)*(q*l0+n*(x-k0))
	}
	lo, hi := k0, 1-1e-12
	for range 200 {
		if mid := (lo + hi) / 2; excess(mid) > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	if got := a.level[0*k+2]; math.Abs(got-lo) > 1e-9 {
		t.Errorf("A's final awareness of Q %v, want the final size %v", got, lo)
	}
	// In hourly ticks R is w_talk·d̄·H/ln 2 and half an hour's talk more:
	// 1/(1 − 2^(−x)) = 1/(x·ln 2) + 1/2 + O(x), x = 1/12.
	if r, want := c*n/(1-q), 0.5*12*0.5/math.Ln2+c*n/2; math.Abs(r-want) > 0.01*c*n {
		t.Errorf("R = %v, want w_talk·d̄·H/ln 2 + c·n/2 = %v", r, want)
	}
	if got := a.level[1*k+2]; math.Abs(got-0.2) > 1e-15 {
		t.Errorf("B's awareness of Q %v, want its start 0.2", got)
	}
}

// TestAwareTaste checks the selection into awareness against the
// bivariate normal's closed forms: whatever ρ, the share of a group that
// knows a platform is its awareness K, and the knowers' mean standardised
// taste for it is ρ·φ(Φ⁻¹(K))/K (the mean of a normal truncated to its
// lowest K of a correlated latent). Over the 50 000 agents of group A, K
// = 0.2; tolerances 4 binomial SE and 4 SE of the mean (sd ≤ 1).
func TestAwareTaste(t *testing.T) {
	for _, rho := range []float64{0, 0.6, 0.95} {
		p := loadTest(t, "two-platforms.toml", "agents=100000", "platforms.Q.aware.A=0.2", "groups.A.taste=1.5",
			fmt.Sprintf("weights.aware_taste=%v", rho))
		a := newAwareness(p)
		ts := newTastes(p.Groups, p.Seed)
		eps := make([]float64, len(p.States))
		var known, zSum float64
		n := p.Sizes[0]
		for i := range n {
			ts.all(0, uint32(i), eps)
			if a.knows(0, uint32(i), 2, eps[2]) {
				known++
				zSum += eps[2] / 1.5
			}
		}
		const k = 0.2
		if se := math.Sqrt(k * (1 - k) / float64(n)); math.Abs(known/float64(n)-k) > 4*se {
			t.Errorf("ρ = %v: %v of %d know Q, want a share %v ± %v", rho, known, n, k, 4*se)
		}
		c := -math.Sqrt2 * math.Erfcinv(2*k)
		want := rho * math.Exp(-c*c/2) / math.Sqrt(2*math.Pi) / k
		if got, se := zSum/known, 1/math.Sqrt(known); math.Abs(got-want) > 4*se {
			t.Errorf("ρ = %v: knowers' mean standardised taste %.4f, want %.4f ± %.4f", rho, got, want, 4*se)
		}
	}
}

// TestPromptedShares checks the intervals of promptedOf: over a uniform
// grid of 2²⁰ activation draws x ∈ [0, 1), the share prompted of j is
// prompted_j when the prompts fit in the 1 − lo the reconsidering leaves,
// and (1 − lo)·prompted_j/Σ prompted when they do not (no platform crowded
// out by those before it); none is below lo. The grid resolves a share to
// 2⁻²⁰ at each of an interval's two ends, so the tolerance is 2·2⁻²⁰.
func TestPromptedShares(t *testing.T) {
	const lo, grid = 0.25, 1 << 20
	for _, p := range [][]float64{{0.1, 0.2, 0.3}, {0.9, 0.3, 0.1}} {
		a := &awareness{states: 4, prompted: append([]float64{0}, p...), prompt: []float64{p[0] + p[1] + p[2]}}
		scale := min(1, (1-lo)/a.prompt[0])
		var got [4]float64
		for n := range grid {
			got[a.promptedOf(0, (float64(n)+0.5)/grid, lo)] += 1.0 / grid
		}
		want := [4]float64{1 - scale*a.prompt[0], scale * p[0], scale * p[1], scale * p[2]}
		for j := range got {
			if math.Abs(got[j]-want[j]) > 2.0/grid {
				t.Errorf("prompts %v: share prompted of %d is %.6f, want %.6f", p, j, got[j], want[j])
			}
		}
	}
}
