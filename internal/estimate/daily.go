package estimate

import (
	"math"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/target"
)

// DailyRow is one day of a series' posterior predictive band, in users.
type DailyRow struct {
	Quantity string      `parquet:"quantity"`
	Group    string      `parquet:"group_name"`
	Platform string      `parquet:"platform"`
	Day      output.Date `parquet:"day"`
	Q05      float64     `parquet:"q05"`
	Median   float64     `parquet:"median"`
	Q95      float64     `parquet:"q95"`
}

// dailyRows returns the bands of every series the targets file reads,
// day by day: bands holds them one series after another, len(days) each.
func dailyRows(refs []target.SeriesRef, days []output.Date, bands []calibrate.Band) []DailyRow {
	rows := make([]DailyRow, 0, len(refs)*len(days))
	for s, ref := range refs {
		for d, day := range days {
			b := bands[s*len(days)+d]
			rows = append(rows, DailyRow{ref.Quantity, ref.Group, ref.Platform, day, b.Q05, b.Q50, b.Q95})
		}
	}
	return rows
}

// dailyFigure draws, a panel per series, the posterior predictive median
// and 90% band in millions of users against the data rows that measure
// the series' level (targets' [[level]]: drawn, never fitted; suspect rows
// apart), with a marker where the fit window ends: what lies after it is
// predicted. Days are drawn at noon in loc, the zone of the run's days.
func dailyFigure(rows []DailyRow, levels []target.LevelRows, fitEnd string, loc *time.Location) figure.Figure {
	const million = 1e6
	at := func(day string) float64 {
		d, _ := time.ParseInLocation(time.DateOnly, day, loc)
		return float64(d.Add(12 * time.Hour).Unix())
	}
	first, last := rows[0].Day.String(), rows[len(rows)-1].Day.String()
	g := &figure.Grid{Title: "Posterior predictive daily series (median, 90% band) against the data's levels", Cols: 2}
	for i := 0; i < len(rows); {
		ref := target.SeriesRef{Quantity: rows[i].Quantity, Group: rows[i].Group, Platform: rows[i].Platform}
		model := figure.Band{Label: "model (posterior predictive)", Color: 0}
		for ; i < len(rows) && rows[i].Quantity == ref.Quantity && rows[i].Group == ref.Group && rows[i].Platform == ref.Platform; i++ {
			r := rows[i]
			model.X = append(model.X, at(r.Day.String()))
			model.Y = append(model.Y, r.Median/million)
			model.Lo = append(model.Lo, r.Q05/million)
			model.Hi = append(model.Hi, r.Q95/million)
		}
		panel := &figure.Bands{
			Title: ref.Platform + " " + ref.Quantity + ", " + ref.Group, X: "", Y: "millions", Dates: loc,
			Series:  []figure.Band{model},
			Markers: []figure.Marker{{X: at(fitEnd) + 12*3600, Label: "fit ends"}},
		}
		measured := figure.Band{Label: "data", Color: 1}
		suspect := figure.Band{Label: "data flagged suspect", Color: 3}
		for _, l := range levels {
			if l.Series != ref {
				continue
			}
			for _, r := range l.Rows {
				if r.Date < first || r.Date > last {
					continue
				}
				b := &measured
				if r.Kind == target.Suspect {
					b = &suspect
				}
				// A NaN between points leaves them unjoined.
				if len(b.X) > 0 {
					b.X, b.Y = append(b.X, at(r.Date)), append(b.Y, math.NaN())
				}
				b.X, b.Y = append(b.X, at(r.Date)), append(b.Y, r.Value/million)
			}
		}
		for _, b := range []figure.Band{measured, suspect} {
			if len(b.X) > 0 {
				panel.Series = append(panel.Series, b)
			}
		}
		g.Panels = append(g.Panels, panel)
	}
	return g
}
