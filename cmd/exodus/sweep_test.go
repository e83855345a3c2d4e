package main

import (
	"os"
	"path/filepath"
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
		path := filepath.Join(dir, "sweep"+values+".toml")
		os.WriteFile(path, []byte(`scenario = "rednote-2025"
set = ["agents=2000", 'duration="10d"']
seed = 1
replicates = 2
[design]
kind = "grid"
[[axis]]
path = "weights.return"
values = `+values+`
[outputs]
metrics = ["peak_users"]
series = ["share"]
`), 0o644)
		return path
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
