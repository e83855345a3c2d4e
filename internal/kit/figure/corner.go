package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Corner is a corner plot of a weighted sample of parameter vectors (a
// posterior): for each parameter, its weighted histogram on the diagonal,
// and for each pair, the points of the sample below the diagonal (darker
// for heavier weights), each axis spanning the parameter's prior range so
// that how much the data narrowed it shows at a glance.
type Corner struct {
	Title string
	// Params are the parameters, in the sample's order.
	Params []CornerParam
	// Points are the sample's vectors, Weights their weights (any
	// positive scale).
	Points  [][]float64
	Weights []float64
	// Bins is the number of histogram bins (default 20).
	Bins int
	// Width defaults to Page; the figure is square.
	Width vg.Length
}

// CornerParam is one parameter of a Corner plot: its label and range,
// drawn on a log scale when Log.
type CornerParam struct {
	Label  string
	Lo, Hi float64
	Log    bool
}

// Size returns the figure's width and height: square.
func (c *Corner) Size() (w, h vg.Length) {
	w, _ = sized(c.Width, 0, Page, 0)
	return w, w
}

// scaled returns x on parameter k's axis: log10 x on a log scale.
func (c *Corner) scaled(k int, x float64) float64 {
	if c.Params[k].Log {
		return math.Log10(x)
	}
	return x
}

// Draw draws the title, then the k × k panels of the lower triangle.
func (c *Corner) Draw(dc draw.Canvas) error {
	k := len(c.Params)
	if k == 0 || len(c.Points) == 0 || len(c.Weights) != len(c.Points) {
		return fmt.Errorf("figure %q: %d parameters, %d points, %d weights", c.Title, k, len(c.Points), len(c.Weights))
	}
	for i, p := range c.Params {
		if !(p.Lo < p.Hi) || p.Log && !(p.Lo > 0) {
			return fmt.Errorf("figure %q: parameter %d (%s): range [%v, %v]", c.Title, i, p.Label, p.Lo, p.Hi)
		}
	}
	if c.Title != "" {
		sty := plot.New().Title.TextStyle
		sty.Font.Size = titleSize
		fitTitle(&sty, c.Title, dc.Max.X-dc.Min.X)
		dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y + sty.FontExtents().Descent}, c.Title)
		dc.Max.Y -= sty.Rectangle(c.Title).Size().Y + gridPad
	}
	wmax := 0.0
	for _, w := range c.Weights {
		wmax = max(wmax, w)
	}
	plots := make([][]*plot.Plot, k)
	for row := range k {
		plots[row] = make([]*plot.Plot, k)
		for col := 0; col <= row; col++ {
			plots[row][col] = c.panel(row, col, wmax)
		}
	}
	tiles := draw.Tiles{Rows: k, Cols: k, PadX: vg.Points(6), PadY: vg.Points(3)}
	canvases := plot.Align(plots, tiles, dc)
	for row := range k {
		for col := 0; col <= row; col++ {
			plots[row][col].Draw(canvases[row][col])
		}
	}
	return nil
}

// panel returns the plot of parameter row against parameter col: a
// histogram when they are one.
func (c *Corner) panel(row, col int, wmax float64) *plot.Plot {
	k := len(c.Params)
	x := c.Params[col]
	p := newPlot("", "", "")
	p.X.Min, p.X.Max = c.scaled(col, x.Lo), c.scaled(col, x.Hi)
	small := vg.Points(5)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font.Size = small
		a.Label.TextStyle.Font.Size = small + 1
	}
	if row == k-1 {
		p.X.Label.Text = axisLabel(x)
	} else {
		p.X.Tick.Marker = plot.ConstantTicks(nil)
	}
	if row == col {
		p.Y.Tick.Marker = plot.ConstantTicks(nil)
		p.Add(c.histogram(col))
		p.Y.Min = 0
		return p
	}
	y := c.Params[row]
	p.Y.Min, p.Y.Max = c.scaled(row, y.Lo), c.scaled(row, y.Hi)
	if col == 0 {
		p.Y.Label.Text = axisLabel(y)
	} else {
		p.Y.Tick.Marker = plot.ConstantTicks(nil)
	}
	pts := &weighted{xy: make(plotter.XYs, len(c.Points)), alpha: make([]uint8, len(c.Points))}
	for i, v := range c.Points {
		pts.xy[i] = plotter.XY{X: c.scaled(col, v[col]), Y: c.scaled(row, v[row])}
		pts.alpha[i] = uint8(40 + 215*c.Weights[i]/wmax)
	}
	p.Add(pts)
	return p
}

// weighted draws points, each as a small dot of its own opacity.
type weighted struct {
	xy    plotter.XYs
	alpha []uint8
}

// Plot draws the dots.
func (w *weighted) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, q := range w.xy {
		at := vg.Point{X: trX(q.X), Y: trY(q.Y)}
		if c.Contains(at) {
			c.DrawGlyph(draw.GlyphStyle{Color: translucent(Color(0), w.alpha[i]), Radius: vg.Points(0.8), Shape: draw.CircleGlyph{}}, at)
		}
	}
}

// histogram returns parameter j's weighted histogram over its range.
func (c *Corner) histogram(j int) plot.Plotter {
	bins := c.Bins
	if bins <= 0 {
		bins = 20
	}
	lo, hi := c.scaled(j, c.Params[j].Lo), c.scaled(j, c.Params[j].Hi)
	mass := make([]float64, bins)
	for i, v := range c.Points {
		b := int(float64(bins) * (c.scaled(j, v[j]) - lo) / (hi - lo))
		mass[min(max(b, 0), bins-1)] += c.Weights[i]
	}
	return &histogram{lo: lo, hi: hi, mass: mass}
}

// histogram draws bins of equal width over [lo, hi] with heights mass.
type histogram struct {
	lo, hi float64
	mass   []float64
}

// Plot draws the bins as filled rectangles.
func (h *histogram) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	w := (h.hi - h.lo) / float64(len(h.mass))
	for b, m := range h.mass {
		x0, x1 := h.lo+float64(b)*w, h.lo+float64(b+1)*w
		pts := []vg.Point{{X: trX(x0), Y: trY(0)}, {X: trX(x1), Y: trY(0)}, {X: trX(x1), Y: trY(m)}, {X: trX(x0), Y: trY(m)}}
		c.FillPolygon(translucent(Color(0), 160), c.ClipPolygonXY(pts))
	}
}

// DataRange spans the bins and 0 to the heaviest.
func (h *histogram) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, m := range h.mass {
		ymax = max(ymax, m)
	}
	return h.lo, h.hi, 0, ymax
}

// axisLabel is a parameter's label, saying when its axis is log10.
func axisLabel(p CornerParam) string {
	if p.Log {
		return "log10 " + p.Label
	}
	return p.Label
}
