package study

import (
	"path/filepath"
	"strconv"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/stats"
	"github.com/exodus-sim/exodus/internal/runfiles"
)

// Rows of the tables Write writes. Every table starts with the point and
// its label; the summary columns are those of stats.Summary: n (the
// successful replicates that define the value), mean, sd, se and the 95%
// interval lo…hi, rounded to Digits significant digits (the run files keep
// every bit), null where undefined (sd, se, lo and hi with n < 2).

// PointRow is one assignment of a point ("points").
type PointRow struct {
	Point int     `parquet:"point"`
	Label string  `parquet:"label"`
	Path  string  `parquet:"path"`
	Value float64 `parquet:"value"`
}

// MetricRow summarises a summary metric over replicates ("metrics"),
// with its unit (Metrics).
type MetricRow struct {
	Point  int     `parquet:"point"`
	Label  string  `parquet:"label"`
	Metric string  `parquet:"metric"`
	Unit   string  `parquet:"unit"`
	N      int     `parquet:"n"`
	Mean   float64 `parquet:"mean"`
	SD     float64 `parquet:"sd"`
	SE     float64 `parquet:"se"`
	Lo     float64 `parquet:"lo"`
	Hi     float64 `parquet:"hi"`
}

// ShareRow summarises the share of a group on a state at the end of a
// tick ("shares"); Time is the start of the tick's interval (tick 0, the
// initial state, one tick before the start), as in exodus run's series.
type ShareRow struct {
	Point    int       `parquet:"point"`
	Label    string    `parquet:"label"`
	Group    string    `parquet:"group_name"`
	Platform string    `parquet:"platform"`
	Tick     int       `parquet:"tick"`
	Time     time.Time `parquet:"time"`
	N        int       `parquet:"n"`
	Mean     float64   `parquet:"mean"`
	SD       float64   `parquet:"sd"`
	SE       float64   `parquet:"se"`
	Lo       float64   `parquet:"lo"`
	Hi       float64   `parquet:"hi"`
}

// DailyJoinsRow summarises the share of a group joining a state within
// a calendar day ("daily_joins").
type DailyJoinsRow struct {
	Point    int         `parquet:"point"`
	Label    string      `parquet:"label"`
	Group    string      `parquet:"group_name"`
	Platform string      `parquet:"platform"`
	Day      output.Date `parquet:"day"`
	N        int         `parquet:"n"`
	Mean     float64     `parquet:"mean"`
	SD       float64     `parquet:"sd"`
	SE       float64     `parquet:"se"`
	Lo       float64     `parquet:"lo"`
	Hi       float64     `parquet:"hi"`
}

// DailyRow summarises a daily quantity (model.DailyQuantities: installs,
// daily active users, …) of a group on a platform within a calendar day,
// as a share of the group ("daily").
type DailyRow struct {
	Point    int         `parquet:"point"`
	Label    string      `parquet:"label"`
	Quantity string      `parquet:"quantity"`
	Group    string      `parquet:"group_name"`
	Platform string      `parquet:"platform"`
	Day      output.Date `parquet:"day"`
	N        int         `parquet:"n"`
	Mean     float64     `parquet:"mean"`
	SD       float64     `parquet:"sd"`
	SE       float64     `parquet:"se"`
	Lo       float64     `parquet:"lo"`
	Hi       float64     `parquet:"hi"`
}

// RetentionRow summarises the retention of the peak excess a number of
// ticks after the peak ("retention"; Days = ticks × tick length).
type RetentionRow struct {
	Point int     `parquet:"point"`
	Label string  `parquet:"label"`
	Tick  int     `parquet:"tick"`
	Days  float64 `parquet:"days"`
	N     int     `parquet:"n"`
	Mean  float64 `parquet:"mean"`
	SD    float64 `parquet:"sd"`
	SE    float64 `parquet:"se"`
	Lo    float64 `parquet:"lo"`
	Hi    float64 `parquet:"hi"`
}

// FlowRow summarises the share of a group that moved from one state to
// another over the run ("flows").
type FlowRow struct {
	Point       int     `parquet:"point"`
	Label       string  `parquet:"label"`
	Group       string  `parquet:"group_name"`
	Origin      string  `parquet:"origin"`
	Destination string  `parquet:"destination"`
	N           int     `parquet:"n"`
	Mean        float64 `parquet:"mean"`
	SD          float64 `parquet:"sd"`
	SE          float64 `parquet:"se"`
	Lo          float64 `parquet:"lo"`
	Hi          float64 `parquet:"hi"`
}

// Tables holds the rows of every table of an aggregate.
type Tables struct {
	Points     []PointRow
	Metrics    []MetricRow
	Shares     []ShareRow
	DailyJoins []DailyJoinsRow
	Daily      []DailyRow
	Retention  []RetentionRow
	Flows      []FlowRow
	// Zone is the Parquet metadata exodus.zone of the points' scenarios
	// (runfiles.Zone): the zone of their days.
	Zone output.Meta
}

