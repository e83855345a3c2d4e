package figure

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// TestCoincident checks which series count as one line: y values over a
// range of 100, so Coincide (0.1%) is 0.1 — a difference of 0.05
// coincides, 0.2 does not; a NaN in one series only, or other x values,
// keep lines apart; a series joins the first it coincides with.
func TestCoincident(t *testing.T) {
	nan := math.NaN()
	base := []float64{0, 50, 100, nan}
	x := []float64{1, 2, 3, 4}
	shift := func(d float64) []float64 { return []float64{0, 50 + d, 100, nan} }
	for i, test := range []struct {
		series []Band
		want   []int
	}{
		{[]Band{{X: x, Y: base}, {X: x, Y: base}, {X: x, Y: shift(0.05)}}, []int{0, 0, 0}},
		{[]Band{{X: x, Y: base}, {X: x, Y: shift(0.2)}, {X: x, Y: shift(0.25)}}, []int{0, 1, 1}},
		{[]Band{{X: x, Y: base}, {X: x, Y: []float64{0, 50, 100, 7}}}, []int{0, 1}},
		{[]Band{{X: x, Y: base}, {X: []float64{1, 2, 3, 5}, Y: base}}, []int{0, 1}},
		{[]Band{{X: x, Y: base}, {X: x[:3], Y: base[:3]}}, []int{0, 1}},
	} {
		got := (&Bands{Series: test.series}).coincident()
		for k := range got {
			if got[k] != test.want[k] {
				t.Errorf("case %d: same = %v, want %v", i, got, test.want)
				break
			}
		}
	}
	svg, err := Render(testBands(), SVG)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(">baseline = crackdown from day 3<")) {
		t.Errorf("bands SVG lacks the legend entry of the coinciding series")
	}
}

// TestBandsFromZero checks that a y axis over data from 35 to 39 starts
// at 0 by default and fits the data with Fit.
func TestBandsFromZero(t *testing.T) {
	for _, fit := range []bool{false, true} {
		b := &Bands{Series: []Band{{X: []float64{0, 1, 2}, Y: []float64{35, 37, 39}}}, Fit: fit}
		p, _, err := b.plot(draw.New(vgsvg.New(b.Size())))
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]float64{false: 0, true: 35}[fit]; p.Y.Min != want {
			t.Errorf("Fit %v: y from %v, want %v", fit, p.Y.Min, want)
		}
	}
}
