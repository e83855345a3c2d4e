package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree returns every file under dir with its contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRunFailureKeepsFolder writes a scenario run and a rule run, then runs
// into the same folders commands that fail (an empty edge list, which once
// failed with "json: unsupported value: NaN" after replacing series.csv; a
// network the memory limit refuses; an interrupt) and checks that each
// leaves the folder byte for byte as it was, with the exit code for its
// cause, and that the folders verify.
func TestRunFailureKeepsFolder(t *testing.T) {
	root := t.TempDir()
	empty := filepath.Join(root, "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	ruleDir, scenarioDir := filepath.Join(root, "rule"), filepath.Join(root, "scenario")
	for _, args := range [][]string{
		{"run", "--rule", "flip", "--agents", "2000", "--ticks", "5", "--out", ruleDir},
		{"run", "--agents", "2000", "--set", `duration="2d"`, "--out", scenarioDir},
	} {
		if _, errs, code := exodus(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
	}
	before := map[string]map[string]string{ruleDir: tree(t, ruleDir), scenarioDir: tree(t, scenarioDir)}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for i, test := range []struct {
		ctx  context.Context
		args []string
		code int
		want string
	}{
		{context.Background(), []string{"run", "--rule", "flip", "--network", "edge-list", "--edges", empty, "--out", ruleDir}, 2, "has no edges"},
		{context.Background(), []string{"run", "--rule", "flip", "--agents", "1e6", "--max-memory", "1MiB", "--out", ruleDir}, 3, "needs about"},
		{context.Background(), []string{"run", "--agents", "1e6", "--max-memory", "1MiB", "--out", scenarioDir}, 3, "needs about"},
		{cancelled, []string{"run", "--rule", "flip", "--agents", "2000", "--out", ruleDir}, 130, "interrupted: " + ruleDir + " is left as it was; run the same command again"},
		{cancelled, []string{"run", "--agents", "2000", "--set", `duration="2d"`, "--out", scenarioDir}, 130, "interrupted: " + scenarioDir + " is left as it was"},
	} {
		var stdout, stderr bytes.Buffer
		code := exitCode(run(test.ctx, append([]string{"exodus"}, test.args...), &stdout, &stderr), &stderr)
		if code != test.code || !strings.Contains(stderr.String(), test.want) {
			t.Errorf("case %d %v: exit %d, stderr %q; want exit %d and %q", i, test.args, code, stderr.String(), test.code, test.want)
		}
	}
	for dir, files := range before {
		after := tree(t, dir)
		if len(after) != len(files) {
			t.Errorf("%s: %d files before, %d after", dir, len(files), len(after))
		}
		for path, b := range files {
			if after[path] != b {
				t.Errorf("%s changed", path)
			}
		}
		if out, errs, code := exodus(t, "verify", dir); code != 0 || !strings.Contains(out, "every file matches") {
			t.Errorf("verify %s: exit %d: %s", dir, code, errs)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".*.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestVerify checks exodus verify on a folder as written, with a file
// missing, then also one changed, and on what is not a folder.
func TestVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if _, errs, code := exodus(t, "run", "--rule", "flip", "--agents", "1000", "--ticks", "3", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for i, test := range []struct {
		change func()
		args   []string
		code   int
		want   string
	}{
		{func() {}, []string{"verify", dir}, 0, ""},
		{func() { os.Remove(filepath.Join(dir, "summary.json")) }, []string{"verify", dir}, 1, "summary.json is missing"},
		{func() { os.WriteFile(filepath.Join(dir, "series.csv"), []byte("tick\n"), 0o644) }, []string{"verify", dir}, 1, "series.csv has"},
		{func() {}, []string{"verify", filepath.Join(dir, "manifest.json")}, 2, "is not a folder"},
		{func() {}, []string{"verify"}, 2, "verify takes one folder"},
	} {
		test.change()
		_, errs, code := exodus(t, test.args...)
		if code != test.code || !strings.Contains(errs, test.want) {
			t.Errorf("case %d: exit %d, stderr %q; want exit %d and %q", i, code, errs, test.code, test.want)
		}
	}
}

// TestRunRefused checks that runs beyond the memory allowed are refused
// with exit 3, the estimate and what to change, before they allocate (the
// cases of issue 13: 4·10⁹ agents, 10⁹ agents on Erdős–Rényi of degree 10,
// an edge list whose one line names node 4·10⁹), and that nothing is
// written.
func TestRunRefused(t *testing.T) {
	root := t.TempDir()
	huge := filepath.Join(root, "huge.txt")
	os.WriteFile(huge, []byte("1 4000000000\n"), 0o644)
	out := filepath.Join(root, "out")
	for i, test := range []struct {
		args []string
		want []string
	}{
		{[]string{"--agents", "4e9"}, []string{"a run of 4000000000 agents on network erdos-renyi of mean degree 10 needs about", "use fewer agents or a lower mean degree"}},
		{[]string{"--agents", "4e9", "--network", "complete"}, []string{"a run of 4000000000 agents on network complete needs about 44.7 GiB", "use fewer agents (about"}},
		{[]string{"--agents", "1e9", "--mean-degree", "10"}, []string{"needs about 61.5 GiB of memory, more than the 8 GiB allowed"}},
		{[]string{"--agents", "1e8", "--network", "chung-lu"}, []string{"on network chung-lu of mean degree 10"}},
		{[]string{"--network", "edge-list", "--edges", huge}, []string{"4000000001 nodes, ids 0 to 4000000000", "needs about"}},
	} {
		args := append([]string{"run", "--rule", "flip", "--max-memory", "8GiB", "--out", out}, test.args...)
		_, errs, code := exodus(t, args...)
		if code != 3 || !strings.Contains(errs, "--max-memory") {
			t.Errorf("case %d %v: exit %d, stderr %q; want exit 3 and a hint at --max-memory", i, test.args, code, errs)
		}
		for _, want := range test.want {
			if !strings.Contains(errs, want) {
				t.Errorf("case %d %v: stderr %q lacks %q", i, test.args, errs, want)
			}
		}
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("refused runs left files: %v", entries)
	}
}

// TestHelpExitCodes checks that exodus --help documents the exit codes.
func TestHelpExitCodes(t *testing.T) {
	out, _, code := exodus(t, "--help")
	for _, want := range []string{"EXIT CODES", "0    success", "2    bad command line or input", "3    refused", "130  interrupted"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("exodus --help (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
}
