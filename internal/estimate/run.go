package estimate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"gonum.org/v1/plot/vg"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/target"
	"github.com/exodus-sim/exodus/model"
)

// Options set how a calibration runs; they change its cost, never its
// results.
type Options struct {
	// Jobs is the number of model runs at once (≥ 1).
	Jobs int
	// Progress, if not nil, is told of each CMA-ES generation and each
	// round of ABC-SMC, in words.
	Progress func(string)
}

// Result is what Run found.
type Result struct {
	Estimate  *calibrate.Estimate // nil without [cmaes]
	Posterior *calibrate.Posterior
	Fit       []calibrate.FitRow
	Predicted []calibrate.PredictionRow
	Size      []calibrate.SizeRow // nil without [size_check]
	Daily     []DailyRow
	// Reach counts the fit's runs (CMA-ES and ABC-SMC) within the data's
	// 90% interval of each target and each pair of targets.
	Reach []calibrate.ReachRow
}

// Run calibrates c into dir (Fit, then the tables, figures and manifest),
// its runs stored under dir/evals: running again resumes.
func Run(ctx context.Context, c *Calibration, dir string, o Options) (*Result, error) {
	start := time.Now()
	res, err := Fit(ctx, c, dir, o)
	if err != nil {
		return nil, err
	}
	if err := res.WriteTables(dir); err != nil {
		return nil, err
	}
	for _, f := range res.Figures(c) {
		if err := figure.Write(dir, f.Name, f.Figure, figure.SVG, figure.PNG); err != nil {
			return nil, err
		}
	}
	m := output.NewManifest(res.Params(c), c.Spec.ABC.Seed, 0, time.Since(start))
	if err := output.WriteJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		return nil, err
	}
	return res, nil
}

// Fit calibrates c: the point estimate (if the spec asks for it), the
// ABC-SMC posterior, the finite-size check (if asked for), and the
// posterior predictive of every target, prediction, held-out fact and
// series. Runs are stored under runs/evals, so that running again
// resumes.
func Fit(ctx context.Context, c *Calibration, runs string, o Options) (*Result, error) {
	if o.Jobs < 1 {
		return nil, fmt.Errorf("calibrate: jobs = %d, want ≥ 1", o.Jobs)
	}
	say := func(format string, a ...any) {
		if o.Progress != nil {
			o.Progress(fmt.Sprintf(format, a...))
		}
	}
	if err := c.stamp(runs); err != nil {
		return nil, err
	}
	s := c.Spec
	evaluator := func(base *model.Scenario, predictions bool) calibrate.Evaluator {
		return store{dir: runs, next: calibrate.Local{Sim: c.simulator(base, predictions), Jobs: o.Jobs}}
	}
	fit := evaluator(c.Fit, false)
	searched := &calibrate.Recorder{Next: fit} // the runs of the point estimate and the posterior
	res := &Result{}
	var err error
	if s.CMAES != nil {
		res.Estimate, err = calibrate.Minimize(ctx, s.Parameters, c.Data, searched, *s.CMAES, func(p calibrate.CMAESProgress) {
			say("CMA-ES generation %d/%d: least distance %.4g after %d runs", p.Generation, p.Generations, p.Best, p.Evaluations)
		})
		if err != nil {
			return nil, fmt.Errorf("calibrate: point estimate: %w", err)
		}
	}
	res.Posterior, err = calibrate.SMC(ctx, s.Parameters, c.Data, searched, s.ABC, func(g calibrate.Generation) {
		say("ABC generation %d: tolerance %.4g, %d/%d accepted, acceptance %.3f, %d runs", g.Generation, g.Tolerance, g.Accepted, g.Particles, g.AcceptanceRate, g.Evaluations)
	})
	if err != nil {
		return nil, fmt.Errorf("calibrate: posterior: %w", err)
	}
	targets, heldOut := target.Names(c.Targets.Targets), target.Names(c.Targets.HeldOut)
	var predictions []string
	for _, p := range c.Targets.Predictions {
		predictions = append(predictions, p.Name)
	}
	res.Reach = calibrate.Reach(targets, c.Data, searched.Runs)
	if z := s.SizeCheck; z != nil {
		say("size check: %d runs at %d and at %d agents", z.Replicates, c.Fit.Agents, c.Large.Agents)
		medians := make([]float64, len(s.Parameters))
		for k, m := range res.Posterior.Summaries() {
			medians[k] = m.Q50
		}
		res.Size, err = calibrate.SizeCheck(ctx, fit, evaluator(c.Large, false), [2]int{c.Fit.Agents, c.Large.Agents}, targets, c.Data, medians, z.Replicates, s.ABC.Seed)
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	}
	say("posterior predictive: %d draws × %d replicates", s.Predictive, s.ABC.Replicates)
	sample, err := calibrate.Predictive(ctx, evaluator(c.Base, true), res.Posterior.Draws(s.Predictive, s.ABC.Seed), s.ABC.Replicates, s.ABC.Seed)
	if err != nil {
		return nil, fmt.Errorf("calibrate: posterior predictive: %w", err)
	}
	bands := calibrate.Bands(sample)
	k, m, h := len(targets), len(predictions), len(heldOut)
	var held calibrate.Data
	held.Values, held.SD = c.Targets.HeldOutValues()
	res.Fit = append(calibrate.FitRows(targets, true, c.Data, bands[:k]),
		calibrate.FitRows(heldOut, false, held, bands[k+m:k+m+h])...)
	res.Predicted = calibrate.PredictionRows(predictions, bands[k:k+m])
	res.Daily = dailyRows(c.Targets.Series(), c.Days, bands[k+m+h:])
	return res, nil
}

