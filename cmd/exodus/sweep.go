package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/report"
	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/internal/sweep"
)

func sweepCommand() *cli.Command {
	return &cli.Command{
		Name:      "sweep",
		Usage:     "run a parameter sweep of a scenario from a TOML spec, resumably, and aggregate it",
		ArgsUsage: " ",
		Description: "Checks every point of the spec (see internal/study.Spec; an experiment's file without its\n" +
			"figures) and the output folder, then runs every design point × replicate, each run's file\n" +
			"under OUT/runs; running the same command again skips finished runs. Then writes, to OUT, as\n" +
			"CSV and typed Parquet: runs (a row per run: its seed, parameters and metrics) and runs_daily\n" +
			"(if daily is asked), points, metrics (and shares, daily_joins, daily, retention, flows if\n" +
			"asked) over replicates, sobol for a Saltelli design; then manifest.json and report.html (open\n" +
			"it in a browser). Exits 1 if some runs failed; their files hold the errors.\n\n" +
			"Any number of processes, on this machine or on others sharing OUT, may run the same sweep at\n" +
			"once: runs are claimed (OUT/claims), none is done twice, and a dead process's runs are taken\n" +
			"over. --shard i/n runs only the runs whose index is i mod n and writes no table; --aggregate\n" +
			"then writes the tables from the run files alone, the same bytes however the runs were spread.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "spec", Usage: "sweep spec `file` (TOML), required"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/sweep", Usage: "output `folder`"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.GOMAXPROCS(0), Usage: "runs at once"},
			&cli.IntFlag{Name: "workers", Value: 1, Usage: "engine workers per run; results do not depend on it"},
			maxMemoryFlag,
			&cli.StringFlag{Name: "shard", Usage: "run only share `i/n` of the runs (index mod n), writing no table"},
			&cli.BoolFlag{Name: "aggregate", Usage: "run nothing: write the tables from the run files in OUT"},
			checkFlag,
			quietFlag,
			jsonFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("sweep takes no arguments, got %q", c.Args().Slice())
			}
			if !c.IsSet("spec") {
				return usagef("sweep needs --spec FILE")
			}
			if c.Int("jobs") < 1 || c.Int("workers") < 1 {
				return usagef("--jobs = %d and --workers = %d, want ≥ 1", c.Int("jobs"), c.Int("workers"))
			}
			spec, err := study.LoadSpec(c.String("spec"))
			if err != nil {
				return usageError{err}
			}
			s, err := spec.Compile()
			if err != nil {
				return usageError{err}
			}
			if err := refuseStudy(c, s, c.Int("jobs")); err != nil {
				return err
			}
			if c.Bool("check") {
				return printStudy(c, spec, s)
			}
			dir := c.String("out")
			var a *study.Aggregate
			switch {
			case c.IsSet("shard") && c.Bool("aggregate"):
				return usagef("--shard and --aggregate: give one (run a share, or aggregate every share)")
			case c.IsSet("shard"):
				shard, err := sweep.ParseShard(c.String("shard"))
				if err != nil {
					return usagef("--shard: %v", err)
				}
				s.Workers = c.Int("workers")
				o := sweep.Options{Jobs: c.Int("jobs"), Shard: shard, Progress: progress(c)}
				if err := s.Execute(c.Context, dir, o); err != nil {
					return err
				}
				fmt.Fprintf(text(c), "shard %s done in %s; once every shard is, exodus sweep --aggregate writes the tables\n", shard, filepath.Join(dir, sweep.RunsDir))
				return printJSON(c, map[string]any{"shard": shard.String(), "dir": dir})
			case c.Bool("aggregate"):
				a, err = study.AggregateSpec(spec, s, dir)
			default:
				a, err = study.RunSpec(c.Context, spec, s, dir, c.Int("jobs"), c.Int("workers"), progress(c))
			}
			if a != nil {
				manifest, err := os.ReadFile(filepath.Join(dir, output.ManifestName))
				if err != nil {
					return err
				}
				if err := report.WriteStudy(dir, "sweep", spec, a, nil, commandLine(c), json.RawMessage(manifest)); err != nil {
					return err
				}
				ok, failed := a.Runs()
				fmt.Fprintf(text(c), "%d runs, %d failed; wrote %s\n", ok+failed, failed, dir)
				if err := printJSON(c, map[string]any{"runs": ok + failed, "failed": failed, "dir": dir}); err != nil {
					return err
				}
			}
			return err
		},
	}
}
