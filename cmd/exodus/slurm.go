package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/experiments"
	"github.com/exodus-sim/exodus/internal/estimate"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/slurm"
	"github.com/exodus-sim/exodus/internal/study"
)

// slurmKind is a kind of study that exodus slurm runs on a cluster.
type slurmKind struct {
	name, args, usage string
	flags             []cli.Flag
	// plan returns the plan of the study of argument arg.
	plan func(c *cli.Context, arg string) (slurmPlan, error)
}

// slurmPlan is a study's job (exodus arguments of a task and of the
// aggregation, logs folder) and the runs its tasks spread.
type slurmPlan struct {
	job  slurm.Job
	runs int
	// rounds is set for a study whose runs come in rounds, each known
	// only once the previous one is done (a calibration): runs are those
	// of a round, and every task runs the whole study, sharing each round
	// with the others through the claims.
	rounds bool
}

// calibrationPlan is the plan of a calibration whose task and
// aggregation run the exodus arguments task and aggregate: a round is
// at most particles × replicates runs for ABC-SMC (the prior's first
// draws; after them, a step's moves of the dropped particles' copies),
// or, without ABC-SMC, a CMA-ES generation, population × replicates runs.
func calibrationPlan(c *estimate.Calibration, j slurm.Job) slurmPlan {
	s := c.Spec
	if s.ABC == nil {
		return slurmPlan{job: j, runs: s.CMAES.PopulationOf(len(s.Parameters)) * s.CMAES.Replicates, rounds: true}
	}
	return slurmPlan{job: j, runs: s.ABC.Particles * s.ABC.Replicates, rounds: true}
}