// WriteTables writes the tables (CSV and Parquet) to dir: posterior,
// generations, summary, fit, prediction, daily, reach, size (with a size
// check) and estimate.json (with a point estimate).
func (res *Result) WriteTables(dir string) error {
	p := res.Posterior
	if err := errors.Join(
		output.WriteTidy(filepath.Join(dir, "posterior"), p.ParticleRows()),
		output.WriteTidy(filepath.Join(dir, "generations"), p.GenerationRows()),
		output.WriteTidy(filepath.Join(dir, "summary"), p.SummaryRows()),
		output.WriteTidy(filepath.Join(dir, "fit"), res.Fit),
		output.WriteTidy(filepath.Join(dir, "prediction"), res.Predicted),
		output.WriteTidy(filepath.Join(dir, "daily"), res.Daily),
		output.WriteTidy(filepath.Join(dir, "reach"), res.Reach),
	); err != nil {
		return err
	}
	if res.Size != nil {
		if err := output.WriteTidy(filepath.Join(dir, "size"), res.Size); err != nil {
			return err
		}
	}
	if res.Estimate != nil {
		return output.WriteJSON(filepath.Join(dir, "estimate.json"), res.Estimate)
	}
	return nil
}

// NamedFigure is a figure and the file name it is written under.
type NamedFigure struct {
	Name string
	figure.Figure
}

// Figures returns the calibration's figures: fit (each target against
// the posterior predictive), corner (the posterior) and daily (every
// series' predictive band against the data's levels, and the held-out
// window).
func (res *Result) Figures(c *Calibration) []NamedFigure {
	return []NamedFigure{
		{"fit", fitFigure(res.Fit)},
		{"corner", cornerFigure(res.Posterior)},
		{"daily", dailyFigure(res.Daily, c.Targets.Levels, c.Targets.LastDay(), c.Base.Start.Location())},
	}
}

// Params returns what a manifest records of the calibration.
func (res *Result) Params(c *Calibration) map[string]any {
	p := res.Posterior
	return map[string]any{
		"command":         "calibrate",
		"spec":            c.Spec,
		"targets":         len(c.Targets.Targets),
		"predictions":     len(c.Targets.Predictions),
		"held_out":        len(c.Targets.HeldOut),
		"stop":            p.Stop,
		"generations":     len(p.Generations),
		"targets_missed":  missed(res.Fit, true),
		"held_out_missed": missed(res.Fit, false),
		"posterior_draws": c.Spec.Predictive,
	}
}

// missed lists the targets (fitted) or the held-out facts (not fitted)
// whose model median is outside the data's 90% interval.
func missed(fit []calibrate.FitRow, fitted bool) []string {
	out := []string{}
	for _, f := range fit {
		if f.Fitted == fitted && !f.Within {
			out = append(out, f.Target)
		}
	}
	return out
}

// cornerFigure draws the posterior's particles by weight over the priors'
// boxes.
func cornerFigure(p *calibrate.Posterior) figure.Figure {
	c := &figure.Corner{
		Title: "Posterior: weighted particles of the last ABC-SMC generation over the prior ranges",
		Width: max(figure.Page, vg.Length(len(p.Parameters))*vg.Inch),
	}
	for _, par := range p.Parameters {
		c.Params = append(c.Params, figure.CornerParam{Label: par.Name, Lo: par.Lo, Hi: par.Hi, Log: par.Prior == calibrate.LogUniform})
	}
	for _, q := range p.Particles {
		c.Points = append(c.Points, q.Theta)
		c.Weights = append(c.Weights, q.Weight)
	}
	return c
}

// fitFigure draws each target's and held-out fact's data (value and its
// 90% interval, ±1.645 sd) against the posterior predictive (median and
// 5–95% band), a panel each, since they differ in units.
func fitFigure(fit []calibrate.FitRow) figure.Figure {
	g := &figure.Grid{Title: "Targets: data and 90% interval against the posterior predictive", Cols: 2}
	const z95 = 1.6449 // the standard normal's 95% quantile
	for _, f := range fit {
		title := f.Target
		if !f.Fitted {
			title += " (held out)"
			g.Title = "Targets and held-out facts: data and 90% interval against the posterior predictive"
		}
		g.Panels = append(g.Panels, &figure.Dots{
			Title: title, Categories: []string{""}, Fit: true,
			Groups: []figure.DotGroup{
				{Label: "data", Values: []float64{f.Data}, Lo: []float64{f.Data - z95*f.SD}, Hi: []float64{f.Data + z95*f.SD}, Color: 0},
				{Label: "model", Values: []float64{f.Median}, Lo: []float64{f.Q05}, Hi: []float64{f.Q95}, Color: 1},
			},
		})
	}
	return g
}
