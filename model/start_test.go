package model

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// testChoice is an agent with utilities u (none first), deciding at rate
// 0.05 a tick, switching cost κ(a) = 3·(1 + w·(1 − e^(−a/T))), T = 100
// ticks, w_return = 0.6.
func testChoice(u []float64, w float64) startChoice {
	a := startChoice{rate: 0.05, tscale: 100}
	copy(a.u[:], u)
	last := len(startBins) - 1
	for b := range startBins {
		mid := startBins[b]
		if b < last {
			mid = (startBins[b] + startBins[b+1]) / 2
		}
		cost := 3 * (1 + w*(1-math.Exp(-mid)))
		a.m[b], a.m0[b] = math.Exp(-cost*0.4), math.Exp(-cost)
	}
	return a
}

// TestStationaryClosedForm checks the semi-Markov stationary distribution
// against the closed form of the chain without tenure (w_tenure = 0), whose
// cost does not depend on the age: the chain is reversible and π_c ∝
// f_c·e^(V_c)·Z_c, Z_c = Σ_j m_cj·e^(V_j), f_0 = m₀/m, f_j = 1 (detailed
// balance, derived in start.go). A platform closed to the agent (−Inf) has
// no share.
func TestStationaryClosedForm(t *testing.T) {
	u := []float64{0, 1.2, -0.5, math.Inf(-1), 0.3}
	delta := []float64{0, 0.4, 0.1, 0, -0.2}
	a := testChoice(u, 0)
	p := make([]float64, len(u))
	var z sojourns
	a.distribution(p, delta, &z)
	m, m0 := math.Exp(-3*0.4), math.Exp(-3.0)
	e := make([]float64, len(u))
	for j := range e {
		e[j] = math.Exp(u[j] + delta[j])
	}
	want := make([]float64, len(u))
	var sum float64
	for c := range e {
		z := e[c]
		for j := range e {
			switch {
			case j == c:
			case j == 0:
				z += m0 * e[0]
			default:
				z += m * e[j]
			}
		}
		want[c] = e[c] * z
		if c == 0 {
			want[c] *= m0 / m
		}
		sum += want[c]
	}
	for c := range want {
		want[c] /= sum
		if math.Abs(p[c]-want[c]) > 1e-12 {
			t.Errorf("state %d: π = %.15f, closed form %.15f", c, p[c], want[c])
		}
	}
}

// TestStationaryOneState checks an agent with one state open (it knows no
// platform): wherever it is, it stays, so π is all on none (a linear
// system of one balance equation would divide 0 by 0).
func TestStationaryOneState(t *testing.T) {
	a := testChoice([]float64{0, math.Inf(-1), math.Inf(-1)}, 0.5)
	p := make([]float64, 3)
	var z sojourns
	a.distribution(p, make([]float64, 3), &z)
	if p[0] != 1 || p[1] != 0 || p[2] != 0 {
		t.Errorf("π = %v, want [1 0 0]", p)
	}
}

