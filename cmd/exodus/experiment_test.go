package main

import (
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/experiments"
)

// TestExperimentCommands checks experiment list (every registered name)
// and the command-line errors of experiment run; the runs themselves are
// tested in package experiments.
func TestExperimentCommands(t *testing.T) {
	out, _, code := exodus(t, "experiment", "list")
	if code != 0 {
		t.Fatalf("experiment list: exit %d", code)
	}
	for _, name := range experiments.Names() {
		if !strings.Contains(out, name+"\n") {
			t.Errorf("experiment list lacks %s:\n%s", name, out)
		}
	}
	for i, test := range []struct {
		args []string
		want string
	}{
		{[]string{"experiment", "run"}, "needs a NAME"},
		{[]string{"experiment", "run", "nope"}, `experiment "nope": not declared`},
		{[]string{"experiment", "run", "--all", "rednote-2025"}, "names or --all, not both"},
		{[]string{"experiment", "run", "rednote-2025", "--jobs", "2"}, "flags go first"},
		{[]string{"experiment", "run", "--jobs", "0", "rednote-2025"}, "--jobs = 0"},
	} {
		_, errs, code := exodus(t, test.args...)
		if code != 2 || !strings.Contains(errs, test.want) {
			t.Errorf("case %d %v: exit %d, stderr %q; want exit 2 and %q", i, test.args, code, errs, test.want)
		}
	}
}
