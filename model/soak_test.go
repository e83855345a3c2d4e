package model

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestSoak runs 200 random scenarios: rednote-2025 at 500 agents over 3
// days (1 of warm-up), each with every parameter of its [[prior]] table
// drawn within its documented range (uniformly on its scale), run on 1 and
// on 4 workers. Every run must finish without a panic or an error, keep
// every agent in its group at every tick (conservation), and give the same
// history on 1 and 4 workers, bit for bit. A draw the scenario refuses
// (ranges that are each allowed but not together) is counted and redrawn;
// more than a quarter refused fails the test, as the priors would then
// describe mostly invalid scenarios.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("400 scenario runs")
	}
	base := base(t)
	small := edited(t, base, "agents=500", `duration="3d"`, `warmup="1d"`)
	rng := rand.New(rand.NewPCG(20250113, 2)) // fixed: the soak is the same every time
	const scenarios = 200
	refused := 0
	for i := 0; i < scenarios; {
		edits := make([]Edit, 0, len(small.Priors))
		for _, pr := range small.Priors {
			x := pr.Lo + (pr.Hi-pr.Lo)*rng.Float64()
			if pr.Scale == "log" {
				x = math.Exp(math.Log(pr.Lo) + (math.Log(pr.Hi)-math.Log(pr.Lo))*rng.Float64())
			}
			e, err := NumberEdit(pr.Path, x)
			if err != nil {
				t.Fatalf("prior %s: %v", pr.Path, err)
			}
			edits = append(edits, e)
		}
		var p *Plan
		sc, err := small.With(edits...)
		if err == nil {
			sc.Seed = rng.Uint64() >> 1
			p, err = Compile(sc)
		}
		if err == nil { // a steady start may find a platform no agent of a small group knows
			_, err = NewMigration(context.Background(), p, RunOptions{Workers: 1})
		}
		if err != nil {
			refused++
			if refused > scenarios/4 {
				t.Fatalf("%d of %d draws refused; the last: %v", refused, i+refused, err)
			}
			continue
		}
		var hs [2]*History
		for k, workers := range []int{1, 4} {
			r, err := RunScenario(context.Background(), p, RunOptions{Workers: workers})
			if err != nil {
				t.Fatalf("scenario %d (seed %d), %d workers: %v", i, sc.Seed, workers, err)
			}
			hs[k] = r.History
		}
		if err := conserved(p, hs[0]); err != nil {
			t.Fatalf("scenario %d (seed %d): %v", i, sc.Seed, err)
		}
		if !reflect.DeepEqual(hs[0], hs[1]) {
			t.Fatalf("scenario %d (seed %d): the history on 4 workers differs from 1 worker's", i, sc.Seed)
		}
		i++
	}
	t.Logf("%d scenarios run on 1 and 4 workers; %d draws refused and redrawn", scenarios, refused)
}

// conserved checks that every tick of h holds each group's agents, as
// many as the plan gives it.
func conserved(p *Plan, h *History) error {
	for tick := range h.Ticks() + 1 {
		for g, size := range p.Sizes {
			var n int64
			for s := range h.States {
				n += h.Count(tick, g, s)
			}
			if n != int64(size) {
				return fmt.Errorf("tick %d: group %s has %d agents, want %d", tick, p.Groups[g].Name, n, size)
			}
		}
	}
	return nil
}