// slurmKinds are the kinds of study exodus slurm knows.
func slurmKinds() []slurmKind {
	return []slurmKind{
		{
			name: "sweep", args: "SPEC",
			usage: "run the sweep spec SPEC (TOML) into --out, as exodus sweep --spec SPEC --out OUT would",
			flags: []cli.Flag{&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/sweep", Usage: "output `folder` of the sweep"}},
			plan: func(c *cli.Context, arg string) (slurmPlan, error) {
				spec, err1 := filepath.Abs(arg)
				out, err2 := filepath.Abs(c.String("out"))
				if err := firstErr(err1, err2); err != nil {
					return slurmPlan{}, err
				}
				sp, err := study.LoadSpec(spec)
				if err != nil {
					return slurmPlan{}, usageError{err}
				}
				s, err := sp.Compile()
				if err != nil {
					return slurmPlan{}, usageError{err}
				}
				runs, err := s.Runs()
				return slurmPlan{runs: len(runs), job: slurm.Job{
					Name:      "exodus-sweep",
					Task:      []string{"sweep", "--spec", spec, "--out", out, "--shard", slurm.Shard, "--jobs", slurm.Jobs},
					Aggregate: []string{"sweep", "--spec", spec, "--out", out, "--aggregate"},
					Logs:      filepath.Join(out, "slurm"),
				}}, err
			},
		},
		{
			name: "experiment", args: "NAME|FILE",
			usage: "run the experiment NAME (or of the TOML FILE) into --out/NAME, as exodus experiment run would (a scenario study or a calibration)",
			flags: []cli.Flag{
				&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "results", Usage: "results `folder`"},
				&cli.StringFlag{Name: "cache", Value: "out/cache", Usage: "`folder` of the run files, on a filesystem the nodes share"},
			},
			plan: func(c *cli.Context, arg string) (slurmPlan, error) {
				out, err1 := filepath.Abs(c.String("out"))
				cache, err2 := filepath.Abs(c.String("cache"))
				if err := firstErr(err1, err2); err != nil {
					return slurmPlan{}, err
				}
				spec, err := experiments.Load(arg)
				if err != nil {
					return slurmPlan{}, usageError{err}
				}
				e, err := experiments.Compile(spec)
				if err != nil {
					return slurmPlan{}, usageError{err}
				}
				if e.Study == nil && e.Calibration == nil {
					return slurmPlan{}, usagef("experiment %s: a %s experiment has no runs to spread; run it on one machine", spec.Name, spec.Kind)
				}
				if strings.ContainsRune(arg, '/') || strings.HasSuffix(arg, ".toml") { // a file: the tasks find it from anywhere
					if arg, err = filepath.Abs(arg); err != nil {
						return slurmPlan{}, err
					}
				}
				run := []string{"experiment", "run", "--out", out, "--cache", cache}
				j := slurm.Job{
					Name:      "exodus-" + spec.Name,
					Aggregate: append(slices.Clone(run), "--jobs", "1", arg),
					Logs:      filepath.Join(cache, spec.Name, "slurm"),
				}
				if e.Calibration != nil { // every task runs it whole
					j.Task = append(run, "--jobs", slurm.Jobs, arg)
					return calibrationPlan(e.Calibration, j), nil
				}
				j.Task = append(run, "--shard", slurm.Shard, "--jobs", slurm.Jobs, arg)
				runs, err := e.Study.Runs()
				return slurmPlan{runs: len(runs), job: j}, err
			},
		},
		{
			name: "calibrate", args: "SPEC",
			usage: "run the calibration spec SPEC (TOML) into --out, as exodus calibrate --spec SPEC --out OUT would",
			flags: []cli.Flag{&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/calibrate", Usage: "output `folder` of the calibration"}},
			plan: func(c *cli.Context, arg string) (slurmPlan, error) {
				spec, err1 := filepath.Abs(arg)
				out, err2 := filepath.Abs(c.String("out"))
				if err := firstErr(err1, err2); err != nil {
					return slurmPlan{}, err
				}
				sp, err := estimate.LoadSpec(spec)
				if err != nil {
					return slurmPlan{}, usageError{err}
				}
				cal, err := sp.Compile()
				if err != nil {
					return slurmPlan{}, usageError{err}
				}
				// Every task runs the whole calibration: they split each
				// round's runs through their claims and write the same
				// outputs; the aggregation, once all have succeeded,
				// reads every run and writes them once more.
				return calibrationPlan(cal, slurm.Job{
					Name:      "exodus-calibrate",
					Task:      []string{"calibrate", "--spec", spec, "--out", out, "--jobs", slurm.Jobs},
					Aggregate: []string{"calibrate", "--spec", spec, "--out", out, "--jobs", "1"},
					Logs:      filepath.Join(out, "slurm"),
				}), nil
			},
		},
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func slurmCommand() *cli.Command {
	common := []cli.Flag{
		&cli.IntFlag{Name: "tasks", Usage: "array tasks (shards of the runs); default: runs / --chunk"},
		&cli.IntFlag{Name: "chunk", Value: 32, Usage: "runs per array task (or give --tasks)"},
		&cli.StringFlag{Name: "partition", Usage: "sbatch --partition"},
		&cli.StringFlag{Name: "time", Usage: "sbatch --time of each job (e.g. 2:00:00)"},
		&cli.StringFlag{Name: "mem", Usage: "sbatch --mem of each job (e.g. 4G)"},
		&cli.IntFlag{Name: "cpus-per-task", Value: 1, Usage: "CPUs of each array task: its runs at once"},
		&cli.StringFlag{Name: "exodus", Usage: "`path` of the exodus binary the jobs run, on a shared filesystem (default: this one)"},
		&cli.BoolFlag{Name: "submit", Usage: "submit the script with sbatch and print the job ids"},
	}
	cmd := &cli.Command{
		Name:  "slurm",
		Usage: "write (and --submit) an sbatch script running a study on a Slurm cluster",
		Description: "Writes an sbatch script: a job array whose task i runs shard i/TASKS of the runs (the runs whose\n" +
			"index is i mod TASKS), as many at once as the task has CPUs, then an aggregation job that writes the\n" +
			"tables once every task has succeeded (--dependency=afterok). Submit it with bash SCRIPT, or --submit.\n" +
			"A calibration's runs come in rounds, each known only once the previous one is done: every task runs\n" +
			"the whole calibration and they split each round's runs (--chunk: runs of a round per task).\n" +
			"Runs are claimed through files in the run folder, which the nodes must share: a cancelled or failed\n" +
			"task is resubmitted with sbatch --array=I SCRIPT task and does only the runs it had not recorded.",
	}
	for _, k := range slurmKinds() {
		cmd.Subcommands = append(cmd.Subcommands, &cli.Command{
			Name:      k.name,
			Usage:     k.usage,
			ArgsUsage: k.args,
			Flags:     append(append([]cli.Flag{}, k.flags...), common...),
			Action:    func(c *cli.Context) error { return slurmAction(c, k) },
		})
	}
	return cmd
}

func slurmAction(c *cli.Context, k slurmKind) error {
	if c.NArg() != 1 {
		return usagef("slurm %s takes one %s, got %q (flags go first)", k.name, k.args, c.Args().Slice())
	}
	if c.IsSet("tasks") && c.IsSet("chunk") {
		return usagef("--tasks and --chunk: give one")
	}
	if c.Int("chunk") < 1 || c.IsSet("tasks") && c.Int("tasks") < 1 {
		return usagef("--chunk = %d and --tasks = %d, want ≥ 1", c.Int("chunk"), c.Int("tasks"))
	}
	p, err := k.plan(c, c.Args().First())
	if err != nil {
		return err
	}
	runs, j := p.runs, p.job
	j.Tasks = (runs + c.Int("chunk") - 1) / c.Int("chunk")
	if c.IsSet("tasks") {
		j.Tasks = min(c.Int("tasks"), runs)
	}
	j.Partition, j.Time, j.Mem, j.CPUsPerTask = c.String("partition"), c.String("time"), c.String("mem"), c.Int("cpus-per-task")
	if j.Exodus = c.String("exodus"); j.Exodus == "" {
		if j.Exodus, err = os.Executable(); err != nil {
			return err
		}
	}
	if j.Exodus, err = filepath.Abs(j.Exodus); err != nil {
		return err
	}
	j.Command = strings.Join(append([]string{"exodus"}, os.Args[1:]...), " ")
	script, err := j.Script()
	if err != nil {
		return usageError{err}
	}
	path := filepath.Join(j.Logs, "exodus.sbatch")
	if err := output.WriteFile(path, script); err != nil {
		return err
	}
	w := c.App.Writer
	round := ""
	if p.rounds {
		round = " a round"
	}
	fmt.Fprintf(w, "wrote %s: %d runs%s in %d array tasks of %d CPUs (≤ %d runs each%s), then the aggregation\n", path, runs, round, j.Tasks, j.CPUsPerTask, (runs+j.Tasks-1)/j.Tasks, round)
	if !c.Bool("submit") {
		fmt.Fprintf(w, "submit it with: bash %s\n", path)
		return nil
	}
	sub, err := slurm.Submit(c.Context, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "submitted job array %s (%d tasks) and aggregation job %s (starts once every task has succeeded)\n", sub.Array, j.Tasks, sub.Aggregate)
	fmt.Fprintf(w, "follow:     squeue -j %s,%s\n", sub.Array, sub.Aggregate)
	fmt.Fprintf(w, "accounting: sacct -j %s,%s --format=JobID,State,Elapsed,ExitCode\n", sub.Array, sub.Aggregate)
	fmt.Fprintf(w, "logs:       %s\n", filepath.Join(j.Logs, "task-"+sub.Array+"_*.out"))
	fmt.Fprintf(w, "if task I fails or is cancelled, the aggregation never starts: scancel %s; sbatch --array=I %s task;\n", sub.Aggregate, path)
	fmt.Fprintf(w, "then, once it has succeeded: sbatch --cpus-per-task=1 %s aggregate\n", path)
	return nil
}
