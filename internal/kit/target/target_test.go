package target

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

var testRows = []Row{
	{Date: "2025-01-01", Metric: "a_dau", Value: 100, Kind: Measured, Source: "panel"},
	{Date: "2025-01-02", Metric: "a_dau", Value: 50, Kind: Claim, Source: "company"},
	{Date: "2025-01-03", Metric: "a_dau_flagged", Value: 1e9, Kind: Suspect, Source: "a blog"},
}

// good is a valid file; the error cases edit one line of it.
const good = `data = "x.csv"

[[target]]
name = "halving"
observable = "ratio"
quantity = "dau"
group = "US"
platform = "RedNote"
base_day = "2025-01-01"
day = "2025-01-02"
value = 0.5
sd = 0.1
sd_note = "rounding"
sources = [{ date = "2025-01-01", metric = "a_dau" }, { date = "2025-01-02", metric = "a_dau" }]

[[prediction]]
name = "later"
observable = "total"
quantity = "installs"
group = "US"
platform = "RedNote"
window = ["2025-01-02", "2025-01-03"]
note = "what comes next"

[[held_out]]
name = "halving-again"
observable = "change"
quantity = "users"
group = "US"
platform = "Lemon8"
base_day = "2025-01-02"
day = "2025-01-03"
value = -0.4
sd = 0.05
sd_note = "judgement"
sources = [{ date = "2025-01-02", metric = "a_dau" }]
`

func TestParse(t *testing.T) {
	f, err := Parse([]byte(good), testRows)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Targets) != 1 || len(f.Predictions) != 1 || len(f.HeldOut) != 1 {
		t.Fatalf("%d targets, %d predictions and %d held-out facts, want 1, 1 and 1", len(f.Targets), len(f.Predictions), len(f.HeldOut))
	}
	tg := f.Targets[0]
	want := Observable{Kind: Ratio, Series: SeriesRef{"dau", "US", "RedNote"}, BaseDay: "2025-01-01", Day: "2025-01-02"}
	if tg.Observable != want || tg.Value != 0.5 || tg.SD != 0.1 || len(tg.Sources) != 2 || tg.Sources[1].Kind != Claim {
		t.Errorf("target %+v", tg)
	}
	p := f.Predictions[0].Observable
	if p.Kind != Total || p.Window != (Window{"2025-01-02", "2025-01-03"}) {
		t.Errorf("prediction %+v", p)
	}
	m, err := f.Moments(series)
	if err != nil || len(m) != 1 || m[0] != 0.5 {
		t.Errorf("moments %v, %v; want [0.5] (50/100)", m, err)
	}
	pm, err := f.Predict(series)
	if err != nil || len(pm) != 1 || pm[0] != 75 {
		t.Errorf("predictions %v, %v; want [75] (50+25)", pm, err)
	}
	hm, err := f.HeldOutMoments(series)
	if err != nil || len(hm) != 1 || hm[0] != -0.5 {
		t.Errorf("held-out moments %v, %v; want [-0.5] (25/50 − 1)", hm, err)
	}
	if v, sd := f.HeldOutValues(); len(v) != 1 || v[0] != -0.4 || sd[0] != 0.05 {
		t.Errorf("held-out values %v ± %v, want [-0.4] ± [0.05]", v, sd)
	}
	// The fit window ends with the targets' last day; the held-out fact's
	// series is read too.
	if last := f.LastDay(); last != "2025-01-02" {
		t.Errorf("last day %s, want 2025-01-02 (the target's day)", last)
	}
	if refs := f.Series(); len(refs) != 3 || refs[2] != (SeriesRef{"users", "US", "Lemon8"}) {
		t.Errorf("series %v, want the target's, the prediction's and the held-out fact's", refs)
	}
}

