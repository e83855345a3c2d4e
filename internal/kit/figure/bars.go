package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars is a bar chart of values by category, in one or more groups of
// bars side by side, each bar with an error bar (a 95% confidence
// interval).
type Bars struct {
	Title string
	// X labels the categories' axis and Y the values' axis, with units.
	X, Y       string
	Categories []string
	Groups     []BarGroup
	// Horizontal lays the categories along the y axis, top to bottom.
	Horizontal bool
	// Integer ticks the value axis at whole numbers only; it is
	// automatic when every value and bound is whole. The value axis
	// always reaches 0, where bars start.
	Integer bool
	// Width and Height default to Column and BarsHeight.
	Width, Height vg.Length
}

// BarGroup is one bar per category; Lo and Hi, if not nil, bound its error
// bars. A NaN value shows "n/a" in place of its bar, a NaN bound leaves
// its error bar out. A negative value is a bar down from 0, drawn with
// its error bar like any other (Sobol estimates of small indices can be
// negative).
type BarGroup struct {
	Label          string
	Values, Lo, Hi []float64
	// Color indexes the palette (see Color). The bars of every other
	// group (the second, fourth, …) are hatched as well, so that groups
	// differ in greyscale.
	Color int
}

// BarsHeight is the default height of a Bars figure.
const BarsHeight = 2.4 * vg.Inch

// barShare is the share of a category's slot its bars take together.
const barShare = 0.8

// Size returns the figure's width and height.
func (b *Bars) Size() (w, h vg.Length) { return sized(b.Width, b.Height, Column, BarsHeight) }

// bars draws one group: category i's bar spans i + offset ± width/2 on the
// category axis (one unit per category) and 0…value on the value axis.
type bars struct {
	g             BarGroup
	offset, width float64
	horizontal    bool
	fill          color.Color
	edge, whisker draw.LineStyle
	hatch         bool
}

// hatchGap is the distance between the lines of a hatch, in points,
// measured along an axis.
const hatchGap = 3

// hatchBox strokes lines at 45° across the rectangle from a to b (any two
// opposite corners), hatchGap apart.
func hatchBox(c draw.Canvas, sty draw.LineStyle, a, b vg.Point) {
	x0, x1 := min(a.X, b.X), max(a.X, b.X)
	y0, y1 := min(a.Y, b.Y), max(a.Y, b.Y)
	// Lines y = x + k, k on a grid anchored at 0 so that neighbouring
	// bars' hatches line up.
	gap := vg.Points(hatchGap)
	for k := vg.Length(math.Ceil(float64((y0-x1)/gap))) * gap; k < y1-x0; k += gap {
		lo, hi := max(x0, y0-k), min(x1, y1-k)
		if hi > lo {
			c.StrokeLine2(sty, lo, lo+k, hi, hi+k)
		}
	}
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := func(cat, v float64) vg.Point {
		if b.horizontal {
			return vg.Point{X: trX(v), Y: trY(cat)}
		}
		return vg.Point{X: trX(cat), Y: trY(v)}
	}
	cap := b.width / 4
	for i, v := range b.g.Values {
		at := float64(i) + b.offset
		if !math.IsNaN(v) {
			box := []vg.Point{pt(at-b.width/2, 0), pt(at+b.width/2, 0), pt(at+b.width/2, v), pt(at-b.width/2, v)}
			c.FillPolygon(b.fill, c.ClipPolygonXY(box))
			if b.hatch {
				hatchBox(c, b.edge, box[0], box[2])
			}
			c.StrokeLines(b.edge, c.ClipLinesXY(append(box, box[0]))...)
		}
		if math.IsNaN(v) {
			// Say that the value is missing rather than 0.
			sty := p.Y.Tick.Label
			sty.Font.Size = tickSize
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
			if !b.horizontal {
				sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			}
			c.FillText(sty, pt(at, 0), " n/a")
		}
		if b.g.Lo == nil || math.IsNaN(b.g.Lo[i]) || math.IsNaN(b.g.Hi[i]) {
			continue
		}
		lo, hi := b.g.Lo[i], b.g.Hi[i]
		c.StrokeLines(b.whisker, []vg.Point{pt(at, lo), pt(at, hi)})
		c.StrokeLines(b.whisker, []vg.Point{pt(at-cap, lo), pt(at+cap, lo)})
		c.StrokeLines(b.whisker, []vg.Point{pt(at-cap, hi), pt(at+cap, hi)})
	}
}

