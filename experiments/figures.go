package experiments

import (
	"fmt"
	"math"
	"time"

	"exodus/internal/figure"
	"exodus/internal/stats"
	"exodus/internal/study"
	"exodus/model"
)

// zoneLabel returns the axis label of calendar dates in the zone of sc's
// start, e.g. "date, 2025 (UTC−05:00)".
func zoneLabel(sc *model.Scenario) string {
	return fmt.Sprintf("date, %d (UTC%s)", sc.Start.Year(), minusSign(sc.Start.Format("-07:00")))
}

// minusSign writes a leading hyphen as a minus sign.
func minusSign(s string) string {
	if len(s) > 0 && s[0] == '-' {
		return "−" + s[1:]
	}
	return s
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

// tickTime returns the calendar time of tick i of sc, in Unix seconds.
func tickTime(sc *model.Scenario) func(i int) float64 {
	return func(i int) float64 { return float64(sc.TimeOf(i).Unix()) }
}

// dayNoon returns the noon of day i of sc's daily series, in Unix seconds.
func dayNoon(sc *model.Scenario, labels []string) func(i int) float64 {
	return func(i int) float64 {
		d, _ := time.ParseInLocation(time.DateOnly, labels[i], sc.Start.Location())
		return float64(d.Add(12 * time.Hour).Unix())
	}
}

// pointBands returns the series key of every point of a as bands, one
// per point (labelled by the point, coloured by its index).
func pointBands(a *study.Aggregate, key string, x func(sc *model.Scenario) func(int) float64, scale float64) []figure.Band {
	var out []figure.Band
	for p, pt := range a.Study.Points {
		tr, ok := a.Trace(p, key)
		if !ok {
			continue
		}
		out = append(out, band(pt.Label, p, tr, x(pt.Scenario), scale))
	}
	return out
}

// metricBars returns metric name at every point as a bar group: the mean
// and 95% interval times scale, NaN where a point has no value.
func metricBars(a *study.Aggregate, name string, scale func(p int) float64) figure.BarGroup {
	var g figure.BarGroup
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
