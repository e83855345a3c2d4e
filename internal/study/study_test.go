package study

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/stats"
	"github.com/exodus-sim/exodus/internal/sweep"
	"github.com/exodus-sim/exodus/model"
)

// small returns the embedded rednote-2025 scenario at 2000 agents over 10
// days (from 6 Jan: the threat rises from 10 Jan) with the sets applied.
func small(t testing.TB, sets ...string) *model.Plan {
	t.Helper()
	p, err := model.Load(model.DefaultScenario, mustEdits(t, "agents=2000", `duration="10d"`)...)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := p.With(mustEdits(t, sets...)...)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = model.Compile(sc); err != nil {
		t.Fatal(err)
	}
	return p
}

// mustEdits parses assignments path=value.
func mustEdits(t testing.TB, sets ...string) []model.Edit {
	t.Helper()
	edits, err := model.ParseEdits(sets)
	if err != nil {
		t.Fatal(err)
	}
	return edits
}

// smallStudy is 3 points (weights.protest = 0, 10, 20) × 3 replicates
// keeping every metric and the shares and flows.
func smallStudy(t testing.TB) *Study {
	s := &Study{Replicates: 3, Seed: 11, Outputs: Outputs{Series: []string{Share, Flows}}}
	for _, v := range []float64{0, 10, 20} {
		pt := design.Point{{Path: "weights.protest", Value: v}}
		s.Points = append(s.Points, Point{Label: pt.String(), Assignments: pt, Plan: small(t, assignments(pt)...)})
	}
	return s
}

// progress counts what Execute reports.
type progress struct {
	total, before int
	done          atomic.Int64
	onDone        func(int64)
}

func (p *progress) Start(total, done int) { p.total, p.before = total, done }
func (p *progress) Done() {
	if n := p.done.Add(1); p.onDone != nil {
		p.onDone(n)
	}
}
func (p *progress) Finish() {}

// runFiles returns the run files of dir by name.
func runFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, sweep.RunsDir))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "p") {
			b, _ := os.ReadFile(filepath.Join(dir, sweep.RunsDir, e.Name()))
			out[e.Name()] = b
		}
	}
	return out
}

// TestResume interrupts a study of real runs after its 4th finished run
// and runs it again: the second pass must skip exactly the runs recorded
// by the first and run the rest, and the run files must equal those of
// an uninterrupted study byte for byte.
func TestResume(t *testing.T) {
	s := smallStudy(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p1 := &progress{onDone: func(n int64) {
		if n == 4 {
			cancel()
		}
	}}
	if err := s.Execute(ctx, dir, sweep.Options{Jobs: 2, Progress: p1}); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted: error %v, want context.Canceled", err)
	}
	first := len(runFiles(t, dir))
	if first < 4 || first >= 9 {
		t.Fatalf("%d run files after the interrupt, want 4…8", first)
	}
	p2 := &progress{}
	if err := s.Execute(context.Background(), dir, sweep.Options{Jobs: 2, Progress: p2}); err != nil {
		t.Fatal(err)
	}
	if p2.total != 9 || p2.before != first || int(p2.done.Load()) != 9-first {
		t.Errorf("resume: %d runs, %d done before, %d run now; want 9, %d, %d", p2.total, p2.before, p2.done.Load(), first, 9-first)
	}
	whole := t.TempDir()
	if err := smallStudy(t).Execute(context.Background(), whole, sweep.Options{Jobs: 3}); err != nil {
		t.Fatal(err)
	}
	a, b := runFiles(t, dir), runFiles(t, whole)
	if len(a) != 9 || len(b) != 9 {
		t.Fatalf("%d and %d run files, want 9", len(a), len(b))
	}
	for name, data := range b {
		if string(a[name]) != string(data) {
			t.Errorf("%s differs between the resumed and the uninterrupted study", name)
		}
	}
}

