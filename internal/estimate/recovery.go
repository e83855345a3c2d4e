package estimate

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/output"
)

// Recover runs the spec's parameter-recovery study (calibrate.Recover):
// Recovery.Truths truths drawn from the priors, each with synthetic
// targets made by one run of the fit window and the real targets' sd,
// each calibrated by ABC-SMC with the spec's settings. Truth t's runs are
// stored under runs/recovery/tNNN/evals, so that the study resumes.
func Recover(ctx context.Context, c *Calibration, runs string, o Options) ([]calibrate.RecoveryRow, error) {
	if c.Spec.Recovery == nil {
		return nil, fmt.Errorf("calibrate: the spec has no [recovery]")
	}
	if o.Jobs < 1 {
		return nil, fmt.Errorf("calibrate: jobs = %d, want ≥ 1", o.Jobs)
	}
	if err := c.stamp(runs); err != nil {
		return nil, err
	}
	sim := c.simulator(c.Fit, false)
	ev := func(t int) calibrate.Evaluator {
		return store{dir: filepath.Join(runs, "recovery", fmt.Sprintf("t%03d", t)), next: calibrate.Local{Sim: sim, Jobs: o.Jobs}}
	}
	return calibrate.Recover(ctx, c.Spec.Parameters, c.Data.SD, ev, *c.Spec.ABC, c.Spec.Recovery.Truths)
}

// WriteRecovery writes a recovery study's tables to dir: recovery (each
// truth's parameters against their posterior intervals) and coverage, and
// returns its figure.
func WriteRecovery(dir string, rows []calibrate.RecoveryRow) ([]NamedFigure, error) {
	cov := calibrate.Coverage(rows)
	if err := output.WriteTidy(filepath.Join(dir, "recovery"), rows); err != nil {
		return nil, err
	}
	if err := output.WriteTidy(filepath.Join(dir, "coverage"), cov); err != nil {
		return nil, err
	}
	return []NamedFigure{{"coverage", coverageFigure(cov)}}, nil
}

// coverageFigure draws each parameter's coverage with its binomial 95%
// interval at the nominal level (±1.96 SE) beside the nominal 90%.
func coverageFigure(cov []calibrate.CoverageRow) figure.Figure {
	d := &figure.Dots{Title: "Coverage of the posterior 90% intervals over synthetic truths", X: "share of truths inside their interval", Fit: false}
	got := figure.DotGroup{Label: "coverage", Color: 0}
	nominal := figure.DotGroup{Label: "nominal (±1.96 SE)", Color: 1}
	for _, c := range cov {
		d.Categories = append(d.Categories, c.Parameter)
		got.Values = append(got.Values, c.Coverage)
		nominal.Values = append(nominal.Values, c.Nominal)
		nominal.Lo = append(nominal.Lo, c.Nominal-1.96*c.SE)
		nominal.Hi = append(nominal.Hi, c.Nominal+1.96*c.SE)
	}
	d.Groups = []figure.DotGroup{got, nominal}
	return d
}
