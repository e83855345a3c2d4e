package study

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// TestRunSpec runs a Saltelli sweep spec of 2 weights with N = 4 base rows
// (16 points, 1 replicate) on a 2000-agent, 10-day scenario file, and
// checks the outputs: each point's scenario has its assignments, the
// metrics table reads back from Parquet equal to the aggregate, the Sobol
// table has the 2 metrics × 2 factors × 2 indices, and the manifest gives
// the base scenario's hash, the axes, the seeds and the versions.
func TestRunSpec(t *testing.T) {
	dir := t.TempDir()
	// 20 000 agents and a strong news (0.3, in its prior [0.001, 2]): with
	// the calibrated news (0.0037) nobody installed RedNote in any run of
	// the design, and installs that are a constant 0 have no indices.
	base := small(t, "agents=20000", "weights.news=0.3")
	canon, hash, err := base.Identity()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "small.toml"), canon, 0o644)
	spec := `scenario = "small.toml" # relative to the spec
name = "a Saltelli sweep"
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
metrics = ["installs_share_of_origin", "peak_users"]
[[figure]]       # a sweep ignores figures
kind = "sobol"
`
	specPath := filepath.Join(dir, "sweep.toml")
	os.WriteFile(specPath, []byte(spec), 0o644)
	out := filepath.Join(dir, "out")
	sp, err := LoadSpec(specPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sp.Compile()
	if err != nil {
		t.Fatal(err)
	}
	a, err := RunSpec(context.Background(), sp, st, out, 2, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Study.Points) != 16 {
		t.Fatalf("%d points, want 4 × (2 + 2) = 16", len(a.Study.Points))
	}
	for p, pt := range a.Study.Points {
		if w := pt.Plan.Weights; w.Protest != pt.Assignments[0].Value || w.Threat != pt.Assignments[1].Value {
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
			Hash string `json:"base_scenario_hash"`
			Spec struct {
				Axes []any `json:"axes"`
			} `json:"spec"`
			Study Info `json:"study"`
		} `json:"parameters"`
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	info := man.Parameters.Study
	if man.Parameters.Hash != hash || len(man.Parameters.Spec.Axes) != 2 || man.Exodus == "" || man.Go == "" || man.Seed != 4 || man.Wall <= 0 ||
		info.Runs != 16 || info.Failed != 0 || len(info.Points) != 16 || info.Points[0].ScenarioHash == "" || info.RootSeed != 4 {
		t.Errorf("manifest %s", b)
	}
}

// TestSpecSet checks that the spec's edits reach every point's scenario
// before the point's assignments, and that a bad one is an error naming
// it before any run.
func TestSpecSet(t *testing.T) {
	spec, err := ParseSpec([]byte(`scenario = "rednote-2025"
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
`), "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Compile()
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range []float64{7, 9} {
		if sc := s.Points[p].Plan; sc.Agents != 3000 || sc.Weights.Protest != want {
			t.Errorf("point %d: agents %d, protest %v; want 3000 and %v", p, sc.Agents, sc.Weights.Protest, want)
		}
	}
	spec.Set = []string{"agents=-5"}
	if _, err := spec.Compile(); err == nil || !strings.Contains(err.Error(), "agents=-5") || !strings.Contains(err.Error(), "agents = -5") {
		t.Errorf("bad set: error %v, want it to name the edit and the field", err)
	}
}

// TestSpecErrors checks that each kind of bad spec is refused by Compile,
// before any run, with an error naming the field and echoing the value.
func TestSpecErrors(t *testing.T) {
	const good = `scenario = "rednote-2025"
set = ["agents=1000"]
seed = 1
replicates = 2
[design]
kind = "grid"
[[axis]]
path = "weights.protest"
values = [1, 2]
[[axis]]
name = "ban_days"
paths = ["shocks.tiktok-blackout.duration", "shocks.lemon8-blackout.duration"]
from = 0.5
to = 2
steps = 3
[outputs]
metrics = ["peak_users"]
`
	if s, err := ParseSpec([]byte(good), ""); err != nil {
		t.Fatal(err)
	} else if st, err := s.Compile(); err != nil || len(st.Points) != 6 {
		t.Fatalf("good spec: %v", err)
	}
	for i, test := range []struct {
		old, new string
		want     []string
	}{
		{`seed = 1`, `seed = 1` + "\nsede = 2", []string{"unknown key sede"}},
		{`seed = 1`, ``, []string{"seed is missing"}},
		{`scenario = "rednote-2025"`, `scenario = ""`, []string{"scenario is empty"}},
		{`replicates = 2`, `replicates = 0`, []string{"replicates = 0"}},
		{`kind = "grid"`, `kind = "sobol"`, []string{`design.kind = "sobol"`}},
		{`kind = "grid"`, "kind = \"grid\"\npoints = 9", []string{"design.points = 9"}},
		{`kind = "grid"`, `kind = "lhs"`, []string{"design.points = 0", "lhs"}},
		{`path = "weights.protest"`, `path = "weights.protset"`, []string{"axis[0]", "unknown field weights.protset"}},
		{`path = "weights.protest"`, `path = "network.kind"`, []string{"network.kind = 1", "a number cannot set a field of type a string"}},
		{`paths = ["shocks.tiktok-blackout.duration"`, `paths = ["shocks.tiktok-blakout.duration"`, []string{`no element named or numbered "tiktok-blakout"`}},
		{`name = "ban_days"`, ``, []string{"need a name"}},
		{"steps = 3", "", []string{"ban_days", "steps = 0"}},
		{`values = [1, 2]`, `values = [1, 2]` + "\nfrom = 3", []string{"values or a range"}},
		{"path = \"weights.protest\"\nvalues = [1, 2]", "path = \"weights.return\"\nvalues = [0.5, 1.5]", []string{"point weights.return=1.5", "weights.return = 1.5, want within [0, 1]"}},
		{`metrics = ["peak_users"]`, `metrics = ["peak_inflow"]`, []string{`outputs.metrics[0] = "peak_inflow"`, "peak_daily_inflow"}},
		{`set = ["agents=1000"]`, `set = ["agents=1000", "agents=2000"]`, []string{"agents is already set to 1000"}},
	} {
		s, err := ParseSpec([]byte(strings.Replace(good, test.old, test.new, 1)), "")
		if err == nil {
			_, err = s.Compile()
		}
		for _, w := range test.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("case %d (%s → %s): error %v, want it to contain %q", i, test.old, test.new, err, w)
			}
		}
	}
}

