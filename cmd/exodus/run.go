package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/memory"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/report"
	"github.com/exodus-sim/exodus/internal/runfiles"
	"github.com/exodus-sim/exodus/model"
	"github.com/exodus-sim/exodus/sim"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:  "run",
		Usage: "run a scenario (default " + model.DefaultScenario + ") or a classic rule (--rule)",
		Description: "Without --rule, runs the scenario and writes the tables series, daily, flows and contact (each as\n" +
			".csv and typed .parquet), summary.json, manifest.json and report.html (the summary explained,\n" +
			"figures, the tables' heads: open it in a browser). With --rule, runs a classic rule on a generated\n" +
			"network and writes series (.csv and .parquet), summary.json and manifest.json. The folder is\n" +
			"replaced as a unit when the run succeeds (a failed or interrupted run leaves it as it was);\n" +
			"manifest.json lists every file with its SHA-256 (see exodus verify). With --checkpoint-every, a\n" +
			"scenario run writes its state to FOLDER.checkpoint as it goes; after an interrupt, a crash or\n" +
			"kill -9, --resume FOLDER continues it to the same bytes as a run never stopped.",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "scenario", Value: model.DefaultScenario, Usage: "embedded scenario name, or a TOML file"},
			&cli.StringSliceFlag{Name: "set", Usage: "override a scenario field: `path=value`, e.g. weights.protest=10 or groups.US.share=0.5 (repeatable)"},
			&cli.StringFlag{Name: "rule", Usage: "classic rule instead of a scenario: " + ruleNames()},
			&cli.StringSliceFlag{Name: "param", Usage: "classic rule parameter `key=value` (repeatable)"},
			&cli.StringFlag{Name: "network", Value: model.DefaultNetwork.Kind, Usage: "classic rule network: complete, erdos-renyi, watts-strogatz, chung-lu, block-model, implicit-block-model (implicit) or edge-list"},
			&cli.StringFlag{Name: "agents", Usage: "number of agents (1e6, 1_000_000); default: the scenario's, or 1e6 for a rule"},
			&cli.Float64Flag{Name: "mean-degree", Value: model.DefaultNetwork.MeanDegree, Usage: "classic rule network: expected degree (watts-strogatz: the even lattice degree)"},
			&cli.Float64Flag{Name: "rewire", Value: model.DefaultNetwork.Rewire, Usage: "classic rule network: watts-strogatz rewiring probability"},
			&cli.Float64Flag{Name: "exponent", Value: model.DefaultNetwork.Exponent, Usage: "classic rule network: chung-lu degree exponent (> 2)"},
			&cli.StringFlag{Name: "edges", Usage: "classic rule network: edge-list `path` (SNAP format)"},
			&cli.IntFlag{Name: "ticks", Value: 50, Usage: "classic rule: ticks to run (threshold: 0 runs until no agent changes)"},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed", DefaultText: "the scenario's seed, or 1 for a rule"},
			&cli.IntFlag{Name: "workers", Usage: "worker goroutines (0: GOMAXPROCS); results do not depend on it"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: "out/run", Usage: "output `folder`"},
			&cli.StringFlag{Name: "checkpoint-every", Usage: "scenario runs: write the run's state every `duration` of simulated time (6h, 2d; a number is days) to FOLDER.checkpoint, replaced as a unit and removed when the run completes"},
			&cli.StringFlag{Name: "resume", Usage: "continue the run whose checkpoint is beside output `folder` (FOLDER.checkpoint), with its scenario and options; the outputs are those of a run never stopped"},
			maxMemoryFlag,
			checkFlag,
			quietFlag,
			jsonFlag,
		},
		Action: runAction,
	}
}

func ruleNames() string {
	var names []string
	for _, r := range model.ClassicRules() {
		names = append(names, r.Name)
	}
	return strings.Join(names, ", ")
}

func runAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return usagef("run takes no arguments, got %q", c.Args().Slice())
	}
	if c.Int("workers") < 0 {
		return usagef("--workers = %d, want ≥ 0 (0: GOMAXPROCS)", c.Int("workers"))
	}
	if c.IsSet("rule") {
		for _, f := range []string{"scenario", "set", "checkpoint-every", "resume"} {
			if c.IsSet(f) {
				return usagef("--%s applies to scenario runs, not to --rule", f)
			}
		}
		return runClassic(c)
	}
	for _, f := range []string{"param", "network", "mean-degree", "rewire", "exponent", "edges", "ticks"} {
		if c.IsSet(f) {
			return usagef("--%s applies to --rule runs; for a scenario use --set (e.g. --set network.mean_degree=12)", f)
		}
	}
	return runScenario(c)
}

