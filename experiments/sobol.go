package experiments

import (
	"fmt"
	"strings"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/study"
)

// sobolFigures draws a bar chart of the first-order and total Sobol
// indices of each metric of f.Metrics (titled by f.Titles), factors
// named by the last key of their path.
func sobolFigures(f study.FigureSpec, _ *study.Spec, a *study.Aggregate) ([]Figure, error) {
	if len(f.Titles) != len(f.Metrics) {
		return nil, fmt.Errorf("%d titles for %d metrics", len(f.Titles), len(f.Metrics))
	}
	rows, _, err := a.Sobol()
	if err != nil {
		return nil, err
	}
	var figs []Figure
	for i, metric := range f.Metrics {
		var cats []string
		first := figure.BarGroup{Label: "first order S", Color: 0}
		total := figure.BarGroup{Label: "total ST", Color: 2}
		for _, r := range rows {
			if r.Metric != metric {
				continue
			}
			g := &first
			if r.Index == "total" {
				g = &total
			} else {
				cats = append(cats, r.Factor[strings.LastIndex(r.Factor, ".")+1:])
			}
			g.Values, g.Lo, g.Hi = append(g.Values, r.Value), append(g.Lo, r.Lo), append(g.Hi, r.Hi)
		}
		if len(cats) == 0 {
			continue // no indices: the manifest says why
		}
		figs = append(figs, Figure{"sobol-" + strings.ReplaceAll(metric, "_", "-"), &figure.Bars{
			Title: f.Titles[i], X: f.X, Y: "Sobol index (share of variance)",
			Categories: cats, Groups: []figure.BarGroup{first, total}, Width: figure.Column,
		}})
	}
	if len(figs) == 0 {
		return nil, fmt.Errorf("no metric has Sobol indices")
	}
	return figs, nil
}
