package experiments

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// tiny is rednote-2025 made small: its first two variants (baseline, no
// translation) × 2 replicates at 2×10⁴ agents over 20 days, drawing the
// same figures.
func tiny(t testing.TB) *Experiment {
	t.Helper()
	s, err := Lookup("rednote-2025")
	if err != nil {
		t.Fatal(err)
	}
	s.Name = "tiny"
	s.Set = []string{"agents=20000", `duration="20d"`}
	s.Posterior = "" // the machinery, on the embedded values; TestRednoteVariants reads the posterior
	s.Variants = s.Variants[:2]
	s.Replicates = 2
	e, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestGolden regenerates the tiny experiment and compares its tables
// (CSV and Parquet) and SVG figures with testdata/tiny byte for byte, so
// that a change of the model or of the outputs that changes results is
// caught; run with -update to rewrite them after a deliberate change.
// PNG previews must exist; the manifest must name the experiment, its
// figures and its runs; and a run with 1 job instead of 2 must give the
// same bytes.
func TestGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 4 scenario runs")
	}
	out, cache := t.TempDir(), t.TempDir()
	res, err := Run(context.Background(), tiny(t), Options{Out: out, Cache: cache, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Runs != 4 || res.Failed != 0 {
		t.Errorf("%d runs, %d failed; want 4 and 0", res.Runs, res.Failed)
	}
	golden := filepath.Join("testdata", "tiny")
	entries, err := os.ReadDir(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var compared []string
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if ext == ".png" || name == "manifest.json" || name == report.Name { // both hold times
			continue
		}
		got, _ := os.ReadFile(filepath.Join(res.Dir, name))
		if *update {
			if err := os.MkdirAll(golden, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(golden, name), got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(filepath.Join(golden, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test -update if the change is deliberate", name, filepath.Join(golden, name))
		}
		compared = append(compared, name)
	}
	want, _ := os.ReadDir(golden)
	if len(want) != len(compared) {
		t.Errorf("compared %d files, %s holds %d", len(compared), golden, len(want))
	}
	for _, f := range res.Figures {
		if _, err := os.Stat(filepath.Join(res.Dir, f+".png")); err != nil {
			t.Errorf("figure %s: %v", f, err)
		}
	}
	var man struct {
		Parameters struct {
			Experiment string   `json:"experiment"`
			Figures    []string `json:"figures"`
			Study      struct {
				Runs int `json:"runs"`
			} `json:"study"`
		} `json:"parameters"`
	}
	b, _ := os.ReadFile(filepath.Join(res.Dir, "manifest.json"))
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	if p := man.Parameters; p.Experiment != "tiny" || !slices.Equal(p.Figures, res.Figures) || p.Study.Runs != 4 {
		t.Errorf("manifest: %s", b)
	}
	if !strings.Contains(string(b), "wall_seconds") {
		t.Error("manifest without wall time")
	}
	// One run at a time, from a fresh cache, gives the same bytes.
	one, err := Run(context.Background(), tiny(t), Options{Out: t.TempDir(), Cache: t.TempDir(), Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range compared {
		a, _ := os.ReadFile(filepath.Join(res.Dir, name))
		b, _ := os.ReadFile(filepath.Join(one.Dir, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 2 jobs and 1", name)
		}
	}
}

// TestRunLeavesOtherFolders checks that Run refuses to empty a folder
// named like the experiment that is not a results folder (no
// manifest.json), before running anything, and leaves its files alone.
func TestRunLeavesOtherFolders(t *testing.T) {
	out := t.TempDir()
	mine := filepath.Join(out, "tiny", "notes.txt")
	os.MkdirAll(filepath.Dir(mine), 0o755)
	os.WriteFile(mine, []byte("mine"), 0o644)
	_, err := Run(context.Background(), tiny(t), Options{Out: out, Cache: t.TempDir(), Jobs: 1})
	if err == nil || !strings.Contains(err.Error(), "not a results folder") {
		t.Errorf("error %v, want a refusal", err)
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "mine" {
		t.Errorf("the file was touched: %q, %v", b, err)
	}
}
