package experiments

import (
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/study"
)

// phaseFigure draws a phase diagram: the mean of a share metric (f.Metric,
// in %) and the half-width of its 95% interval at each point of a grid
// over two axes, the first across (labelled by f.XTicks, or its values),
// the second, a share, up (in %).
func phaseFigure(f study.FigureSpec, spec *study.Spec, a *study.Aggregate) ([]Figure, error) {
	if len(spec.Axes) != 2 {
		return nil, fmt.Errorf("a phase diagram needs a grid of 2 axes, the spec has %d", len(spec.Axes))
	}
	xs, ys := spec.Axes[0].Values, spec.Axes[1].Values
	nx, ny := len(xs), len(ys)
	if len(a.Study.Points) != nx*ny {
		return nil, fmt.Errorf("%d points, want a grid of %d × %d listed values", len(a.Study.Points), nx, ny)
	}
	xticks := f.XTicks
	if xticks == nil {
		for _, x := range xs {
			xticks = append(xticks, fmt.Sprintf("%g", x))
		}
	}
	if len(xticks) != nx {
		return nil, fmt.Errorf("x_ticks has %d labels for %d values", len(xticks), nx)
	}
	z, half := make([][]float64, ny), make([][]float64, ny)
	ylabels := make([]string, ny)
	for r := range ny {
		z[r], half[r] = make([]float64, nx), make([]float64, nx)
		ylabels[r] = fmt.Sprintf("%g", 100*ys[r])
		for c := range nx {
			// Grid points: the last axis fastest.
			m, ok := a.Metric(c*ny+r, f.Metric)
			z[r][c], half[r][c] = math.NaN(), math.NaN()
			if ok {
				z[r][c], half[r][c] = 100*m.Mean, 100*(m.Hi-m.Mean)
			}
		}
	}
	return []Figure{{f.Name, &figure.Heatmap{
		Title: f.Title, X: f.X, Y: f.Y,
		XTicks: xticks, YTicks: ylabels, Z: z, Err: half,
		Diverging: true, Annotate: "%.0f",
		Scale: fmt.Sprintf("%s (%%, mean ± 95%% half-width, %d runs)", f.Scale, a.Study.Replicates),
	}}}, nil
}
