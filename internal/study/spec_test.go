package study

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"exodus/internal/sweep"
	"exodus/model"
)

// TestRunSpec runs a Saltelli sweep spec of 2 weights with N = 4 base rows
// (16 points, 1 replicate) on a 2000-agent, 10-day scenario file, and
// checks the outputs: each point's scenario has its assignments, the
// metrics table reads back from Parquet equal to the aggregate, the Sobol
// table has the 2 metrics × 2 factors × 2 indices, and the manifest gives
// the base scenario's hash, the axes, the seeds and the versions.
func TestRunSpec(t *testing.T) {
	dir := t.TempDir()
	base, err := model.ScenarioSource(model.DefaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	base, err = model.Override(base, []string{"agents=2000", `duration="10d"`})
	if err != nil {
		t.Fatal(err)
	}
	scPath := filepath.Join(dir, "small.toml")
	os.WriteFile(scPath, base, 0o644)
	spec := `scenario = "` + scPath + `"
seed = 4
replicates = 1
[design]
kind = "saltelli"
points = 4
[[axis]]
path = "weights.protest"
from = 10
to = 30
[[axis]]
path = "weights.threat"
from = 0.5
to = 1.5
[outputs]
metrics = ["peak_daily_inflow_share", "peak_users"]
`
	specPath := filepath.Join(dir, "sweep.toml")
	os.WriteFile(specPath, []byte(spec), 0o644)
	out := filepath.Join(dir, "out")
	a, err := RunSpec(context.Background(), specPath, out, 2, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Study.Points) != 16 {
		t.Fatalf("%d points, want 4 × (2 + 2) = 16", len(a.Study.Points))
	}
	for p, pt := range a.Study.Points {
		if w := pt.Scenario.Weights; w.Protest != pt.Assignments[0].Value || w.Threat != pt.Assignments[1].Value {
			t.Errorf("point %d (%s): scenario has protest %v, threat %v", p, pt.Label, w.Protest, w.Threat)
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "metrics.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.Read[MetricRow](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 32 {
		t.Fatalf("%d metric rows, want 16 points × 2 metrics", len(rows))
	}
	for _, r := range rows {
		m, ok := a.Metric(r.Point, r.Metric)
		if !ok || round(m.Mean) != r.Mean || m.N != r.N || r.N != 1 {
			t.Errorf("parquet row %+v, aggregate %+v", r, m)
		}
	}
	sobol, err := os.ReadFile(filepath.Join(out, "sobol.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(sobol), "\n"); n != 1+8 {
		t.Errorf("sobol.csv has %d lines, want a header and 8 rows:\n%s", n, sobol)
	}
	var man struct {
		Exodus     string  `json:"exodus_version"`
		Go         string  `json:"go_version"`
		Seed       uint64  `json:"seed"`
		Wall       float64 `json:"wall_seconds"`
		Parameters struct {
			Hash  string `json:"base_scenario_hash"`
			Axes  []any  `json:"axes"`
			Study Info   `json:"study"`
		} `json:"parameters"`
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	sc, _ := model.ParseScenario(base)
	_, hash, _ := sc.Canonical()
	st := man.Parameters.Study
	if man.Parameters.Hash != hash || len(man.Parameters.Axes) != 2 || man.Exodus == "" || man.Go == "" || man.Seed != 4 || man.Wall <= 0 ||
		st.Runs != 16 || st.Failed != 0 || len(st.Points) != 16 || st.Points[0].ScenarioHash == "" || st.RootSeed != 4 {
		t.Errorf("manifest %s", b)
	}
}

// TestFromSpecSet checks that the spec's overrides reach every point's
// scenario before the point's assignments, and that a bad one is an
// error naming it.
func TestFromSpecSet(t *testing.T) {
	spec, err := sweep.ParseSpec([]byte(`scenario = "rednote-2025"
set = ["agents=3000", "weights.protest=5"]
seed = 1
replicates = 1
[design]
kind = "grid"
[[axis]]
path = "weights.protest"
values = [7, 9]
[outputs]
metrics = ["peak_users"]
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := FromSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range []float64{7, 9} {
		if sc := s.Points[p].Scenario; sc.Agents != 3000 || sc.Weights.Protest != want {
			t.Errorf("point %d: agents %d, protest %v; want 3000 and %v", p, sc.Agents, sc.Weights.Protest, want)
		}
	}
	spec.Set = []string{"agents=-5"}
	if _, err := FromSpec(spec); err == nil || !strings.Contains(err.Error(), "agents=-5") || !strings.Contains(err.Error(), "agents = -5") {
		t.Errorf("bad set: error %v, want it to name the override and the field", err)
	}
}
