package study

import (
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/sensitivity"
)

// SobolResamples is the number of bootstrap resamples of the Sobol
// indices' confidence intervals.
const SobolResamples = 1000

// SobolRow is a Sobol index of a metric for a factor (an axis):
// Index is "first" (S_i) or "total" (S_Ti), with its bootstrap standard
// error and 95% percentile interval ("sobol"), rounded to Digits
// significant digits.
type SobolRow struct {
	Metric string  `parquet:"metric"`
	Factor string  `parquet:"factor"`
	Index  string  `parquet:"index"`
	Value  float64 `parquet:"value"`
	SE     float64 `parquet:"se"`
	Lo     float64 `parquet:"lo"`
	Hi     float64 `parquet:"hi"`
}

// Sobol returns the first-order and total Sobol indices of each metric
// of a Saltelli study (sensitivity.Bootstrap: Jansen estimators, 1000
// resamples under the study's seed), by metric name and then factor in
// axis order. The output at a point is the mean of the metric over its
// replicates. A metric that is undefined at some point (no successful
// run, or a run's NaN such as a retention it ended too early to see) or
// constant over the design has no indices: it is named in skipped with
// the reason.
func (a *Aggregate) Sobol() (rows []SobolRow, skipped []string, err error) {
	s := a.Study
	if !s.Saltelli {
		return nil, nil, fmt.Errorf("study: Sobol indices need a Saltelli design")
	}
	k := len(s.Points[0].Assignments)
	y := make([]float64, len(s.Points))
metrics:
	for _, name := range s.Outputs.KeptMetrics() {
		for p := range s.Points {
			m, ok := a.Metric(p, name)
			if !ok || m.N < a.OK[p] {
				skipped = append(skipped, fmt.Sprintf("%s: no value at point %d (%s)", name, p, s.Points[p].Label))
				continue metrics
			}
			y[p] = m.Mean
		}
		fA, fB, fAB, err := sensitivity.Split(y, k)
		if err != nil {
			return nil, nil, err
		}
		r, err := sensitivity.Bootstrap(fA, fB, fAB, SobolResamples, s.Seed)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		for i, as := range s.Points[0].Assignments {
			for _, e := range []struct {
				index string
				est   sensitivity.Estimate
			}{{"first", r.First[i]}, {"total", r.Total[i]}} {
				rows = append(rows, SobolRow{name, as.Path, e.index, round(e.est.Value), round(e.est.SE), round(e.est.Lo), round(e.est.Hi)})
			}
		}
	}
	return rows, skipped, nil
}
