package experiments

import (
	"fmt"
	"strings"

	"exodus/internal/design"
	"exodus/internal/figure"
	"exodus/internal/study"
	"exodus/internal/sweep"
	"exodus/model"
)

// sensitivityAxes are the push–pull–mooring weights varied, each uniform
// within ±25% of its value in rednote-2025: the pulls and pushes of the
// episode (protest, threat, attention), RedNote's pull and push after it
// (culture, moderation), and the mooring of the switching cost. (Wider
// ranges reach weights at which no exodus stands out of the noise of
// 10⁵ agents, and the retention of a peak excess is then undefined.)
func sensitivityAxes() []Axis {
	w := func(name string, base float64, note string) Axis {
		return Axis{Axis: design.LinearAxis("weights."+name, 0.75*base, 1.25*base, 0), Note: fmt.Sprintf("%s; baseline %g, ±25%%", note, base)}
	}
	return []Axis{
		w("protest", 20, "pull of a protest destination while a ban is salient"),
		w("threat", 1, "push of a ban's salience"),
		w("attention", 3, "boost of activity while a ban is salient"),
		w("culture", 0.5, "pull of other groups' content once translated"),
		w("moderation", 3, "push of the removal of one's content"),
		w("switching", 1, "mooring of the switching cost"),
	}
}

// sensitivityMetrics are the outputs analysed, with their figure titles.
var sensitivityMetrics = []struct{ name, title string }{
	{"peak_daily_inflow_share", "Sobol indices of the peak daily inflow"},
	{"retention_30d", "Sobol indices of the 30-day retention"},
}

// sensitivityWeights is the variance-based sensitivity analysis of the
// push–pull–mooring weights.
func sensitivityWeights() *Experiment {
	var metrics []string
	for _, m := range sensitivityMetrics {
		metrics = append(metrics, m.name)
	}
	return &Experiment{
		Name: "sensitivity",
		Description: "First-order and total Sobol indices (Saltelli design on a Sobol sequence, Jansen estimators, 1000 bootstrap " +
			"resamples for 95% intervals) of six push–pull–mooring weights, each uniform within ±25% of its baseline value, " +
			"on the peak daily inflow of US agents to RedNote and on RedNote's 30-day retention of them; every point runs on the " +
			"same seed (common random numbers), so the indices apportion the variance of the response, not of the noise. 55-day runs.",
		Scenario:    model.DefaultScenario,
		Agents:      100_000,
		Set:         []string{`duration="55d"`},
		Axes:        sensitivityAxes(),
		Design:      sweep.Saltelli,
		Base:        128,
		Replicates:  1,
		Seed:        20250119,
		CommonSeeds: true,
		Outputs:     study.Outputs{Metrics: metrics},
		Figures:     sensitivityFigures,
	}
}

// sensitivityFigures draws a bar chart of the indices of each metric.
func sensitivityFigures(a *study.Aggregate) ([]Figure, error) {
	rows, _, err := a.Sobol()
	if err != nil {
		return nil, err
	}
	var figs []Figure
	for _, m := range sensitivityMetrics {
		var cats []string
		first := figure.BarGroup{Label: "first order S", Color: 0}
		total := figure.BarGroup{Label: "total ST", Color: 2}
		for _, r := range rows {
			if r.Metric != m.name {
				continue
			}
			g := &first
			if r.Index == "total" {
				g = &total
			} else {
				cats = append(cats, strings.TrimPrefix(r.Factor, "weights."))
			}
			g.Values, g.Lo, g.Hi = append(g.Values, r.Value), append(g.Lo, r.Lo), append(g.Hi, r.Hi)
		}
		if len(cats) == 0 {
			continue // no indices: the manifest says why
		}
		figs = append(figs, Figure{"sobol-" + strings.ReplaceAll(m.name, "_", "-"), &figure.Bars{
			Title: m.title, X: "weight", Y: "Sobol index (share of variance)",
			Categories: cats, Groups: []figure.BarGroup{first, total}, Width: figure.Column,
		}})
	}
	if len(figs) == 0 {
		return nil, fmt.Errorf("no metric has Sobol indices")
	}
	return figs, nil
}
