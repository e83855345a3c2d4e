package figure

import (
	"bytes"
	"math"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// TestCoincident checks which series count as one line: y values over a
// range of 100, so Coincide (0.5%) is 0.5 — a difference of 0.4
// coincides (not exactly), 0.6 does not; a NaN in one series only, or
// other x values, keep lines apart; a series joins the first it
// coincides with.
func TestCoincident(t *testing.T) {
	nan := math.NaN()
	base := []float64{0, 50, 100, nan}
	x := []float64{1, 2, 3, 4}
	shift := func(d float64) []float64 { return []float64{0, 50 + d, 100, nan} }
	for i, test := range []struct {
		series []Band
		want   []int
		exact  []bool
	}{
		{[]Band{{X: x, Y: base}, {X: x, Y: base}, {X: x, Y: shift(0.4)}}, []int{0, 0, 0}, []bool{true, true, false}},
		{[]Band{{X: x, Y: base}, {X: x, Y: shift(0.6)}, {X: x, Y: shift(0.8)}}, []int{0, 1, 1}, []bool{true, true, false}},
		{[]Band{{X: x, Y: base}, {X: x, Y: []float64{0, 50, 100, 7}}}, []int{0, 1}, []bool{true, true}},
		{[]Band{{X: x, Y: base}, {X: []float64{1, 2, 3, 5}, Y: base}}, []int{0, 1}, []bool{true, true}},
		{[]Band{{X: x, Y: base}, {X: x[:3], Y: base[:3]}}, []int{0, 1}, []bool{true, true}},
	} {
		same, exact := (&Bands{Series: test.series}).coincident()
		for k := range same {
			if same[k] != test.want[k] || exact[k] != test.exact[k] {
				t.Errorf("case %d: same = %v, exact %v, want %v, %v", i, same, exact, test.want, test.exact)
				break
			}
		}
	}
	// Data from 900 to 1000: the axis from 0 makes the tolerance 5, so
	// 2 apart coincide; fitted to the data it is 0.5, and they do not.
	for _, fit := range []bool{false, true} {
		b := &Bands{Fit: fit, Series: []Band{{X: x[:2], Y: []float64{900, 1000}}, {X: x[:2], Y: []float64{902, 1000}}}}
		want := map[bool]int{false: 0, true: 1}[fit]
		if same, _ := b.coincident(); same[1] != want {
			got := same[1]
			t.Errorf("Fit %v: series 1 same as %d, want %d", fit, got, want)
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
