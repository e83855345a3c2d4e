package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/estimate"
)

// TestCalibrationRunAlone redoes a posterior draw of the example
// calibration with exodus run: its seed (one at or above 2⁶³, as about
// half of a calibration's are) given to --seed and its parameters to
// --set give the draw's daily series, stored in its evals file, to the
// bit.
func TestCalibrationRunAlone(t *testing.T) {
	const specPath = "../../examples/calibration/calibration.toml"
	spec, err := estimate.LoadSpec(specPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "calibration")
	if stdout, stderr, code := exodus(t, "calibrate", "--spec", specPath, "--out", out, "--jobs", "2"); code != 0 {
		t.Fatalf("calibrate: exit %d: %s%s", code, stdout, stderr)
	}
	// The draws are keyed predict-g000-iDDDDD-…; with the spec's seed 7
	// the last of its 4 has a seed above 2⁶³.
	b, err := os.ReadFile(filepath.Join(out, "evals", "predict-g000-i00003-a0000-r00.json"))
	if err != nil {
		t.Fatal(err)
	}
	var draw struct {
		Theta   []float64
		Seed    uint64
		Moments []float64
	}
	if err := json.Unmarshal(b, &draw); err != nil {
		t.Fatal(err)
	}
	if draw.Seed < 1<<63 {
		t.Fatalf("seed %d, want one at or above 2⁶³ for the test to mean something", draw.Seed)
	}
	args := []string{"run", "--quiet", "--scenario", spec.Scenario, "--seed", strconv.FormatUint(draw.Seed, 10), "--out", filepath.Join(dir, "alone")}
	for _, e := range spec.Set {
		args = append(args, "--set", e)
	}
	for k, p := range spec.Parameters {
		args = append(args, "--set", p.Path+"="+strconv.FormatFloat(draw.Theta[k], 'g', -1, 64))
	}
	if stdout, stderr, code := exodus(t, args...); code != 0 {
		t.Fatalf("run: exit %d: %s%s", code, stdout, stderr)
	}
	var summary struct {
		UsersPerAgent float64 `json:"users_per_agent"`
	}
	if b, err = os.ReadFile(filepath.Join(dir, "alone", "summary.json")); err == nil {
		err = json.Unmarshal(b, &summary)
	}
	if err != nil {
		t.Fatal(err)
	}
	// The draw's moments are the 3 targets' (examples/calibration/
	// targets.toml), then the series they read day by day, in people:
	// RedNote's US accounts, then TikTok's US users, 14 days each.
	rows := readCSV(t, filepath.Join(dir, "alone", "daily.csv"))
	col := map[string]int{} // daily.csv's columns by name
	for k, name := range rows[0] {
		col[name] = k
	}
	var got []float64
	for _, s := range []struct{ quantity, platform string }{{"accounts", "RedNote"}, {"users", "TikTok"}} {
		for _, r := range rows[1:] {
			if r[col["group_name"]] == "US" && r[col["platform"]] == s.platform {
				n, err := strconv.ParseFloat(r[col[s.quantity]], 64)
				if err != nil {
					t.Fatalf("daily.csv %s %q: %v", s.quantity, r[col[s.quantity]], err)
				}
				got = append(got, n*summary.UsersPerAgent)
			}
		}
	}
	want := draw.Moments[3:]
	if len(got) != 28 || len(want) != 28 {
		t.Fatalf("%d daily values alone, %d in the draw, want 28 each", len(got), len(want))
	}
	// Both are whole agents times the same users per agent: equal to the bit.
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("value %d: %v alone, %v in the draw", i, got[i], want[i])
		}
	}
}

// TestCalibrationCheckFit checks that --check counts what a spec's fit
// list leaves: the example calibration (three targets, nothing held out)
// with fit naming its first target fits one and holds out two; and that a
// name that is no target is refused with the usage exit code, naming it.
func TestCalibrationCheckFit(t *testing.T) {
	src := "../../examples/calibration"
	dir := t.TempDir()
	for _, f := range []string{"calibration.toml", "rows.csv", "targets.toml"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "calibration.toml" {
			b = append([]byte("fit = [\"rednote-surge\"]\n"), b...) // before the first table
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec := filepath.Join(dir, "calibration.toml")
	stdout, stderr, code := exodus(t, "calibrate", "--spec", spec, "--check")
	if want := "2 parameters, 1 targets, 2 held out, 0 predictions"; code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("--check: exit %d, %q%s; want %q", code, stdout, stderr, want)
	}
	b, _ := os.ReadFile(spec)
	if err := os.WriteFile(spec, bytes.Replace(b, []byte(`"rednote-surge"`), []byte(`"surge"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = exodus(t, "calibrate", "--spec", spec, "--check")
	if want := `fit = ["surge"]: "surge" is not a target`; code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("an unknown name: exit %d, %q; want 2 and %q", code, stderr, want)
	}
}
