package figure

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bands is a figure of lines, each with an optional band (a 95%
// confidence interval), over calendar time or another x, with labelled
// vertical markers (shocks).
//
// Series whose lines coincide (see Coincide) are drawn once, under one
// legend entry that names them all, so that no variant seems missing:
// "baseline = no translation" when the values are equal, "baseline ≈ no
// translation" when they differ by less than Coincide.
type Bands struct {
	Title string
	// X and Y label the axes, with units.
	X, Y   string
	Series []Band
	// Markers are labelled vertical lines, e.g. shocks.
	Markers []Marker
	// Dates, when not nil, makes x a calendar time in Unix seconds,
	// ticked by day in this zone.
	Dates *time.Location
	// LogY draws y on a log scale; values ≤ 0 are left out.
	LogY bool
	// Fit fits a linear y axis to the data; by default it reaches 0, as
	// the axis of a count or a share should.
	Fit bool
	// IntegerX and IntegerY tick the axis at whole numbers only; each is
	// automatic when every value on its axis is whole. IntegerX is
	// ignored on a date axis.
	IntegerX, IntegerY bool
	// Width and Height default to Column and BandsHeight.
	Width, Height vg.Length
}

// Band is one line of a Bands figure and its band.
type Band struct {
	Label string
	// X and Y are the line's points; Lo and Hi, if not nil, bound its
	// band, all of the same length. A point with a NaN coordinate breaks
	// the line, a NaN bound the band.
	X, Y, Lo, Hi []float64
	// Color indexes the styles: colour Color(i) and dashes Dashes(i),
	// and shape Glyph(i) at each point of a line of at most 40 points.
	Color int
}

// Marker is a labelled vertical line at X.
type Marker struct {
	X     float64
	Label string
}

// BandsHeight is the default height of a Bands figure.
const BandsHeight = 2.6 * vg.Inch

// bandAlpha is the opacity of a band's fill (of 255).
const bandAlpha = 56

// Coincide is the largest difference, as a share of the y axis's range
// (the data's, widened to 0 unless Fit or LogY), at which two lines count
// as one: 0.5%, less than a 1 pt line covers of a plot 2 in (144 pt)
// high (0.7%), so that lines this close look like one line. Lines
// coincide when they have the same x values, the same NaN points and y
// values within Coincide everywhere (on a log axis, log y values).
const Coincide = 5e-3

// Size returns the figure's width and height.
func (b *Bands) Size() (w, h vg.Length) { return sized(b.Width, b.Height, Column, BandsHeight) }

// coincident returns, for each series, the index of the first series
// whose line coincides with it (itself if none), so that series i is
// drawn only when same[i] == i, and whether its y values equal that
// series' exactly.
func (b *Bands) coincident() (same []int, exact []bool) {
	f := func(y float64) float64 {
		if b.LogY {
			if y > 0 {
				return math.Log10(y)
			}
			return math.NaN()
		}
		return y
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range b.Series {
		for _, y := range s.Y {
			if v := f(y); !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if !b.Fit && !b.LogY {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	tol := Coincide * (hi - lo)
	if !(tol >= 0) {
		tol = 0
	}
	same, exact = make([]int, len(b.Series)), make([]bool, len(b.Series))
	for i, s := range b.Series {
		same[i], exact[i] = i, true
	search:
		for j := range i {
			t := b.Series[j]
			if same[j] != j || len(t.X) != len(s.X) {
				continue
			}
			for k := range s.X {
				u, v := f(s.Y[k]), f(t.Y[k])
				okU, okV := !math.IsNaN(u) && !math.IsInf(u, 0), !math.IsNaN(v) && !math.IsInf(v, 0)
				if s.X[k] != t.X[k] || okU != okV || okU && math.Abs(u-v) > tol {
					continue search
				}
			}
			same[i] = j
			for k := range s.Y {
				if u, v := f(s.Y[k]), f(t.Y[k]); u != v && !(math.IsNaN(u) && math.IsNaN(v)) {
					exact[i] = false
				}
			}
			break
		}
	}
	return same, exact
}

// Draw draws the figure on c, its legend below it.
func (b *Bands) Draw(c draw.Canvas) error {
	p, area, err := b.plot(c)
	if err != nil {
		return err
	}
	if len(b.Markers) > 0 {
		m, err := newMarkers(p, area, b.Markers)
		if err != nil {
			return fmt.Errorf("figure %q: %w", b.Title, err)
		}
		p.Add(m)
	}
	drawPlot(p, area)
	return nil
}

// plot draws the legend in a strip at the bottom of c and returns the
// plot of the series, without markers, and the area above the strip
// where it is to be drawn, the title fitted to it.
func (b *Bands) plot(c draw.Canvas) (*plot.Plot, draw.Canvas, error) {
	p := newPlot(b.Title, b.X, b.Y)
	if b.Dates != nil {
		p.X.Tick.Marker = dateTicks{b.Dates}
	}
	if b.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	p.Add(gridLines())
	ok := func(x, y float64) bool {
		return !math.IsNaN(x) && !math.IsInf(x, 0) && !math.IsNaN(y) && !math.IsInf(y, 0) && (!b.LogY || y > 0)
	}
	for i, s := range b.Series {
		n := len(s.X)
		if len(s.Y) != n || s.Lo != nil && len(s.Lo) != n || s.Hi != nil && len(s.Hi) != n || (s.Lo == nil) != (s.Hi == nil) {
			return nil, c, fmt.Errorf("figure %q: series %d (%s) has %d x, %d y, %d lo and %d hi values", b.Title, i, s.Label, n, len(s.Y), len(s.Lo), len(s.Hi))
		}
	}
	same, exact := b.coincident()
	var entries []entry
	var lines []plot.Plotter
	var xs, ys [][]float64
	for i, s := range b.Series {
		if same[i] != i {
			continue
		}
		n := len(s.X)
		xs, ys = append(xs, s.X), append(ys, s.Y, s.Lo, s.Hi)
		line := lineStyle(s.Color)
		thumbs := []plot.Thumbnailer{}
		if s.Lo != nil {
			var rings []plotter.XYer
			for _, seg := range segments(n, func(j int) bool { return ok(s.X[j], s.Lo[j]) && ok(s.X[j], s.Hi[j]) }) {
				ring := make(plotter.XYs, 0, 2*len(seg))
				for _, j := range seg {
					ring = append(ring, plotter.XY{X: s.X[j], Y: s.Lo[j]})
				}
				for k := len(seg) - 1; k >= 0; k-- {
					ring = append(ring, plotter.XY{X: s.X[seg[k]], Y: s.Hi[seg[k]]})
				}
				rings = append(rings, ring)
			}
			band := &plotter.Polygon{Color: translucent(Color(s.Color), bandAlpha)}
			for _, r := range rings {
				xys, _ := plotter.CopyXYs(r)
				band.XYs = append(band.XYs, xys)
			}
			if len(band.XYs) > 0 {
				p.Add(band)
			}
			thumbs = append(thumbs, band)
		}
		var first *plotter.Line
		var all plotter.XYs
		for _, seg := range segments(n, func(j int) bool { return ok(s.X[j], s.Y[j]) }) {
			xys := make(plotter.XYs, len(seg))
			for k, j := range seg {
				xys[k] = plotter.XY{X: s.X[j], Y: s.Y[j]}
			}
			all = append(all, xys...)
			l := &plotter.Line{XYs: xys, LineStyle: line}
			lines = append(lines, l)
			if first == nil {
				first = l
			}
		}
		if first == nil {
			first = &plotter.Line{LineStyle: line}
		}
		thumbs = append(thumbs, first)
		if len(all) > 0 && len(all) <= fewPoints {
			sc := &plotter.Scatter{XYs: all, GlyphStyle: glyphStyle(s.Color)}
			lines = append(lines, sc)
			thumbs = append(thumbs, sc)
		}
		label := s.Label
		for j := i + 1; j < len(b.Series); j++ {
			if same[j] == i && exact[j] {
				label += " = " + b.Series[j].Label
			} else if same[j] == i {
				label += " ≈ " + b.Series[j].Label
			}
		}
		entries = append(entries, entry{label, thumbs})
	}
	p.Add(lines...) // lines over every band
	if b.Dates != nil {
		// Whole days on the axis.
		p.X.Min, p.X.Max = midnight(p.X.Min, b.Dates, false), midnight(p.X.Max, b.Dates, true)
	} else {
		p.X.Tick.Marker = numTicks{b.IntegerX || whole(xs...)}
	}
	if !b.LogY {
		p.Y.Tick.Marker = numTicks{b.IntegerY || whole(ys...)}
		if !b.Fit {
			fromZero(&p.Y)
		}
	}
	area := legendStrip(c, entries)
	// The title's size sets the data area's height, which the markers
	// need: fit it first.
	fitTitle(&p.Title.TextStyle, p.Title.Text, area.Max.X-area.Min.X)
	return p, area, nil
}

// midnight returns the last midnight in loc at or before the Unix time
// t, or with up the first at or after it.
func midnight(t float64, loc *time.Location, up bool) float64 {
	if math.IsInf(t, 0) || math.IsNaN(t) {
		return t
	}
	at := time.Unix(int64(math.Floor(t)), 0).In(loc)
	day := time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, loc)
	if up && float64(day.Unix()) < t {
		day = day.AddDate(0, 0, 1)
	}
	return float64(day.Unix())
}

// segments returns the runs of consecutive indices 0…n−1 where ok holds.
func segments(n int, ok func(int) bool) [][]int {
	var out [][]int
	var cur []int
	for j := range n {
		if ok(j) {
			cur = append(cur, j)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
