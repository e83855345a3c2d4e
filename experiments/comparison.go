package experiments

import (
	"fmt"
	"slices"
	"strings"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/study"
)

// metricPanel says how to show a summary metric.
type metricPanel struct {
	name, title, axis string
	unit              string // "share", "count" or "" (as is)
}

// metricPanels say how to show summary metrics: name, panel title, axis
// label, and whether the value is a share of the report group to show in
// % or a count of its agents to show in % of it.
var metricPanels = []metricPanel{
	{"peak_daily_inflow_share", "Peak daily inflow", "% of US agents in one day", "share"},
	{"peak_users", "RedNote's US users at the peak", "% of US agents", "count"},
	{"retention_7d", "Retention after 7 days", "% of the peak excess", "share"},
	{"retention_30d", "Retention after 30 days", "% of the peak excess", "share"},
	{"decay_half_life_days", "Half-life of the decay", "days", ""},
	{"store_out_gain_share", "Gained while TikTok was out of the stores", "% of US agents", "share"},
	{"final_destination_share", "US agents on RedNote at the end", "% of US agents", "share"},
	{"installs_share_of_origin", "RedNote's US installs", "% of TikTok's US users at the start", "share"},
	{"peak_installs_day_index", "The day of most RedNote installs in the US", "days after the run's first", ""},
}

// comparisonFigure draws the metrics of every point side by side, with
// their 95% intervals, one panel per metric (metricPanels says how); the
// spec's title (default: the counterfactuals') leads the figure's, and its
// y labels the points' axis.
func comparisonFigure(f study.FigureSpec, _ *study.Spec, a *study.Aggregate) ([]Figure, error) {
	var cats []string
	for _, pt := range a.Study.Points {
		cats = append(cats, pt.Label)
	}
	title := f.Title
	if title == "" {
		title = "Counterfactuals: summary metrics"
	}
	title += fmt.Sprintf(", means and 95%% intervals over %s runs", a.Study.ReplicatesText())
	g := &figure.Grid{Title: title, Cols: 2}
	for _, name := range f.Metrics {
		i := slices.IndexFunc(metricPanels, func(m metricPanel) bool { return m.name == name })
		if i < 0 {
			return nil, fmt.Errorf("metric %q: no panel for it (panels: %s)", name, panelNames())
		}
		m := metricPanels[i]
		scale := func(p int) float64 {
			sc := a.Study.Points[p].Plan
			switch m.unit {
			case "share":
				return 100
			case "count":
				return 100 / float64(sc.Sizes[sc.ReportGroup])
			}
			return 1
		}
		g.Panels = append(g.Panels, &figure.Dots{
			Title: m.title, X: m.axis, Y: f.Y, Categories: cats,
			Groups: []figure.DotGroup{metricDots(a, m.name, scale)},
		})
	}
	return []Figure{{"summary-comparison", g}}, nil
}

// panelNames lists the metrics metricPanels can show.
func panelNames() string {
	var names []string
	for _, m := range metricPanels {
		names = append(names, m.name)
	}
	return strings.Join(names, ", ")
}
