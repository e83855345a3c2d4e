package figure

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap is a figure of values on a grid of levels of two factors (a
// phase diagram, a flow matrix), coloured by value, with a colour bar.
type Heatmap struct {
	Title string
	// X and Y label the axes, with units; XTicks and YTicks name the
	// columns and rows, drawn evenly spaced whatever the levels.
	X, Y           string
	XTicks, YTicks []string
	// Z[r][c] is the value of row r (bottom to top) and column c; NaN
	// cells are drawn grey.
	Z [][]float64
	// Min and Max bound the colour scale, in Z's units; values outside
	// take its end colours. Both zero: the range of the finite values
	// (of the values > 0 with Log).
	Min, Max float64
	// Diverging colours the scale blue–white–red around 0 (the scale is
	// made symmetric about 0); otherwise it is sequential (white to blue).
	Diverging bool
	// Log makes the sequential scale logarithmic, for values where a few
	// cells dominate (flows): colour follows log10(value), the colour
	// bar is ticked at 1, 2 and 5 × 10^k in Z's units (widened to whole
	// decades when Min and Max are zero), and values ≤ 0 take the
	// lightest colour. Min, if set, must then be > 0; Log and
	// Diverging do not go together.
	Log bool
	// Scale labels the colour bar, with units.
	Scale string
	// Annotate, if not empty, is the format of the value printed in each
	// cell (e.g. "%.2f"), and NaNLabel what a NaN cell shows (default
	// "n/a").
	Annotate, NaNLabel string
	// Err, if not nil, is the half-width of each cell's 95% interval, in
	// Z's units and of Z's shape; with Annotate each cell shows "± half"
	// under its value, in the same format (nothing where Err is NaN), so
	// that a reader sees which neighbouring cells differ.
	Err [][]float64
	// Width and Height default to Column and HeatmapHeight.
	Width, Height vg.Length
}

// HeatmapHeight is the default height of a Heatmap.
const HeatmapHeight = 2.8 * vg.Inch

// heatColors is the number of colours of a heatmap's scale.
const heatColors = 64

// nanColor fills cells without a value.
var nanColor = color.Gray{Y: 170}

// Size returns the figure's width and height.
func (h *Heatmap) Size() (w, ht vg.Length) { return sized(h.Width, h.Height, Column, HeatmapHeight) }

// grid is the heatmap's values on integer coordinates.
type grid [][]float64

func (g grid) Dims() (c, r int)   { return len(g[0]), len(g) }
func (g grid) Z(c, r int) float64 { return g[r][c] }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }

// scaled returns v on the colour scale: v, or with Log log10(v) for
// v > 0 and −Inf (below every colour) for v ≤ 0. NaN stays NaN.
func (h *Heatmap) scaled(v float64) float64 {
	if !h.Log || math.IsNaN(v) {
		return v
	}
	if v <= 0 {
		return math.Inf(-1)
	}
	return math.Log10(v)
}

