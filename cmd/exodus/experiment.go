package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/experiments"
	"github.com/exodus-sim/exodus/internal/sweep"
)

func experimentCommand() *cli.Command {
	return &cli.Command{
		Name:  "experiment",
		Usage: "list the declared experiments or run them into results/",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the declared experiments",
				Action: func(c *cli.Context) error {
					all, err := experiments.All()
					if err != nil {
						return err
					}
					for _, e := range all {
						fmt.Fprintf(c.App.Writer, "%s\n%s\n", e.Name, wrap(e.Description, 96, "    "))
					}
					return nil
				},
			},
			{
				Name:      "run",
				Usage:     "run experiments and write OUT/NAME: tables (CSV, Parquet), figures (SVG, PNG), manifest.json and report.html",
				ArgsUsage: "[flags] NAME|FILE... | --all",
				Description: "NAME is a declared experiment (exodus experiment list), FILE an experiment of your own in TOML\n" +
					"(see experiments/specs/*.toml and internal/study.Spec). Every point and figure is checked first.\n" +
					"Run files go to CACHE/NAME (one per run); running again resumes an interrupted experiment.\n" +
					"OUT/NAME is emptied and rewritten: tables and SVG figures are the same bytes on every regeneration;\n" +
					"manifest.json holds the versions and wall time. Use --fresh after changing the model.",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "all", Usage: "run every declared experiment"},
					&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "results", Usage: "results `folder`"},
					&cli.StringFlag{Name: "cache", Value: "out/cache", Usage: "`folder` of the run files"},
					&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.GOMAXPROCS(0), Usage: "runs at once"},
					&cli.BoolFlag{Name: "pdf", Usage: "also write each figure as PDF"},
					&cli.BoolFlag{Name: "fresh", Usage: "remove the experiments' run files first, redoing every run"},
					maxMemoryFlag,
					&cli.StringFlag{Name: "shard", Usage: "only run share `i/n` of the runs (index mod n) into CACHE/NAME, writing nothing else; a run without --shard then writes OUT/NAME"},
					checkFlag,
				},
				Action: experimentRun,
			},
		},
	}
}

func experimentRun(c *cli.Context) error {
	names := c.Args().Slice()
	for _, n := range names {
		if strings.HasPrefix(n, "-") {
			return usagef("experiment run: flag %s after a name; flags go first: exodus experiment run [flags] NAME...", n)
		}
	}
	switch {
	case c.Bool("all") && len(names) > 0:
		return usagef("experiment run takes names or --all, not both")
	case c.Bool("all"):
		names = experiments.Names()
	case len(names) == 0:
		return usagef("experiment run needs a NAME (see exodus experiment list), a FILE or --all")
	}
	if c.Int("jobs") < 1 {
		return usagef("--jobs = %d, want ≥ 1", c.Int("jobs"))
	}
	var list []*experiments.Experiment
	for _, n := range names {
		spec, err := experiments.Load(n)
		if err != nil {
			return usageError{err}
		}
		e, err := experiments.Compile(spec)
		if err != nil {
			return usageError{err}
		}
		if e.Study != nil {
			if err := refuseStudy(c, e.Study, c.Int("jobs")); err != nil {
				return err
			}
		}
		list = append(list, e)
	}
	if c.Bool("check") {
		for _, e := range list {
			if e.Study == nil {
				fmt.Fprintf(c.App.Writer, "%s: %s; not run (--check)\n", e.Spec.Name, e.Spec.Kind)
				continue
			}
			if err := printStudy(c, e.Spec, e.Study); err != nil {
				return err
			}
		}
		return nil
	}
	if c.IsSet("shard") {
		return experimentShard(c, list)
	}
	o := experiments.Options{
		Out: c.String("out"), Cache: c.String("cache"), Jobs: c.Int("jobs"),
		PDF: c.Bool("pdf"), Fresh: c.Bool("fresh"), Progress: progress(c),
		Command: commandLine(c),
	}
	for _, e := range list {
		start := time.Now()
		res, err := experiments.Run(c.Context, e, o)
		if res != nil {
			fmt.Fprintf(c.App.Writer, "%s: %d runs (%d failed), %d figures; wrote %s in %.1fs\n", e.Spec.Name, res.Runs+res.Failed, res.Failed, len(res.Figures), res.Dir, time.Since(start).Seconds())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// wrap breaks text into lines of at most width bytes (longer words stand
// alone), each after indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for _, w := range strings.Fields(text) {
		switch {
		case line == 0:
			b.WriteString(indent)
			line = len(indent)
		case line+1+len(w) > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

// experimentShard runs share --shard of the runs of each experiment into
// CACHE/NAME; other processes, on this machine or others sharing CACHE,
// may run the other shares (or the same) at once.
func experimentShard(c *cli.Context, list []*experiments.Experiment) error {
	shard, err := sweep.ParseShard(c.String("shard"))
	if err != nil {
		return usagef("--shard: %v", err)
	}
	if c.Bool("fresh") {
		return usagef("--shard and --fresh: a shard must not remove the runs of the others; remove CACHE/NAME first")
	}
	for _, e := range list {
		if e.Study == nil {
			return usagef("experiment %s: --shard: a %s experiment has no runs to share; run it on one machine", e.Spec.Name, e.Spec.Kind)
		}
		dir := filepath.Join(c.String("cache"), e.Spec.Name)
		o := sweep.Options{Jobs: c.Int("jobs"), Shard: shard, Progress: progress(c)}
		if err := e.Study.Execute(c.Context, dir, o); err != nil {
			return fmt.Errorf("experiment %s: %w", e.Spec.Name, err)
		}
		fmt.Fprintf(c.App.Writer, "%s: shard %s done in %s\n", e.Spec.Name, shard, dir)
	}
	return nil
}
