package study

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/exodus-sim/exodus/model"
)

// Series kinds a run can keep, per tick or per day.
const (
	// Share is the share of each group on each state (platform or none)
	// at the end of each tick: series "share/GROUP/STATE", ticks 0…T.
	Share = "share"
	// DailyJoins is the share of each group joining each state within
	// each calendar day: series "daily_joins/GROUP/STATE", one value per
	// day from the day of tick 1 to the day of tick T.
	DailyJoins = "daily_joins"
	// Retention is model.RetentionCurve over RetentionDays: series
	// "retention", one value per tick after the peak, 0…RetentionDays days.
	Retention = "retention"
	// Flows is the share of each group that moved from one state to
	// another over the run: series "flows/GROUP", the from × to matrix of
	// the states row by row (diagonal 0).
	Flows = "flows"
	// Daily is each of model.DailyQuantities for each group and platform
	// per calendar day, as a share of the group: series
	// "daily/QUANTITY/GROUP/PLATFORM", one value per day of Plan.Days.
	Daily = "daily"
)

// SeriesKinds lists the series kinds, in the order tables are written.
var SeriesKinds = []string{Share, DailyJoins, Retention, Flows, Daily}

// RetentionDays is the length of the retention series, in days after the
// peak.
const RetentionDays = 30

// Outputs names what each run keeps.
type Outputs struct {
	// Metrics are names of model.Summary.Metrics; empty means all.
	Metrics []string `toml:"metrics" json:"metrics"`
	// Series are series kinds (SeriesKinds).
	Series []string `toml:"series" json:"series,omitempty"`
}