func runScenario(c *cli.Context) error {
	if c.IsSet("resume") {
		return resumeScenario(c)
	}
	p, err := scenarioPlan(c)
	if err != nil {
		return err
	}
	if err := refuseMemory(c, p); err != nil {
		return err
	}
	every, d, err := checkpointTicks(p, c.String("checkpoint-every"))
	if err != nil {
		return err
	}
	dir := c.String("out")
	if err := unfinished(dir); err != nil {
		return err
	}
	if err := pilot(c, p); err != nil {
		return err
	}
	if c.Bool("check") {
		fmt.Fprintf(c.App.Writer, "%s: %d agents in groups of %v, %d ticks of %s (and %d of warm-up), network %s; about %.0f MB; not run (--check)\n",
			p.Name, p.Agents, p.Sizes, p.Ticks(), p.Tick.D(), p.WarmupTicks(), p.Network.Kind, float64(p.Memory)/1e6)
		return nil
	}
	setup := runSetup{plan: p, dir: dir, workers: c.Int("workers"), command: commandLine(c), every: every}
	if every > 0 {
		h, err := newCheckpointHeader(p, d, setup.workers, setup.command)
		if err != nil {
			return err
		}
		setup.checkpoints = &checkpointer{path: checkpointPath(dir), header: h}
	}
	return runPlan(c, setup)
}

// scenarioPlan compiles the scenario of --scenario, --set, --agents and
// --seed. --seed takes any 64-bit seed, as the runs of a study or a
// calibration have (recorded beside the scenario, which is hashed without
// it): it is not an edit, whose integers TOML bounds below 2⁶³.
func scenarioPlan(c *cli.Context) (*model.Plan, error) {
	edits, err := model.ParseEdits(c.StringSlice("set"))
	if err != nil {
		return nil, usageError{err}
	}
	if c.IsSet("agents") {
		n, err := parseCount("agents", c.String("agents"))
		if err != nil {
			return nil, err
		}
		if edits, err = withFlag(edits, "agents", strconv.Itoa(n)); err != nil {
			return nil, err
		}
	}
	if c.IsSet("seed") {
		if err := setOnce(edits, "seed"); err != nil {
			return nil, err
		}
	}
	p, err := model.Load(c.String("scenario"), edits...)
	if err != nil {
		return nil, badInput(err)
	}
	if c.IsSet("seed") {
		p = p.WithSeed(c.Uint64("seed"))
	}
	return p, nil
}

// refuseMemory refuses plan p if it is estimated to need more memory than
// allowed.
func refuseMemory(c *cli.Context, p *model.Plan) error {
	limit, err := maxMemory(c)
	if err != nil {
		return err
	}
	if limit.bytes > 0 && p.Memory > limit.bytes {
		perAgent := float64(p.Memory) / float64(p.Agents)
		hint := fmt.Sprintf("use fewer agents (--agents; about %d fit)", int64(float64(limit.bytes)/perAgent))
		if net, _ := p.Network.Canonical(); net.Kind != "complete" && net.Kind != "implicit-block-model" {
			hint += " or a lower network.mean_degree"
		}
		return limit.refuse(&sim.MemoryError{
			What: fmt.Sprintf("scenario %s with agents = %d on network %s (about %.0f bytes per agent, network included)", p.Name, p.Agents, p.Network.Kind, perAgent),
			Need: p.Memory, Limit: limit.bytes,
			Hint: hint,
		})
	}
	return nil
}

// A scenario run of pilotFrom agents or more is estimated by a pilot run of
// pilotAgents first (model.RunPilot): at 10⁶ agents a pilot takes about
// 25 s on two cores, and a run of 10⁸ some 40 minutes.
const pilotFrom, pilotAgents = 100_000_000, 1_000_000

// pilot prints the memory and the time that plan p's run is estimated to
// take, from a pilot run, if p is large enough to need one and the text
// output is wanted (not --quiet or --json).
func pilot(c *cli.Context, p *model.Plan) error {
	w := text(c)
	if p.Agents < pilotFrom || w == io.Discard {
		return nil
	}
	fmt.Fprintf(w, "%s: %d agents need about %s of memory; timing a pilot run at %d agents…\n", p.Name, p.Agents, memory.Format(p.Memory), pilotAgents)
	e, err := model.RunPilot(c.Context, p, pilotAgents, model.RunOptions{Workers: c.Int("workers")})
	if err != nil {
		return fmt.Errorf("pilot run: %w", err)
	}
	fmt.Fprintf(w, "%s: estimated wall time %s\n", p.Name, e)
	return nil
}

