package experiments

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/stats"
	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/model"
)

// figureKinds draws each kind of declared figure ([[figure]] kind = …)
// from a study's aggregate:
//
//	shares       the share of each group on each state over time, a figure
//	             per group and state used, a band per point
//	daily_joins  the report group joining each platform per day
//	retention    the report group's retention of its peak excess on the
//	             destination, days after the peak
//	flows        the report group's moves from state to state over the
//	             run, a heatmap per point
//	comparison   the summary metrics of every point side by side (metrics;
//	             title, and y: the label of the points' axis)
//	phase        a share metric (metric) over a grid of two axes, the
//	             second a share, both shown in %; x, y, x_ticks, scale
//	sobol        the Sobol indices of each metric (metrics, titles; x)
//
// Time axes carry the spec's markers.
var figureKinds = map[string]func(f study.FigureSpec, spec *study.Spec, a *study.Aggregate) ([]Figure, error){
	"shares":      sharesFigures,
	"daily_joins": dailyJoinsFigures,
	"retention":   retentionFigure,
	"flows":       flowFigures,
	"comparison":  comparisonFigure,
	"phase":       phaseFigure,
	"sobol":       sobolFigures,
}

// checkFigures checks the spec's figures against its compiled study
// before any run: known kinds, and the metrics and series they draw kept.
func checkFigures(spec *study.Spec, s *study.Study) error {
	for i, f := range spec.Figures {
		if _, ok := figureKinds[f.Kind]; !ok {
			return fmt.Errorf("figure[%d].kind = %q, want one of %s", i, f.Kind, strings.Join(slices.Sorted(maps.Keys(figureKinds)), ", "))
		}
		series := map[string]string{"shares": study.Share, "daily_joins": study.DailyJoins, "retention": study.Retention, "flows": study.Flows}[f.Kind]
		if series != "" && !slices.Contains(s.Outputs.Series, series) {
			return fmt.Errorf("figure[%d] (%s) draws series %q, which outputs.series does not keep", i, f.Kind, series)
		}
		for _, m := range append(slices.Clone(f.Metrics), f.Metric) {
			if m != "" && !slices.Contains(s.Outputs.KeptMetrics(), m) {
				return fmt.Errorf("figure[%d] (%s) draws metric %q, which outputs.metrics does not keep", i, f.Kind, m)
			}
		}
	}
	for i, m := range spec.Markers {
		if m.Shock != "" && !slices.Contains([]string{"start", "end"}, m.At) {
			return fmt.Errorf("marker[%d].at = %q, want start or end", i, m.At)
		}
	}
	return nil
}

// drawFigures draws the spec's figures in declaration order.
func drawFigures(spec *study.Spec, a *study.Aggregate) ([]Figure, error) {
	var figs []Figure
	for i, f := range spec.Figures {
		fs, err := figureKinds[f.Kind](f, spec, a)
		if err != nil {
			return nil, fmt.Errorf("figure[%d] (%s): %w", i, f.Kind, err)
		}
		figs = append(figs, fs...)
	}
	return figs, nil
}

// band returns the trace of a point as a figure band: x(i) for each
// index, the mean, lo and hi times scale.
func band(label string, color int, tr []stats.Summary, x func(i int) float64, scale float64) figure.Band {
	b := figure.Band{Label: label, Color: color}
	for i, s := range tr {
		b.X = append(b.X, x(i))
		b.Y = append(b.Y, s.Mean*scale)
		b.Lo = append(b.Lo, s.Lo*scale)
		b.Hi = append(b.Hi, s.Hi*scale)
	}
	return b
}

// tickTime returns the calendar time of tick i of p, in Unix seconds.
func tickTime(p *model.Plan) func(i int) float64 {
	return func(i int) float64 { return float64(p.TimeOf(i).Unix()) }
}

// dayNoon returns the noon of day i of p's daily series, in Unix seconds.
func dayNoon(p *model.Plan) func(i int) float64 {
	return func(i int) float64 {
		d, _ := time.ParseInLocation(time.DateOnly, p.Days[i], p.Start.Location())
		return float64(d.Add(12 * time.Hour).Unix())
	}
}

// pointBands returns the series key of every point of a as bands, one
// per point (labelled by the point, coloured by its index).
func pointBands(a *study.Aggregate, key study.Key, x func(p *model.Plan) func(int) float64, scale float64) []figure.Band {
	var out []figure.Band
	for p, pt := range a.Study.Points {
		tr, ok := a.Trace(p, key)
		if !ok {
			continue
		}
		out = append(out, band(pt.Label, p, tr, x(pt.Plan), scale))
	}
	return out
}

// metricDots returns metric name at every point as a group of dots: the
// mean and 95% interval times scale, NaN where a point has no value.
func metricDots(a *study.Aggregate, name string, scale func(p int) float64) figure.DotGroup {
	var g figure.DotGroup
	for p := range a.Study.Points {
		m, _ := a.Metric(p, name)
		if m.N == 0 {
			m = stats.Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
		}
		k := scale(p)
		g.Values = append(g.Values, m.Mean*k)
		g.Lo = append(g.Lo, m.Lo*k)
		g.Hi = append(g.Hi, m.Hi*k)
	}
	return g
}
