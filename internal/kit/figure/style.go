package figure

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// okabeIto is the colour-blind-safe palette of Okabe & Ito (2008), "Color
// Universal Design (CUD): how to make figures and presentations that are
// friendly to colorblind people", https://jfly.uni-koeln.de/color/
// (first at jfly.iam.u-tokyo.ac.jp/color/): black #000000, orange #E69F00, sky blue #56B4E9, bluish green
// #009E73, yellow #F0E442, blue #0072B2, vermillion #D55E00 and reddish
// purple #CC79A7. Listed here in the order series take them: the darkest
// and most distinct first, yellow (faint on white) last.
var okabeIto = [...]color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 255}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 255}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 255}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 255}, // reddish purple
	{R: 0xE6, G: 0x9F, B: 0x00, A: 255}, // orange
	{R: 0x56, G: 0xB4, B: 0xE9, A: 255}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 255}, // black
	{R: 0xF0, G: 0xE4, B: 0x42, A: 255}, // yellow
}

// wrap returns i modulo n in [0, n).
func wrap(i, n int) int { return (i%n + n) % n }

// Color returns colour i of the palette (Okabe–Ito, wrapping after 8).
func Color(i int) color.Color { return okabeIto[wrap(i, len(okabeIto))] }

// dashes are the dash patterns of lines by style index, in points of
// stroke and gap: solid, dashed, dotted, dash-dot, long dash, dash-dot-dot,
// long dash-dot and sparse dots, so that series differ in greyscale too.
var dashes = [...][]float64{
	nil,
	{4, 2},
	{1, 1.5},
	{4, 1.5, 1, 1.5},
	{7, 2},
	{4, 1.5, 1, 1.5, 1, 1.5},
	{7, 1.5, 1, 1.5},
	{1, 3},
}

// Dashes returns dash pattern i (wrapping after 8) in vg lengths: nil
// for a solid line, else alternating stroke and gap lengths.
func Dashes(i int) []vg.Length {
	d := dashes[wrap(i, len(dashes))]
	if d == nil {
		return nil
	}
	out := make([]vg.Length, len(d))
	for k, v := range d {
		out[k] = vg.Points(v)
	}
	return out
}

// glyphs are the point shapes by style index, filled and open in turn.
var glyphs = [...]draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{},
	draw.BoxGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

// Glyph returns point shape i (wrapping after 8): disc, open square,
// filled triangle, ring, filled square, open triangle, cross, plus.
func Glyph(i int) draw.GlyphDrawer { return glyphs[wrap(i, len(glyphs))] }

// lineWidth is the width of a data line, glyphRadius of a point, in
// points.
const (
	lineWidth   = 1
	glyphRadius = 1.6
)

// lineStyle returns the line of style index i: colour i, dashes i.
func lineStyle(i int) draw.LineStyle {
	return draw.LineStyle{Color: Color(i), Width: vg.Points(lineWidth), Dashes: Dashes(i)}
}

// glyphStyle returns the point of style index i: colour i, shape i.
func glyphStyle(i int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: Color(i), Radius: vg.Points(glyphRadius), Shape: Glyph(i)}
}

// fewPoints is the largest number of points of a line drawn with a
// glyph at each point as well as its dashes: beyond it glyphs would merge
// into a thick line.
const fewPoints = 40

// translucent returns c with alpha a (0…255), for 95% bands.
func translucent(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
