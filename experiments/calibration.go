package experiments

import (
	"context"

	"exodus/internal/estimate"
)

// runCalibration runs the calibration c with o.Jobs runs at once, its runs
// kept under cache/evals (so that it resumes), writes its tables to dir
// and returns its figures and what its manifest records.
func runCalibration(ctx context.Context, c *estimate.Calibration, o Options, dir, cache string) ([]Figure, map[string]any, error) {
	res, err := estimate.Fit(ctx, c, cache, estimate.Options{Jobs: o.Jobs})
	if err != nil {
		return nil, nil, err
	}
	if err := res.WriteTables(dir); err != nil {
		return nil, nil, err
	}
	var figs []Figure
	for _, f := range res.Figures(c) {
		figs = append(figs, Figure{f.Name, f.Figure})
	}
	return figs, res.Params(c), nil
}
