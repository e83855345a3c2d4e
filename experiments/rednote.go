package experiments

import (
	"fmt"
	"math"
	"strings"
	"time"

	"exodus/internal/figure"
	"exodus/internal/study"
	"exodus/model"
)

// exodusDay returns midnight (US Eastern, UTC−5) starting day d of the
// 2025 exodus, day 1 being 13 January 2025, when RedNote was #1 in the
// US App Store.
func exodusDay(d int) time.Time {
	return time.Date(2025, 1, 13, 0, 0, 0, 0, time.FixedZone("", -5*3600)).AddDate(0, 0, d-1)
}

// Counterfactual events of rednote-2025.
var (
	crackdownStart = exodusDay(3)  // 15 January 2025
	rednoteBan     = exodusDay(20) // 1 February 2025
)

// crackdownLevel is the removal rate of US content in the crackdown
// counterfactual: half of it, against 0.15 in the baseline's watch.
const crackdownLevel = 0.5

// rednoteVariants are the baseline and its counterfactuals.
func rednoteVariants() []Variant {
	return []Variant{
		{Name: "baseline", Description: "the embedded rednote-2025 scenario as it is"},
		{Name: "no translation", Description: "RedNote never ships its translation feature (the feature shock is removed)",
			Edit: dropShock("feature", "RedNote", "")},
		{Name: "TikTok never restored", Description: "TikTok stays dark in the US after the 18 January blackout (its restore is removed; Lemon8's stays)",
			Edit: dropShock("restore", "TikTok", "US")},
		{Name: "crackdown from day 3", Description: fmt.Sprintf("China cracks down on foreign content on RedNote from day 3 of the exodus, %s (day 1 = 13 January 2025, RedNote #1 in the US App Store): a crackdown removing %.0f%% of US users' content is added from then, beside the baseline's watch at 15%% from 14 January", crackdownStart.Format("2 January 2006 15:04 MST-07:00"), 100*crackdownLevel),
			Edit: addShocks(model.Shock{Kind: "crackdown", Platform: "RedNote", Groups: []string{"US"}, Start: crackdownStart, Level: crackdownLevel,
				Note: "counterfactual: crackdown on foreign content from day 3 of the exodus"})},
		{Name: "US bans RedNote day 20", Description: fmt.Sprintf("the US bans RedNote on day 20 of the exodus, %s: a blackout and a store removal of RedNote for the US group, never lifted", rednoteBan.Format("2 January 2006 15:04 MST-07:00")),
			Edit: addShocks(
				model.Shock{Kind: "blackout", Platform: "RedNote", Groups: []string{"US"}, Start: rednoteBan, Note: "counterfactual: US ban of RedNote"},
				model.Shock{Kind: "store_removal", Platform: "RedNote", Groups: []string{"US"}, Start: rednoteBan, Note: "counterfactual: US ban of RedNote"})},
	}
}

// rednote2025 is the baseline of the January 2025 episode and its
// counterfactuals on the same seeds.
func rednote2025() *Experiment {
	return &Experiment{
		Name: "rednote-2025",
		Description: "The January 2025 TikTok-ban episode (embedded scenario rednote-2025) and four counterfactuals on the same seeds: " +
			"no translation feature; TikTok never restored; a Chinese crackdown on foreign content from day 3 of the exodus; " +
			"a US ban of RedNote on day 20. Day 1 of the exodus is 13 January 2025, when RedNote reached #1 in the US App Store.",
		Scenario:   model.DefaultScenario,
		Agents:     100_000,
		Variants:   rednoteVariants(),
		Replicates: 20,
		Seed:       20250113,
		Outputs:    study.Outputs{Series: study.SeriesKinds},
		Figures:    rednoteFigures,
	}
}

// marker is a shock of the scenario to mark in figures: its start, or
// the peak or end of it.
type marker struct {
	kind, platform, group, at, label string
}

// rednoteMarkers are the shocks marked on rednote-2025's time axes.
var rednoteMarkers = []marker{
	{"threat", "TikTok", "US", "start", "ban threat"},
	{"threat", "TikTok", "US", "peak", "RedNote #1"},
	{"blackout", "TikTok", "US", "start", "blackout"},
	{"restore", "TikTok", "US", "start", "restore"},
	{"feature", "RedNote", "", "start", "translation"},
	{"store_removal", "TikTok", "US", "end", "back in stores"},
}

// markers returns the marked shocks of sc as figure markers, and the
// counterfactual events, labelled "(cf.)".
func markers(sc *model.Scenario, list []marker) ([]figure.Marker, error) {
	var out []figure.Marker
	for _, m := range list {
		i, err := shockOf(sc, m.kind, m.platform, m.group)
		if err != nil {
			return nil, err
		}
		at := map[string]time.Time{"start": sc.Shocks[i].Start, "peak": sc.Shocks[i].Peak, "end": sc.Shocks[i].End}[m.at]
		out = append(out, figure.Marker{X: float64(at.Unix()), Label: m.label})
	}
	out = append(out,
		figure.Marker{X: float64(crackdownStart.Unix()), Label: "crackdown (cf.)"},
		figure.Marker{X: float64(rednoteBan.Unix()), Label: "RedNote ban (cf.)"})
	return out, nil
}

