package main

import (
	"fmt"
	"runtime"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/estimate"
)

func calibrateCommand() *cli.Command {
	return &cli.Command{
		Name:      "calibrate",
		Usage:     "fit a scenario's free parameters to targets: point estimate, posterior, posterior predictive and held-out prediction",
		ArgsUsage: " ",
		Description: "Reads a calibration spec (see internal/estimate.Spec: base scenario, targets file, free parameters\n" +
			"with priors, ABC-SMC and CMA-ES settings, finite-size check), checks it, and writes to OUT:\n" +
			"posterior, generations, summary, fit (each target against the posterior predictive 90% band),\n" +
			"prediction (held-out observables), daily (every series' predictive band by day), size (the\n" +
			"finite-size check), estimate.json, the figures fit, corner and daily, and manifest.json. Runs\n" +
			"are kept under OUT/evals: running the same command again resumes; results do not depend on --jobs.\n" +
			"Any number of processes may run the same command on one OUT at once, on one machine or on machines\n" +
			"sharing it (exodus slurm calibrate): runs are claimed through files under OUT/claims, so the\n" +
			"processes split the work, none is done twice, and each writes the same results.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "spec", Usage: "calibration spec `file` (TOML), required"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/calibrate", Usage: "output `folder`"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.GOMAXPROCS(0), Usage: "model runs at once"},
			checkFlag,
			quietFlag,
			jsonFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("calibrate takes no arguments, got %q", c.Args().Slice())
			}
			if !c.IsSet("spec") {
				return usagef("calibrate needs --spec FILE")
			}
			if c.Int("jobs") < 1 {
				return usagef("--jobs = %d, want ≥ 1", c.Int("jobs"))
			}
			spec, err := estimate.LoadSpec(c.String("spec"))
			if err != nil {
				return usageError{err}
			}
			cal, err := spec.Compile()
			if err != nil {
				return usageError{err}
			}
			if c.Bool("check") {
				_, err := fmt.Fprintf(c.App.Writer, "calibration of %s: %d parameters, %d targets, %d held out, %d predictions; not run (--check)\n",
					spec.Scenario, len(spec.Parameters), len(cal.Targets.Targets), len(cal.Targets.HeldOut), len(cal.Targets.Predictions))
				return err
			}
			dir := c.String("out")
			o := estimate.Options{Jobs: c.Int("jobs")}
			if !c.Bool("quiet") && !c.Bool("json") {
				o.Progress = func(s string) { fmt.Fprintln(c.App.ErrWriter, s) }
			}
			res, err := estimate.Run(c.Context, cal, dir, o)
			if err != nil {
				return err
			}
			out := map[string]any{"fit": res.Fit, "prediction": res.Predicted, "dir": dir}
			if res.Posterior != nil {
				out["posterior"] = res.Posterior.Summaries()
			}
			if res.Estimate != nil {
				out["estimate"] = res.Estimate
			}
			if err := printJSON(c, out); err != nil {
				return err
			}
			w := text(c)
			if res.Posterior != nil {
				for _, s := range res.Posterior.Summaries() {
					fmt.Fprintf(w, "%-24s median %.4g, 90%% interval [%.4g, %.4g]\n", s.Name, s.Q50, s.Q05, s.Q95)
				}
			} else {
				for k, p := range spec.Parameters {
					fmt.Fprintf(w, "%-24s point estimate %.4g\n", p.Name, res.Estimate.Theta[k])
				}
			}
			for _, f := range res.Fit {
				verdict := "within"
				if !f.Within {
					verdict = "MISSED"
				}
				if !f.Fitted {
					verdict = "held out, " + verdict
				}
				if n := cal.Spec.Predictive * cal.Spec.PredictiveReplicates(); f.Defined < n {
					verdict += fmt.Sprintf(" (defined in %d of %d runs)", f.Defined, n)
				}
				fmt.Fprintf(w, "%-32s data %.4g ± %.3g, model %.4g [%.4g, %.4g]: %s\n", f.Target, f.Data, f.SD, f.Median, f.Q05, f.Q95, verdict)
			}
			fmt.Fprintf(w, "wrote %s\n", dir)
			return nil
		},
	}
}
