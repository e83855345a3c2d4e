package model_test

import (
	"context"
	"fmt"

	"github.com/exodus-sim/exodus/model"
)

// A scenario is read from TOML (here the embedded rednote-2025), varied by
// edits written as on the command line, and compiled once into a plan that
// everything else reads.
func ExampleCompile() {
	sc, err := model.LoadScenario("rednote-2025")
	if err != nil {
		panic(err)
	}
	edits, err := model.ParseEdits([]string{"agents=1e5", `shocks.tiktok-blackout.duration="3d"`})
	if err != nil {
		panic(err)
	}
	if sc, err = sc.With(edits...); err != nil {
		panic(err)
	}
	p, err := model.Compile(sc)
	if err != nil {
		panic(err)
	}
	fmt.Println("states:", p.States)
	fmt.Println("agents per group:", p.Sizes)
	fmt.Println("days:", len(p.Days), "from", p.Days[0], "to", p.Days[len(p.Days)-1])
	// Output:
	// states: [none TikTok RedNote Lemon8 Other]
	// agents per group: [28570 71430]
	// days: 60 from 2025-01-06 to 2025-03-06
}

// An edit names the field it sets by a path and checks its value against
// the field's type when it is read, not when a run starts.
func ExampleParseEdit() {
	for _, a := range []string{"weights.protest=12.5", "agents=ten", "start=2025-01-15T12:00:00"} {
		if e, err := model.ParseEdit(a); err != nil {
			fmt.Println(err)
		} else {
			fmt.Println("ok:", e)
		}
	}
	// Output:
	// ok: weights.protest=12.5
	// edit agents = ten: want a whole number: expected value but found "ten" instead
	// edit start = 2025-01-15T12:00:00: date-time 2025-01-15T12:00:00 has no UTC offset: add one, such as 2025-01-15T12:00:00-05:00 or 2025-01-15T12:00:00Z
}

// RunScenario builds the network and population of a plan, runs it and
// summarises the migration the scenario reports (here US agents moving to
// RedNote); the same plan and seed give the same numbers on any number of
// workers.
func ExampleRunScenario() {
	edits, err := model.ParseEdits([]string{"agents=2000", `duration="5d"`, `warmup="1d"`})
	if err != nil {
		panic(err)
	}
	p, err := model.Load("rednote-2025", edits...)
	if err != nil {
		panic(err)
	}
	one, err := model.RunScenario(context.Background(), p, model.RunOptions{Workers: 1})
	if err != nil {
		panic(err)
	}
	two, err := model.RunScenario(context.Background(), p, model.RunOptions{Workers: 2})
	if err != nil {
		panic(err)
	}
	s := one.Summary
	fmt.Printf("%s agents moving from %s to %s: %d of them\n", s.Group, s.Origin, s.Destination, s.GroupAgents)
	fmt.Println("ticks recorded:", one.History.Ticks())
	fmt.Println("same peak inflow on 2 workers:", s.PeakDailyInflow == two.Summary.PeakDailyInflow)
	// Output:
	// US agents moving from TikTok to RedNote: 571 of them
	// ticks recorded: 120
	// same peak inflow on 2 workers: true
}
