package figure

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// markers draws labelled vertical lines. Markers whose lines fall within
// mergeGap of each other share one label ("restore, translation"); each
// label sits in a row at the top of the data area, just right of its line
// (left of it near the right edge), in the first row where its box
// overlaps no other label's box (see layoutLabels); the y axis is raised
// so that the rows are above the data.
type markers struct {
	list   []Marker
	labels []markerLabel
	sty    draw.TextStyle
}

// markerLabel is the label of one or more markers: its text, its box in
// the data canvas, y relative to the top of the data area (Max.Y = 0 for
// the first row, rows below it), and the x values of its markers.
type markerLabel struct {
	text string
	box  vg.Rectangle
	xs   []float64
}

var markerLine = draw.LineStyle{Color: color.Gray{Y: 110}, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(1.5)}}

// Marker label geometry, in points: mergeGap is the distance under which
// two marker lines cannot be told apart and share a label; labelPad the
// space between a label's text and its box (and its line); rowGap the
// space between rows of labels.
const (
	mergeGap = 2
	labelPad = 1.5
	rowGap   = 1
)

// newMarkers lays out the labels of list for the plot p drawn in area,
// whose axes' ranges are set, and raises p's y maximum to make room.
func newMarkers(p *plot.Plot, area draw.Canvas, list []Marker) (*markers, error) {
	m := &markers{list: list}
	m.sty = p.Y.Tick.Label
	m.sty.Font.Size = tickSize
	m.sty.XAlign, m.sty.YAlign = draw.XLeft, draw.YTop
	for i, mk := range list {
		if math.IsNaN(mk.X) || math.IsInf(mk.X, 0) {
			return nil, fmt.Errorf("marker %d (%s) at x = %v, want finite", i, mk.Label, mk.X)
		}
	}
	// Raising y can widen its tick labels and so narrow the data area:
	// lay out again until the area the labels were placed in is the one
	// drawn.
	yMin, yMax := p.Y.Min, p.Y.Max
	for range 4 {
		dc := p.DataCanvas(area)
		rows := m.layout(p, dc)
		// Raise y so that the data end below the rows: the data's share
		// of the height is (H − band)/H.
		h := dc.Max.Y - dc.Min.Y
		band := vg.Length(rows)*(m.rowH()+vg.Points(rowGap)) + vg.Points(labelPad)
		if band >= h/2 {
			return nil, fmt.Errorf("%d rows of marker labels need %.0f pt of a data area %.0f pt high", rows, band.Points(), h.Points())
		}
		f := float64(h / (h - band))
		if _, isLog := p.Y.Scale.(plot.LogScale); isLog {
			lo, hi := math.Log(yMin), math.Log(yMax)
			p.Y.Max = math.Exp(lo + (hi-lo)*f)
		} else {
			p.Y.Max = yMin + (yMax-yMin)*f
		}
		if now := p.DataCanvas(area); now.Min.X == dc.Min.X && now.Max.X == dc.Max.X {
			break
		}
	}
	return m, nil
}

// layout sets m's labels for the data canvas dc and returns the number of
// rows they take.
func (m *markers) layout(p *plot.Plot, dc draw.Canvas) int {
	list := m.list
	trX, _ := p.Transforms(&dc)
	// The markers in range by x (then by their order in list), merged
	// where their lines are closer than mergeGap.
	var in []int
	for i, mk := range list {
		if mk.X >= p.X.Min && mk.X <= p.X.Max {
			in = append(in, i)
		}
	}
	slices.SortStableFunc(in, func(a, b int) int { return cmp.Compare(list[a].X, list[b].X) })
	var xs []vg.Length
	var texts [][]string
	m.labels = m.labels[:0]
	for _, i := range in {
		x := trX(list[i].X)
		if k := len(xs) - 1; k >= 0 && x-xs[k] < vg.Points(mergeGap) {
			texts[k] = append(texts[k], list[i].Label)
			m.labels[k].xs = append(m.labels[k].xs, list[i].X)
			continue
		}
		xs, texts = append(xs, x), append(texts, []string{list[i].Label})
		m.labels = append(m.labels, markerLabel{xs: []float64{list[i].X}})
	}
	widths := make([]vg.Length, len(xs))
	for k := range xs {
		m.labels[k].text = strings.Join(texts[k], ", ")
		widths[k] = m.sty.Rectangle(m.labels[k].text).Size().X
	}
	boxes, rows := layoutLabels(xs, widths, m.rowH(), dc.Min.X, dc.Max.X)
	for k := range boxes {
		m.labels[k].box = boxes[k]
	}
	return rows
}

// rowH is the height of a label's box.
func (m *markers) rowH() vg.Length { return m.sty.Rectangle("Xg").Size().Y }

// layoutLabels places labels of the given text widths, whose lines are
// at canvas x positions xs (ascending), between left and right: each box
// (text plus labelPad on both sides) starts at its line and runs right,
// or ends at it when it would pass right (and starts at left when it
// would still pass left); it takes the first row, from the top, where it
// intersects no box placed before it. Row r spans −(r+1)·(rowH+rowGap)
// to −r·(rowH+rowGap) − rowGap below the top (y = 0). It returns the
// boxes and the number of rows. The same input gives the same layout.
func layoutLabels(xs, widths []vg.Length, rowH, left, right vg.Length) ([]vg.Rectangle, int) {
	pad, gap := vg.Points(labelPad), vg.Points(rowGap)
	boxes := make([]vg.Rectangle, len(xs))
	var rows [][]vg.Rectangle
	for k, x := range xs {
		w := pad + widths[k] + pad
		lo, hi := x, x+w
		if hi > right {
			lo, hi = x-w, x
		}
		if lo < left {
			lo, hi = left, left+w
		}
		r := 0
		for ; r < len(rows); r++ {
			if !slices.ContainsFunc(rows[r], func(o vg.Rectangle) bool { return lo < o.Max.X && o.Min.X < hi }) {
				break
			}
		}
		if r == len(rows) {
			rows = append(rows, nil)
		}
		top := -vg.Length(r) * (rowH + gap)
		boxes[k] = vg.Rectangle{Min: vg.Point{X: lo, Y: top - rowH}, Max: vg.Point{X: hi, Y: top}}
		rows[r] = append(rows[r], boxes[k])
	}
	return boxes, len(rows)
}

// Plot draws the lines and labels of the markers within the x range,
// each line from the bottom up to the top of its label, so that it
// crosses no row above it.
func (m *markers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	top := c.Max.Y
	for _, l := range m.labels {
		for _, x := range l.xs {
			c.StrokeLine2(markerLine, trX(x), c.Min.Y, trX(x), top+l.box.Max.Y)
		}
	}
	// Labels after every line, so that their white boxes hide the lines
	// they cross.
	for _, l := range m.labels {
		r := l.box
		r.Min.Y, r.Max.Y = r.Min.Y+top, r.Max.Y+top
		c.FillPolygon(color.White, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
		c.FillText(m.sty, vg.Point{X: r.Min.X + vg.Points(labelPad), Y: r.Max.Y}, l.text)
	}
}
