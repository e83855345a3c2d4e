package model

import (
	"context"
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
