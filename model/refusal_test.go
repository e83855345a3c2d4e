package model

import (
	"context"
	"math"
	"math/bits"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// TestRefusalKept checks the memory of apps turned down at weights.refusal
// = 1: an agent that turned a platform down (was prompted of it, held no
// account on it, could install it, and neither installed it nor moved to
// it) never installs it after, prompted or looking for apps; and a
// platform out of the agent's stores is not turned down. The default
// scenario at 100 000 agents, with newcomers' posts reaching 2 000 people
// a day and 20 US installs of TikTok added to every tick (so that its
// posts prompt of it while it is out of the US stores, from 18 January
// 22:30: almost every US agent is prompted of TikTok in every tick, and
// the other platforms' prompts share the rest, see promptedOf), over the
// warm-up and up to 20 January (700 ticks: the shutdown makes TikTok's US
// agents decide, most looking for apps), in which the agents turn apps
// down 46 825 times (the test wants at least 1 000, so that the memory is
// exercised). Leaving out any of the three checks (the prompt ignored, the
// app left out when looking, only an app offered turned down) makes it
// fail.
func TestRefusalKept(t *testing.T) {
	p := mustLoad(t, DefaultScenario, "agents=100000", "weights.reach=2000", "weights.refusal=1")
	m, err := NewMigration(context.Background(), p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Rule
	e, err := sim.New(m.Pop, m.Net, r, sim.Config{Seed: p.Seed})
	if err != nil {
		t.Fatal(err)
	}
	n := m.Pop.Len()
	refused := make([]uint8, n) // before the tick
	held := make([]uint8, n)
	broken, closed, refusals := 0, 0, 0
	k := r.k
	rec := sim.RecorderFunc(func(s *sim.TickStats) error {
		for i := range n {
			if gained := m.Pop.Accounts[i] &^ held[i]; gained&refused[i] != 0 {
				broken++
			}
			g := int(m.Pop.Group[i])
			for j := 1; j < k; j++ {
				bit := uint8(1) << (j - 1)
				if r.refused[i]&^refused[i]&bit != 0 && r.ts.closed[g*k+j] && held[i]&bit == 0 {
					closed++
				}
			}
		}
		copy(refused, r.refused)
		copy(held, m.Pop.Accounts)
		r.aw.installs[1].Add(20) // US installs of TikTok: its posts prompt of it while it is out of the stores
		return nil
	})
	if err := e.Run(context.Background(), 700, rec); err != nil {
		t.Fatal(err)
	}
	for _, b := range r.refused {
		refusals += bits.OnesCount8(b)
	}
	if broken > 0 {
		t.Errorf("%d installs of a platform the agent had turned down", broken)
	}
	if closed > 0 {
		t.Errorf("%d refusals of a platform out of the agent's stores, which it could not install", closed)
	}
	if refusals < 1000 {
		t.Errorf("%d platforms turned down, want ≥ 1000: the memory is not exercised", refusals)
	}
}

// TestRefusalRate checks how often an agent leaves out an app it turned
// down: with probability weights.refusal (here 0.3), independently across
// agents and ticks. Over 200 000 draws the share must be within 4 binomial
// standard errors of 0.3; an app not turned down is never left out.
func TestRefusalRate(t *testing.T) {
	const w, agents, ticks = 0.3, 20000, 10
	p := loadTest(t, "two-platforms.toml", "agents=20000", "weights.refusal=0.3")
	m, err := NewMigration(context.Background(), p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Rule
	for i := range r.refused {
		r.refused[i] = 1 // platform 1 turned down, platform 2 not
	}
	left := 0
	for i := range uint32(agents) {
		for tick := range uint32(ticks) {
			if r.ignores(i, tick, 1) {
				left++
			}
			if r.ignores(i, tick, 2) {
				t.Fatalf("agent %d, tick %d: left out a platform it did not turn down", i, tick)
			}
		}
	}
	draws := float64(agents * ticks)
	if se := math.Sqrt(w * (1 - w) / draws); math.Abs(float64(left)/draws-w) > 4*se {
		t.Errorf("left out in %.4f of the draws, want %v ± %.4f", float64(left)/draws, w, 4*se)
	}
}
