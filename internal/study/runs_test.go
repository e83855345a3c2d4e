package study

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/runfiles"
	"github.com/exodus-sim/exodus/model"
)

// TestRunsTables runs 2 points × 2 replicates keeping the daily series
// and checks the runs tables against what they summarise: runs.csv has a
// row per run with its seed, its point's value of the axis and its
// metrics as the run files hold them (bit for bit); runs_daily holds, for
// each run, the rows exodus run's daily table has for a run of the same
// scenario and seed (runfiles.Daily), so the shares kept by the study
// convert back to agents exactly.
func TestRunsTables(t *testing.T) {
	s := &Study{Replicates: 2, Seed: 9, Outputs: Outputs{Metrics: []string{"peak_users", "retention_30d"}, Series: []string{Daily}}}
	for _, v := range []float64{0, 20} {
		pt := design.Point{{Path: "weights.protest", Value: v}}
		s.Points = append(s.Points, Point{Label: pt.String(), Assignments: pt, Plan: small(t, assignments(pt)...)})
	}
	dir := t.TempDir()
	a, _, err := s.Run(context.Background(), dir, dir, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"point", "replicate", "seed", "label", "weights_protest", "peak_users", "retention_30d", "failure"}; !reflect.DeepEqual(rows[0], want) {
		t.Fatalf("runs.csv header %v, want %v", rows[0], want)
	}
	if len(rows) != 1+len(a.Records) || len(a.Records) != 4 {
		t.Fatalf("runs.csv has %d rows for %d runs, want 4", len(rows)-1, len(a.Records))
	}
	for i, rec := range a.Records {
		cell := func(v float64) string {
			if v != v {
				return ""
			}
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		want := []string{strconv.Itoa(rec.Point), strconv.Itoa(rec.Replicate), strconv.FormatUint(rec.Seed, 10), s.Points[rec.Point].Label,
			cell(s.Points[rec.Point].Assignments[0].Value), cell(rec.Result.Metrics["peak_users"]), cell(rec.Result.Metrics["retention_30d"]), ""}
		if !reflect.DeepEqual(rows[1+i], want) {
			t.Errorf("runs.csv row %d: %v, want %v", i, rows[1+i], want)
		}
	}

	daily, err := a.RunsDaily()
	if err != nil {
		t.Fatal(err)
	}
	rec := a.Records[3]
	mr, err := model.RunScenario(context.Background(), s.Points[rec.Point].Plan.WithSeed(rec.Seed), model.RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	want, err := runfiles.Daily(mr.Plan, mr.History)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		day             output.Date
		group, platform string
	}
	got := map[key]runfiles.DailyRow{}
	for _, d := range daily {
		if d.Point == rec.Point && d.Replicate == rec.Replicate {
			if d.Seed != int64(rec.Seed) {
				t.Fatalf("runs_daily row of run %s has seed %d", rec.Name(), d.Seed)
			}
			got[key{d.Day, d.Group, d.Platform}] = d.DailyRow
		}
	}
	// Every row of the run is there, but for a group and platform dark
	// throughout (all 0, as for CN on TikTok).
	left := 0
	for _, w := range want {
		g, ok := got[key{w.Day, w.Group, w.Platform}]
		switch {
		case ok && g != w:
			t.Errorf("runs_daily of run %s: %+v, exodus run writes %+v", rec.Name(), g, w)
		case !ok && w != (runfiles.DailyRow{Day: w.Day, Group: w.Group, Platform: w.Platform}):
			t.Errorf("runs_daily of run %s leaves out %+v", rec.Name(), w)
		case !ok:
			left++
		}
	}
	if len(got) != len(want)-left || len(daily) != 4*len(got) || left == len(want) {
		t.Errorf("runs_daily: %d rows, %d of run %s; want 4 × %d (%d left out as 0)", len(daily), len(got), rec.Name(), len(want)-left, left)
	}
	b, err := os.ReadFile(filepath.Join(dir, "runs_daily.csv"))
	if err != nil || !strings.HasPrefix(string(b), "point,replicate,seed,day,group_name,platform,installs,dau,accounts,dormant,users,joins\n") {
		t.Errorf("runs_daily.csv: %.100q, %v", b, err)
	}
}
