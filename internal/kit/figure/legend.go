package figure

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// entry is one item of a legend: a label and the thumbnails drawn beside
// it (e.g. a band's fill and its line).
type entry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// legendGap is the space around the legend strip, legendRowGap between
// its rows.
const (
	legendGap    = 3 * vg.Millimeter / 2
	legendRowGap = vg.Millimeter / 2
)

// newLegend returns a legend in the package's style, entries left-aligned
// after their thumbnails, from the top.
func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font.Size = legendSize
	l.ThumbnailWidth = vg.Points(14)
	l.Left, l.Top = true, true
	l.Padding = legendRowGap
	return l
}

// legendStrip draws the entries in a strip along the bottom of c, as many
// columns as fit side by side (entry i in row i / columns, column i mod
// columns, so they read in order), centred, and returns the part of c
// above the strip. Without entries it returns c.
func legendStrip(c draw.Canvas, entries []entry) draw.Canvas {
	if len(entries) == 0 {
		return c
	}
	l := newLegend()
	em := l.TextStyle.Rectangle(" ").Size().X
	var widest, rowH vg.Length
	for _, e := range entries {
		r := l.TextStyle.Rectangle(e.label)
		widest = max(widest, r.Size().X)
		rowH = max(rowH, r.Size().Y)
	}
	colW := l.ThumbnailWidth + widest + 4*em
	width := c.Max.X - c.Min.X
	cols := max(1, min(len(entries), int(width/colW)))
	rows := (len(entries) + cols - 1) / cols
	stripH := vg.Length(rows)*rowH + vg.Length(rows-1)*legendRowGap + 2*legendGap
	left := c.Min.X + (width-vg.Length(cols)*colW)/2
	for k := range cols {
		col := newLegend()
		for i := k; i < len(entries); i += cols {
			col.Add(entries[i].label, entries[i].thumbs...)
		}
		cc := c
		cc.Min.X = left + vg.Length(k)*colW
		cc.Max.X = cc.Min.X + colW
		cc.Max.Y = c.Min.Y + stripH - legendGap
		cc.Min.Y = c.Min.Y + legendGap
		col.Draw(cc)
	}
	rest := c
	rest.Min.Y += stripH
	return rest
}
