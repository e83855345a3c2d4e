package figure

import (
	"fmt"
	"image/color"
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
	// Color indexes the palette (see Color).
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

// Size returns the figure's width and height.
func (b *Bands) Size() (w, h vg.Length) { return sized(b.Width, b.Height, Column, BandsHeight) }

// Draw draws the figure on c, its legend below it.
func (b *Bands) Draw(c draw.Canvas) error {
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
	var entries []entry
	var lines []plot.Plotter
	for i, s := range b.Series {
		n := len(s.X)
		if len(s.Y) != n || s.Lo != nil && len(s.Lo) != n || s.Hi != nil && len(s.Hi) != n || (s.Lo == nil) != (s.Hi == nil) {
			return fmt.Errorf("figure %q: series %d (%s) has %d x, %d y, %d lo and %d hi values", b.Title, i, s.Label, n, len(s.Y), len(s.Lo), len(s.Hi))
		}
		col := Color(s.Color)
		line := draw.LineStyle{Color: col, Width: vg.Points(1)}
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
			band := &plotter.Polygon{Color: translucent(col, bandAlpha)}
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
		for _, seg := range segments(n, func(j int) bool { return ok(s.X[j], s.Y[j]) }) {
			xys := make(plotter.XYs, len(seg))
			for k, j := range seg {
				xys[k] = plotter.XY{X: s.X[j], Y: s.Y[j]}
			}
			l := &plotter.Line{XYs: xys, LineStyle: line}
			lines = append(lines, l)
			if first == nil {
				first = l
			}
		}
		if first == nil {
			first = &plotter.Line{LineStyle: line}
		}
		entries = append(entries, entry{s.Label, append(thumbs, first)})
	}
	p.Add(lines...) // lines over every band
	if b.Dates != nil {
		// Whole days on the axis.
		p.X.Min, p.X.Max = midnight(p.X.Min, b.Dates, false), midnight(p.X.Max, b.Dates, true)
	}
	area := legendStrip(c, entries)
	// The title's size sets the data area's height, which the markers
	// need: fit it first.
	fitTitle(&p.Title.TextStyle, p.Title.Text, area.Max.X-area.Min.X)
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

// markers draws labelled vertical lines. Labels sit in rows at the top
// of the data area, each just right of its line, in the first row where
// it overlaps no other label; the y axis is raised so that the rows are
// above the data.
type markers struct {
	list []Marker
	row  []int  // row of each label, 0 at the top
	left []bool // the label is left of its line (it would pass the right edge)
	sty  draw.TextStyle
}

var markerLine = draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(1.5)}}

// newMarkers lays out the labels of list for the plot p drawn in area,
// whose axes' ranges are set, and raises p's y maximum to make room.
func newMarkers(p *plot.Plot, area draw.Canvas, list []Marker) (*markers, error) {
	m := &markers{list: list, row: make([]int, len(list)), left: make([]bool, len(list))}
	m.sty = p.Y.Tick.Label
	m.sty.Font.Size = tickSize
	m.sty.XAlign, m.sty.YAlign = draw.XLeft, draw.YTop
	for i, mk := range list {
		if math.IsNaN(mk.X) || math.IsInf(mk.X, 0) {
			return nil, fmt.Errorf("marker %d (%s) at x = %v, want finite", i, mk.Label, mk.X)
		}
	}
	dc := p.DataCanvas(area)
	trX, _ := p.Transforms(&dc)
	type span struct{ lo, hi vg.Length }
	var rows [][]span
	pad := vg.Points(1.5)
	for i, mk := range list {
		if mk.X < p.X.Min || mk.X > p.X.Max {
			continue
		}
		x := trX(mk.X)
		w := pad + m.sty.Rectangle(mk.Label).Size().X + pad
		s := span{x, x + w}
		if s.hi > dc.Max.X {
			s, m.left[i] = span{x - w, x}, true
		}
		r := 0
		for ; r < len(rows); r++ {
			free := true
			for _, o := range rows[r] {
				if s.lo < o.hi && o.lo < s.hi {
					free = false
					break
				}
			}
			if free {
				break
			}
		}
		if r == len(rows) {
			rows = append(rows, nil)
		}
		rows[r] = append(rows[r], s)
		m.row[i] = r
	}
	// Raise y so that the data end rows·rowH below the top: the data's
	// share of the height is (H − band)/H.
	h := dc.Max.Y - dc.Min.Y
	band := vg.Length(len(rows))*m.rowH() + pad
	if band >= h/2 {
		return nil, fmt.Errorf("%d rows of marker labels need %.0f pt of a data area %.0f pt high", len(rows), band.Points(), h.Points())
	}
	f := float64(h / (h - band))
	if _, isLog := p.Y.Scale.(plot.LogScale); isLog {
		lo, hi := math.Log(p.Y.Min), math.Log(p.Y.Max)
		p.Y.Max = math.Exp(lo + (hi-lo)*f)
	} else {
		p.Y.Max = p.Y.Min + (p.Y.Max-p.Y.Min)*f
	}
	return m, nil
}

func (m *markers) rowH() vg.Length { return m.sty.Rectangle("Xg").Size().Y }

// Plot draws the lines and labels of the markers within the x range.
func (m *markers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	in := func(mk Marker) bool { return mk.X >= p.X.Min && mk.X <= p.X.Max }
	for _, mk := range m.list {
		if in(mk) {
			x := trX(mk.X)
			c.StrokeLine2(markerLine, x, c.Min.Y, x, c.Max.Y)
		}
	}
	// Labels after every line, so that their boxes hide the lines.
	for i, mk := range m.list {
		if !in(mk) {
			continue
		}
		x := trX(mk.X)
		y := c.Max.Y - vg.Length(m.row[i])*m.rowH()
		sty, at := m.sty, x+vg.Points(1.5)
		if m.left[i] {
			sty.XAlign, at = draw.XRight, x-vg.Points(1.5)
		}
		// A white box under the label hides the lines it crosses.
		r := sty.Rectangle(mk.Label)
		r.Min, r.Max = r.Min.Add(vg.Point{X: at, Y: y}), r.Max.Add(vg.Point{X: at, Y: y})
		c.FillPolygon(color.White, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
		c.FillText(sty, vg.Point{X: at, Y: y}, mk.Label)
	}
}