// TestSpecPosterior checks a study over a posterior's draws: with two
// particles of weights 1/4 and 3/4 and 4 replicates, systematic
// resampling gives 1 and 3 draws of them, replicate r of every variant
// gets draw r's values, and the runs' scenario hashes differ by draw, not
// by variant order. A variant setting a posterior's parameter is refused.
func TestSpecPosterior(t *testing.T) {
	dir := t.TempDir()
	post := "particle,parameter,path,value,weight,distance\n" +
		"0,protest,weights.protest,7,0.25,1\n0,level,shocks.oral-argument.level,0.5,0.25,1\n" +
		"1,protest,weights.protest,9,0.75,2\n1,level,shocks.oral-argument.level,0.25,0.75,2\n"
	os.WriteFile(filepath.Join(dir, "posterior.csv"), []byte(post), 0o644)
	spec := `scenario = "rednote-2025"
set = ["agents=1000"]
seed = 3
replicates = 4
posterior = "posterior.csv"
[[variant]]
name = "baseline"
[[variant]]
name = "no translation"
remove = ["rednote-translation"]
[outputs]
metrics = ["peak_users"]
`
	path := filepath.Join(dir, "spec.toml")
	os.WriteFile(path, []byte(spec), 0o644)
	sp, err := LoadSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sp.Compile()
	if err != nil {
		t.Fatal(err)
	}
	count := map[float64]int{}
	for r := range s.Replicates {
		var first *float64
		for p := range s.Points {
			pl, err := s.plan(p, r)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = &pl.Weights.Protest
				count[pl.Weights.Protest]++
			} else if pl.Weights.Protest != *first {
				t.Errorf("replicate %d: point %d has protest %v, point 0 %v", r, p, pl.Weights.Protest, *first)
			}
		}
	}
	if count[7] != 1 || count[9] != 3 {
		t.Errorf("draws of protest: %v, want 7 once and 9 three times", count)
	}
	runs, err := s.Runs()
	if err != nil {
		t.Fatal(err)
	}
	// Runs 0 and 1 are replicates 0 and 1 of point 0, on draws 7 and 9
	// (systematic resampling keeps particle order).
	if runs[0].Scenario == runs[1].Scenario {
		t.Errorf("replicates 0 and 1 share the scenario hash %s across draws", runs[0].Scenario)
	}
	// runs.csv: each run's draw in the parameters' columns.
	out := t.TempDir()
	if _, _, err := s.Run(context.Background(), out, out, 2, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "point,replicate,seed,label,weights_protest,shocks_oral_argument_level,peak_users,failure" || len(lines) != 9 {
		t.Fatalf("runs.csv:\n%s\nwant a column per parameter drawn and a row per run", b)
	}
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		r, _ := strconv.Atoi(f[1])
		pl, _ := s.plan(0, r)
		if want := strconv.FormatFloat(pl.Weights.Protest, 'g', -1, 64); f[4] != want {
			t.Errorf("runs.csv: replicate %d has weights_protest %s, its draw %s", r, f[4], want)
		}
	}
	bad := strings.Replace(spec, `name = "baseline"`, "name = \"baseline\"\nset = [\"weights.protest=3\"]", 1)
	os.WriteFile(path, []byte(bad), 0o644)
	if sp, err = LoadSpec(path); err != nil {
		t.Fatal(err)
	}
	if _, err := sp.Compile(); err == nil || !strings.Contains(err.Error(), "variant baseline sets weights.protest") {
		t.Errorf("a variant setting a posterior's parameter: error %v", err)
	}
}

