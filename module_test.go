package exodus_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/model"
)

// TestGoUser builds examples/gouser, a module of its own that requires
// github.com/exodus-sim/exodus (replaced by this checkout), as a Go user's
// program would: the module path must be one the go command accepts in a
// require (a bare "exodus" is refused: "missing dot in first path
// element"), and the public packages must be enough to run a scenario and
// read its series. Its output must be what the same calls print here.
func TestGoUser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "main.go"} {
		data, err := os.ReadFile(filepath.Join("examples", "gouser", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "go.mod" {
			replace := regexp.MustCompile(`(?m)^replace github.com/exodus-sim/exodus => .*$`)
			if !replace.Match(data) {
				t.Fatal("examples/gouser/go.mod has no replace line for github.com/exodus-sim/exodus")
			}
			data = replace.ReplaceAll(data, []byte("replace github.com/exodus-sim/exodus => "+root))
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run examples/gouser: %v\n%s", err, out)
	}

	edits, err := model.ParseEdits([]string{"agents=5000", `duration="10d"`, `warmup="2d"`})
	if err != nil {
		t.Fatal(err)
	}
	p, err := model.Load("rednote-2025", edits...)
	if err != nil {
		t.Fatal(err)
	}
	run, err := model.RunScenario(context.Background(), p, model.RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	days, dau, err := model.Daily(p, run.History, "dau", "US", "RedNote")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for i, d := range days {
		fmt.Fprintf(&want, "%s RedNote daily active US agents %.0f\n", d, dau[i])
	}
	if len(days) != 10 {
		t.Errorf("%d days, want the 10 of duration=10d", len(days))
	}
	if got := string(out); !strings.HasPrefix(got, want.String()) {
		t.Errorf("examples/gouser printed\n%s\nwant the daily series\n%s", got, want.String())
	}
}