// TestStationarySimulated checks the semi-Markov stationary distribution
// and the age drawn from it against a simulation of the process it
// describes: decisions at exponential gaps of rate λ, each choosing from c
// at age a with probability m_cj(a)·e^(V_j)/Z_c(a), the cost that of a's
// bin, the age reset by a move. Over 2·10⁶ decisions the share of time on
// each state and the mean age on the most used one must agree within 4
// standard errors, estimated from 40 batches of the run (the batch means
// are nearly independent: a batch holds hundreds of sojourns).
func TestStationarySimulated(t *testing.T) {
	u := []float64{0, 1.0, 0.2, -0.8}
	delta := make([]float64, len(u))
	a := testChoice(u, 0.8)
	p := make([]float64, len(u))
	var z sojourns
	a.distribution(p, delta, &z)

	rng := rand.New(rand.NewPCG(1, 2))
	bin := func(age float64) int {
		b := 0
		for b+1 < len(startBins) && age >= startBins[b+1]*a.tscale {
			b++
		}
		return b
	}
	const decisions, batches = 2_000_000, 40
	var time, ageTime [batches][4]float64 // time on each state, ∫ age dt on it
	c, age := 1, 0.0
	w := make([]float64, len(u))
	for n := range decisions {
		k := n * batches / decisions
		gap := rng.ExpFloat64() / a.rate
		time[k][c] += gap
		ageTime[k][c] += gap * (age + gap/2)
		age += gap
		b := bin(age)
		var sum float64
		for j := range w {
			switch {
			case j == c:
				w[j] = math.Exp(u[j])
			case j == 0:
				w[j] = a.m0[b] * math.Exp(u[0])
			default:
				w[j] = a.m[b] * math.Exp(u[j])
			}
			sum += w[j]
		}
		x := rng.Float64() * sum
		next := len(w) - 1
		for j := range w {
			if x < w[j] {
				next = j
				break
			}
			x -= w[j]
		}
		if next != c {
			c, age = next, 0
		}
	}
	share := func(k, s int) float64 {
		var all float64
		for _, v := range time[k] {
			all += v
		}
		return time[k][s] / all
	}
	for s := range u {
		var v []float64
		for k := range batches {
			v = append(v, share(k, s))
		}
		mean, se := meanSE(v)
		if math.Abs(mean-p[s]) > 4*se {
			t.Errorf("state %d: simulated share %.4f ± %.4f, stationary %.4f", s, mean, se, p[s])
		}
	}
	// The mean age on state 1: simulated ∫ age dt / ∫ dt, against the mean
	// of 10⁵ ages drawn from the stationary age density.
	var v []float64
	for k := range batches {
		v = append(v, ageTime[k][1]/time[k][1])
	}
	mean, se := meanSE(v)
	var drawn float64
	const draws = 100_000
	for range draws {
		drawn += a.age(&z, 1, rng.Float64(), rng.Float64())
	}
	drawn /= draws
	if math.Abs(mean-drawn) > 4*se+0.02*drawn { // 2%: the draws' own Monte Carlo error, ~1/√10⁵ of an exponential's sd
		t.Errorf("mean age on state 1: simulated %.1f ± %.1f ticks, drawn %.1f", mean, se, drawn)
	}
}