// TestVariantReplicates runs variants with replicates of their own: a
// spec of 3 replicates whose second variant runs 1 has 3 + 1 runs, each
// variant's metrics aggregate over its own (n = 3 and 1), and the
// fingerprint tells it from the study whose variants all run 3, which a
// variant setting replicates = 3 explicitly does not change. A variant
// asking for more than the spec's, or fewer than 0, is refused.
func TestVariantReplicates(t *testing.T) {
	spec := func(replicates string) string {
		return `scenario = "rednote-2025"
set = ["agents=1000", "duration=3d"]
seed = 5
replicates = 3
[outputs]
metrics = ["peak_users"]
[[variant]]
name = "base"
[[variant]]
name = "fewer"
set = ["weights.protest=1"]
` + replicates
	}
	compile := func(text string) (*Study, error) {
		sp, err := ParseSpec([]byte(text), "")
		if err != nil {
			return nil, err
		}
		return sp.Compile()
	}
	st, err := compile(spec("replicates = 1"))
	if err != nil {
		t.Fatal(err)
	}
	runs, err := st.Runs()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range runs {
		names = append(names, r.Name())
	}
	if got := strings.Join(names, " "); got != "p00000-r000 p00000-r001 p00000-r002 p00001-r000" || st.RunCount() != 4 || st.ReplicatesText() != "1–3" {
		t.Errorf("runs %s, count %d, text %q; want the 3 of variant 0 and 1 of variant 1, 4, 1–3", got, st.RunCount(), st.ReplicatesText())
	}
	sp, _ := ParseSpec([]byte(spec("replicates = 1")), "")
	a, err := RunSpec(context.Background(), sp, st, t.TempDir(), 2, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range []int{3, 1} {
		if m, ok := a.Metric(p, "peak_users"); !ok || m.N != want || a.OK[p] != want {
			t.Errorf("point %d: %d runs, peak_users over n = %d; want %d", p, a.OK[p], m.N, want)
		}
	}
	all, _ := compile(spec(""))
	three, _ := compile(spec("replicates = 3"))
	if fp := mustFingerprint(t, all); fp == mustFingerprint(t, st) || fp != mustFingerprint(t, three) {
		t.Errorf("fingerprints: 1 replicate of variant 1 should differ from 3, and 3 given explicitly equal 3 by default")
	}
	for _, r := range []string{"replicates = 4", "replicates = -1"} {
		if _, err := compile(spec(r)); err == nil || !strings.Contains(err.Error(), `variant[1] "fewer": `+r+", want within [1, 3]") {
			t.Errorf("%s: error %v", r, err)
		}
	}
}

func mustFingerprint(t *testing.T, s *Study) string {
	t.Helper()
	fp, err := s.Fingerprint()
	if err != nil {
		t.Fatal(err)
	}
	return fp
}