// MetricNames returns the names of the summary metrics, sorted.
func MetricNames() []string {
	var s model.Summary
	names := make([]string, 0, 16)
	for name := range s.Metrics() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Metric says what a summary metric (model.Summary.Metrics) measures: its
// unit, as the metrics table and the report write it, and its meaning.
type Metric struct{ Unit, Meaning string }

// Metrics defines every summary metric in plain words; the report group,
// origin and destination are the scenario's [report] table.
var Metrics = map[string]Metric{
	"peak_daily_inflow":        {"agents", "The most agents of the report group that joined the destination within one calendar day (in the zone of the start; an hour counts on the day it ends)."},
	"peak_daily_inflow_share":  {"share of the group", "The peak daily inflow as a share of the report group's agents."},
	"origin_to_destination":    {"moves", "Moves of the report group's agents straight from the origin to the destination over the recorded run."},
	"peak_users":               {"agents", "The report group's agents on the destination at their maximum (the peak)."},
	"retention_7d":             {"share of the peak excess", "The share of the peak excess (users at the peak minus users at the start of the recorded run) still on the destination 7 days after the peak; undefined when the run ends before."},
	"retention_30d":            {"share of the peak excess", "The share of the peak excess still on the destination 30 days after the peak; undefined when the run ends before."},
	"decay_half_life_days":     {"days", "The time from the peak until the excess first fell to half of its size at the peak; undefined if it never did."},
	"total_contact":            {"edge·hours", "Links of the network between agents of different groups who are both on the same platform, counted each hour and summed over the run (divide by the agents for a per-agent figure)."},
	"store_out_gain":           {"agents", "The change in the report group's agents on the destination while the origin was out of the group's app stores (its first store removal, to its end or the run's), from the hour before the removal to its last hour."},
	"store_out_gain_share":     {"share of the group", "The store-out gain as a share of the report group's agents."},
	"final_destination_share":  {"share of the group", "The share of the report group's agents on the destination at the end of the run."},
	"final_origin_share":       {"share of the group", "The share of the report group's agents on the origin at the end of the run."},
	"installs_share_of_origin": {"share of the origin's users", "First installs (downloads) of the destination by the report group over the recorded run, as a share of the group's agents on the origin at its start."},
	"peak_daily_installs":      {"agents", "The most first installs of the destination by the report group within one calendar day."},
	"peak_installs_day_index":  {"days after the first", "The first calendar day with the most installs (peak daily installs), counted from the recorded run's first day (0); undefined without an install."},
	"peak_dau":                 {"agents", "The most daily active users of the destination among the report group on one calendar day (those who used it that day, whether or not it is their main platform)."},
}

// Validate returns an error naming the first unknown or repeated metric
// or series.
func (o Outputs) Validate() error {
	for _, l := range []struct {
		field string
		names []string
		known []string
	}{{"metrics", o.Metrics, MetricNames()}, {"series", o.Series, SeriesKinds}} {
		for i, n := range l.names {
			if !slices.Contains(l.known, n) {
				return fmt.Errorf("outputs.%s[%d] = %q, want one of %s", l.field, i, n, strings.Join(l.known, ", "))
			}
			if j := slices.Index(l.names, n); j < i {
				return fmt.Errorf("outputs.%s[%d] = %q repeats outputs.%s[%d]", l.field, i, n, l.field, j)
			}
		}
	}
	return nil
}

// KeptMetrics returns the names of the metrics kept.
func (o Outputs) KeptMetrics() []string {
	if len(o.Metrics) == 0 {
		return MetricNames()
	}
	return o.Metrics
}

// Key names a series of a run by typed indices: its kind, the group and
// the state it is of (−1 where the kind has none: Retention has neither,
// Flows no state) and, for Daily, the quantity. Its Name, such as
// "share/US/RedNote", is how run files and tables write it: names of
// groups and states appear there only.
type Key struct {
	Kind         string
	Quantity     string
	Group, State int
}

// Name returns the key's name with p's group and state names.
func (k Key) Name(p *model.Plan) string {
	parts := []string{k.Kind}
	if k.Quantity != "" {
		parts = append(parts, k.Quantity)
	}
	if k.Group >= 0 {
		parts = append(parts, p.Groups[k.Group].Name)
	}
	if k.State >= 0 {
		parts = append(parts, p.States[k.State])
	}
	return strings.Join(parts, "/")
}

// keys returns the keys of the series of the kinds kept, of plan p, in
// the order of their names (the order of the tables' rows).
func (o Outputs) keys(p *model.Plan) []Key {
	var keys []Key
	for _, kind := range o.Series {
		switch kind {
		case Share, DailyJoins:
			for g := range p.Groups {
				for s := range p.States {
					keys = append(keys, Key{Kind: kind, Group: g, State: s})
				}
			}
		case Retention:
			keys = append(keys, Key{Kind: kind, Group: -1, State: -1})
		case Flows:
			for g := range p.Groups {
				keys = append(keys, Key{Kind: kind, Group: g, State: -1})
			}
		case Daily:
			for g := range p.Groups {
				for s := 1; s < len(p.States); s++ {
					for _, q := range model.DailyQuantities {
						keys = append(keys, Key{Kind: kind, Quantity: q, Group: g, State: s})
					}
				}
			}
		}
	}
	slices.SortFunc(keys, func(a, b Key) int { return strings.Compare(a.Name(p), b.Name(p)) })
	return keys
}

// series returns the run's series of the kinds kept.
func (o Outputs) series(sc *model.Plan, h *model.History) map[string][]float64 {
	if len(o.Series) == 0 {
		return nil
	}
	out := map[string][]float64{}
	names := sc.States
	ticks := h.Ticks()
	size := make([]float64, len(sc.Groups))
	for g := range sc.Groups {
		for s := range names {
			size[g] += float64(h.Count(0, g, s))
		}
	}
	for _, kind := range o.Series {
		switch kind {
		case Share:
			for g := range sc.Groups {
				for s := range names {
					v := make([]float64, ticks+1)
					for t := range v {
						v[t] = float64(h.Count(t, g, s)) / size[g]
					}
					out[Key{Kind: Share, Group: g, State: s}.Name(sc)] = v
				}
			}
		case DailyJoins:
			labels, dayOf := sc.Days, sc.DayOf
			for g := range sc.Groups {
				for s := range names {
					n := make([]int64, len(labels))
					for t := 1; t <= ticks; t++ {
						n[dayOf[t]] += h.Joins(t, g, s)
					}
					v := make([]float64, len(n))
					for d, c := range n {
						v[d] = float64(c) / size[g]
					}
					out[Key{Kind: DailyJoins, Group: g, State: s}.Name(sc)] = v
				}
			}
		case Retention:
			perDay := int(24 * time.Hour / sc.Tick.D())
			out[Key{Kind: Retention, Group: -1, State: -1}.Name(sc)] = model.RetentionCurve(sc, h, RetentionDays*perDay)
		case Flows:
			k := len(names)
			for g := range sc.Groups {
				n := make([]int64, k*k)
				for t := 1; t <= ticks; t++ {
					for from := range k {
						for to := range k {
							if from != to {
								n[from*k+to] += h.Flow(t, g, from, to)
							}
						}
					}
				}
				v := make([]float64, k*k)
				for i, c := range n {
					v[i] = float64(c) / size[g]
				}
				out[Key{Kind: Flows, Group: g, State: -1}.Name(sc)] = v
			}
		case Daily:
			for g, gr := range sc.Groups {
				for s := 1; s < len(names); s++ {
					for _, q := range model.DailyQuantities {
						_, v, err := model.Daily(sc, h, q, gr.Name, names[s])
						if err != nil {
							continue // a history without a daily census
						}
						for d := range v {
							v[d] /= size[g]
						}
						out[Key{Kind: Daily, Quantity: q, Group: g, State: s}.Name(sc)] = v
					}
				}
			}
		}
	}
	return out
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
