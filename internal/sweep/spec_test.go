package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"exodus/sim"
)

const goodSpec = `
scenario   = "rednote-2025"
set        = ["agents=1000"]
seed       = 7
replicates = 2

[design]
kind = "grid"

[[axis]]
path   = "weights.protest"
values = [0, 1]

[[axis]]
path  = "shocks.blackout.duration"
from  = 24
to    = 2400
steps = 3
scale = "log"

[outputs]
metrics = ["peak_inflow", "retention_30d"]
series  = ["users"]
`

func TestParseSpec(t *testing.T) {
	s, err := ParseSpec([]byte(goodSpec))
	if err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Set) != 1 || s.Set[0] != "agents=1000" {
		t.Errorf("set = %q, want [agents=1000]", s.Set)
	}
	if len(runs) != 2*3*2 {
		t.Fatalf("%d runs, want 2 levels × 3 levels × 2 replicates = 12", len(runs))
	}
	// Run 5 is point 2 (protest 0, duration 2400), replicate 1.
	r := runs[5]
	if r.Point != 2 || r.Replicate != 1 || r.Seed != sim.Derive(7, 2, 1) || r.Assignments.String() != "weights.protest=0, shocks.blackout.duration=2400" {
		t.Errorf("run 5 = %+v", r)
	}
	path := filepath.Join(t.TempDir(), "sweep.toml")
	os.WriteFile(path, []byte(goodSpec+"typo = 1\n"), 0o644)
	if _, err := LoadSpec(path); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "unknown key outputs.typo") {
		t.Errorf("LoadSpec error %v, want it to name the file and the key", err)
	}
}

func TestSpecDesigns(t *testing.T) {
	for i, test := range []struct {
		design string
		points int // expected points
	}{
		{"kind = \"lhs\"\npoints = 20", 20},
		{"kind = \"saltelli\"\npoints = 8", 8 * (2 + 2)},
	} {
		spec := strings.Replace(goodSpec, `kind = "grid"`, test.design, 1)
		s, err := ParseSpec([]byte(spec))
		if err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		pts, err := s.Points()
		if err != nil || len(pts) != test.points {
			t.Errorf("case %d: %d points (%v), want %d", i, len(pts), err, test.points)
		}
	}
}

// TestSpecErrors checks that every error names the field and the bad value.
func TestSpecErrors(t *testing.T) {
	for i, test := range []struct {
		old, new string // replace old by new in goodSpec
		want     []string
	}{
		{"replicates = 2", "replicates = 2\nreplicate = 3", []string{"unknown key replicate"}},
		{"steps = 3", "stpes = 3", []string{"unknown key axis.stpes"}},
		{"kind = \"grid\"", "kind = \"grid\"\nsize = 4", []string{"unknown key design.size"}},
		{"seed       = 7", "", []string{"seed is missing"}},
		{`scenario   = "rednote-2025"`, `scenario = ""`, []string{"scenario is empty"}},
		{"replicates = 2", "replicates = 0", []string{"replicates = 0"}},
		{"replicates = 2", "replicates = -3", []string{"replicates = -3"}},
		{"replicates = 2", `replicates = "two"`, []string{"replicates"}},
		{`kind = "grid"`, `kind = "sobol"`, []string{`design.kind = "sobol"`}},
		{`kind = "grid"`, "kind = \"grid\"\npoints = 9", []string{"design.points = 9"}},
		{`kind = "grid"`, `kind = "lhs"`, []string{"design.points = 0", "lhs"}},
		{"values = [0, 1]", "values = []", []string{"axis[0]", `"weights.protest"`, "empty list"}},
		{"values = [0, 1]", "", []string{"axis[0]", `"weights.protest"`, "empty axis"}},
		{"values = [0, 1]", "values = [0, 1]\nfrom = 0", []string{"axis[0]", "not both"}},
		{"values = [0, 1]", "values = [1, 1]", []string{"axis[0]", "values[1] = 1 repeats"}},
		{"from  = 24", "from  = 0", []string{"axis[1]", `"shocks.blackout.duration"`, "log range from = 0", "> 0"}},
		{"to    = 2400", "to    = -5", []string{"axis[1]", "log range to = -5"}},
		{"to    = 2400", "", []string{"axis[1]", "range without to"}},
		{"steps = 3", "steps = 1", []string{"axis[1]", "steps = 1"}},
		{"steps = 3", "", []string{`"shocks.blackout.duration"`, "steps = 0"}},
		{`scale = "log"`, `scale = "ln"`, []string{"axis[1]", `scale = "ln"`}},
		{`path   = "weights.protest"`, `path = "shocks.blackout.duration"`, []string{`"shocks.blackout.duration": path repeats axis 0`}},
		{"[[axis]]", "[[axes]]", []string{"unknown key axes"}},
		{`metrics = ["peak_inflow", "retention_30d"]`, `metrics = ["peak_inflow", "peak_inflow"]`, []string{`outputs.metrics[1] = "peak_inflow" repeats outputs.metrics[0]`}},
		{`series  = ["users"]`, `series  = [""]`, []string{"outputs.series[0] is empty"}},
	} {
		spec := strings.Replace(goodSpec, test.old, test.new, 1)
		if spec == goodSpec {
			t.Fatalf("case %d: %q not in the spec", i, test.old)
		}
		_, err := ParseSpec([]byte(spec))
		if err == nil {
			t.Errorf("case %d (%s): no error", i, test.new)
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("case %d: error %q does not contain %q", i, err, w)
			}
		}
	}
	noAxes := goodSpec[:strings.Index(goodSpec, "[[axis]]")] + "[outputs]\nmetrics = [\"a\"]\n"
	if _, err := ParseSpec([]byte(noAxes)); err == nil || !strings.Contains(err.Error(), "no [[axis]]") {
		t.Errorf("no axes: error %v", err)
	}
	noOutputs := goodSpec[:strings.Index(goodSpec, "[outputs]")]
	if _, err := ParseSpec([]byte(noOutputs)); err == nil || !strings.Contains(err.Error(), "no metrics and no series") {
		t.Errorf("no outputs: error %v", err)
	}
}

func TestOutputsKeep(t *testing.T) {
	o := Outputs{Metrics: []string{"peak"}, Series: []string{"users"}}
	r := Result{
		Metrics: map[string]float64{"peak": 3, "final": 1},
		Series:  map[string][]float64{"users": {1, 2}, "joins": {0, 1}},
	}
	k, err := o.Keep(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Metrics) != 1 || k.Metrics["peak"] != 3 || len(k.Series) != 1 || len(k.Series["users"]) != 2 {
		t.Errorf("kept %+v", k)
	}
	_, err = Outputs{Metrics: []string{"retention"}}.Keep(r)
	if err == nil || !strings.Contains(err.Error(), `"retention"`) || !strings.Contains(err.Error(), "final, peak") {
		t.Errorf("missing metric: error %v, want it to name it and list the metrics", err)
	}
}
