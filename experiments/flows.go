package experiments

import (
	"fmt"
	"math"
	"strings"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/study"
)

// flowFigures draws the report group's flow matrix at every point.
func flowFigures(_ study.FigureSpec, _ *study.Spec, a *study.Aggregate) ([]Figure, error) {
	var figs []Figure
	for p, pt := range a.Study.Points {
		f, err := flowFigure(a, p, pt.Plan.ReportGroup)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{"flows-" + slug(pt.Label), f})
	}
	return figs, nil
}

// slug returns a label as a file name: lower case, spaces as hyphens.
func slug(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), " ", "-")
}

// flowFigure returns the flow matrix of group g's agents at point p as a
// heatmap: moves from each state (rows, top to bottom in state order) to
// each other state (columns) over the run, per 1000 agents of the group.
func flowFigure(a *study.Aggregate, p int, g int) (*figure.Heatmap, error) {
	plan := a.Study.Points[p].Plan
	names, group := plan.States, plan.Groups[g].Name
	k := len(names)
	tr, ok := a.Trace(p, study.Key{Kind: study.Flows, Group: g, State: -1})
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
		Annotate: "%.1f", NaNLabel: "–", Log: true,
	}, nil
}
