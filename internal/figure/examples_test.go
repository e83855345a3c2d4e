package figure

import (
	"math"
	"time"
)

// testBands is a Bands figure over 30 days of January 2025 in UTC−5: two
// noisy logistic-like curves with bands, one broken by a NaN, a third
// identical to the first (drawn once, named in the first's legend entry),
// and the markers of rednote-2025: blackout, restore and translation
// within 14 hours (restore and translation 1 hour apart share a label),
// so that their labels take rows.
func testBands() *Bands {
	est := time.FixedZone("UTC-5", -5*3600)
	start := time.Date(2025, 1, 6, 0, 0, 0, 0, est)
	var a, b Band
	a = Band{Label: "baseline", Color: 0}
	b = Band{Label: "no translation", Color: 1}
	for h := 0; h <= 30*24; h += 6 {
		x := float64(start.Add(time.Duration(h) * time.Hour).Unix())
		d := float64(h) / 24
		ya := 0.2 + 0.5/(1+math.Exp(12-d))
		yb := 0.2 + 0.3/(1+math.Exp(13-d))
		w := 0.02 + 0.01*math.Sin(d)
		a.X, a.Y, a.Lo, a.Hi = append(a.X, x), append(a.Y, ya), append(a.Lo, ya-w), append(a.Hi, ya+w)
		if h == 20*24 {
			yb = math.NaN()
		}
		b.X, b.Y, b.Lo, b.Hi = append(b.X, x), append(b.Y, yb), append(b.Lo, yb-w), append(b.Hi, yb+w)
	}
	mark := func(s, label string) Marker {
		v, _ := time.Parse(time.RFC3339, s)
		return Marker{X: float64(v.Unix()), Label: label}
	}
	c := a
	c.Label, c.Color = "crackdown from day 3", 2
	return &Bands{
		Title: "Share on RedNote", X: "date in 2025 (UTC−5)", Y: "share of US agents (%)",
		Series: []Band{a, b, c},
		Markers: []Marker{
			mark("2025-01-10T10:00:00-05:00", "ban threat"), mark("2025-01-13T00:00:00-05:00", "RedNote #1"),
			mark("2025-01-14T00:00:00-05:00", "crackdown (cf.)"), mark("2025-01-18T22:30:00-05:00", "blackout"),
			mark("2025-01-19T12:30:00-05:00", "restore"), mark("2025-01-19T13:30:00-05:00", "translation"),
			mark("2025-02-04T12:00:00-05:00", "back in stores"),
		},
		Dates: est,
	}
}

// testHeatmap is a 4×5 diverging heatmap with one NaN cell, annotated.
func testHeatmap() *Heatmap {
	z := make([][]float64, 4)
	for r := range z {
		z[r] = make([]float64, 5)
		for c := range z[r] {
			z[r][c] = 0.6*float64(c)/4 - 0.3*float64(r)/3
		}
	}
	z[2][1] = math.NaN()
	return &Heatmap{
		Title: "Retention at 30 days", X: "ban duration", Y: "removal rate of US content",
		XTicks: []string{"14 h", "1 d", "4 d", "14 d", "28 d"}, YTicks: []string{"0.05", "0.3", "0.6", "0.9"},
		Z: z, Diverging: true, Scale: "retention of the peak excess", Annotate: "%.2f",
	}
}

// testBars is a chart of two groups (first-order and total indices) over
// four factors with error bars, one value NaN.
func testBars() *Bars {
	return &Bars{
		Title: "Sobol indices of the peak inflow", X: "weight", Y: "index",
		Categories: []string{"protest", "threat", "attention", "culture"},
		Groups: []BarGroup{
			{Label: "first order S", Values: []float64{0.5, 0.2, 0.05, math.NaN()}, Lo: []float64{0.4, 0.1, -0.02, math.NaN()}, Hi: []float64{0.6, 0.3, 0.12, math.NaN()}, Color: 0},
			{Label: "total ST", Values: []float64{0.6, 0.25, 0.1, 0.01}, Lo: []float64{0.5, 0.2, 0.05, 0}, Hi: []float64{0.7, 0.3, 0.15, 0.02}, Color: 2},
		},
	}
}

// testHBars is a horizontal chart of one group: metrics by variant.
func testHBars() *Bars {
	return &Bars{
		Title: "Retention at 30 days", X: "variant", Y: "retention of the peak excess",
		Categories: []string{"baseline", "no translation", "TikTok never restored"},
		Groups:     []BarGroup{{Values: []float64{0.1, 0.05, -0.1}, Lo: []float64{0.08, 0.02, -0.15}, Hi: []float64{0.12, 0.08, -0.05}}},
		Horizontal: true,
	}
}

// testGrid is two panels side by side.
func testGrid() *Grid {
	return &Grid{Title: "Two panels", Cols: 2, Panels: []Figure{testHBars(), testBars()}}
}

// testFlows is a sequential 3×3 heatmap with a NaN diagonal.
func testFlows() *Heatmap {
	nan := math.NaN()
	return &Heatmap{
		Title: "Moves", X: "to", Y: "from",
		XTicks: []string{"none", "A", "B"}, YTicks: []string{"B", "A", "none"},
		Z:     [][]float64{{3, 40, nan}, {12, nan, 0.5}, {nan, 25, 1}},
		Scale: "moves per 1000 agents", Annotate: "%.1f", NaNLabel: "–",
	}
}
