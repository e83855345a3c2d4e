package estimate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
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
	m := output.NewManifest(res.Params(c), c.Spec.Seed(), 0, time.Since(start))
	if err := output.WriteJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		return nil, err
	}
	return res, nil
}

// Fit calibrates c: the point estimate and the ABC-SMC posterior (either
// or both, as the spec asks), the finite-size check (if asked for), and the
// predictive of every target, prediction, held-out fact and series: of
// the posterior, or, without one, of the point estimate. Runs are stored
// under runs/evals, so that running again resumes.
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
	if s.ABC != nil {
		res.Posterior, err = calibrate.SMC(ctx, s.Parameters, c.Data, searched, *s.ABC, func(g calibrate.Generation) {
			say("ABC generation %d: tolerance %.4g, %d kept, %d steps, acceptance %.3f, %d runs, %d distinct", g.Generation, g.Tolerance, g.Kept, g.Steps, g.AcceptanceRate, g.Evaluations, g.Distinct)
		})
		if err != nil {
			return nil, fmt.Errorf("calibrate: posterior: %w", err)
		}
	}
	// centre: the posterior medians, or the point estimate; draws: the
	// predictive's parameters.
	var centre []float64
	var draws [][]float64
	if res.Posterior != nil {
		centre = make([]float64, len(s.Parameters))
		for k, m := range res.Posterior.Summaries() {
			centre[k] = m.Q50
		}
		draws = res.Posterior.Draws(s.Predictive, s.Seed())
	} else {
		centre = res.Estimate.Theta
		draws = slices.Repeat([][]float64{centre}, s.Predictive)
	}
	targets, heldOut := target.Names(c.Targets.Targets), target.Names(c.Targets.HeldOut)
	var predictions []string
	for _, p := range c.Targets.Predictions {
		predictions = append(predictions, p.Name)
	}
	res.Reach = calibrate.Reach(targets, c.Data, searched.Runs)
	if z := s.SizeCheck; z != nil {
		say("size check: %d runs at %d and at %d agents", z.Replicates, c.Fit.Agents, c.Large.Agents)
		res.Size, err = calibrate.SizeCheck(ctx, fit, evaluator(c.Large, false), [2]int{c.Fit.Agents, c.Large.Agents}, targets, c.Data, centre, z.Replicates, s.Seed())
		if err != nil {
			return nil, fmt.Errorf("calibrate: %w", err)
		}
	}
	say("predictive: %d draws × %d replicates", s.Predictive, s.PredictiveReplicates())
	sample, err := calibrate.Predictive(ctx, evaluator(c.Base, true), draws, s.PredictiveReplicates(), s.Seed())
	if err != nil {
		return nil, fmt.Errorf("calibrate: predictive: %w", err)
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
// generations and summary (with a posterior), fit, prediction, daily,
// reach, size (with a size check) and estimate.json (with a point
// estimate).
func (res *Result) WriteTables(dir string) error {
	if p := res.Posterior; p != nil {
		if err := errors.Join(
			output.WriteTidy(filepath.Join(dir, "posterior"), p.ParticleRows()),
			output.WriteTidy(filepath.Join(dir, "generations"), p.GenerationRows()),
			output.WriteTidy(filepath.Join(dir, "summary"), p.SummaryRows()),
		); err != nil {
			return err
		}
	}
	if err := errors.Join(
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
// the predictive), corner (the posterior, if there is one) and daily
// (every series' predictive band against the data's levels, and the
// held-out window).
func (res *Result) Figures(c *Calibration) []NamedFigure {
	figs := []NamedFigure{{"fit", fitFigure(res.Fit)}}
	if res.Posterior != nil {
		figs = append(figs, NamedFigure{"corner", cornerFigure(res.Posterior)})
	}
	return append(figs, NamedFigure{"daily", dailyFigure(res.Daily, c.Targets.Levels, c.Targets.LastDay(), c.Base.Start.Location())})
}

// Params returns what a manifest records of the calibration.
func (res *Result) Params(c *Calibration) map[string]any {
	m := map[string]any{
		"command":         "calibrate",
		"spec":            c.Spec,
		"targets":         len(c.Targets.Targets),
		"predictions":     len(c.Targets.Predictions),
		"held_out":        len(c.Targets.HeldOut),
		"targets_missed":  missed(res.Fit, true),
		"held_out_missed": missed(res.Fit, false),
	}
	if p := res.Posterior; p != nil {
		m["stop"], m["generations"], m["posterior_draws"] = p.Stop, len(p.Generations), c.Spec.Predictive
	} else {
		m["estimate_runs"] = c.Spec.Predictive
	}
	return m
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