// DataRange covers the categories' slots and the values, bounds and 0.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	vmin, vmax := 0.0, 0.0
	for i, v := range b.g.Values {
		for _, w := range []float64{v, at(b.g.Lo, i), at(b.g.Hi, i)} {
			if !math.IsNaN(w) {
				vmin, vmax = math.Min(vmin, w), math.Max(vmax, w)
			}
		}
	}
	cmin, cmax := -0.5, float64(len(b.g.Values))-0.5
	if b.horizontal {
		return vmin, vmax, cmin, cmax
	}
	return cmin, cmax, vmin, vmax
}

// valuePad is the share of the value range added beyond the data on the
// sides away from 0.
const valuePad = 0.05

// at returns s[i], or NaN if s is nil.
func at(s []float64, i int) float64 {
	if s == nil {
		return math.NaN()
	}
	return s[i]
}

// Thumbnail draws a filled square for the legend.
func (b *bars) Thumbnail(c *draw.Canvas) {
	box := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
	c.FillPolygon(b.fill, box)
	if b.hatch {
		hatchBox(*c, b.edge, c.Min, c.Max)
	}
	c.StrokeLines(b.edge, append(box, box[0]))
}

// Draw draws the chart on c, its legend below it when there is more than
// one group.
func (b *Bars) Draw(c draw.Canvas) error {
	n := len(b.Categories)
	if n == 0 || len(b.Groups) == 0 {
		return fmt.Errorf("figure %q: no categories or no groups", b.Title)
	}
	x, y := b.X, b.Y
	if b.Horizontal {
		x, y = y, x
	}
	p := newPlot(b.Title, x, y)
	p.Add(gridLines())
	k := float64(len(b.Groups))
	width := barShare / k
	var entries []entry
	var values [][]float64
	for gi, g := range b.Groups {
		if len(g.Values) != n || g.Lo != nil && len(g.Lo) != n || g.Hi != nil && len(g.Hi) != n || (g.Lo == nil) != (g.Hi == nil) {
			return fmt.Errorf("figure %q: group %d (%s) has %d values, %d lo and %d hi for %d categories", b.Title, gi, g.Label, len(g.Values), len(g.Lo), len(g.Hi), n)
		}
		for i, v := range g.Values {
			if math.IsInf(v, 0) || math.IsInf(at(g.Lo, i), 0) || math.IsInf(at(g.Hi, i), 0) {
				return fmt.Errorf("figure %q: group %s, category %s: value %v in [%v, %v], want finite or NaN", b.Title, g.Label, b.Categories[i], v, at(g.Lo, i), at(g.Hi, i))
			}
		}
		values = append(values, g.Values, g.Lo, g.Hi)
		col := Color(g.Color)
		br := &bars{
			g: g, offset: (float64(gi) - (k-1)/2) * width, width: width, horizontal: b.Horizontal,
			fill: translucent(col, 150), edge: draw.LineStyle{Color: col, Width: vg.Points(0.6)},
			whisker: draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)},
			hatch:   gi%2 == 1,
		}
		p.Add(br)
		entries = append(entries, entry{g.Label, []plot.Thumbnailer{br}})
	}
	if len(b.Groups) == 1 {
		entries = nil
	}
	p.Add(zeroLine{b.Horizontal})
	// valuePad of the value range beyond the data, away from 0, so that
	// caps are not cut.
	ax := &p.Y
	if b.Horizontal {
		ax = &p.X
	}
	ax.Tick.Marker = numTicks{b.Integer || whole(values...)}
	pad := (ax.Max - ax.Min) * valuePad
	if ax.Min < 0 {
		ax.Min -= pad
	}
	if ax.Max > 0 {
		ax.Max += pad
	}
	if b.Horizontal {
		p.NominalY(b.Categories...)
		p.Y.Scale = plot.InvertedScale{Normalizer: p.Y.Scale}
		p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	} else {
		p.NominalX(b.Categories...)
		p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	}
	drawPlot(p, legendStrip(c, entries))
	return nil
}

// zeroLine marks 0 on the value axis of a bar chart, where bars start.
type zeroLine struct{ horizontal bool }

func (z zeroLine) Plot(c draw.Canvas, p *plot.Plot) {
	sty := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	trX, trY := p.Transforms(&c)
	if z.horizontal {
		if p.X.Min < 0 && p.X.Max > 0 {
			c.StrokeLine2(sty, trX(0), c.Min.Y, trX(0), c.Max.Y)
		}
		return
	}
	if p.Y.Min < 0 && p.Y.Max > 0 {
		c.StrokeLine2(sty, c.Min.X, trY(0), c.Max.X, trY(0))
	}
}