// scale returns the colour scale's range, on the scale (log10 of the
// values with Log), and colours.
func (h *Heatmap) scale() (lo, hi float64, pal []color.Color, err error) {
	lo, hi = h.Min, h.Max
	if lo == 0 && hi == 0 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, row := range h.Z {
			for _, v := range row {
				if !math.IsNaN(v) && !math.IsInf(v, 0) && (!h.Log || v > 0) {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
		if math.IsInf(lo, 1) {
			lo, hi = 0, 1
			if h.Log {
				lo, hi = 1, 10
			}
		}
	}
	if h.Log {
		if !(lo > 0 && hi > 0) {
			return 0, 0, nil, fmt.Errorf("log colour scale from %v to %v, want both > 0", lo, hi)
		}
		if h.Diverging {
			return 0, 0, nil, fmt.Errorf("a log colour scale cannot be diverging")
		}
		lo, hi = math.Log10(lo), math.Log10(hi)
		if h.Min == 0 && h.Max == 0 {
			// Whole decades, so that the bar ends on labelled ticks.
			lo, hi = math.Floor(lo), math.Ceil(hi)
		}
	}
	if h.Diverging {
		m := math.Max(math.Abs(lo), math.Abs(hi))
		lo, hi = -m, m
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	var cm palette.ColorMap
	if h.Diverging {
		cm = moreland.SmoothBlueRed()
	} else {
		// Dark blue to white by rising luminance, reversed: small values
		// light.
		cm, err = moreland.NewLuminance([]color.Color{color.NRGBA{R: 8, G: 29, B: 88, A: 255}, color.NRGBA{R: 33, G: 102, B: 172, A: 255}, color.NRGBA{R: 247, G: 251, B: 255, A: 255}})
		if err != nil {
			return 0, 0, nil, err
		}
		cm = palette.Reverse(cm)
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	return lo, hi, cm.Palette(heatColors).Colors(), nil
}

// Draw draws the heatmap on c with its colour bar at the right.
func (h *Heatmap) Draw(c draw.Canvas) error {
	rows := len(h.Z)
	if rows == 0 || len(h.Z[0]) == 0 {
		return fmt.Errorf("figure %q: no values", h.Title)
	}
	for r, row := range h.Z {
		if len(row) != len(h.Z[0]) {
			return fmt.Errorf("figure %q: row %d has %d values, row 0 has %d", h.Title, r, len(row), len(h.Z[0]))
		}
	}
	if len(h.XTicks) != len(h.Z[0]) || len(h.YTicks) != rows {
		return fmt.Errorf("figure %q: %d×%d values, %d x ticks and %d y ticks", h.Title, rows, len(h.Z[0]), len(h.XTicks), len(h.YTicks))
	}
	if h.Err != nil {
		if len(h.Err) != rows {
			return fmt.Errorf("figure %q: Err has %d rows, want %d like Z", h.Title, len(h.Err), rows)
		}
		for r, row := range h.Err {
			if len(row) != len(h.Z[0]) {
				return fmt.Errorf("figure %q: Err row %d has %d values, want %d like Z", h.Title, r, len(row), len(h.Z[0]))
			}
		}
	}
	// The values on the colour scale.
	z := make(grid, rows)
	for r, row := range h.Z {
		z[r] = make([]float64, len(row))
		for c, v := range row {
			z[r][c] = h.scaled(v)
		}
	}
	lo, hi, colors, err := h.scale()
	if err != nil {
		return fmt.Errorf("figure %q: %w", h.Title, err)
	}
	p := newPlot(h.Title, h.X, h.Y)
	p.NominalX(h.XTicks...)
	p.NominalY(h.YTicks...)
	hm := plotter.NewHeatMap(z, plainPalette(colors))
	hm.Min, hm.Max = lo, hi
	hm.Underflow, hm.Overflow, hm.NaN = colors[0], colors[len(colors)-1], nanColor
	p.Add(hm)
	if h.Annotate != "" {
		nan := h.NaNLabel
		if nan == "" {
			nan = "n/a"
		}
		p.Add(&cellText{z: h.Z, scaled: z, err: h.Err, format: h.Annotate, nan: nan, lo: lo, hi: hi, colors: colors})
	}
	bar := colorBar{lo: lo, hi: hi, colors: colors, log: h.Log}
	// The label runs along the bar: lines no longer than 3/4 of the
	// figure's height, about the bar's.
	bar.label = wrapText(h.Scale, bar.labelStyle(), (c.Max.Y-c.Min.Y)*3/4)
	right := c
	right.Min.X = c.Max.X - bar.width()
	left := c
	left.Max.X = right.Min.X
	drawPlot(p, left)
	dc := p.DataCanvas(left)
	right.Min.Y, right.Max.Y = dc.Min.Y, dc.Max.Y
	bar.draw(right)
	return nil
}

// wrapText breaks text at spaces into lines no wider than max in style sty
// (a word wider than max gets a line of its own).
func wrapText(text string, sty draw.TextStyle, max vg.Length) string {
	sty.Rotation = 0
	var lines []string
	for _, word := range strings.Fields(text) {
		if n := len(lines); n > 0 && sty.Width(lines[n-1]+" "+word) <= max {
			lines[n-1] += " " + word
		} else {
			lines = append(lines, word)
		}
	}
	return strings.Join(lines, "\n")
}

// plainPalette is a list of colours as a palette.Palette.
type plainPalette []color.Color

func (p plainPalette) Colors() []color.Color { return p }

// cellText prints each cell's value, and its interval's half-width below
// it if err is not nil, in a colour that reads on its fill.
type cellText struct {
	z, scaled, err [][]float64
	format, nan    string
	lo, hi         float64 // the colour scale's range, on the scale
	colors         []color.Color
}

// errSize is the font size of a cell's "± half", in points.
const errSize = 6

func (t *cellText) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := p.Y.Tick.Label
	sty.Font.Size = tickSize
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	small := sty
	small.Font.Size = errSize
	for r, row := range t.z {
		for col, v := range row {
			s := t.nan
			fill := color.Color(nanColor)
			if !math.IsNaN(v) {
				s = minus(fmt.Sprintf(t.format, v))
				// The colour plotter.HeatMap gives the cell.
				k := int(math.Round((t.scaled[r][col] - t.lo) * (float64(len(t.colors)-1) / (t.hi - t.lo))))
				if math.IsInf(t.scaled[r][col], -1) {
					k = 0
				}
				fill = t.colors[min(max(k, 0), len(t.colors)-1)]
			}
			sty.Color = color.Black
			if luminance(fill) < 0.45 {
				sty.Color = color.White
			}
			small.Color = sty.Color
			at := vg.Point{X: trX(float64(col)), Y: trY(float64(r))}
			if t.err == nil || math.IsNaN(v) || math.IsNaN(t.err[r][col]) {
				c.FillText(sty, at, s)
				continue
			}
			// Value above the centre, "± half" below it.
			hv, he := sty.Rectangle(s).Size().Y, small.Rectangle("±").Size().Y
			c.FillText(sty, vg.Point{X: at.X, Y: at.Y + he/2}, s)
			c.FillText(small, vg.Point{X: at.X, Y: at.Y - hv/2}, "±"+fmt.Sprintf(t.format, t.err[r][col]))
		}
	}
}

// luminance returns the relative luminance of c in [0, 1] (Rec. 709
// weights of the gamma-encoded channels, enough to pick black or white
// text).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// colorBar is a vertical bar of a heatmap's colours with ticks and a
// label, drawn in vector rectangles.
type colorBar struct {
	lo, hi float64 // the range on the scale: log10 of the values if log
	colors []color.Color
	label  string
	log    bool
}

const (
	barGap   = 6 * vg.Millimeter / 2 // between the plot and the bar
	barWidth = 8 * vg.Millimeter / 3
)

func (b colorBar) tickStyle() draw.TextStyle {
	sty := plot.New().Y.Tick.Label
	sty.Font.Size = tickSize
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	return sty
}

func (b colorBar) labelStyle() draw.TextStyle {
	sty := plot.New().Y.Label.TextStyle
	sty.Font.Size = labelSize
	sty.Rotation = math.Pi / 2
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	return sty
}

// ticks returns the labelled ticks of the bar, their values on the scale
// and their labels in the data's units: on a linear scale as numTicks
// gives them, on a log scale at 1, 2 and 5 × 10^k (only 10^k when the
// scale spans more than 2 decades).
func (b colorBar) ticks() []plot.Tick {
	var out []plot.Tick
	if b.log {
		steps := []float64{1, 2, 5}
		if b.hi-b.lo > 2 {
			steps = steps[:1]
		}
		for k := math.Floor(b.lo); k <= math.Ceil(b.hi); k++ {
			for _, m := range steps {
				v := m * math.Pow(10, k)
				if at := math.Log10(v); at >= b.lo-1e-12 && at <= b.hi+1e-12 {
					out = append(out, plot.Tick{Value: at, Label: strconv.FormatFloat(v, 'g', -1, 64)})
				}
			}
		}
		return out
	}
	for _, t := range (numTicks{}).Ticks(b.lo, b.hi) {
		if !t.IsMinor() && t.Value >= b.lo && t.Value <= b.hi {
			out = append(out, t)
		}
	}
	return out
}

// width returns the width the bar takes: gap, bar, tick labels, label.
func (b colorBar) width() vg.Length {
	sty := b.tickStyle()
	var w vg.Length
	for _, t := range b.ticks() {
		w = max(w, sty.Rectangle(t.Label).Size().X)
	}
	return barGap + barWidth + vg.Points(2) + w + vg.Points(3) + b.labelStyle().Rectangle(b.label).Size().X
}

// draw draws the bar in c, whose vertical extent is the bar's.
func (b colorBar) draw(c draw.Canvas) {
	x0 := c.Min.X + barGap
	x1 := x0 + barWidth
	h := (c.Max.Y - c.Min.Y) / vg.Length(len(b.colors))
	for i, col := range b.colors {
		// Each rectangle but the top one reaches a little into the next,
		// so that no seam shows between them.
		y, top := c.Min.Y+vg.Length(i)*h, c.Min.Y+vg.Length(i+1)*h
		if i < len(b.colors)-1 {
			top += h / 4
		}
		c.FillPolygon(col, []vg.Point{{X: x0, Y: y}, {X: x1, Y: y}, {X: x1, Y: top}, {X: x0, Y: top}})
	}
	edge := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	c.StrokeLines(edge, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}, {X: x0, Y: c.Min.Y}})
	sty := b.tickStyle()
	var w vg.Length
	for _, t := range b.ticks() {
		y := c.Min.Y + (c.Max.Y-c.Min.Y)*vg.Length((t.Value-b.lo)/(b.hi-b.lo))
		c.StrokeLine2(edge, x1, y, x1+vg.Points(2), y)
		c.FillText(sty, vg.Point{X: x1 + vg.Points(2.5), Y: y}, t.Label)
		w = max(w, sty.Rectangle(t.Label).Size().X)
	}
	c.FillText(b.labelStyle(), vg.Point{X: x1 + vg.Points(2) + w + vg.Points(3), Y: (c.Min.Y + c.Max.Y) / 2}, b.label)
}
