package model

import (
	"context"
	"reflect"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// TestClassicDeterministic runs each classic rule with the same seed on 1
// and 2 workers, on 5 blocks of agents, and wants identical histories.
func TestClassicDeterministic(t *testing.T) {
	const agents = 5 * sim.BlockSize
	er := NetworkSpec{Kind: "erdos-renyi", MeanDegree: 6}
	for i, test := range []struct {
		rule   string
		params Params
		net    NetworkSpec
		ticks  int
	}{
		{"bass", Params{"dt": 0.5}, er, 40},
		{"bass", Params{"dt": 0.5, "f0": 0.01}, NetworkSpec{Kind: "complete"}, 40},
		{"threshold", Params{"phi": 0.18, "seed_share": 0.01}, er, 0},
		{"threshold", Params{"phi": 0.3, "phi_sd": 0.1, "seeds": 20}, NetworkSpec{Kind: "watts-strogatz", MeanDegree: 6, Rewire: 0.1}, 0},
		{"irsir", Params{"dt": 0.2}, er, 60},
		{"irsir", Params{"dt": 0.2}, NetworkSpec{Kind: "complete"}, 60},
	} {
		var hist [2]*History
		for w := range 2 {
			r, err := RunClassic(context.Background(), ClassicSpec{
				Rule: test.rule, Params: test.params, Network: test.net,
				Agents: agents, Ticks: test.ticks, Seed: 7, Workers: w + 1,
			})
			if err != nil {
				t.Fatalf("case %d (%s): %v", i, test.rule, err)
			}
			hist[w] = r.History
		}
		if !reflect.DeepEqual(hist[0], hist[1]) {
			t.Errorf("case %d (%s on %s): histories differ between 1 and 2 workers", i, test.rule, test.net.Kind)
		}
		if h := hist[0]; h.Ticks() < 2 || h.Total(h.Ticks(), 1) == h.Total(0, 1) {
			t.Errorf("case %d (%s on %s): nothing happened in %d ticks", i, test.rule, test.net.Kind, h.Ticks())
		}
	}
}

// TestScenarioDeterministic runs rednote-2025 (trials, awareness, installs
// and the daily census included), and rednote-2025-full at the same reduced
// size (its implicit network), on 1, 2 and 8 workers and wants identical
// histories.
func TestScenarioDeterministic(t *testing.T) {
	for _, name := range []string{"rednote-2025", "rednote-2025-full"} {
		p := mustLoad(t, name, "agents=40000", `duration="20d"`, `warmup="2d"`)
		var hist [3]*History
		for k, w := range []int{1, 2, 8} {
			r, err := RunScenario(context.Background(), p, RunOptions{Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			hist[k] = r.History
		}
		if !reflect.DeepEqual(hist[0], hist[1]) || !reflect.DeepEqual(hist[0], hist[2]) {
			t.Errorf("%s: histories differ between 1, 2 and 8 workers", name)
		}
		if s := Summarize(p, hist[0]); s.Installs == 0 || s.PeakDAU == 0 {
			t.Errorf("%s: installs %d, peak DAU %d: want both > 0 for the test to mean anything", name, s.Installs, s.PeakDAU)
		}
	}
}