// Tables returns the aggregate's tables. A share or daily-joins series
// that is 0 at every tick of every replicate (a platform dark for a group
// throughout) is left out.
func (a *Aggregate) Tables() (Tables, error) {
	t := Tables{Zone: runfiles.Zone(a.Study.Points[0].Plan)}
	for p, pt := range a.Study.Points {
		for _, as := range pt.Assignments {
			t.Points = append(t.Points, PointRow{p, pt.Label, as.Path, as.Value})
		}
		for _, m := range a.Metrics[p] {
			t.Metrics = append(t.Metrics, MetricRow{p, pt.Label, m.Name, Metrics[m.Name].Unit, m.N, round(m.Mean), round(m.SD), round(m.SE), round(m.Lo), round(m.Hi)})
		}
		sc := pt.Plan
		days, err := output.ParseDates(sc.Days)
		if err != nil {
			return Tables{}, err
		}
		for _, k := range a.Study.Outputs.keys(sc) {
			tr, ok := a.Trace(p, k)
			if !ok {
				continue
			}
			var group, state string
			if k.Group >= 0 {
				group = sc.Groups[k.Group].Name
			}
			if k.State >= 0 {
				state = sc.States[k.State]
			}
			switch k.Kind {
			case Share:
				if zero(tr) {
					continue
				}
				for tick, s := range tr {
					t.Shares = append(t.Shares, ShareRow{p, pt.Label, group, state, tick, sc.TimeOf(tick - 1), s.N, round(s.Mean), round(s.SD), round(s.SE), round(s.Lo), round(s.Hi)})
				}
			case DailyJoins:
				if zero(tr) {
					continue
				}
				for d, s := range tr {
					t.DailyJoins = append(t.DailyJoins, DailyJoinsRow{p, pt.Label, group, state, days[d], s.N, round(s.Mean), round(s.SD), round(s.SE), round(s.Lo), round(s.Hi)})
				}
			case Daily:
				if zero(tr) {
					continue
				}
				for d, s := range tr {
					t.Daily = append(t.Daily, DailyRow{p, pt.Label, k.Quantity, group, state, days[d], s.N, round(s.Mean), round(s.SD), round(s.SE), round(s.Lo), round(s.Hi)})
				}
			case Retention:
				perDay := float64(24 * time.Hour / sc.Tick.D())
				for tick, s := range tr {
					t.Retention = append(t.Retention, RetentionRow{p, pt.Label, tick, float64(tick) / perDay, s.N, round(s.Mean), round(s.SD), round(s.SE), round(s.Lo), round(s.Hi)})
				}
			case Flows:
				names := sc.States
				k := len(names)
				for i, s := range tr {
					if from, to := i/k, i%k; from != to {
						t.Flows = append(t.Flows, FlowRow{p, pt.Label, group, names[from], names[to], s.N, round(s.Mean), round(s.SD), round(s.SE), round(s.Lo), round(s.Hi)})
					}
				}
			}
		}
	}
	return t, nil
}

// Digits is the number of significant digits of the summary columns:
// far finer than any interval, and it keeps the tables small and their
// bytes unmoved by a difference in the last bits of a sum.
const Digits = 6

// round returns v rounded to Digits significant digits.
func round(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', Digits, 64), 64)
	return r
}

// zero reports whether a series is 0 in every replicate at every tick.
func zero(ticks []stats.Summary) bool {
	for _, s := range ticks {
		if s.Mean != 0 || s.SD != 0 && s.N > 1 {
			return false
		}
	}
	return true
}

// Write writes the non-empty tables to dir as NAME.csv and NAME.parquet
// (output.WriteTidy): points, metrics, shares, daily_joins, daily,
// retention and flows; those of times or days (shares, daily_joins,
// daily) with t.Zone in their Parquet metadata.
func (t Tables) Write(dir string) error {
	for _, w := range []struct {
		name string
		n    int
		fn   func(string) error
	}{
		{"points", len(t.Points), func(b string) error { return output.WriteTidy(b, t.Points) }},
		{"metrics", len(t.Metrics), func(b string) error { return output.WriteTidy(b, t.Metrics) }},
		{"shares", len(t.Shares), func(b string) error { return output.WriteTidy(b, t.Shares, t.Zone) }},
		{"daily_joins", len(t.DailyJoins), func(b string) error { return output.WriteTidy(b, t.DailyJoins, t.Zone) }},
		{"daily", len(t.Daily), func(b string) error { return output.WriteTidy(b, t.Daily, t.Zone) }},
		{"retention", len(t.Retention), func(b string) error { return output.WriteTidy(b, t.Retention) }},
		{"flows", len(t.Flows), func(b string) error { return output.WriteTidy(b, t.Flows) }},
	} {
		if w.n == 0 {
			continue
		}
		if err := w.fn(filepath.Join(dir, w.name)); err != nil {
			return err
		}
	}
	return nil
}
