package experiments

import (
	"fmt"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/report"
	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/model"
)

// markers returns the spec's markers on time axes: a named shock of the
// base plan at its start, peak or end, or a time.
func markers(spec *study.Spec, base *model.Plan) ([]figure.Marker, error) {
	var out []figure.Marker
	for i, m := range spec.Markers {
		at := m.Time
		if m.Shock != "" {
			k := -1
			for j, sh := range base.Shocks {
				if sh.Name == m.Shock {
					k = j
				}
			}
			if k < 0 {
				return nil, fmt.Errorf("marker[%d].shock = %q: no shock of that name in the base scenario", i, m.Shock)
			}
			sh := base.Shocks[k]
			at = map[string]time.Time{"start": sh.Start, "end": sh.End}[m.At]
		}
		if at.IsZero() {
			return nil, fmt.Errorf("marker[%d] %q: no time (shock %q has no %s)", i, m.Label, m.Shock, m.At)
		}
		out = append(out, figure.Marker{X: float64(at.Unix()), Label: m.Label})
	}
	return out, nil
}

// sharesFigures draws the share of every group on every state it uses
// over time, one band per point.
func sharesFigures(_ study.FigureSpec, spec *study.Spec, a *study.Aggregate) ([]Figure, error) {
	base := a.Study.Points[0].Plan
	marks, err := markers(spec, base)
	if err != nil {
		return nil, err
	}
	var figs []Figure
	for g, gr := range base.Groups {
		for s, st := range base.States {
			key := study.Key{Kind: study.Share, Group: g, State: s}
			if !a.Used(key) {
				continue
			}
			what := "on " + st
			if st == model.None {
				what = "on none of the platforms"
			}
			figs = append(figs, Figure{"shares-" + gr.Name + "-" + st, &figure.Bands{
				Title:   fmt.Sprintf("%s agents %s", gr.Name, what),
				X:       report.DateLabel(base),
				Y:       fmt.Sprintf("share of %s agents (%%)", gr.Name),
				Series:  pointBands(a, key, tickTime, 100),
				Markers: marks, Dates: base.Start.Location(), Width: figure.Page,
			}})
		}
	}
	return figs, nil
}

// dailyJoinsFigures draws the report group's joins of each platform per
// day, one band per point.
func dailyJoinsFigures(_ study.FigureSpec, spec *study.Spec, a *study.Aggregate) ([]Figure, error) {
	base := a.Study.Points[0].Plan
	marks, err := markers(spec, base)
	if err != nil {
		return nil, err
	}
	var figs []Figure
	rep := base.Report.Group
	for s := 1; s < len(base.States); s++ {
		st := base.States[s]
		key := study.Key{Kind: study.DailyJoins, Group: base.ReportGroup, State: s}
		if !a.Used(key) {
			continue
		}
		figs = append(figs, Figure{"daily-joins-" + rep + "-" + st, &figure.Bands{
			Title:   fmt.Sprintf("%s agents joining %s per day", rep, st),
			X:       report.DateLabel(base),
			Y:       fmt.Sprintf("joins (%% of %s agents per day)", rep),
			Series:  pointBands(a, key, dayNoon, 100),
			Markers: marks, Dates: base.Start.Location(), Width: figure.Page,
		}})
	}
	return figs, nil
}

// retentionFigure draws the report group's retention of its peak excess
// on the destination, days after the peak, one band per point.
func retentionFigure(_ study.FigureSpec, _ *study.Spec, a *study.Aggregate) ([]Figure, error) {
	base := a.Study.Points[0].Plan
	perDay := float64(24 * time.Hour / base.Tick.D())
	return []Figure{{"retention", &figure.Bands{
		Title: fmt.Sprintf("%s newcomers staying on %s", base.Report.Group, base.Report.Destination),
		X:     fmt.Sprintf("days after the peak of %s's %s users", base.Report.Destination, base.Report.Group),
		Y:     "retention of the peak excess (%)",
		Series: pointBands(a, study.Key{Kind: study.Retention, Group: -1, State: -1}, func(*model.Plan) func(int) float64 {
			return func(i int) float64 { return float64(i) / perDay }
		}, 100),
	}}}, nil
}
