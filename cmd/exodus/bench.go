package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/bench"
	"github.com/exodus-sim/exodus/sim"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "measure agent-updates per second of the flip rule on Erdős–Rényi networks",
		Description: "Each case runs in a fresh child process so that its peak RSS (generation included) is its own.\n" +
			"updates_per_second = agents × ticks / run_seconds; generation is timed apart.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "agents", Value: cli.NewStringSlice("1e5", "1e6"), Usage: "sizes, comma-separated"},
			&cli.StringSliceFlag{Name: "workers", Value: cli.NewStringSlice("1", "2"), Usage: "worker counts, comma-separated"},
			&cli.Float64Flag{Name: "mean-degree", Value: 10, Usage: "Erdős–Rényi mean degree"},
			&cli.IntFlag{Name: "ticks", Value: 50, Usage: "ticks per case"},
			&cli.Uint64Flag{Name: "seed", Value: 1},
			&cli.StringFlag{Name: "counting", Value: "auto", Usage: "neighbour counts: auto, pull or push"},
			&cli.BoolFlag{Name: "json", Usage: "print one JSON object per case"},
			&cli.BoolFlag{Name: "isolate", Value: true, Usage: "run each case in a child process (false: in this one; peak RSS then covers all cases so far)"},
		},
		Action: benchAction,
	}
}

func benchAction(c *cli.Context) error {
	sizes, err := parseCounts("agents", c.StringSlice("agents"))
	if err != nil {
		return err
	}
	workers, err := parseCounts("workers", c.StringSlice("workers"))
	if err != nil {
		return err
	}
	counting, err := sim.ParseCounting(c.String("counting"))
	if err != nil {
		return usageError{err}
	}
	var results []bench.Result
	for _, n := range sizes {
		for _, w := range workers {
			bc := bench.Case{Agents: n, MeanDegree: c.Float64("mean-degree"), Ticks: c.Int("ticks"),
				Workers: w, Seed: c.Uint64("seed"), Counting: counting}
			var r bench.Result
			if c.Bool("isolate") {
				r, err = benchChild(c, bc)
			} else {
				r, err = bench.Run(c.Context, bc)
				r.PeakRSSBytes = peakRSS()
			}
			if err != nil {
				return err
			}
			r.GoMaxProcs = runtime.GOMAXPROCS(0)
			if c.Bool("json") {
				b, _ := json.Marshal(r)
				fmt.Fprintf(c.App.Writer, "%s\n", b)
			}
			results = append(results, r)
		}
	}
	if !c.Bool("json") {
		tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "agents\tedges\tticks\tworkers\tgen s\trun s\tupdates/s\tbytes/agent\tpeak RSS MB\t")
		for _, r := range results {
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.3g\t%d\t%.0f\t\n", r.Agents, r.Edges, r.Ticks, r.Workers,
				r.GenSeconds, r.RunSeconds, r.UpdatesPerSecond, r.BytesPerAgent, float64(r.PeakRSSBytes)/(1<<20))
		}
		tw.Flush()
	}
	return nil
}

// benchChild runs one case in a child exodus process and takes its peak RSS
// from the child's resource usage.
func benchChild(c *cli.Context, bc bench.Case) (bench.Result, error) {
	exe, err := os.Executable()
	if err != nil {
		return bench.Result{}, err
	}
	cmd := exec.CommandContext(c.Context, exe, "bench", "--json", "--isolate=false",
		"--agents", strconv.Itoa(bc.Agents), "--workers", strconv.Itoa(bc.Workers),
		"--mean-degree", strconv.FormatFloat(bc.MeanDegree, 'g', -1, 64), "--ticks", strconv.Itoa(bc.Ticks),
		"--seed", strconv.FormatUint(bc.Seed, 10), "--counting", bc.Counting.String())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, c.App.ErrWriter
	if err := cmd.Run(); err != nil {
		return bench.Result{}, fmt.Errorf("bench case agents=%d workers=%d: %w", bc.Agents, bc.Workers, err)
	}
	var r bench.Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return bench.Result{}, fmt.Errorf("bench case agents=%d workers=%d: reading its result: %w", bc.Agents, bc.Workers, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSBytes = ru.Maxrss * 1024 // Linux reports kilobytes
	}
	return r, nil
}

// peakRSS returns this process's peak resident set size in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Maxrss * 1024
}
