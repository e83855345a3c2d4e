package experiments

import (
	"context"

	"github.com/exodus-sim/exodus/internal/estimate"
	"github.com/exodus-sim/exodus/internal/kit/calibrate"
)

// runCalibration runs the calibration c (or, if its spec has [recovery],
// its recovery study) with o.Jobs runs at once, its runs kept under cache
// (so that it resumes), writes its tables to dir and returns its figures
// and what its manifest records.
func runCalibration(ctx context.Context, c *estimate.Calibration, o Options, dir, cache string) ([]Figure, map[string]any, error) {
	if c.Spec.Recovery != nil {
		rows, err := estimate.Recover(ctx, c, cache, estimate.Options{Jobs: o.Jobs})
		if err != nil {
			return nil, nil, err
		}
		named, err := estimate.WriteRecovery(dir, rows)
		if err != nil {
			return nil, nil, err
		}
		return figures(named), map[string]any{"command": "calibrate (recovery study)", "spec": c.Spec, "coverage": calibrate.Coverage(rows)}, nil
	}
	res, err := estimate.Fit(ctx, c, cache, estimate.Options{Jobs: o.Jobs})
	if err != nil {
		return nil, nil, err
	}
	if err := res.WriteTables(dir); err != nil {
		return nil, nil, err
	}
	return figures(res.Figures(c)), res.Params(c), nil
}

// figures returns a calibration's named figures as an experiment's.
func figures(named []estimate.NamedFigure) []Figure {
	figs := make([]Figure, len(named))
	for i, f := range named {
		figs[i] = Figure{f.Name, f.Figure}
	}
	return figs
}
