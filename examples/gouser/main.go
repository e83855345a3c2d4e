// Command gouser runs exodus's embedded rednote-2025 scenario from another Go
// module, as a Go user would: load, edit and compile a scenario (package
// model), run it, and read the daily series and the summary.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/exodus-sim/exodus/model"
)

func main() {
	edits, err := model.ParseEdits([]string{"agents=5000", `duration="10d"`, `warmup="2d"`})
	if err != nil {
		log.Fatal(err)
	}
	p, err := model.Load("rednote-2025", edits...)
	if err != nil {
		log.Fatal(err)
	}
	run, err := model.RunScenario(context.Background(), p, model.RunOptions{Workers: 2})
	if err != nil {
		log.Fatal(err)
	}
	days, dau, err := model.Daily(p, run.History, "dau", "US", "RedNote")
	if err != nil {
		log.Fatal(err)
	}
	for i, d := range days {
		fmt.Printf("%s RedNote daily active US agents %.0f\n", d, dau[i])
	}
	s := run.Summary
	fmt.Printf("%s agents from %s to %s: at most %d joined in a day (%s), %.2g%% of the group's agents\n",
		s.Group, s.Origin, s.Destination, s.PeakDailyInflow, s.PeakInflowDay, 100*s.PeakDailyInflowShare)
}
