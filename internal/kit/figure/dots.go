package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Dots is a figure comparing estimates across categories (variants): a
// dot at each point estimate and a line across its 95% interval, the
// categories from top to bottom, the values along x. Positions on a
// common scale are read more exactly than the lengths of bars (Cleveland
// & McGill 1984, "Graphical perception", JASA 79:531–554), and intervals
// that overlap are seen at once. Several groups (e.g. metrics of one unit
// or estimators) sit side by side within a category, each with its own
// colour and shape.
type Dots struct {
	Title string
	// X labels the values' axis, with units; Y the categories' axis (may
	// be empty when the categories speak for themselves).
	X, Y       string
	Categories []string
	Groups     []DotGroup
	// Fit fits the value axis to the data and intervals; by default it
	// reaches 0, as the axis of a count or a share should. A line marks
	// 0 whenever it is within the axis.
	Fit bool
	// Integer ticks the value axis at whole numbers only; it is
	// automatic when every value and bound is whole.
	Integer bool
	// Width and Height default to Column and, for the categories, 0.2 in
	// each plus 0.1 in per group, plus DotsMargin.
	Width, Height vg.Length
}

// DotGroup is one estimate per category: Values the point estimates, Lo
// and Hi, if not nil, the bounds of their 95% intervals, all of the
// categories' length. A NaN value shows "n/a" in the group's colour at
// the left, a NaN bound leaves its interval out.
type DotGroup struct {
	Label          string
	Values, Lo, Hi []float64
	// Color indexes the styles: colour Color(i) and shape Glyph(i).
	Color int
}

// DotsMargin is the default height of a Dots figure beyond its
// categories' rows: title, axis and legend.
const DotsMargin = 0.9 * vg.Inch

// dotShare is the share of a category's row its groups' dots spread
// over, so that the gap between categories is wider than within one.
const dotShare = 0.4

// Size returns the figure's width and height.
func (d *Dots) Size() (w, h vg.Length) {
	row := 0.2*vg.Inch + 0.1*vg.Inch*vg.Length(len(d.Groups))
	return sized(d.Width, d.Height, Column, vg.Length(len(d.Categories))*row+DotsMargin)
}

// dots draws one group: category i's dot at i + offset on the category
// axis (one unit per category) and its interval across.
type dots struct {
	g      DotGroup
	offset float64
	glyph  draw.GlyphStyle
	line   draw.LineStyle
}

func (d *dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, v := range d.g.Values {
		y := trY(float64(i) + d.offset)
		if lo, hi := at(d.g.Lo, i), at(d.g.Hi, i); !math.IsNaN(lo) && !math.IsNaN(hi) {
			c.StrokeLines(d.line, c.ClipLinesX([]vg.Point{{X: trX(lo), Y: y}, {X: trX(hi), Y: y}})...)
		}
		if math.IsNaN(v) {
			// Say that the value is missing rather than leave a gap.
			sty := p.Y.Tick.Label
			sty.Font.Size = tickSize
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
			sty.Color = d.glyph.Color
			c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(2), Y: y}, "n/a")
			continue
		}
		c.DrawGlyph(d.glyph, vg.Point{X: trX(v), Y: y})
	}
}

// DataRange covers the categories' rows and the values and bounds.
func (d *dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for i, v := range d.g.Values {
		for _, w := range []float64{v, at(d.g.Lo, i), at(d.g.Hi, i)} {
			if !math.IsNaN(w) {
				xmin, xmax = math.Min(xmin, w), math.Max(xmax, w)
			}
		}
	}
	if math.IsInf(xmin, 1) {
		xmin, xmax = 0, 1
	}
	return xmin, xmax, -0.5, float64(len(d.g.Values)) - 0.5
}

// Thumbnail draws the group's interval and dot for the legend.
func (d *dots) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(d.line, c.Min.X, y, c.Max.X, y)
	c.DrawGlyph(d.glyph, c.Center())
}

// Draw draws the figure on c, its legend below it when there is more
// than one group.
func (d *Dots) Draw(c draw.Canvas) error {
	n := len(d.Categories)
	if n == 0 || len(d.Groups) == 0 {
		return fmt.Errorf("figure %q: no categories or no groups", d.Title)
	}
	p := newPlot(d.Title, d.X, d.Y)
	p.Add(gridLines())
	k := float64(len(d.Groups))
	var entries []entry
	var values [][]float64
	for gi, g := range d.Groups {
		if len(g.Values) != n || g.Lo != nil && len(g.Lo) != n || g.Hi != nil && len(g.Hi) != n || (g.Lo == nil) != (g.Hi == nil) {
			return fmt.Errorf("figure %q: group %d (%s) has %d values, %d lo and %d hi for %d categories", d.Title, gi, g.Label, len(g.Values), len(g.Lo), len(g.Hi), n)
		}
		for i, v := range g.Values {
			lo, hi := at(g.Lo, i), at(g.Hi, i)
			if math.IsInf(v, 0) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				return fmt.Errorf("figure %q: group %s, category %s: value %v in [%v, %v], want finite or NaN", d.Title, g.Label, d.Categories[i], v, lo, hi)
			}
			if lo > hi {
				return fmt.Errorf("figure %q: group %s, category %s: interval [%v, %v], want lo ≤ hi", d.Title, g.Label, d.Categories[i], lo, hi)
			}
		}
		values = append(values, g.Values, g.Lo, g.Hi)
		offset := 0.0
		if k > 1 {
			offset = (float64(gi)/(k-1) - 0.5) * dotShare
		}
		ds := &dots{g: g, offset: offset, glyph: glyphStyle(g.Color), line: draw.LineStyle{Color: Color(g.Color), Width: vg.Points(1.2)}}
		ds.glyph.Radius = vg.Points(2.2)
		p.Add(ds)
		entries = append(entries, entry{g.Label, []plot.Thumbnailer{ds}})
	}
	if len(d.Groups) == 1 {
		entries = nil
	}
	p.Add(zeroLine{horizontal: true})
	p.X.Tick.Marker = numTicks{d.Integer || whole(values...)}
	if !d.Fit {
		fromZero(&p.X)
	}
	// valuePad of the value range on each side, so that no dot sits on
	// the frame.
	pad := (p.X.Max - p.X.Min) * valuePad
	p.X.Min, p.X.Max = p.X.Min-pad, p.X.Max+pad
	if !d.Fit && p.X.Min+pad == 0 {
		p.X.Min = 0 // the axis starts at 0, not below it
	}
	p.NominalY(d.Categories...)
	p.Y.Scale = plot.InvertedScale{Normalizer: p.Y.Scale}
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	// Rows of categories, no ticks between them.
	p.Y.Tick.Length = 0
	drawPlot(p, legendStrip(c, entries))
	return nil
}
