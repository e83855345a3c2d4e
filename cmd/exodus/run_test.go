package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/model"
)

// exodus runs the CLI in-process and returns stdout and the exit code.
func exodus(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"exodus"}, args...), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

// TestRunScenario runs the default scenario small and short with 1 and 2
// workers and checks the outputs: every file, the columns, the summary and
// manifest fields, and byte-identical data files whatever the workers.
func TestRunScenario(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for k, workers := range []string{"1", "2"} {
		out, errs, code := exodus(t, "run", "--agents", "2e4", "--set", `duration="25d"`, "--seed", "5", "--workers", workers, "--out", dirs[k])
		if code != 0 {
			t.Fatalf("workers %s: exit %d: %s", workers, code, errs)
		}
		if !strings.Contains(out, "peak daily inflow") || !strings.Contains(out, "wrote "+dirs[k]) {
			t.Errorf("summary printout lacks the peak inflow or the folder:\n%s", out)
		}
	}
	for _, name := range []string{"series.csv", "flows.csv", "contact.csv", "daily.csv", "series.parquet", "flows.parquet", "contact.parquet", "daily.parquet", "summary.json"} {
		a, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dirs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 2 workers", name)
		}
	}
	header := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dirs[0], name))
		return strings.SplitN(string(b), "\n", 2)[0]
	}
	for name, want := range map[string]string{
		"series.csv":  "time,tick,group_name,platform,users,joins,leaves",
		"flows.csv":   "time,tick,group_name,origin,destination,agents",
		"contact.csv": "time,tick,platform,cross_group_edges",
		"daily.csv":   "day,group_name,platform,installs,dau,accounts,dormant,users,joins",
	} {
		if got := header(name); got != want {
			t.Errorf("%s header %q, want %q", name, got, want)
		}
	}
	var summary model.Summary
	readJSON(t, filepath.Join(dirs[0], "summary.json"), &summary)
	if summary.Group != "US" || summary.Destination != "RedNote" || summary.PeakInflowDay == "" || summary.GroupAgents != 5714 {
		t.Errorf("summary: %+v", summary)
	}
	var manifest struct {
		Seed       uint64 `json:"seed"`
		Go         string `json:"go_version"`
		Parameters struct {
			Hash string `json:"scenario_hash"`
			TOML string `json:"scenario_toml"`
		} `json:"parameters"`
	}
	readJSON(t, filepath.Join(dirs[0], "manifest.json"), &manifest)
	sc, err := model.ParseScenario([]byte(manifest.Parameters.TOML))
	if err != nil {
		t.Fatalf("manifest scenario does not parse: %v", err)
	}
	if _, hash, _ := sc.Canonical(); hash != manifest.Parameters.Hash || manifest.Seed != 5 || sc.Agents != 20000 || manifest.Go == "" {
		t.Errorf("manifest: hash %s (recomputed %s), seed %d, agents %d", manifest.Parameters.Hash, hash, manifest.Seed, sc.Agents)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestScenarioCommands checks scenario list and show: the listing names the
// embedded scenarios, show prints TOML that parses to them, and --set with
// show gives the canonical form with the change.
func TestScenarioCommands(t *testing.T) {
	out, _, code := exodus(t, "scenario", "list")
	if code != 0 || !strings.Contains(out, model.DefaultScenario) {
		t.Errorf("scenario list: exit %d, output %q", code, out)
	}
	out, _, code = exodus(t, "scenario", "show", model.DefaultScenario)
	if _, err := model.ParseScenario([]byte(out)); code != 0 || err != nil {
		t.Errorf("scenario show: exit %d, parse error %v", code, err)
	}
	out, _, code = exodus(t, "scenario", "show", "--set", "weights.protest=3", model.DefaultScenario)
	sc, err := model.ParseScenario([]byte(out))
	if code != 0 || err != nil || sc.Weights.Protest != 3 {
		t.Errorf("scenario show --set: exit %d, error %v", code, err)
	}
}

// TestFullScaleRefused runs rednote-2025-full under a memory limit of
// 1 GiB: it is refused (exit 3) before anything per agent is allocated,
// with the estimate and its parts named. 840 M agents at 16 bytes each
// (population 7, next state 1, switchers 4, rule 4; the implicit network
// stores none) are 1.344·10¹⁰ bytes, 12.5 GiB; 2³⁰/16 = 67108864 agents fit.
func TestFullScaleRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "full")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, errs, code := exodus(t, "run", "--scenario", "rednote-2025-full", "--max-memory", "1GiB", "--out", out)
	runtime.ReadMemStats(&after)
	for _, want := range []string{
		"scenario rednote-2025-full with agents = 840000000 on network implicit-block-model (about 16 bytes per agent, network included)",
		"needs about 12.5 GiB of memory, more than the 1 GiB allowed",
		"use fewer agents (--agents; about 67108864 fit)",
		"allow more with --max-memory",
	} {
		if code != exitRefused || !strings.Contains(errs, want) {
			t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, exitRefused, want)
		}
	}
	// One byte per agent would be 840 MB; the refusal allocates far less.
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
		t.Errorf("the refusal allocated %d bytes, want under 64 MiB: refused before allocating", grown)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s: %v; want no folder written", out, err)
	}
}

