package sweep_test

import (
	"context"
	"fmt"
	"os"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/sweep"
)

func ExampleExecute() {
	dir, _ := os.MkdirTemp("", "sweep")
	defer os.RemoveAll(dir)
	points, _ := design.Grid([]design.Axis{design.ListAxis("weights.protest", 0, 2)})
	runs, _ := sweep.Runs(points, 2, 1)
	// A stand-in model: the caller wires in the real one.
	fn := func(ctx context.Context, r sweep.Run) (sweep.Result, error) {
		return sweep.Result{Metrics: map[string]float64{"peak": 10 * r.Assignments[0].Value}}, nil
	}
	if err := sweep.Execute(context.Background(), dir, runs, fn, sweep.Options{Jobs: 2, Study: "s1", Progress: sweep.TerminalProgress(os.Stderr)}); err != nil {
		fmt.Println(err)
		return
	}
	recs, _ := sweep.Load(dir, "s1", runs)
	for _, rec := range recs {
		fmt.Println(rec.Name(), rec.Assignments, rec.Result.Metrics["peak"])
	}
	// Output:
	// p00000-r000 weights.protest=0 0
	// p00000-r001 weights.protest=0 0
	// p00001-r000 weights.protest=2 20
	// p00001-r001 weights.protest=2 20
}
