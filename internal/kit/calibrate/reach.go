package calibrate

import "context"

// ReachRow counts the runs of a calibration whose moments came within the
// data's 90% interval (data ± z₀.₉₅·sd, as FitRow.Within) of a target, or
// of two targets at once: what the model reached anywhere its search went,
// so that a target no run reaches, or two that no run reaches together,
// show as such.
type ReachRow struct {
	Target string `parquet:"target"`
	// Other is the second target; Target itself for the target alone.
	Other string `parquet:"other"`
	// Runs counts the runs in which both moments are defined; Within
	// those within the data's 90% interval of both.
	Runs   int `parquet:"runs"`
	Within int `parquet:"within"`
}

// Reach returns the reach table of the targets named names, with data d,
// over the moments of runs (one row per run, in target order): a row for
// each pair a ≤ b in target order, a = b the target alone.
func Reach(names []string, d Data, runs [][]float64) []ReachRow {
	k := len(names)
	defined := make([][]bool, len(runs))
	within := make([][]bool, len(runs))
	for r, m := range runs {
		defined[r], within[r] = make([]bool, k), make([]bool, k)
		for j := range k {
			defined[r][j] = finite(m[j])
			within[r][j] = defined[r][j] && d.within(j, m[j])
		}
	}
	var rows []ReachRow
	for a := range k {
		for b := a; b < k; b++ {
			row := ReachRow{Target: names[a], Other: names[b]}
			for r := range runs {
				if defined[r][a] && defined[r][b] {
					row.Runs++
					if within[r][a] && within[r][b] {
						row.Within++
					}
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// Recorder is an Evaluator that evaluates runs with Next and keeps their
// moments in Runs, batch by batch in the order asked: the record of every
// run a calibration made, the same whatever the jobs or the processes.
type Recorder struct {
	Next Evaluator
	Runs [][]float64
}

// Evaluate evaluates evals with r.Next and records their moments.
func (r *Recorder) Evaluate(ctx context.Context, evals []Eval) ([][]float64, error) {
	m, err := r.Next.Evaluate(ctx, evals)
	if err == nil {
		r.Runs = append(r.Runs, m...)
	}
	return m, err
}