// TestStartShares checks that a steady start makes each group's initial
// shares at every seed: the share of a group's N agents starting on a
// state is the mean of their stationary distributions, which the offsets,
// fitted over all of them, make s_j within a tenth of its binomial
// standard error (startOffsets); with the draws' binomial noise it is
// within 4.1·√(s(1−s)/N) of s_j. Offsets fitted over a sample of the
// agents (the first 8 192 of each group) missed it by the sample's error
// as well, which more agents do not shrink: at seed 1, CN's RedNote share
// by 5.4 SE and its none by 4.5 (the largest |z| of these 40 shares was
// then 5.4, and is now 1.4).
func TestStartShares(t *testing.T) {
	for _, seed := range []string{"1", "2", "3", "4"} {
		p := mustLoad(t, DefaultScenario, "agents=200000", "seed="+seed)
		m, err := NewMigration(context.Background(), p, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		k := len(p.States)
		counts := make([]float64, len(p.Sizes)*k)
		for i, g := range m.Pop.Group {
			counts[int(g)*k+int(m.Pop.State[i])]++
		}
		for g, gr := range p.Groups {
			n := float64(p.Sizes[g])
			for j, name := range p.States {
				s := gr.InitialShare(name)
				got := counts[g*k+j] / n
				if tol := 4.1 * math.Sqrt(s*(1-s)/n); math.Abs(got-s) > tol {
					t.Errorf("seed %s, %s on %s: start share %.5f, initial %.5f ± %.5f", seed, gr.Name, name, got, s, tol)
				}
			}
		}
	}
}

// TestStartUnreachable checks that a steady start refuses initial shares
// that no agent can be on, naming the share and the awareness. The share
// is pinned, so that the message does not follow its calibrated default.
func TestStartUnreachable(t *testing.T) {
	p := mustLoad(t, DefaultScenario, "agents=20000", "groups.US.initial.RedNote=0.0025", "platforms.RedNote.aware.US=0.00001")
	_, err := NewMigration(context.Background(), p, RunOptions{})
	if err == nil || !strings.Contains(err.Error(), "groups[US].initial.RedNote = 0.0025, but none of the first 5714 agents of US knows RedNote at the start (platforms.RedNote.aware.US = 1e-05)") {
		t.Errorf("error %v, want one naming the share and the awareness", err)
	}
}

// TestSteadyWarmup checks the floor on the warm-up: before the
// first shock, no group × platform share of users or of daily active
// users drifts by 0.1 percentage point a week or more. rednote-2025 at
// 2·10⁵ agents is started on 4 November 2024, so that its 42 recorded
// days all precede the oral argument; the drift is the least-squares
// slope of each share over the days. The test fails with the start of
// steady = false: agents then start where their tastes alone put them,
// and the CN shares drift by 0.2–0.3 point a week.
func TestSteadyWarmup(t *testing.T) {
	if testing.Short() {
		t.Skip("a run of 200,000 agents")
	}
	p := mustLoad(t, DefaultScenario, "agents=200000", "start=2024-11-04T00:00:00-05:00", `duration="42d"`)
	h := runHistory(t, p)
	for _, q := range []string{"users", "dau"} {
		for g, gr := range p.Groups {
			for _, name := range p.States[1:] {
				_, v, err := Daily(p, h, q, gr.Name, name)
				if err != nil {
					t.Fatal(err)
				}
				if slope := weeklySlope(v) / float64(p.Sizes[g]) * 100; math.Abs(slope) >= 0.1 {
					t.Errorf("%s of %s on %s drift %+.3f percentage point a week, want less than 0.1", q, gr.Name, name, slope)
				}
			}
		}
	}
}

// weeklySlope returns the least-squares slope of v over its days, per week.
func weeklySlope(v []float64) float64 {
	n := float64(len(v))
	var sx, sy, sxy, sxx float64
	for d, y := range v {
		x := float64(d) / 7
		sx += x
		sy += y
		sxy += x * y
		sxx += x * x
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

// TestStartWorkers checks that the start is the same bits on 1 and 3
// workers where the fit over all of a group's agents takes several chunks
// of startChunk agents: 300 000 agents put 85 714 in US and 214 286 in CN,
// 2 and 4 chunks.
func TestStartWorkers(t *testing.T) {
	p := mustLoad(t, DefaultScenario, "agents=300000")
	var pops [2]*sim.Population
	for k, w := range []int{1, 3} {
		m, err := NewMigration(context.Background(), p, RunOptions{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		pops[k] = m.Pop
	}
	a, b := pops[0], pops[1]
	if !slices.Equal(a.State, b.State) || !slices.Equal(a.Accounts, b.Accounts) || !slices.Equal(a.Since, b.Since) {
		t.Error("the start differs between 1 and 3 workers")
	}
}

// TestSampleSets checks which sets a group's offsets are fitted over
// before all its agents (sampleSets): every stage of startStages smaller
// than the group that is at most an eighth of it, the first always. Before
// this test a group of more than startSample agents lost its 2¹⁶ stage.
func TestSampleSets(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []int
	}{
		{500, nil},                                    // smaller than the first stage
		{11_428, []int{1 << 10}},                      // the US group at 40 000 agents
		{65_536, []int{1 << 10, 1 << 13}},             // 8·2¹³ = 2¹⁶: the second stage kept
		{300_000, []int{1 << 10, 1 << 13}},            // 8·2¹⁶ > 300 000: the third left out
		{1 << 19, []int{1 << 10, 1 << 13, 1 << 16}},   // 8·2¹⁶ = 2¹⁹
		{7_142_857, []int{1 << 10, 1 << 13, 1 << 16}}, // the CN group at 10⁷ agents
	} {
		var got []int
		for _, s := range sampleSets(make([]startChoice, min(c.n, startSample)), c.n) {
			got = append(got, s.n)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("a group of %d: sets of %v agents, want %v", c.n, got, c.want)
		}
	}
}
