package stats_test

import (
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/stats"
)

func ExampleSummarize() {
	// Peak inflow of five replicates, in replicate order.
	s := stats.Summarize([]float64{2, 4, 4, 5, 10})
	fmt.Printf("n = %d, mean = %.3f, sd = %.3f, se = %.3f, 95%% CI [%.3f, %.3f]\n", s.N, s.Mean, s.SD, s.SE, s.Lo, s.Hi)
	// Output:
	// n = 5, mean = 5.000, sd = 3.000, se = 1.342, 95% CI [1.275, 8.725]
}