// resumeScenario continues the run whose checkpoint is beside the folder
// of --resume, with the scenario, seed and options recorded in it.
func resumeScenario(c *cli.Context) error {
	dir := c.String("resume")
	if c.IsSet("out") && filepath.Clean(c.String("out")) != filepath.Clean(dir) {
		return usagef("--out %s and --resume %s: a resumed run writes the folder it resumes; give only --resume", c.String("out"), dir)
	}
	h, p, state, f, err := resumePlan(c, dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := refuseMemory(c, p); err != nil {
		return err
	}
	every := h.Every
	if c.IsSet("checkpoint-every") {
		every = c.String("checkpoint-every")
	}
	n, d, err := checkpointTicks(p, every)
	if err != nil {
		return err
	}
	if c.Bool("check") {
		fmt.Fprintf(c.App.Writer, "%s: %s at tick %d of %d (%s), scenario %s (hash %.12s…), seed %d; not run (--check)\n",
			checkpointPath(dir), p.Name, h.Tick, h.Ticks, h.At, h.Scenario, h.ScenarioHash, h.Seed)
		return nil
	}
	workers := h.Workers
	if c.IsSet("workers") {
		workers = c.Int("workers")
	}
	h.Every, h.Workers = time.Duration(d).String(), workers
	k := &checkpointer{path: checkpointPath(dir), header: h, base: *h}
	last := *h
	k.last = &last
	return runPlan(c, runSetup{plan: p, dir: dir, workers: workers, command: h.Command, every: n, checkpoints: k, resume: state})
}

// runSetup is what runPlan runs.
type runSetup struct {
	plan    *model.Plan
	dir     string // the output folder
	workers int
	command string // the command line that starts the run, for its report
	every   int    // ticks between checkpoints; 0: none
	// checkpoints writes them (nil: none); resume is the state to
	// continue from (nil: a fresh run).
	checkpoints *checkpointer
	resume      *sim.StateReader
}

// runPlan runs a scenario, from its start or from a checkpoint, writes its
// folder and prints its summary.
func runPlan(c *cli.Context, s runSetup) error {
	p, dir, k := s.plan, s.dir, s.checkpoints
	folder, err := output.NewFolder(dir)
	if err != nil {
		return err
	}
	defer folder.Discard()
	start := time.Now()
	opt := model.RunOptions{Workers: s.workers, Progress: runProgress(c, p)}
	var before time.Duration // the wall time of the processes before this one
	if k != nil {
		removeStaleCheckpoints(k.path)
		k.ctx, k.start = c.Context, start
		before = time.Duration(k.base.WallSeconds * float64(time.Second))
		opt.Checkpoint, opt.CheckpointEvery = k.write, s.every
	}
	m, err := model.NewMigration(c.Context, p, opt)
	if err != nil {
		return interruptedRun(err, dir, k)
	}
	if s.resume != nil {
		if err := m.ReadState(s.resume); err != nil {
			return usagef("--resume %s: %s: %v", dir, k.path, err)
		}
	}
	if k != nil {
		k.ticks = time.Now()
	}
	r, err := m.Complete(c.Context)
	if err != nil {
		return interruptedRun(err, dir, k)
	}
	if k != nil {
		r.RunSeconds += k.base.RunSeconds
	}
	if err := writeScenario(c.Context, folder, r, s.workers, before+time.Since(start), s.command); err != nil {
		return interruptedRun(err, dir, k)
	}
	if err := os.Remove(checkpointPath(dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("wrote %s, but its checkpoint is left: %w", dir, err)
	}
	if err := printJSON(c, map[string]any{"summary": r.Summary, "dir": dir}); err != nil {
		return err
	}
	printSummary(c, r)
	fmt.Fprintf(text(c), "wrote %s\n", dir)
	return nil
}

// interruptedRun is interrupted for a scenario run whose checkpoints k
// (nil: none) may hold it: then it says how to continue.
func interruptedRun(err error, dir string, k *checkpointer) error {
	if !errors.Is(err, context.Canceled) || k == nil || k.last == nil {
		return interrupted(err, dir)
	}
	return fmt.Errorf("interrupted: %s is left as it was; %s holds the run at tick %d of %d (%s): continue it with `exodus run --resume %s`: %w",
		dir, k.path, k.last.Tick, k.last.Ticks, k.last.At, dir, err)
}

// withFlag appends the edit path=value that a flag sets, refusing one
// that --set sets too.
func withFlag(edits []model.Edit, path, value string) ([]model.Edit, error) {
	if err := setOnce(edits, path); err != nil {
		return nil, err
	}
	e, err := model.ParseEdit(path + "=" + value)
	if err != nil {
		return nil, usageError{err}
	}
	return append(edits, e), nil
}

// setOnce refuses --set path=… beside the flag --path.
func setOnce(edits []model.Edit, path string) error {
	for _, e := range edits {
		if e.Path == path {
			return usagef("--%s and --set %s: give one of them", path, e)
		}
	}
	return nil
}

// badInput marks err, from reading or checking input, as bad input (exit 2).
func badInput(err error) error { return usageError{err} }

// interrupted adds to an error caused by an interrupt that the output
// folder dir is left as it was and how to run again.
func interrupted(err error, dir string) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: %s is left as it was; run the same command again to redo the run: %w", dir, err)
	}
	return err
}

