package model

import (
	"context"
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
