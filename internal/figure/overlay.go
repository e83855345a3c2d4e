package figure

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"exodus/internal/output"
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
	// Color indexes the palette (plotutil.DarkColors, wrapping): give a
	// simulation and its theory the same index.
	Color int
}

// Overlay is a figure of series on shared axes, typically a simulation
// against its theory.
type Overlay struct {
	Title string
	// X and Y label the axes, with units.
	X, Y   string
	Series []Series
}

// Size is the width and height of an Overlay figure.
const Size = 12 * vg.Centimeter

// SVG returns the figure as SVG, 1.5·Size wide and Size high. Equal
// overlays give equal bytes.
func (o *Overlay) SVG() ([]byte, error) {
	p, err := o.plot()
	if err != nil {
		return nil, err
	}
	w, err := p.WriterTo(Size*3/2, Size, "svg")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// legendRoom is the share of the data's y range added above it per
// legend entry, so that the legend, drawn at the top right, covers no data.
const legendRoom = 0.065

// plot builds the figure.
func (o *Overlay) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = o.Title
	p.X.Label.Text = o.X
	p.Y.Label.Text = o.Y
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	for i, s := range o.Series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("figure %q: series %d (%s) has %d x and %d y values", o.Title, i, s.Label, len(s.X), len(s.Y))
		}
		xys := make(plotter.XYs, len(s.X))
		for j := range s.X {
			if math.IsNaN(s.X[j]) || math.IsInf(s.X[j], 0) || math.IsNaN(s.Y[j]) || math.IsInf(s.Y[j], 0) {
				return nil, fmt.Errorf("figure %q: series %d (%s) point %d = (%v, %v), want finite", o.Title, i, s.Label, j, s.X[j], s.Y[j])
			}
			xys[j] = plotter.XY{X: s.X[j], Y: s.Y[j]}
		}
		c := paletteColor(s.Color)
		switch s.Style {
		case Points:
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, fmt.Errorf("figure %q: series %s: %w", o.Title, s.Label, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			p.Legend.Add(s.Label, sc)
		default:
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, fmt.Errorf("figure %q: series %s: %w", o.Title, s.Label, err)
			}
			l.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.2)}
			p.Add(l)
			p.Legend.Add(s.Label, l)
		}
	}
	p.Y.Max += (p.Y.Max - p.Y.Min) * legendRoom * float64(len(o.Series))
	return p, nil
}

// WriteSVG writes the figure to path atomically.
func (o *Overlay) WriteSVG(path string) error {
	b, err := o.SVG()
	if err != nil {
		return err
	}
	return output.WriteFile(path, b)
}

func paletteColor(i int) color.Color {
	n := len(plotutil.DarkColors)
	return plotutil.DarkColors[(i%n+n)%n]
}
