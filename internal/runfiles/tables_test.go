package runfiles

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/model"
)

// smallRun runs the default scenario with 2000 agents over 20 days (the
// blackout and restore included).
func smallRun(t *testing.T) *model.MigrationRun {
	t.Helper()
	edits, err := model.ParseEdits([]string{"agents=2000", `duration="20d"`})
	if err != nil {
		t.Fatal(err)
	}
	p, err := model.Load(model.DefaultScenario, edits...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.RunScenario(context.Background(), p, model.RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTablesAgree checks the tables against each other, as a reader
// would join them: the joins and users of the series, taken by the day of
// their time in the zone of the start, are the daily table's; the flows
// into a state during a tick are its joins; every time is the start of
// its tick's interval; and the daily table's quantity columns are
// model.DailyQuantities, in order.
func TestTablesAgree(t *testing.T) {
	r := smallRun(t)
	p, h := r.Plan, r.History
	series, flows := Series(p, h), Flows(p, h)
	daily, err := Daily(p, h)
	if err != nil {
		t.Fatal(err)
	}
	zone := p.Start.Location()
	type key struct {
		day             output.Date
		group, platform string
	}
	joins, users := map[key]int64{}, map[key]int64{}
	for _, s := range series {
		if want := p.Start.Add(p.Tick.D() * time.Duration(s.Tick-1)); !s.Time.Equal(want) {
			t.Fatalf("series tick %d: time %v, want the start of its interval %v", s.Tick, s.Time, want)
		}
		if s.Tick == 0 {
			continue
		}
		k := key{output.DateOf(s.Time.In(zone)), s.Group, s.Platform}
		joins[k] += s.Joins
		users[k] = s.Users // the last tick of the day holds its end
	}
	if len(daily) == 0 {
		t.Fatal("no daily rows")
	}
	for _, d := range daily {
		k := key{d.Day, d.Group, d.Platform}
		if joins[k] != d.Joins || users[k] != d.Users {
			t.Errorf("%s %s %s: series gives joins %d, users %d; daily %d, %d", d.Day, d.Group, d.Platform, joins[k], users[k], d.Joins, d.Users)
		}
	}
	into := map[[3]any]int64{}
	for _, f := range flows {
		into[[3]any{f.Tick, f.Group, f.Destination}] += f.Agents
	}
	for _, s := range series {
		if s.Tick > 0 && into[[3]any{s.Tick, s.Group, s.Platform}] != s.Joins {
			t.Fatalf("tick %d %s %s: flows in %d, joins %d", s.Tick, s.Group, s.Platform, into[[3]any{s.Tick, s.Group, s.Platform}], s.Joins)
		}
	}
	var cols []string
	typ := reflect.TypeFor[DailyRow]()
	for i := 3; i < typ.NumField(); i++ {
		cols = append(cols, typ.Field(i).Tag.Get("parquet"))
	}
	if !slices.Equal(cols, model.DailyQuantities) {
		t.Errorf("daily columns %v, want model.DailyQuantities %v", cols, model.DailyQuantities)
	}
}

// TestWrite checks that Write writes the four tables in both formats.
func TestWrite(t *testing.T) {
	r := smallRun(t)
	dir := t.TempDir()
	if err := Write(dir, r.Plan, r.History); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"series", "daily", "flows", "contact"} {
		for _, ext := range []string{".csv", ".parquet"} {
			if fi, err := os.Stat(filepath.Join(dir, name+ext)); err != nil || fi.Size() == 0 {
				t.Errorf("%s%s: %v", name, ext, err)
			}
		}
	}
}
