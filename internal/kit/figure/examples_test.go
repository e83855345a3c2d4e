package figure

import (
	"math"
	"time"

	"gonum.org/v1/plot/vg"
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
// four factors with error bars, one value NaN and one negative (a
// first-order estimate below 0, its interval across 0), as Sobol
// estimates of small indices are.
func testBars() *Bars {
	return &Bars{
		Title: "Sobol indices of the peak inflow", X: "weight", Y: "index",
		Categories: []string{"protest", "threat", "attention", "culture"},
		Groups: []BarGroup{
			{Label: "first order S", Values: []float64{0.5, -0.03, 0.05, math.NaN()}, Lo: []float64{0.4, -0.17, -0.02, math.NaN()}, Hi: []float64{0.6, 0.12, 0.12, math.NaN()}, Color: 0},
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

// testLogFlows is a 4×4 flow matrix where two cells dominate (about
// 900 per 1000, as in rednote-2025's baseline) and one is 0, on a log
// colour scale.
func testLogFlows() *Heatmap {
	nan := math.NaN()
	return &Heatmap{
		Title: "Moves of US agents", X: "to", Y: "from",
		XTicks: []string{"none", "TikTok", "RedNote", "Lemon8"}, YTicks: []string{"Lemon8", "RedNote", "TikTok", "none"},
		Z: [][]float64{
			{28.2, 73.4, 1.3, nan},
			{4.5, 20.6, nan, 0},
			{907.5, nan, 19.5, 74.9},
			{nan, 920.3, 6.8, 28.6},
		},
		Log: true, Scale: "moves per 1000 US agents", Annotate: "%.1f", NaNLabel: "–",
	}
}

// testPhase is a 3×4 phase diagram of means with the half-widths of
// their 95% intervals, one cell undefined.
func testPhase() *Heatmap {
	h := &Heatmap{
		Title: "Retention after 30 days", X: "ban duration", Y: "removal rate (%)",
		XTicks: []string{"14 h", "1 d", "7 d", "28 d"}, YTicks: []string{"5", "45", "90"},
		Z:         [][]float64{{23, 24, 27, 41}, {9, 9, 11, 27}, {-5, -4, math.NaN(), 10}},
		Err:       [][]float64{{14, 13, 14, 9}, {12, 13, 12, 11}, {10, 9, math.NaN(), 12}},
		Diverging: true, Annotate: "%.0f", Scale: "retention (%, mean of 4 runs)",
	}
	return h
}

// testDots compares two retention metrics across the five variants of
// rednote-2025, one undefined, one negative.
func testDots() *Dots {
	nan := math.NaN()
	return &Dots{
		Title: "Retention of the peak excess", X: "% of the peak excess",
		Categories: []string{"baseline", "no translation", "TikTok never restored", "crackdown from day 3", "US bans RedNote day 20"},
		Groups: []DotGroup{
			{Label: "after 7 days", Values: []float64{20.4, 4.9, nan, 12.1, 20.4}, Lo: []float64{18.7, 3.5, nan, 10.5, 18.7}, Hi: []float64{22.1, 6.3, nan, 13.7, 22.1}, Color: 0},
			{Label: "after 30 days", Values: []float64{21, -3.5, nan, 9.2, -25}, Lo: []float64{19.6, -5, nan, 7.5, -27}, Hi: []float64{22.4, -2, nan, 10.9, -23}, Color: 1},
		},
	}
}

// testDotsGrid is two panels of one group each, as the comparison of
// rednote-2025's summary metrics: one axis from 0, one fitted.
func testDotsGrid() *Grid {
	cats := []string{"baseline", "no translation", "TikTok never restored", "crackdown from day 3", "US bans RedNote day 20"}
	return &Grid{Title: "Counterfactuals: means and 95% intervals over 20 runs", Cols: 2, Height: 2 * vg.Inch, Panels: []Figure{
		&Dots{Title: "Peak daily inflow", X: "% of US agents in one day", Categories: cats,
			Groups: []DotGroup{{Values: []float64{0.185, 0.184, 0.184, 0.183, 0.185}, Lo: []float64{0.175, 0.173, 0.173, 0.172, 0.175}, Hi: []float64{0.196, 0.195, 0.195, 0.195, 0.196}}}},
		&Dots{Title: "Half-life of the decay", X: "days", Categories: cats, Fit: true,
			Groups: []DotGroup{{Values: []float64{1.86, 1.32, math.NaN(), 1.51, 1.86}, Lo: []float64{1.67, 1.25, math.NaN(), 1.41, 1.67}, Hi: []float64{2.05, 1.4, math.NaN(), 1.62, 2.05}}}},
	}}
}

// testCounts is an overlay of whole numbers over few ticks, as
// Granovetter's riot with 5 agents: integer ticks on both axes, the y
// axis from 0, and one Points series per style.
func testCounts() *Overlay {
	o := &Overlay{Title: "Adopters by tick", X: "tick", Y: "adopters (agents)", Width: Column, Height: 2 * vg.Inch}
	for i := range 4 {
		s := Series{Label: "thresholds " + string(rune('A'+i)), Style: Points, Color: i}
		for tick := range 6 {
			s.X, s.Y = append(s.X, float64(tick)), append(s.Y, float64(min(tick+1, 5-i)))
		}
		o.Series = append(o.Series, s)
	}
	o.Series = append(o.Series, Series{Label: "theory", X: []float64{0, 5}, Y: []float64{1, 5}, Style: Line, Color: 4})
	return o
}

// testCorner is a corner plot of 300 weighted points of three parameters:
// a and b correlated and narrow within their ranges, c (on a log scale)
// spread over its whole prior, the weights rising with a.
func testCorner() *Corner {
	c := &Corner{
		Title:  "Posterior",
		Params: []CornerParam{{Label: "a", Lo: 0, Hi: 1}, {Label: "b", Lo: -2, Hi: 2}, {Label: "c", Lo: 0.01, Hi: 10, Log: true}},
		Width:  4 * vg.Inch,
	}
	for i := range 300 {
		u := float64(i) / 300
		a := 0.4 + 0.2*math.Sin(7*u)
		c.Points = append(c.Points, []float64{a, 2*a - 1 + 0.1*math.Cos(11*u), math.Pow(10, -2+3*u)})
		c.Weights = append(c.Weights, 0.5+a)
	}
	return c
}