// memoryLimit is the memory a run may take and where that figure comes from.
type memoryLimit struct {
	bytes  int64 // 0: unknown, no limit
	source string
}

// maxMemory returns --max-memory, or by default the memory available.
func maxMemory(c *cli.Context) (memoryLimit, error) {
	if c.IsSet("max-memory") {
		b, err := memory.Parse(c.String("max-memory"))
		if err != nil {
			return memoryLimit{}, usagef("--max-memory: %v", err)
		}
		return memoryLimit{b, "--max-memory"}, nil
	}
	b, source, ok := memory.Available()
	if !ok {
		return memoryLimit{}, nil
	}
	return memoryLimit{b, source}, nil
}

// refuse adds to a *sim.MemoryError where the limit comes from and how to
// raise it; other errors pass unchanged.
func (l memoryLimit) refuse(err error) error {
	var me *sim.MemoryError
	if errors.As(err, &me) {
		me.Hint += fmt.Sprintf("; or allow more with --max-memory (the limit is %s)", l.source)
	}
	return err
}

// writeScenario writes the outputs of a scenario run to the folder, and
// its report, which shows command as the command that reproduces it.
func writeScenario(ctx context.Context, f *output.Folder, r *model.MigrationRun, workers int, wall time.Duration, command string) error {
	p, h := r.Plan, r.History
	if err := runfiles.Write(f.Dir(), p, h); err != nil {
		return err
	}
	if err := output.WriteJSON(f.Path("summary.json"), r.Summary); err != nil {
		return err
	}
	canon, hash, err := p.Identity()
	if err != nil {
		return err
	}
	m := output.NewManifest(map[string]any{
		"scenario":        p.Name,
		"scenario_hash":   hash,
		"scenario_toml":   string(canon),
		"agents":          p.Agents,
		"ticks":           p.Ticks(),
		"edges":           r.Edges,
		"network_seconds": r.GenSeconds,
		"run_seconds":     r.RunSeconds,
	}, p.Seed, workers, wall)
	if err := report.WriteRun(f.Dir(), r, command, m); err != nil {
		return err
	}
	return f.Commit(ctx, m)
}

// printSummary prints the summary of run r, each number with its
// meaning in plain words (report.Terms), and how to read it.
func printSummary(c *cli.Context, r *model.MigrationRun) {
	w, p, s := text(c), r.Plan, r.Summary
	fmt.Fprintf(w, "%s: %d agents, %d edges (network %.1fs, run %.1fs)\n", p.Name, p.Agents, r.Edges, r.GenSeconds, r.RunSeconds)
	fmt.Fprintf(w, "recorded from %s\n%s\n", report.Period(p), wrap("warm-up: "+report.Warmup(p)+".", 100, ""))
	fmt.Fprintf(w, "%s agents (%d) moving from %s to %s:\n", s.Group, s.GroupAgents, s.Origin, s.Destination)
	width := 0
	terms := report.Terms(r)
	for _, t := range terms {
		width = max(width, utf8.RuneCountInString(t.Name))
	}
	indent := strings.Repeat(" ", width+4)
	for _, t := range terms {
		fmt.Fprintf(w, "  %s%s  %s\n%s\n", t.Name, strings.Repeat(" ", width-utf8.RuneCountInString(t.Name)), t.Value, wrap(t.Meaning, 100, indent))
	}
	for _, n := range report.Notes(r) {
		fmt.Fprintln(w, wrap(n, 100, ""))
	}
}