// TestRunErrors checks that bad command lines and bad scenarios fail with
// a message naming the problem and the exit code for it.
func TestRunErrors(t *testing.T) {
	for i, test := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--mean-degree", "5"}, 2, "--mean-degree applies to --rule runs"},
		{[]string{"run", "--rule", "flip", "--set", "x=1"}, 2, "--set applies to scenario runs"},
		{[]string{"run", "--agents", "ten"}, 2, `--agents = "ten"`},
		{[]string{"run", "--set", "weights.return=1.3", "--agents", "100"}, 2, "weights.return = 1.3, want within [0, 1]"},
		{[]string{"run", "--scenario", "nope"}, 2, `scenario "nope": not embedded`},
		{[]string{"run", "--rule", "flip", "--param", "a=2", "--agents", "100"}, 2, "parameter a = 2, want within [0, 1]"},
		{[]string{"run", "extra"}, 2, "run takes no arguments"},
		{[]string{"run", "--set", "seed=18446744073709551615", "--agents", "100"}, 2, "edit seed = 18446744073709551615: want below 2⁶³"},
		{[]string{"run", "--seed", "5", "--set", "seed=6", "--agents", "100"}, 2, "--seed and --set seed=6: give one of them"},
		{[]string{"run", "--rule", "flip", "--network", "edge-list"}, 2, "network path is missing"},
		{[]string{"run", "--rule", "flip", "--network", "chung-lu", "--agents", "10", "--mean-degree", "20"}, 2, "network mean_degree = 20, want within [0, agents − 1 = 9]"},
		{[]string{"scenario", "show"}, 2, "scenario show takes one scenario name"},
		{[]string{"run", "--workers", "-3", "--agents", "100"}, 2, "--workers = -3, want ≥ 0"},
		{[]string{"run", "--rule", "flip", "--workers", "-3"}, 2, "--workers = -3, want ≥ 0"},
		{[]string{"run", "--rule", "flip", "--edges", "x.txt"}, 2, "--edges applies to --network edge-list, not erdos-renyi"},
		{[]string{"run", "--rule", "flip", "--network", "ws", "--edges", "x.txt"}, 2, "--edges applies to --network edge-list, not watts-strogatz"},
		{[]string{"run", "--set", "weights.protest=1", "--set", "weights.protest=2"}, 2, "weights.protest is already set to 1"},
		{[]string{"run", "--set", " seed=1", "--set", "seed =2"}, 2, "seed is already set to 1"},
		{[]string{"run", "--agents", "100", "--set", "agents=5"}, 2, "--agents and --set agents"},
		{[]string{"run", "--rule", "flip", "--max-memory", "lots"}, 2, `--max-memory: size "lots"`},
		{[]string{"run", "--bogus"}, 2, "flag provided but not defined: -bogus (see exodus run --help)"},
		{[]string{"nosuch"}, 2, `unknown command "nosuch"`},
		{[]string{"run", "--rule", "flip", "--network", "edge-list", "--edges", "testdata/no-such-file.txt"}, 2, "no such file"},
	} {
		_, errs, code := exodus(t, test.args...)
		if code != test.code || !strings.Contains(errs, test.want) {
			t.Errorf("case %d %v: exit %d, stderr %q; want exit %d and %q", i, test.args, code, errs, test.code, test.want)
		}
	}
}

// TestBenchJSON runs one small bench case in-process and checks the JSON
// contract of `exodus bench --json`.
func TestBenchJSON(t *testing.T) {
	out, errs, code := exodus(t, "bench", "--json", "--isolate=false", "--agents", "1e4", "--workers", "1", "--ticks", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	for _, key := range []string{"agents", "edges", "ticks", "workers", "gen_seconds", "run_seconds", "updates_per_second", "peak_rss_bytes"} {
		if _, ok := r[key]; !ok {
			t.Errorf("bench JSON lacks %q: %s", key, out)
		}
	}
	if r["agents"] != float64(10000) || r["ticks"] != float64(5) {
		t.Errorf("bench JSON agents %v ticks %v, want 10000 and 5", r["agents"], r["ticks"])
	}
}
