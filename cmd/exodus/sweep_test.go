package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSweepCommand runs `exodus sweep` on a grid of 2 points × 2
// replicates of rednote-2025 set to 2000 agents and 10 days, then again
// (every run is skipped and the tables are the same bytes), then a spec
// whose second point is invalid: the exit code is 2 and the error names
// the value before any run.
func TestSweepCommand(t *testing.T) {
	dir := t.TempDir()
	spec := func(values string) string {
		return sweepSpec(t, dir, 1, values, "metrics = [\"peak_users\"]\nseries = [\"share\"]")
	}
	out := filepath.Join(dir, "out")
	stdout, stderr, code := exodus(t, "sweep", "--spec", spec("[0.9, 0.95]"), "--out", out, "--jobs", "2")
	if code != 0 || !strings.Contains(stdout, "4 runs, 0 failed") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	first := map[string][]byte{}
	for _, name := range []string{"points.csv", "metrics.csv", "metrics.parquet", "shares.csv", "shares.parquet", "manifest.json"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		first[name] = b
	}
	if _, _, code := exodus(t, "sweep", "--spec", spec("[0.9, 0.95]"), "--out", out); code != 0 {
		t.Fatalf("second sweep: exit %d", code)
	}
	for name, b := range first {
		again, _ := os.ReadFile(filepath.Join(out, name))
		if name != "manifest.json" && string(again) != string(b) {
			t.Errorf("%s changed on the second run", name)
		}
	}
	bad := filepath.Join(dir, "bad")
	stdout, stderr, code = exodus(t, "sweep", "--spec", spec("[0.9, 1.5]"), "--out", bad)
	if code != 2 || stdout != "" || !strings.Contains(stderr, "point weights.return=1.5") || !strings.Contains(stderr, "weights.return = 1.5, want within [0, 1]") {
		t.Errorf("failing point: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Errorf("a refused sweep made %s", bad)
	}
	if _, stderr, code := exodus(t, "sweep", "--out", dir); code != 2 || !strings.Contains(stderr, "--spec") {
		t.Errorf("no --spec: exit %d, stderr %q", code, stderr)
	}
}

// TestSweepShards runs a sweep of 3 points × 2 replicates whole, then as
// 4 shards into another folder (shard i/4 holds runs i and i+4, shards 2
// and 3 one run each), aggregated with --aggregate: the tables are the
// same bytes. Aggregating before every shard is done is an error naming
// a missing run.
func TestSweepShards(t *testing.T) {
	dir := t.TempDir()
	spec := sweepSpec(t, dir, 7, "[0.9, 0.95, 1]", `series = ["share", "flows"]`)
	whole, split := filepath.Join(dir, "whole"), filepath.Join(dir, "split")
	if stdout, stderr, code := exodus(t, "sweep", "--spec", spec, "--out", whole, "--jobs", "2"); code != 0 {
		t.Fatalf("whole: exit %d: %s%s", code, stdout, stderr)
	}
	for i := range 4 {
		stdout, stderr, code := exodus(t, "sweep", "--spec", spec, "--out", split, "--jobs", "2", "--shard", fmt.Sprintf("%d/4", i))
		if code != 0 || !strings.Contains(stdout, fmt.Sprintf("shard %d/4 done", i)) {
			t.Fatalf("shard %d/4: exit %d: %s%s", i, code, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(split, "metrics.csv")); err == nil {
			t.Fatalf("shard %d/4 wrote tables", i)
		}
		if i == 0 {
			if _, stderr, code := exodus(t, "sweep", "--spec", spec, "--out", split, "--aggregate"); code != 1 || !strings.Contains(stderr, "p00000-r001") {
				t.Errorf("aggregate after one shard: exit %d, stderr %q; want an error naming run p00000-r001", code, stderr)
			}
		}
	}
	if stdout, stderr, code := exodus(t, "sweep", "--spec", spec, "--out", split, "--aggregate"); code != 0 || !strings.Contains(stdout, "6 runs, 0 failed") {
		t.Fatalf("aggregate: exit %d: %s%s", code, stdout, stderr)
	}
	entries, err := os.ReadDir(whole)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || e.Name() == "manifest.json" || e.Name() == "report.html" {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(whole, e.Name()))
		b, err := os.ReadFile(filepath.Join(split, e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the whole sweep and its 4 shards (%v)", e.Name(), err)
		}
		n++
	}
	if n < 6 {
		t.Errorf("compared %d tables, want points, metrics, shares and flows", n)
	}
	if _, stderr, code := exodus(t, "sweep", "--spec", spec, "--out", split, "--shard", "4/4"); code != 2 || !strings.Contains(stderr, `"4/4"`) {
		t.Errorf("--shard 4/4: exit %d, stderr %q", code, stderr)
	}
}

// TestSweepRunAlone redoes a run of a sweep alone, as the runs table
// promises: `exodus run --seed S` with the sweep's edits and the seed in
// runs.csv gives, tick for tick and to the bit, the US TikTok share the
// sweep's run file holds. Sweep seeds are 63-bit, above 2⁵³, so a seed read through a
// float64 would run another seed.
func TestSweepRunAlone(t *testing.T) {
	dir := t.TempDir()
	spec := sweepSpec(t, dir, 1, "[0.9]", `series = ["share"]`)
	sweep := filepath.Join(dir, "sweep")
	if stdout, stderr, code := exodus(t, "sweep", "--spec", spec, "--out", sweep); code != 0 {
		t.Fatalf("sweep: exit %d: %s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(sweep, "runs", "p00000-r001.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Seed   uint64
		Result struct{ Series map[string][]float64 }
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	if file.Seed <= 1<<53 {
		t.Fatalf("seed %d, want one above 2⁵³ for the test to mean something", file.Seed)
	}
	want := file.Result.Series["share/US/TikTok"]
	alone := filepath.Join(dir, "alone")
	if stdout, stderr, code := exodus(t, "run", "--set", "agents=2000", "--set", `duration="10d"`, "--set", "weights.return=0.9",
		"--seed", strconv.FormatUint(file.Seed, 10), "--out", alone); code != 0 {
		t.Fatalf("run: exit %d: %s%s", code, stdout, stderr)
	}
	var summary struct {
		GroupAgents float64 `json:"group_agents"`
	}
	if b, err = os.ReadFile(filepath.Join(alone, "summary.json")); err == nil {
		err = json.Unmarshal(b, &summary)
	}
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(alone, "series.csv"))
	var got []float64
	for _, r := range rows[1:] {
		if r[2] == "US" && r[3] == "TikTok" {
			users, err := strconv.ParseFloat(r[4], 64)
			if err != nil {
				t.Fatalf("series.csv users %q: %v", r[4], err)
			}
			got = append(got, users/summary.GroupAgents)
		}
	}
	// 10 days of hourly ticks, and tick 0.
	if len(got) != 241 || len(want) != 241 {
		t.Fatalf("%d ticks alone, %d in the sweep's run, want 241 each", len(got), len(want))
	}
	// Both are the same count over the same group size: equal to the bit.
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("tick %d: share %v alone, %v in the sweep", i, got[i], want[i])
		}
	}
}

// sweepSpec writes a sweep of rednote-2025 at 2 000 agents for 10 days,
// 2 replicates of each value of weights.return, with the given root seed
// and [outputs] body, into dir, and returns its path.
func sweepSpec(t *testing.T, dir string, seed int, values, outputs string) string {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("sweep%d%s.toml", seed, values))
	err := os.WriteFile(path, []byte(fmt.Sprintf(`scenario = "rednote-2025"
set = ["agents=2000", 'duration="10d"']
seed = %d
replicates = 2
[design]
kind = "grid"
[[axis]]
path = "weights.return"
values = %s
[outputs]
%s
`, seed, values, outputs)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	return path
}