func runClassic(c *cli.Context) error {
	agents := 1_000_000
	net, err := model.NetworkSpec{Kind: c.String("network")}.Canonical()
	if err != nil {
		return badInput(err)
	}
	if net.Kind == "edge-list" {
		agents = 0 // as many as the file has nodes
	} else if c.IsSet("edges") {
		return usagef("--edges applies to --network edge-list, not %s", net.Kind)
	}
	if c.IsSet("agents") {
		var err error
		if agents, err = parseCount("agents", c.String("agents")); err != nil {
			return err
		}
	}
	params, err := parseAssignments("param", c.StringSlice("param"))
	if err != nil {
		return err
	}
	seed := uint64(1)
	if c.IsSet("seed") {
		seed = c.Uint64("seed")
	}
	limit, err := maxMemory(c)
	if err != nil {
		return err
	}
	spec := model.ClassicSpec{
		Rule:   c.String("rule"),
		Params: params,
		Network: model.NetworkSpec{
			Kind:       c.String("network"),
			MeanDegree: c.Float64("mean-degree"),
			Rewire:     c.Float64("rewire"),
			Exponent:   c.Float64("exponent"),
			Path:       c.String("edges"),
		},
		Agents:    agents,
		Ticks:     c.Int("ticks"),
		Seed:      seed,
		Workers:   c.Int("workers"),
		MaxMemory: limit.bytes,
	}
	if c.Bool("check") {
		if _, err := model.LookupRule(spec.Rule); err != nil {
			return err
		}
		if _, err := spec.Network.Canonical(); err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "%s on %s: %d agents, %d ticks; not run (--check)\n", spec.Rule, spec.Network.Kind, spec.Agents, spec.Ticks)
		return nil
	}
	dir := c.String("out")
	folder, err := output.NewFolder(dir)
	if err != nil {
		return err
	}
	defer folder.Discard()
	start := time.Now()
	r, err := model.RunClassic(c.Context, spec)
	if err != nil {
		return interrupted(limit.refuse(err), dir)
	}
	if err := writeClassic(c.Context, folder, spec, r, time.Since(start)); err != nil {
		return interrupted(err, dir)
	}
	shares := r.FinalShares()
	if err := printJSON(c, map[string]any{"rule": r.Rule.Name, "agents": r.Agents, "ticks": r.History.Ticks(), "final_shares": shares, "dir": dir}); err != nil {
		return err
	}
	w := text(c)
	fmt.Fprintf(w, "%s on %s: %d agents, %d edges, %d ticks in %.2fs (network %.2fs)\n",
		r.Rule.Name, r.Network.Kind, r.Agents, r.Edges, r.History.Ticks(), r.RunSeconds, r.GenSeconds)
	for _, name := range r.Rule.States {
		fmt.Fprintf(w, "  %-12s %.4f\n", name, shares[name])
	}
	fmt.Fprintf(w, "wrote %s\n", dir)
	return nil
}

// writeClassic writes series.csv and .parquet, summary.json and manifest.json of a
// classic run to the folder.
func writeClassic(ctx context.Context, f *output.Folder, spec model.ClassicSpec, r *model.ClassicRun, wall time.Duration) error {
	h := r.History
	type row struct {
		Tick   int    `parquet:"tick"`
		Group  int    `parquet:"group_index"`
		State  string `parquet:"state"`
		Agents int64  `parquet:"agents"`
	}
	var series []row
	for t := range h.Ticks() + 1 {
		for g := range h.Groups {
			for s, name := range r.Rule.States {
				series = append(series, row{t, g, name, h.Count(t, g, s)})
			}
		}
	}
	if err := output.WriteTidy(f.Path("series"), series); err != nil {
		return err
	}
	summary := map[string]any{
		"ticks":        h.Ticks(),
		"agents":       r.Agents,
		"final_shares": r.FinalShares(),
	}
	if err := output.WriteJSON(f.Path("summary.json"), summary); err != nil {
		return err
	}
	return f.Commit(ctx, output.NewManifest(map[string]any{
		"rule":    r.Rule.Name,
		"params":  r.Params,
		"network": r.Network,
		"agents":  r.Agents,
		"edges":   r.Edges,
		"ticks":   spec.Ticks,
	}, spec.Seed, spec.Workers, wall))
}