// TestParseErrors checks that each bad file is refused with an error that
// names the field and echoes the value.
func TestParseErrors(t *testing.T) {
	for i, test := range []struct {
		old, new string // replace old by new in good
		want     string
	}{
		{`sd_note = "rounding"`, `sd_note = "rounding"` + "\nsdnote = 1", "unknown key target.sdnote"},
		{`data = "x.csv"`, `data = "x.csv"` + "\nseed = 3", "unknown key seed"},
		{`window = ["2025-01-02", "2025-01-03"]`, `window = ["2025-01-02", "2025-01-03"]` + "\nvalue = 7", `prediction "later": value = 7 is given`},
		{`metric = "a_dau" }]`, `metric = "a_dau_flagged" }]`, `source {date = "2025-01-02", metric = "a_dau_flagged"} is not a row of x.csv`},
		{`{ date = "2025-01-02", metric = "a_dau" }]`, `{ date = "2025-01-03", metric = "a_dau_flagged" }]`, `source {date = "2025-01-03", metric = "a_dau_flagged"} is a suspect row (a blog)`},
		{`{ date = "2025-01-02", metric = "a_dau" }]`, `{ date = "2025-01-09", metric = "a_dau" }]`, `source {date = "2025-01-09", metric = "a_dau"} is not a row of x.csv`},
		{`observable = "ratio"`, `observable = "window_ratio"`, `target "halving": day = "2025-01-02" is not used by a window_ratio`},
		{`window = ["2025-01-02", "2025-01-03"]`, `window = ["2025-01-03", "2025-01-02"]`, `prediction "later": window = ["2025-01-03" "2025-01-02"] ends before it starts`},
		{`window = ["2025-01-02", "2025-01-03"]`, `window = ["2025-01-02"]`, `window = ["2025-01-02"], want two days [from, to]`},
		{`window = ["2025-01-02", "2025-01-03"]`, `window = ["2025-01-02", "Jan 3"]`, `window = ["2025-01-02" "Jan 3"], want two days YYYY-MM-DD`},
		{`day = "2025-01-02"`, `day = "2025-1-2"`, `day = "2025-1-2", want a day YYYY-MM-DD`},
		{`base_day = "2025-01-01"`, ``, `target "halving": base_day is missing: a ratio needs it`},
		{`observable = "ratio"`, `observable = "ratios"`, `observable = "ratios", want one of level, ratio, change, window_ratio, decay, total, cumulative_share`},
		{`quantity = "dau"`, `quantity = "DAU"`, `quantity = "DAU", want one of installs, dau, accounts, users`},
		{`sd = 0.1`, `sd = -0.1`, `target "halving": sd = -0.1, want a finite number > 0`},
		{`sd = 0.1`, `sd = nan`, `sd = NaN, want a finite number > 0`},
		{`value = 0.5`, `value = inf`, `value = +Inf, want a finite number`},
		{`sd_note = "rounding"`, ``, `sd_note is missing: say where sd = 0.1 comes from`},
		{`note = "what comes next"`, ``, `prediction "later": note is missing`},
		{`name = "later"`, `name = "halving"`, `prediction[0]: name "halving" is used twice`},
		{`data = "x.csv"`, ``, `data is missing`},
		{`value = -0.4`, ``, `held_out "halving-again": value is missing`},
		{`sd_note = "judgement"`, ``, `held_out "halving-again": sd_note is missing: say where sd = 0.05 comes from`},
		{`"judgement"
sources = [{ date = "2025-01-02", metric = "a_dau" }]`, `"judgement"
sources = [{ date = "2025-01-03", metric = "a_dau_flagged" }]`, `held_out "halving-again": source {date = "2025-01-03", metric = "a_dau_flagged"} is a suspect row`},
		{`name = "halving-again"`, `name = "halving"`, `held_out[0]: name "halving" is used twice`},
		{`observable = "total"`, `observable = "cumulative_share"`, `population = 0, want a finite count of users > 0 for a cumulative_share`},
		{`observable = "total"`, "observable = \"total\"\npopulation = 5", `population = 5 is not used by a total`},
		{`observable = "total"`, "observable = \"decay\"", ``},
		{`platform = "RedNote"`, "platform = \"RedNote\"\nbase_platform = \"TikTok\"", `target "halving": base_platform = "TikTok" is not used by a ratio`},
		{`observable = "total"`, "observable = \"window_ratio\"\nbase_window = [\"2025-01-01\", \"2025-01-01\"]\nbase_platform = \"RedNote\"",
			`prediction "later": base_platform = "RedNote" is the platform itself`},
		{`observable = "total"`, "observable = \"window_ratio\"\nbase_window = [\"2025-01-01\", \"2025-01-01\"]\nbase_platform = \"TikTok\"", ``},
	} {
		src := strings.Replace(good, test.old, test.new, 1)
		if src == good {
			t.Fatalf("case %d: %q is not in the good file", i, test.old)
		}
		_, err := Parse([]byte(src), testRows)
		if test.want == "" {
			if err != nil {
				t.Errorf("case %d: %v, want no error", i, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
}

func TestReadRowsErrors(t *testing.T) {
	const head = "date,metric,value,kind,source\n"
	for i, test := range []struct {
		csv, want string
	}{
		{"date,metric,value,kind\n", "wrong number of fields"},
		{"day,metric,value,kind,source\n", `header ["day" "metric" "value" "kind" "source"]`},
		{head + "2025-01-32,m,1,measured,s\n", `line 2: date = "2025-01-32", want YYYY-MM-DD`},
		{head + "2025-01-01,m,lots,measured,s\n", `line 2: value = "lots", want a finite number`},
		{head + "2025-01-01,m,1,rumour,s\n", `line 2: kind = "rumour", want measured, claim or suspect`},
		{head + "2025-01-01,m,1,claim,s\n2025-01-01,m,2,claim,t\n", "line 3: date 2025-01-01 and metric m repeat line 2"},
	} {
		_, err := ReadRows(strings.NewReader(test.csv))
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
}

// TestRednote2025 loads the project's targets file and checks its values
// against the source rows they were computed from.
func TestRednote2025(t *testing.T) {
	f, err := Load("../../../data/rednote-2025/targets.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Targets) != 9 || len(f.Predictions) != 3 || len(f.HeldOut) != 1 {
		t.Errorf("%d targets, %d predictions and %d held-out facts, want 9, 3 and 1", len(f.Targets), len(f.Predictions), len(f.HeldOut))
	}
	// Every observable must fall inside the embedded scenario's run,
	// 60 days from 2025-01-06 (US Eastern): on a constant series over
	// those days each evaluates without error.
	days := make([]string, 60)
	values := make([]float64, 60)
	for i := range days {
		days[i] = time.Date(2025, 1, 6+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		values[i] = 1
	}
	run := fakeSeries{days: days, values: values}
	if _, err := f.Moments(run); err != nil {
		t.Errorf("targets on the run's days: %v", err)
	}
	if _, err := f.Predict(run); err != nil {
		t.Errorf("predictions on the run's days: %v", err)
	}
	if _, err := f.HeldOutMoments(run); err != nil {
		t.Errorf("held-out facts on the run's days: %v", err)
	}
	// The levels drawn (targets.toml's [[level]]): 4 series, 12 rows of
	// the data file (RedNote US DAU 5, of them 2 suspect; its installs 2;
	// TikTok US DAU 3; Lemon8 US DAU 2); the series read are those 4.
	rows := 0
	for _, l := range f.Levels {
		rows += len(l.Rows)
	}
	if len(f.Levels) != 4 || rows != 12 {
		t.Errorf("%d levels of %d rows, want 4 of 12", len(f.Levels), rows)
	}
	if got := f.Series(); len(got) != 4 {
		t.Errorf("series %v, want 4", got)
	}
	// The fit needs the days up to LastDay, in January, and not one fewer.
	last := f.LastDay()
	if last > "2025-01-31" {
		t.Errorf("the targets read up to %s, want January only", last)
	}
	for i, d := range days {
		if d == last {
			if _, err := f.Moments(fakeSeries{days: days[:i+1], values: values[:i+1]}); err != nil {
				t.Errorf("targets on the days up to LastDay %s: %v", last, err)
			}
			if _, err := f.Moments(fakeSeries{days: days[:i], values: values[:i]}); err == nil {
				t.Errorf("targets on the days before LastDay %s: no error, so LastDay is not the last day read", last)
			}
		}
	}
	facts := append(slices.Clone(f.Targets), f.HeldOut...)
	src := func(name string) []float64 {
		for _, tg := range facts {
			if tg.Name == name {
				v := make([]float64, len(tg.Sources))
				for i, r := range tg.Sources {
					v[i] = r.Value
				}
				return v
			}
		}
		t.Fatalf("no target %s", name)
		return nil
	}
	value := func(name string) float64 {
		for _, tg := range facts {
			if tg.Name == name {
				return tg.Value
			}
		}
		return math.NaN()
	}
	// Each value is its source rows' arithmetic, rounded as written in
	// the file (tolerance: half a unit of the last digit written).
	for _, test := range []struct {
		name string
		want float64
		tol  float64
	}{
		{"rednote-us-dau-surge", src("rednote-us-dau-surge")[1] / src("rednote-us-dau-surge")[0], 0.005},
		{"rednote-us-dau-restore-drop", src("rednote-us-dau-restore-drop")[0] / 100, 0},
		{"rednote-us-dau-after-vs-during", 1 + src("rednote-us-dau-after-vs-during")[0]/100, 1e-15},
		{"rednote-us-downloads-decay", math.Log(src("rednote-us-downloads-decay")[0]/src("rednote-us-downloads-decay")[1]) / 4, 0.005},
		{"rednote-us-newcomers-share", (5e5 + 8e5) / 2 / 170e6, 0.0002},
		{"tiktok-us-dau-comeback-record", src("tiktok-us-dau-comeback-record")[1] / src("tiktok-us-dau-comeback-record")[0], 0.005},
		{"lemon8-us-dau-surge", src("lemon8-us-dau-surge")[1] / src("lemon8-us-dau-surge")[0], 0.005},
		// TikTok's week of Jan 13 was down 2.1% on the week before (the
		// source's text): its level that week before was 82.2 M / 0.979.
		{"rednote-us-dau-base-share", src("rednote-us-dau-base-share")[0] / (src("rednote-us-dau-base-share")[1] / (1 - 0.021)), 0.00005},
		{"tiktok-us-dau-week-over-week", 1 - 0.021, 0},
		// 700 000 new users in two days of 97% of January's 818 000
		// installs (Jan 6-20 of Jan 1-20, as in the newcomers' note),
		// as a ratio of daily means over 2 and 15 days.
		{"rednote-us-installs-first-two-days", src("rednote-us-installs-first-two-days")[0] / (0.97 * src("rednote-us-installs-first-two-days")[1]) * 15 / 2, 0.05},
	} {
		if got := value(test.name); math.Abs(got-test.want) > test.tol {
			t.Errorf("%s: value %v, its sources give %v", test.name, got, test.want)
		}
	}
}

// TestFitting checks the order Fitting leaves: the named targets in the
// file's order, then the others held out in theirs, then the file's own
// held-out facts; the file itself is left as it was.
func TestFitting(t *testing.T) {
	f := &File{Targets: []Target{{Name: "a"}, {Name: "b"}, {Name: "c"}}, HeldOut: []Target{{Name: "h"}}}
	g, err := f.Fitting([]string{"c", "a"})
	if err != nil {
		t.Fatal(err)
	}
	if got := Names(g.Targets); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("fitted %q, want [a c]", got)
	}
	if got := Names(g.HeldOut); !slices.Equal(got, []string{"b", "h"}) {
		t.Errorf("held out %q, want [b h]", got)
	}
	if got := Names(f.Targets); !slices.Equal(got, []string{"a", "b", "c"}) || len(f.HeldOut) != 1 {
		t.Errorf("the file became %q and %d held out", got, len(f.HeldOut))
	}
}