// TestFailingPoint gives point 1 a network that cannot be built (an edge
// list that does not exist, found only when a run loads it): its runs
// must be recorded with the error, the others succeed, Run report a
// *sweep.FailedError and still write the tables of the others.
func TestFailingPoint(t *testing.T) {
	s := &Study{Replicates: 2, Seed: 3, Outputs: Outputs{Metrics: []string{"peak_users"}}}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	for p, sets := range [][]string{nil, {"network.kind=edge-list", `network.path="` + missing + `"`}} {
		s.Points = append(s.Points, Point{Label: fmt.Sprintf("network %d", p), Plan: small(t, sets...)})
	}
	dir := t.TempDir()
	a, _, err := s.Run(context.Background(), dir, dir, 2, nil)
	var fe *sweep.FailedError
	if !errors.As(err, &fe) || fe.Failed != 2 || fe.First.Point != 1 || !strings.Contains(fe.Err, "missing.txt") {
		t.Fatalf("error %v, want 2 failed runs of point 1 naming missing.txt", err)
	}
	if a.OK[0] != 2 || a.Failed[0] != 0 || a.OK[1] != 0 || a.Failed[1] != 2 {
		t.Errorf("ok %v, failed %v; want [2 0] and [0 2]", a.OK, a.Failed)
	}
	b, err := os.ReadFile(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "0,network 0,peak_users,agents,2,") {
		t.Errorf("metrics.csv:\n%s\nwant the header and point 0's row with n = 2", b)
	}
	// runs.csv: a failed run's metric is null (an empty cell) and its
	// failure says why.
	if b, err = os.ReadFile(filepath.Join(dir, "runs.csv")); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 5 || lines[0] != "point,replicate,seed,label,peak_users,failure" ||
		!strings.HasPrefix(lines[3], "1,0,") || !strings.Contains(lines[3], ",network 1,,") || !strings.Contains(lines[3], "missing.txt") {
		t.Errorf("runs.csv:\n%s\nwant a row per run, point 1's with no peak_users and its failure", b)
	}
}

// TestAggregateHand checks the aggregate of 2 replicates against values
// computed by hand from the two run files: mean (a+b)/2, SD |a−b|/√2, SE
// SD/√2 and the interval mean ∓ t·SE with t = 12.706204736174698, the
// 0.975 quantile of Student's t with 1 degree of freedom (R:
// qt(0.975, 1)); for a metric and for a share at one tick.
func TestAggregateHand(t *testing.T) {
	pt := design.Point{{Path: "weights.protest", Value: 20}}
	s := &Study{Replicates: 2, Seed: 5, CommonSeeds: true, Outputs: Outputs{Series: []string{Share}},
		Points: []Point{{Label: "baseline", Assignments: pt, Plan: small(t, assignments(pt)...)}}}
	dir := t.TempDir()
	if err := s.Execute(context.Background(), dir, sweep.Options{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	runs, _ := s.Runs()
	fp, _ := s.Fingerprint()
	recs, err := sweep.Load(dir, fp, runs)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Aggregate(dir)
	if err != nil {
		t.Fatal(err)
	}
	const tq = 12.706204736174698
	check := func(what string, x0, x1 float64, got stats.Summary) {
		mean := (x0 + x1) / 2
		sd := math.Abs(x0-x1) / math.Sqrt2
		se := sd / math.Sqrt2
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"mean", got.Mean, mean}, {"sd", got.SD, sd}, {"se", got.SE, se}, {"lo", got.Lo, mean - tq*se}, {"hi", got.Hi, mean + tq*se}} {
			// Rounding: a few ulps of the largest term.
			if math.Abs(c.got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
				t.Errorf("%s %s = %v, by hand %v", what, c.name, c.got, c.want)
			}
		}
		if got.N != 2 {
			t.Errorf("%s n = %d, want 2", what, got.N)
		}
	}
	m, ok := a.Metric(0, "peak_users")
	if !ok {
		t.Fatal("no peak_users")
	}
	check("peak_users", recs[0].Result.Metrics["peak_users"], recs[1].Result.Metrics["peak_users"], m)
	k := Key{Kind: Share, Group: 0, State: 2} // US on RedNote
	key := k.Name(a.Study.Points[0].Plan)
	if key != "share/US/RedNote" {
		t.Fatalf("key %+v is named %q, want share/US/RedNote", k, key)
	}
	tr, ok := a.Trace(0, k)
	if !ok {
		t.Fatalf("no %s", key)
	}
	tick := 7 * 24 // 13 Jan, the threat's peak
	check(key, recs[0].Result.Series[key][tick], recs[1].Result.Series[key][tick], tr[tick])
	if recs[0].Seed == recs[1].Seed {
		t.Error("both replicates have the same seed")
	}
}

// writeTestRecords writes each record as run rec.Point, rec.Replicate of
// s would be, with the seed and scenario hash Runs gives it and the
// study's fingerprint.
func writeTestRecords(t *testing.T, dir string, s *Study, recs []sweep.Record) {
	t.Helper()
	runs, err := s.Runs()
	if err != nil {
		t.Fatal(err)
	}
	fp, err := s.Fingerprint()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		r := runs[rec.Point*s.Replicates+rec.Replicate]
		rec.Seed, rec.Scenario, rec.Study = r.Seed, r.Scenario, fp
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		if err := output.WriteFile(sweep.Path(dir, rec.Run), b); err != nil {
			t.Fatal(err)
		}
	}
}
