package main

import (
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/validate"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check every classic rule against its theory (closed forms, ODEs, published results)",
		ArgsUsage: " ",
		Description: "Prints one row per compared quantity (name, quantity, expected, got, tolerance, PASS/FAIL),\n" +
			"writes the same rows to checks.csv and an overlay figure (simulation vs theory) per check to --out,\n" +
			"and exits 1 if any row fails. --quick runs the reduced set used in CI.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "quick", Usage: "run the reduced set (under a minute on 2 cores)"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/validate", Usage: "output `folder`"},
			&cli.IntFlag{Name: "workers", Usage: "runs at once (0: GOMAXPROCS); results do not depend on it"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "root random seed"},
			quietFlag,
			jsonFlag,
		},
		Action: validateAction,
	}
}

func validateAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("validate takes no arguments, got %q", c.Args().Slice())
	}
	if c.Int("workers") < 0 {
		return usagef("--workers = %d, want ≥ 0", c.Int("workers"))
	}
	o := validate.Options{Quick: c.Bool("quick"), Seed: c.Uint64("seed"), Workers: c.Int("workers")}
	start := time.Now()
	rep, err := validate.Run(c.Context, o)
	if err != nil {
		return err
	}
	dir := c.String("out")
	if err := rep.Write(dir); err != nil {
		return err
	}
	if err := output.WriteJSON(filepath.Join(dir, "manifest.json"), output.NewManifest(map[string]any{
		"command": "validate",
		"quick":   o.Quick,
	}, o.Seed, o.Workers, time.Since(start))); err != nil {
		return err
	}
	if err := printJSON(c, map[string]any{"rows": rep.Rows, "failed": rep.Failed(), "dir": dir}); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(text(c), 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "name\tquantity\texpected\tgot\ttolerance\tresult")
	for _, r := range rep.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%.6g\t%.6g\t%.3g\t%s\n", r.Check, r.Quantity, r.Expected, r.Got, r.Tol, r.Verdict())
	}
	tw.Flush()
	fmt.Fprintf(text(c), "wrote %s in %.1fs\n", dir, time.Since(start).Seconds())
	if n := rep.Failed(); n > 0 {
		return fmt.Errorf("validate: %d of %d checks failed", n, len(rep.Rows))
	}
	return nil
}
