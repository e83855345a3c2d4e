package experiments

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/exodus-sim/exodus/internal/estimate"
	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/report"
	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/internal/sweep"
)

// Figure is a named figure, written as NAME.svg and NAME.png.
type Figure struct {
	Name string
	figure.Figure
}

// Options set where and how an experiment runs.
type Options struct {
	// Out is the results folder: the experiment writes Out/NAME.
	Out string
	// Cache is the folder of run files: Out's runs go to Cache/NAME.
	Cache string
	// Jobs is the number of runs at once (≥ 1).
	Jobs int
	// PDF also writes each figure as PDF.
	PDF bool
	// Fresh removes the experiment's run files first, so that every run
	// is redone (after a change of the model).
	Fresh bool
	// Progress follows the runs; nil shows nothing.
	Progress sweep.Progress
	// Command is the command line that runs the experiment, shown in its
	// report.
	Command string
}

// Result says what Run wrote.
type Result struct {
	Dir     string
	Figures []string
	// Runs and Failed count the runs (0 for a validation experiment).
	Runs, Failed int
}

// Experiment is a declared experiment, compiled: its spec and, for a
// scenario study, its study, every point's scenario and every figure
// checked.
type Experiment struct {
	Spec        *study.Spec
	Study       *study.Study          // a scenario study's
	Calibration *estimate.Calibration // a calibration's
}

// Compile checks the experiment declared by spec before anything runs.
func Compile(spec *study.Spec) (*Experiment, error) {
	e := &Experiment{Spec: spec}
	switch spec.Kind {
	case "validation":
	case "calibration":
		cs, err := estimate.LoadSpec(spec.Resolve(spec.Calibration))
		if err == nil {
			e.Calibration, err = cs.Compile()
		}
		if err != nil {
			return nil, fmt.Errorf("experiment %s: calibration = %q: %w", spec.Name, spec.Calibration, err)
		}
	case "":
		s, err := spec.Compile()
		if err != nil {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
		}
		if err := checkFigures(spec, s); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
		}
		e.Study = s
	default:
		return nil, fmt.Errorf("experiment %s: kind = %q, want empty (a scenario study), validation or calibration", spec.Name, spec.Kind)
	}
	if spec.Name == "" {
		return nil, fmt.Errorf("experiment: name is missing")
	}
	return e, nil
}

// Run runs the experiment with o and writes o.Out/NAME as a unit
// (output.Folder: a reader sees the old folder or the new one, never a
// mix): its tables (CSV and Parquet), its figures (SVG and PNG, and PDF if
// o.PDF), manifest.json and report.html. Run files go to o.Cache/NAME; running again
// resumes. If some runs failed (or validation checks did), the rest is
// still written and the error says so (a *sweep.FailedError for failed
// runs).
func Run(ctx context.Context, e *Experiment, o Options) (*Result, error) {
	start := time.Now()
	spec := e.Spec
	if o.Jobs < 1 {
		return nil, fmt.Errorf("experiment %s: jobs = %d, want ≥ 1", spec.Name, o.Jobs)
	}
	res := &Result{Dir: filepath.Join(o.Out, spec.Name)}
	f, err := output.NewFolder(res.Dir)
	if err != nil {
		return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
	}
	defer f.Discard()
	dir := f.Dir()
	var figs []Figure
	var a *study.Aggregate
	params := map[string]any{}
	var runErr error
	cache := filepath.Join(o.Cache, spec.Name)
	if o.Fresh {
		if err := os.RemoveAll(cache); err != nil {
			return nil, err
		}
	}
	switch {
	case e.Calibration != nil:
		if figs, params, err = runCalibration(ctx, e.Calibration, o, dir, cache); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
		}
	case e.Study == nil:
		if figs, params, runErr = runValidation(ctx, spec, o, dir); params == nil {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, runErr)
		}
	default:
		var skipped []string
		a, skipped, err = e.Study.Run(ctx, cache, dir, o.Jobs, o.Progress)
		var fe *sweep.FailedError
		if err != nil && !errors.As(err, &fe) {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
		}
		runErr = err
		res.Runs, res.Failed = a.Runs()
		if figs, err = drawFigures(spec, a); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
		}
		if params, err = a.Params(spec, skipped); err != nil {
			return nil, err
		}
	}
	formats := []string{figure.SVG, figure.PNG}
	if o.PDF {
		formats = append(formats, figure.PDF)
	}
	var shown []report.Figure
	for _, fig := range figs {
		if err := figure.Write(dir, fig.Name, fig.Figure, formats...); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
		}
		res.Figures = append(res.Figures, fig.Name)
		shown = append(shown, report.Figure{Name: fig.Name, Caption: "Files " + fig.Name + ".svg and .png.", Figure: fig.Figure})
	}
	params["experiment"] = spec.Name
	params["description"] = spec.Description
	params["figures"] = res.Figures
	m := output.NewManifest(params, spec.Seed, o.Jobs, time.Since(start))
	if err := report.WriteStudy(dir, "experiment", spec, a, shown, o.Command, m); err != nil {
		return nil, fmt.Errorf("experiment %s: %w", spec.Name, err)
	}
	if err := f.Commit(ctx, m); err != nil {
		return nil, err
	}
	if runErr != nil {
		return res, fmt.Errorf("experiment %s: %w", spec.Name, runErr)
	}
	return res, nil
}
