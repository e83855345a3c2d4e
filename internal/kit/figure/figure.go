package figure

import (
	"bytes"
	"fmt"
	"image/color"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/exodus-sim/exodus/internal/kit/output"
)

// Widths of a figure in a two-column paper.
const (
	Column = 3.5 * vg.Inch // one column
	Page   = 7 * vg.Inch   // both columns
)

// Font sizes at print size, in points.
const (
	titleSize  = 9
	labelSize  = 8
	tickSize   = 7
	legendSize = 7
)

// PNGDPI is the resolution of PNG images, in dots per inch: 300, what
// journals ask of line art with colour, recorded in the file's pHYs
// chunk.
const PNGDPI = 300

// Figure is a drawing of a fixed size.
type Figure interface {
	// Size returns the width and height.
	Size() (w, h vg.Length)
	// Draw draws the figure within c's rectangle.
	Draw(c draw.Canvas) error
}

// sized returns w and h, each replaced by its default when zero.
func sized(w, h, defaultW, defaultH vg.Length) (vg.Length, vg.Length) {
	if w == 0 {
		w = defaultW
	}
	if h == 0 {
		h = defaultH
	}
	return w, h
}

// Formats of Render.
const (
	SVG = "svg"
	PNG = "png"
	PDF = "pdf"
)

// Render returns f in format SVG, PNG or PDF. SVG bytes depend only on the
// figure; PDF files carry their creation time, so they do not.
func Render(f Figure, format string) ([]byte, error) {
	w, h := f.Size()
	if !(w > 0 && h > 0) {
		return nil, fmt.Errorf("figure: size %v × %v, want both > 0", w, h)
	}
	var c vg.CanvasWriterTo
	switch format {
	case SVG:
		c = vgsvg.New(w, h)
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI), vgimg.UseBackgroundColor(color.White))}
	case PDF:
		c = vgpdf.New(w, h)
	default:
		return nil, fmt.Errorf("figure: format %q, want %s, %s or %s", format, SVG, PNG, PDF)
	}
	if err := f.Draw(draw.New(c)); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("figure: %s: %w", format, err)
	}
	if format == PNG {
		return withDPI(b.Bytes(), PNGDPI)
	}
	return b.Bytes(), nil
}

// Write writes f to dir/name.FORMAT for each format, each atomically.
func Write(dir, name string, f Figure, formats ...string) error {
	for _, format := range formats {
		b, err := Render(f, format)
		if err != nil {
			return fmt.Errorf("figure %s: %w", name, err)
		}
		if err := output.WriteFile(filepath.Join(dir, name+"."+format), b); err != nil {
			return err
		}
	}
	return nil
}

// newPlot returns a plot styled for print: a title, axis labels and tick
// labels in the package's font sizes, and a light grid.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = vg.Points(4)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font.Size = tickSize
		a.Label.Padding = vg.Points(2)
		a.Padding = vg.Points(2)
	}
	p.X.Label.Text = x
	p.Y.Label.Text = y
	return p
}

// minTitleSize is the smallest font a title is shrunk to, in points.
const minTitleSize = 7

// fitTitle shrinks sty's font by half points, down to minTitleSize, until
// text fits within width.
func fitTitle(sty *text.Style, text string, width vg.Length) {
	for sty.Font.Size > minTitleSize && sty.Rectangle(text).Size().X > width {
		sty.Font.Size -= vg.Points(0.5)
	}
}

// drawPlot draws p in c, its title shrunk to fit c's width.
func drawPlot(p *plot.Plot, c draw.Canvas) {
	fitTitle(&p.Title.TextStyle, p.Title.Text, c.Max.X-c.Min.X)
	p.Draw(c)
}

// gridLines returns a light grey grid at the major ticks.
func gridLines() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: color.Gray{Y: 225}, Width: vg.Points(0.4)}
	g.Horizontal = g.Vertical
	return g
}
