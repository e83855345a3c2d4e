package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/exodus-sim/exodus/internal/kit/output"
)

// Style says how a series is drawn.
type Style uint8

const (
	// Line joins the points in order: a theoretical curve.
	Line Style = iota
	// Points marks each point with a circle: a simulation.
	Points
)

// Series is one named set of points of an Overlay.
type Series struct {
	// Label names the series in the legend.
	Label string
	// X and Y are the coordinates, of equal length and finite.
	X, Y  []float64
	Style Style
	// Color indexes the styles: colour Color(i), dashes Dashes(i) for a
	// Line, shape Glyph(i) for Points. Give a simulation and its theory
	// the same index.
	Color int
}

// Overlay is a figure of series on shared axes, typically a simulation
// against its theory.
type Overlay struct {
	Title string
	// X and Y label the axes, with units.
	X, Y   string
	Series []Series
	// Fit fits the y axis to the data; by default it reaches 0, as the
	// axis of a count or a share should.
	Fit bool
	// IntegerX and IntegerY tick the axis at whole numbers only; each is
	// automatic when every value on its axis is whole.
	IntegerX, IntegerY bool
	// Width and Height default to Page and OverlayHeight.
	Width, Height vg.Length
}

// OverlayHeight is the default height of an Overlay.
const OverlayHeight = 3 * vg.Inch

// Size returns the figure's width and height.
func (o *Overlay) Size() (w, h vg.Length) { return sized(o.Width, o.Height, Page, OverlayHeight) }

// SVG returns the figure as SVG. Equal overlays give equal bytes.
func (o *Overlay) SVG() ([]byte, error) { return Render(o, SVG) }

// WriteSVG writes the figure to path atomically.
func (o *Overlay) WriteSVG(path string) error {
	b, err := o.SVG()
	if err != nil {
		return err
	}
	return output.WriteFile(path, b)
}

// Draw draws the overlay on c, its legend below it.
func (o *Overlay) Draw(c draw.Canvas) error {
	p := newPlot(o.Title, o.X, o.Y)
	p.Add(gridLines())
	var entries []entry
	var xs, ys [][]float64
	for i, s := range o.Series {
		if len(s.X) != len(s.Y) {
			return fmt.Errorf("figure %q: series %d (%s) has %d x and %d y values", o.Title, i, s.Label, len(s.X), len(s.Y))
		}
		xys := make(plotter.XYs, len(s.X))
		for j := range s.X {
			if math.IsNaN(s.X[j]) || math.IsInf(s.X[j], 0) || math.IsNaN(s.Y[j]) || math.IsInf(s.Y[j], 0) {
				return fmt.Errorf("figure %q: series %d (%s) point %d = (%v, %v), want finite", o.Title, i, s.Label, j, s.X[j], s.Y[j])
			}
			xys[j] = plotter.XY{X: s.X[j], Y: s.Y[j]}
		}
		xs, ys = append(xs, s.X), append(ys, s.Y)
		switch s.Style {
		case Points:
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return fmt.Errorf("figure %q: series %s: %w", o.Title, s.Label, err)
			}
			sc.GlyphStyle = glyphStyle(s.Color)
			p.Add(sc)
			entries = append(entries, entry{s.Label, []plot.Thumbnailer{sc}})
		default:
			l, err := plotter.NewLine(xys)
			if err != nil {
				return fmt.Errorf("figure %q: series %s: %w", o.Title, s.Label, err)
			}
			l.LineStyle = lineStyle(s.Color)
			p.Add(l)
			entries = append(entries, entry{s.Label, []plot.Thumbnailer{l}})
		}
	}
	p.X.Tick.Marker = numTicks{o.IntegerX || whole(xs...)}
	p.Y.Tick.Marker = numTicks{o.IntegerY || whole(ys...)}
	if !o.Fit {
		fromZero(&p.Y)
	}
	drawPlot(p, legendStrip(c, entries))
	return nil
}
