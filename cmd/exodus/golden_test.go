package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden runs command lines a user types — help texts, checks, lists
// and mistakes — and compares what they print and their exit code with
// testdata/NAME.golden; run with -update to rewrite them after a
// deliberate change, and read the diff.
func TestGolden(t *testing.T) {
	// From the repository's root, where experiments run (the calibration
	// experiments read data/).
	golden, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..")
	for _, test := range []struct {
		name string
		args []string
	}{
		{"help", []string{"--help"}},
		{"run-help", []string{"run", "--help"}},
		{"sweep-help", []string{"sweep", "--help"}},
		{"experiment-run-help", []string{"experiment", "run", "--help"}},
		{"slurm-sweep-help", []string{"slurm", "sweep", "--help"}},
		{"scenario-list", []string{"scenario", "list"}},
		{"run-check", []string{"run", "--check", "--agents", "1e7", "--set", "shocks.tiktok-blackout.duration=3d"}},
		{"sweep-check", []string{"sweep", "--check", "--spec", "examples/sweep.toml"}},
		{"experiment-check", []string{"experiment", "run", "--check", "--all"}},
		{"edit-unknown-field", []string{"run", "--set", "weights.protset=1"}},
		{"edit-bad-value", []string{"run", "--set", "shocks.tiktok-blackout.duration=soon"}},
		{"edit-no-offset", []string{"run", "--set", "shocks.tiktok-blackout.start=2025-01-18T22:30:00"}},
		{"mistyped-command", []string{"rn"}},
		{"mistyped-flag", []string{"scenario", "show", "--canonicl", "rednote-2025"}},
		{"help-command", []string{"help", "sweep"}},
		{"completion-bash", []string{"completion", "bash"}},
	} {
		stdout, stderr, code := exodus(t, test.args...)
		got := fmt.Sprintf("$ exodus %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(test.args, " "), code, stdout, stderr)
		path := filepath.Join(golden, test.name+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test -update)", test.name, err)
			continue
		}
		if got != string(want) {
			t.Errorf("%s: output differs from %s; run go test -update if the change is deliberate\n%s", test.name, path, lineDiff(string(want), got))
		}
	}
}

// lineDiff lists the lines of want and got that differ, by line number.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// TestEdits checks the edit distance that decides whether a mistyped flag
// gets a suggestion, against distances counted by hand.
func TestEdits(t *testing.T) {
	for _, test := range []struct {
		a, b string
		want int
	}{
		{"seed", "sed", 1}, {"canonical", "canonicl", 1}, {"o", "bogus", 4}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"same", "same", 0},
	} {
		if got := edits(test.a, test.b); got != test.want {
			t.Errorf("edits(%q, %q) = %d, want %d", test.a, test.b, got, test.want)
		}
	}
}
