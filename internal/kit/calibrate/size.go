package calibrate

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/exodus-sim/exodus/sim"
)

// StageSize is the stage of the runs of a finite-size check.
const StageSize = "size"

// SizeRow compares one target's moment at two model sizes (say N and 4N
// agents), at the same parameters, each over its own replicates.
type SizeRow struct {
	Target string  `parquet:"target"`
	Size   int     `parquet:"size"` // the smaller size, in the model's units
	Mean   float64 `parquet:"mean"`
	SE     float64 `parquet:"se"` // standard error of Mean
	Large  int     `parquet:"size_large"`
	// MeanLarge and SELarge are the moment's mean and its standard error
	// at size Large.
	MeanLarge float64 `parquet:"mean_large"`
	SELarge   float64 `parquet:"se_large"`
	// Z is the difference in standard errors,
	// (MeanLarge − Mean) / √(SE² + SELarge²).
	Z float64 `parquet:"z"`
	// Bias is the difference in the data's sd, (MeanLarge − Mean) / sd:
	// what the smaller size would shift the target's distance by.
	Bias float64 `parquet:"bias_in_sd"`
	// Noise and NoiseLarge are one run's standard deviation at each size
	// in the data's sd, SE·√Defined / sd: how far one run, the
	// calibration's unit, strays from its mean. Above 1 a run says less
	// about the parameters than the data's own error allows; noise that
	// does not shrink with size (as 1/√size would) is the model's own
	// variability at those parameters, not the agents' count.
	Noise      float64 `parquet:"noise_in_sd"`
	NoiseLarge float64 `parquet:"noise_large_in_sd"`
	// Agree says |Z| ≤ 1.96: no difference at the 5% level (a two-sided
	// z-test, the normal's 97.5% quantile).
	Agree bool `parquet:"agree"`
	// Defined and DefinedLarge count the replicates, at each size, whose
	// moment is finite; the means and SEs are over those.
	Defined      int `parquet:"defined"`
	DefinedLarge int `parquet:"defined_large"`
}

// SizeCheck runs theta reps times with small and again with large (run r
// of either has the seed sim.Derive(seed, r) under the size check's
// stream, so both sizes see the same seeds, and the key
// size-g<0 or 1>-i00000-a0000-r<r>), and compares each target's mean
// moment at the two sizes (SizeRow). sizes labels the two evaluators.
func SizeCheck(ctx context.Context, small, large Evaluator, sizes [2]int, names []string, data Data, theta []float64, reps int, seed uint64) ([]SizeRow, error) {
	if reps < 2 {
		return nil, fmt.Errorf("size check: replicates = %d, want ≥ 2 for a standard error", reps)
	}
	var moments [2][][]float64
	for s, ev := range []Evaluator{small, large} {
		evals := make([]Eval, reps)
		for r := range evals {
			evals[r] = Eval{Key: Key{Stage: StageSize, Generation: s, Replicate: r}, Theta: theta, Seed: sim.Derive(seed, streamSize, uint64(r))}
		}
		var err error
		if moments[s], err = ev.Evaluate(ctx, evals); err != nil {
			return nil, fmt.Errorf("size check at %d: %w", sizes[s], err)
		}
	}
	rows := make([]SizeRow, len(names))
	for k, name := range names {
		var mean, se, sd [2]float64
		var n [2]int
		for s := range moments {
			var x []float64
			for _, m := range moments[s] {
				if finite(m[k]) {
					x = append(x, m[k])
				}
			}
			n[s] = len(x)
			mean[s], se[s], sd[s] = math.NaN(), math.NaN(), math.NaN()
			if len(x) >= 2 {
				mean[s], sd[s] = stat.MeanStdDev(x, nil)
				se[s] = sd[s] / math.Sqrt(float64(len(x)))
			}
		}
		z := (mean[1] - mean[0]) / math.Hypot(se[0], se[1])
		rows[k] = SizeRow{
			Target: name, Size: sizes[0], Mean: mean[0], SE: se[0],
			Large: sizes[1], MeanLarge: mean[1], SELarge: se[1],
			Z: z, Bias: (mean[1] - mean[0]) / data.SD[k], Noise: sd[0] / data.SD[k], NoiseLarge: sd[1] / data.SD[k], Agree: math.Abs(z) <= 1.96,
			Defined: n[0], DefinedLarge: n[1],
		}
	}
	return rows, nil
}
