package figure

import (
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// TestLayoutLabels lays out crowded labels and checks that no two boxes
// intersect, every box stays between the edges and touches its line, and
// that the layout is the same when done again.
func TestLayoutLabels(t *testing.T) {
	const left, right, rowH = 0, 200, 8
	for i, test := range []struct {
		xs, widths []vg.Length
		rows       int
	}{
		// Seven labels 40 wide on lines 10 apart: a staircase.
		{[]vg.Length{0, 10, 20, 30, 40, 50, 60}, []vg.Length{40, 40, 40, 40, 40, 40, 40}, 5},
		// Lines near the right edge: labels turn left of their lines.
		{[]vg.Length{150, 185, 190, 199}, []vg.Length{30, 30, 30, 30}, 4},
		// Far apart: one row.
		{[]vg.Length{0, 60, 120}, []vg.Length{40, 40, 40}, 1},
		// A label wider than the plot starts at the left edge.
		{[]vg.Length{100, 101}, []vg.Length{250, 10}, 2},
	} {
		boxes, rows := layoutLabels(test.xs, test.widths, rowH, left, right)
		again, _ := layoutLabels(test.xs, test.widths, rowH, left, right)
		if rows != test.rows {
			t.Errorf("case %d: %d rows, want %d", i, rows, test.rows)
		}
		for k, b := range boxes {
			if b != again[k] {
				t.Errorf("case %d: box %d differs when laid out again", i, k)
			}
			if w := test.widths[k] + 2*vg.Points(labelPad); b.Size().X != w || b.Size().Y != rowH {
				t.Errorf("case %d: box %d is %v, want %v × %v", i, k, b.Size(), w, rowH)
			}
			if b.Min.X < left || (b.Max.X > right && test.widths[k] < right) {
				t.Errorf("case %d: box %d spans x %v…%v, outside %v…%v", i, k, b.Min.X, b.Max.X, left, right)
			}
			if x := test.xs[k]; b.Min.X != x && b.Max.X != x && b.Min.X != left {
				t.Errorf("case %d: box %d spans x %v…%v, away from its line at %v", i, k, b.Min.X, b.Max.X, x)
			}
			for j := range k {
				o := boxes[j]
				if b.Min.X < o.Max.X && o.Min.X < b.Max.X && b.Min.Y < o.Max.Y && o.Min.Y < b.Max.Y {
					t.Errorf("case %d: boxes %d %v and %d %v intersect", i, j, o, k, b)
				}
			}
		}
	}
}

// TestMarkersInFigure draws testBands and checks its labels: restore and
// translation, 1 hour (0.5 pt) apart, share one label, and no two label
// boxes intersect.
func TestMarkersInFigure(t *testing.T) {
	b := testBands()
	if _, err := Render(b, SVG); err != nil {
		t.Fatal(err)
	}
	p, area, err := b.plot(draw.New(vgsvg.New(b.Size())))
	if err != nil {
		t.Fatal(err)
	}
	m, err := newMarkers(p, area, b.Markers)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for k, l := range m.labels {
		texts = append(texts, l.text)
		for j := range k {
			o := m.labels[j].box
			if l.box.Min.X < o.Max.X && o.Min.X < l.box.Max.X && l.box.Min.Y < o.Max.Y && o.Min.Y < l.box.Max.Y {
				t.Errorf("labels %q and %q intersect", m.labels[j].text, l.text)
			}
		}
	}
	want := "ban threat|RedNote #1|crackdown (cf.)|blackout|restore, translation|back in stores"
	if got := strings.Join(texts, "|"); got != want {
		t.Errorf("labels %s, want %s", got, want)
	}
}