// rednoteFigures draws the experiment's figures: shares over time of
// every group on every state it uses, daily joins of the report group to
// each platform, the retention curve, the flow matrix of each variant and
// the summary metrics compared.
func rednoteFigures(a *study.Aggregate) ([]Figure, error) {
	base := a.Study.Points[0].Scenario
	marks, err := markers(base, rednoteMarkers)
	if err != nil {
		return nil, err
	}
	var figs []Figure
	for _, gr := range base.Groups {
		for _, st := range base.StateNames() {
			key := "share/" + gr.Name + "/" + st
			if !a.Used(key) {
				continue
			}
			what := "on " + st
			if st == model.None {
				what = "on none of the platforms"
			}
			figs = append(figs, Figure{"shares-" + gr.Name + "-" + st, &figure.Bands{
				Title:   fmt.Sprintf("%s agents %s", gr.Name, what),
				X:       zoneLabel(base),
				Y:       fmt.Sprintf("share of %s agents (%%)", gr.Name),
				Series:  pointBands(a, key, tickTime, 100),
				Markers: marks, Dates: base.Start.Location(), Width: figure.Page,
			}})
		}
	}
	rep := base.Report.Group
	labels, _ := study.Days(base)
	for _, st := range base.StateNames()[1:] {
		key := "daily_joins/" + rep + "/" + st
		if !a.Used(key) {
			continue
		}
		figs = append(figs, Figure{"daily-joins-" + rep + "-" + st, &figure.Bands{
			Title:   fmt.Sprintf("%s agents joining %s per day", rep, st),
			X:       zoneLabel(base),
			Y:       fmt.Sprintf("joins (%% of %s agents per day)", rep),
			Series:  pointBands(a, key, func(sc *model.Scenario) func(int) float64 { return dayNoon(sc, labels) }, 100),
			Markers: marks, Dates: base.Start.Location(), Width: figure.Page,
		}})
	}
	perDay := float64(24 * time.Hour / base.Tick.D())
	figs = append(figs, Figure{"retention", &figure.Bands{
		Title: fmt.Sprintf("%s newcomers staying on %s", rep, base.Report.Destination),
		X:     fmt.Sprintf("days after the peak of %s's %s users", base.Report.Destination, rep),
		Y:     "retention of the peak excess (%)",
		Series: pointBands(a, study.Retention, func(*model.Scenario) func(int) float64 {
			return func(i int) float64 { return float64(i) / perDay }
		}, 100),
	}})
	for p, pt := range a.Study.Points {
		f, err := flowFigure(a, p, rep)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{"flows-" + slug(pt.Label), f})
	}
	figs = append(figs, Figure{"summary-comparison", comparison(a)})
	return figs, nil
}

// slug returns a label as a file name: lower case, spaces as hyphens.
func slug(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), " ", "-")
}

// flowFigure returns the flow matrix of group's agents at point p as a
// heatmap: moves from each state (rows, top to bottom in state order) to
// each other state (columns) over the run, per 1000 agents of the group.
func flowFigure(a *study.Aggregate, p int, group string) (*figure.Heatmap, error) {
	sc := a.Study.Points[p].Scenario
	names := sc.StateNames()
	k := len(names)
	tr, ok := a.Trace(p, study.Flows+"/"+group)
	if !ok || len(tr) != k*k {
		return nil, fmt.Errorf("point %s: no flows of %s", a.Study.Points[p].Label, group)
	}
	z := make([][]float64, k)
	ticks := make([]string, k)
	for i := range k {
		r := k - 1 - i // state i on row k−1−i: the first state on top
		ticks[r] = names[i]
		z[r] = make([]float64, k)
		for j := range k {
			z[r][j] = math.NaN()
			if i != j {
				z[r][j] = 1000 * tr[i*k+j].Mean
			}
		}
	}
	return &figure.Heatmap{
		Title: fmt.Sprintf("Moves of %s agents: %s", group, a.Study.Points[p].Label),
		X:     "to", Y: "from",
		XTicks: names, YTicks: ticks, Z: z,
		Scale:    fmt.Sprintf("per 1000 %s agents over the run (mean of %d)", group, a.OK[p]),
		Annotate: "%.1f", NaNLabel: "–",
	}, nil
}

// comparisonMetrics are the summary metrics compared across variants:
// name, panel title, axis label, and whether the value is a share of the
// report group to show in % or a count of its agents to show in % of it.
var comparisonMetrics = []struct {
	name, title, axis string
	unit              string // "share", "count" or "" (as is)
}{
	{"peak_daily_inflow_share", "Peak daily inflow", "% of US agents in one day", "share"},
	{"peak_users", "RedNote's US users at the peak", "% of US agents", "count"},
	{"retention_7d", "Retention after 7 days", "% of the peak excess", "share"},
	{"retention_30d", "Retention after 30 days", "% of the peak excess", "share"},
	{"decay_half_life_days", "Half-life of the decay", "days", ""},
	{"final_destination_share", "US agents on RedNote at the end", "% of US agents", "share"},
}

// comparison returns the summary metrics of every point side by side,
// with their 95% intervals, one panel per metric.
func comparison(a *study.Aggregate) *figure.Grid {
	var cats []string
	for _, pt := range a.Study.Points {
		cats = append(cats, pt.Label)
	}
	g := &figure.Grid{Title: fmt.Sprintf("Counterfactuals: summary metrics, means and 95%% intervals over %d runs", a.Study.Replicates), Cols: 2}
	for _, m := range comparisonMetrics {
		scale := func(p int) float64 {
			sc := a.Study.Points[p].Scenario
			switch m.unit {
			case "share":
				return 100
			case "count":
				for i, gr := range sc.Groups {
					if gr.Name == sc.Report.Group {
						return 100 / float64(sc.GroupSizes()[i])
					}
				}
			}
			return 1
		}
		g.Panels = append(g.Panels, &figure.Bars{
			Title: m.title, Y: m.axis, Categories: cats, Horizontal: true,
			Groups: []figure.BarGroup{metricBars(a, m.name, scale)},
		})
	}
	return g
}
