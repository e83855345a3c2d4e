package study

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/sweep"
	"github.com/exodus-sim/exodus/model"
)

// TestSeries checks each series kind of one run against the run's
// history and summary: shares of a group sum to 1 at every tick; the
// daily joins of US to RedNote sum to its joins over the run and their
// largest day is the summary's peak daily inflow share; the US flow
// TikTok → RedNote times the group is the summary's origin-to-destination
// count; the retention series is model.RetentionCurve.
func TestSeries(t *testing.T) {
	sc := small(t, `duration="20d"`, "seed=9")
	mr, err := model.RunScenario(context.Background(), sc, model.RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	h, sum := mr.History, mr.Summary
	o := Outputs{Series: SeriesKinds}
	series := o.series(sc, h)
	names := sc.StateNames()
	size := float64(sum.GroupAgents) // US
	for _, g := range []string{"US", "CN"} {
		for tick := range h.Ticks() + 1 {
			var total float64
			for _, st := range names {
				total += series["share/"+g+"/"+st][tick]
			}
			if math.Abs(total-1) > 1e-12 {
				t.Fatalf("shares of %s at tick %d sum to %v", g, tick, total)
			}
		}
	}
	daily := series["daily_joins/US/RedNote"]
	labels := sc.Days
	if len(daily) != len(labels) || len(labels) != 20 {
		t.Fatalf("%d daily values for %d days, want 20", len(daily), len(labels))
	}
	var joins int64
	for tick := 1; tick <= h.Ticks(); tick++ {
		joins += h.Joins(tick, 0, 2)
	}
	var total, peak float64
	for _, v := range daily {
		total += v * size
		peak = max(peak, v)
	}
	if math.Abs(total-float64(joins)) > 1e-6 || peak != sum.PeakDailyInflowShare {
		t.Errorf("daily joins sum to %v agents (history %d), peak %v (summary %v)", total, joins, peak, sum.PeakDailyInflowShare)
	}
	k := len(names)
	if got := series["flows/US"][1*k+2] * size; math.Abs(got-float64(sum.OriginToDestination)) > 1e-6 {
		t.Errorf("flow US TikTok → RedNote = %v agents, summary %d", got, sum.OriginToDestination)
	}
	curve := model.RetentionCurve(sc, h, RetentionDays*24)
	for i, v := range series["retention"] {
		if v != curve[i] && !(math.IsNaN(v) && math.IsNaN(curve[i])) {
			t.Fatalf("retention[%d] = %v, curve %v", i, v, curve[i])
		}
	}
	if labels[0] != "2025-01-06" || labels[19] != "2025-01-25" {
		t.Errorf("days %s … %s, want 2025-01-06 … 2025-01-25", labels[0], labels[19])
	}
	if d := sc.TimeOf(24).Add(-time.Nanosecond).Format(time.DateOnly); d != labels[0] {
		t.Errorf("tick 24 (midnight) counts on %s, want the day it ends", d)
	}
}

// TestFingerprint checks that a runs folder stamped by one study refuses
// another (here: other replicates), naming the folder.
func TestFingerprint(t *testing.T) {
	s := smallStudy(t)
	s.Points = s.Points[:1]
	s.Replicates = 1
	dir := t.TempDir()
	if err := s.Execute(context.Background(), dir, sweep.Options{Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	s.Replicates = 2
	err := s.Execute(context.Background(), dir, sweep.Options{Jobs: 1})
	if err == nil || !strings.Contains(err.Error(), "another study") || !strings.Contains(err.Error(), dir) {
		t.Errorf("error %v, want it to refuse the folder of another study and name it", err)
	}
}

// TestSobolWiring runs Sobol on an aggregate made by hand from the
// additive model y = x1 + 2·x2 on a Saltelli design over [0, 1]², with
// two replicates whose mean is y: S1 = ST1 = 0.2 and S2 = ST2 = 0.8
// (V1 = 1/12, V2 = 4/12), as in sensitivity's example; a metric that is
// NaN at one point is skipped, naming it.
func TestSobolWiring(t *testing.T) {
	axes := []design.Axis{design.LinearAxis("x1", 0, 1, 0), design.LinearAxis("x2", 0, 1, 0)}
	pts, err := design.Saltelli(axes, 128)
	if err != nil {
		t.Fatal(err)
	}
	s := &Study{Replicates: 2, Seed: 1, Saltelli: true, Outputs: Outputs{Metrics: []string{"peak_users", "retention_30d"}}}
	dir := t.TempDir()
	sc := small(t) // not run: the records are made by hand
	for _, pt := range pts {
		s.Points = append(s.Points, Point{Label: pt.String(), Assignments: pt, Plan: sc})
	}
	var recs []sweep.Record
	for p, pt := range pts {
		y := pt[0].Value + 2*pt[1].Value
		ret := 0.5
		if p == 7 {
			ret = math.NaN()
		}
		for r := range 2 {
			// Replicates y ∓ 0.1 have mean y.
			rec := sweep.Record{Run: sweep.Run{Point: p, Replicate: r, Assignments: pt},
				Result: &sweep.Result{Metrics: map[string]float64{"peak_users": y + 0.1*float64(2*r-1), "retention_30d": ret}}}
			recs = append(recs, rec)
		}
	}
	writeTestRecords(t, dir, s, recs)
	a, err := s.Aggregate(dir)
	if err != nil {
		t.Fatal(err)
	}
	rows, skipped, err := a.Sobol()
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || !strings.HasPrefix(skipped[0], "retention_30d: no value at point 7") {
		t.Errorf("skipped %q, want retention_30d at point 7", skipped)
	}
	want := map[string]float64{"x1": 0.2, "x2": 0.8}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		// 3 bootstrap standard errors.
		if r.Metric != "peak_users" || math.Abs(r.Value-want[r.Factor]) > 3*r.SE || !(r.Lo <= r.Value && r.Value <= r.Hi) {
			t.Errorf("%+v, want %s index of %s near %v within 3 SE", r, r.Index, r.Factor, want[r.Factor])
		}
	}
}

// TestMetricsDefined checks that every summary metric has a unit and a
// meaning, and that no definition names a metric that is not one.
func TestMetricsDefined(t *testing.T) {
	var defined []string
	for name, m := range Metrics {
		defined = append(defined, name)
		if m.Unit == "" || m.Meaning == "" {
			t.Errorf("metric %s: unit %q, meaning %q", name, m.Unit, m.Meaning)
		}
	}
	slices.Sort(defined)
	if names := MetricNames(); !slices.Equal(defined, names) {
		t.Errorf("defined metrics %v, want %v", defined, names)
	}
}
