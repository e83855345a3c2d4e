package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/memory"
	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/sim"
)

// parseCount reads a non-negative integer written as 1000000, 1_000_000 or
// 1e6.
func parseCount(name, s string) (int, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), "_", "")
	if n, err := strconv.Atoi(t); err == nil && n >= 0 {
		return n, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > math.MaxInt32*4 {
		return 0, usagef("--%s = %q, want a non-negative integer such as 1000000 or 1e6", name, s)
	}
	return int(f), nil
}

// parseCounts reads a comma-separated list of counts.
func parseCounts(name string, list []string) ([]int, error) {
	var out []int
	for _, item := range list {
		for _, s := range strings.Split(item, ",") {
			n, err := parseCount(name, s)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		}
	}
	return out, nil
}

// parseAssignments reads key=value pairs with float values.
func parseAssignments(name string, list []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("--%s %q, want key=value", name, kv)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, usagef("--%s %s = %q, want a number", name, k, v)
		}
		if _, dup := out[k]; dup {
			return nil, usagef("--%s %s given twice", name, k)
		}
		out[strings.TrimSpace(k)] = f
	}
	return out, nil
}

// checkFlag makes run, sweep and experiment run check their inputs —
// every scenario compiled, every point and figure — and say what would
// run, without running it or writing anything.
var checkFlag = &cli.BoolFlag{Name: "check", Usage: "check the inputs and say what would run, without running it"}

// printStudy says what a compiled study would run.
func printStudy(c *cli.Context, spec *study.Spec, s *study.Study) error {
	var mem int64
	for _, pt := range s.Points {
		mem = max(mem, pt.Plan.Memory)
	}
	name := spec.Name
	if name == "" {
		name = "sweep"
	}
	_, err := fmt.Fprintf(c.App.Writer, "%s: %d points × %s replicates = %d runs of %s, up to %.0f MB each; not run (--check)\n",
		name, len(s.Points), s.ReplicatesText(), s.RunCount(), s.Base.Name, float64(mem)/1e6)
	return err
}

// maxMemoryFlag bounds the memory a run, or a study's runs at once, may
// take.
var maxMemoryFlag = &cli.StringFlag{Name: "max-memory", Usage: "memory the run may take, such as 8GiB; a run (a study: its runs at once) estimated to need more is refused (exit 3) before it starts (default: the memory available, MemAvailable or the cgroup's limit)"}

// refuseStudy refuses a study whose jobs runs at once are estimated to
// need more memory than allowed (--max-memory, or the memory available).
func refuseStudy(c *cli.Context, s *study.Study, jobs int) error {
	limit, err := maxMemory(c)
	if err != nil || limit.bytes == 0 {
		return err
	}
	var most int64
	for _, pt := range s.Points {
		most = max(most, pt.Plan.Memory)
	}
	if need := most * int64(min(jobs, s.RunCount())); need > limit.bytes {
		return limit.refuse(&sim.MemoryError{
			What: fmt.Sprintf("%d runs at once of up to %s each", jobs, memory.Format(most)),
			Need: need, Limit: limit.bytes,
			Hint: "run fewer at once (--jobs) or use fewer agents (set = [\"agents=…\"])",
		})
	}
	return nil
}
