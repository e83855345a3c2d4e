package model

import (
	"context"
	"math"
	"os"
	"testing"

	"exodus/sim"
)

// loadTest reads a scenario from testdata with overrides.
func loadTest(t testing.TB, file string, sets ...string) *Scenario {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	data, err = Override(data, sets)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario(data)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestLogitMeanField lets every agent of a mean-field population decide once
// (activity 1, constant traits, no tastes, no shocks) and compares the moves
// of the first tick with the softmax of the utilities, written out here term
// by term from the PPM formula rather than by the rule's code: each cell
// (group, from, to) within 3 standard errors of its binomial count.
func TestLogitMeanField(t *testing.T) {
	// Every term is made large enough that leaving it out moves some
	// cell by more than 3 standard errors at 10⁶ agents.
	sc := loadTest(t, "two-platforms.toml", "agents=1000000", "duration=\"1h\"",
		"groups.A.traits.activity.value=1", "groups.B.traits.activity.value=1",
		"weights.culture=2", "platforms.Q.translation=0.5", "weights.network=3")
	m, err := NewMigration(sc, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := m.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	w := sc.Weights
	n := float64(sc.Agents)
	users := func(j int) float64 { return float64(h.Total(0, j)) } // all groups, tick 0
	for g, gr := range sc.Groups {
		tr := gr.Traits
		kappa, mu, lambda, rho := tr.SwitchingCost.Value, tr.ModerationSensitivity.Value, tr.LanguageBarrier.Value, tr.Privacy.Value
		for c := range 3 {
			nc := float64(h.Count(0, g, c))
			if nc == 0 {
				continue
			}
			var u [3]float64
			u[0] = gr.Outside
			if c != 0 {
				u[0] -= w.Switching * kappa
			}
			for j := 1; j <= 2; j++ {
				p := sc.Platforms[j-1]
				self := 0.0
				if c == j {
					self = 1
				}
				share := (users(j) - self) / (n - 1)
				other := (users(j) - float64(h.Count(0, g, j))) / users(j)
				foreign := 1 - p.Content[gr.Language]
				u[j] = w.Appeal*p.Appeal[gr.Name] + w.Network*share + w.Culture*p.Translation*other -
					w.Moderation*mu*p.Moderation[gr.Name] - w.Privacy*rho*p.Scrutiny[gr.Name] -
					w.Language*lambda*foreign*(1-p.Translation)
				if j != c {
					u[j] -= w.Switching * kappa
				}
			}
			var z float64
			for _, v := range u {
				z += math.Exp(v)
			}
			for j := range 3 {
				p := math.Exp(u[j]) / z
				got := float64(h.Flow(1, g, c, j))
				if j == c {
					got = nc
					for k := range 3 {
						if k != c {
							got -= float64(h.Flow(1, g, c, k))
						}
					}
				}
				if se := math.Sqrt(nc * p * (1 - p)); math.Abs(got-nc*p) > 3*se {
					t.Errorf("group %s, %d → %d: %v moves of %v, softmax expects %.1f ± %.1f (3 SE)", gr.Name, c, j, got, nc, nc*p, 3*se)
				}
			}
		}
	}
}

// TestConservation checks that every tick of the default scenario keeps
// every agent, in its group, with counts that match a census.
func TestConservation(t *testing.T) {
	sc, err := LoadScenario(DefaultScenario, []string{"agents=20000", `duration="20d"`})
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMigration(sc, RunOptions{})
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
