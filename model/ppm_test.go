package model

import (
	"context"
	"math"
	"sync/atomic"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// loadTest compiles a scenario from testdata with edits (path=value).
func loadTest(t testing.TB, file string, sets ...string) *Plan {
	t.Helper()
	return mustLoad(t, "testdata/"+file, sets...)
}

// mustLoad compiles the scenario ref (model.Load) with edits (path=value).
func mustLoad(t testing.TB, ref string, sets ...string) *Plan {
	t.Helper()
	edits, err := ParseEdits(sets)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(ref, edits...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConservation checks that every tick of the default scenario keeps
// every agent, in its group, with counts that match a census.
func TestConservation(t *testing.T) {
	sc := mustLoad(t, DefaultScenario, "agents=20000", `duration="20d"`)
	m, err := NewMigration(context.Background(), sc, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sizes := sc.GroupSizes()
	_, err = m.Run(context.Background(), sim.RecorderFunc(func(s *sim.TickStats) error {
		census := make([]int64, len(s.Counts))
		for i, st := range m.Pop.State {
			census[int(m.Pop.Group[i])*s.States+int(st)]++
		}
		for g := range s.Groups {
			var total int64
			for st := range s.States {
				total += s.Count(g, st)
				if s.Count(g, st) != census[g*s.States+st] {
					t.Fatalf("tick %d: group %d state %d: count %d, census %d", s.Tick, g, st, s.Count(g, st), census[g*s.States+st])
				}
			}
			if total != int64(sizes[g]) {
				t.Fatalf("tick %d: group %d has %d agents, want %d", s.Tick, g, total, sizes[g])
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// countingPPM is the scenario rule with a Decide that only counts, per
// group, the agents that decide, and leaves every agent where it is.
type countingPPM struct {
	*PPM
	decided [2]atomic.Int64
}

func (r *countingPPM) Decide(b *sim.Block) {
	for _, i := range b.Active {
		r.decided[b.Pop.Group[i]].Add(1)
	}
}

// TestDecisionRate checks the activation of the scenario rule, drawn in
// activity tiers and screened: in a tick without forced decisions, agent i of
// group g decides with probability pᵢ = min(1, e_g + activityᵢ·boost_g + Σ_j
// told_gj) (e_g: market entry; told_gj: told of j by word of mouth, or shown it
// not knowing it) independently, so the deciders of g in T ticks number Σ_t Σᵢ
// pᵢ(t) on average with variance Σ_t Σᵢ pᵢ(t)(1 − pᵢ(t)). Over the warm-up and
// the first days of the ban news (boost 1 to 1 + w_attention·the oral
// argument's level, at its start), the count must be within 4 standard
// errors of that mean, with the scenario's attention, with
// one that takes the most active agents' probability to 1, with US agents
// entering the market (20% a day), with 200 US installs of RedNote in every
// tick, which make its newcomers talk (told_gj up to 0.035, three times the
// mean US activity), and with talk (0.5 a day), whose epidemic of awareness in
// the news days prompts up to 0.078 of the US agents a tick.
func TestDecisionRate(t *testing.T) {
	const ticks = 600 // the 336 of the warm-up, then 11 days of news
	for _, c := range []struct {
		edit     string
		installs int64
		prompted float64 // a floor for the largest prompt probability: the prompts are exercised
	}{{"weights.attention=3", 0, 0}, {"weights.attention=20", 0, 0}, {"groups.US.entry=0.2", 0, 0},
		{"weights.word_of_mouth=0.5", 200, 0.02}, {"weights.talk=0.5", 0, 0.02}} {
		p := mustLoad(t, DefaultScenario, "agents=200000", c.edit)
		m, err := NewMigration(context.Background(), p, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := &countingPPM{PPM: m.Rule}
		e, err := sim.New(m.Pop, m.Net, r, sim.Config{Seed: p.Seed})
		if err != nil {
			t.Fatal(err)
		}
		activity := make([]float64, m.Pop.Len())
		for i := range activity {
			activity[i] = r.traits.trait(traitActivity, m.Pop.Group[i], uint32(i))
		}
		var got [2]int64
		var mean, variance [2]float64
		maxBoost, maxPrompt := 0.0, 0.0
		rec := sim.RecorderFunc(func(s *sim.TickStats) error {
			if s.Tick == 0 {
				return nil
			}
			r.aw.installs[r.k+2].Add(c.installs) // group 0 (US), RedNote
			for g := range got {
				n := r.decided[g].Swap(0)
				if r.forcedTick {
					continue
				}
				got[g] += n
				maxBoost = max(maxBoost, r.boost[g])
				maxPrompt = max(maxPrompt, r.aw.prompt[g])
			}
			if r.forcedTick {
				return nil
			}
			for i, a := range activity {
				g := m.Pop.Group[i]
				q := min(1, r.entry[g]+a*r.boost[g]+r.aw.prompt[g])
				mean[g] += q
				variance[g] += q * (1 - q)
			}
			return nil
		})
		if err := e.Run(context.Background(), ticks, rec); err != nil {
			t.Fatal(err)
		}
		// The oral argument (10 January, 10:00, on a tick) is the ticks'
		// only news: its first tick's boost is 1 + w_attention·level.
		level := 0.0
		for _, sh := range p.Scenario.Shocks {
			if sh.Name == "oral-argument" {
				level = sh.Level
			}
		}
		if want := 1 + p.Scenario.Weights.Attention*level; level == 0 || math.Abs(maxBoost-want) > 1e-12 {
			t.Errorf("%s: the largest boost is %.4f, want %.4f (the oral argument's level %v): the ticks miss the ban news", c.edit, maxBoost, want, level)
		}
		if maxPrompt < c.prompted {
			t.Errorf("%s: the largest prompt probability is %.3f, want ≥ %v: the prompts are not exercised", c.edit, maxPrompt, c.prompted)
		}
		for g := range got {
			se := math.Sqrt(variance[g])
			if math.Abs(float64(got[g])-mean[g]) > 4*se {
				t.Errorf("%s, group %d: %d deciders in %d ticks, want %.0f ± %.0f", c.edit, g, got[g], ticks, mean[g], 4*se)
			}
		}
	}
}
