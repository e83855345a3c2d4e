package figure

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// logistic is a small overlay: a curve and noisy-looking points beside it.
func logistic() *Overlay {
	var tx, ty, sx, sy []float64
	for i := range 41 {
		t := float64(i) / 4
		tx, ty = append(tx, t), append(ty, 1/(1+math.Exp(5-t)))
		if i%4 == 0 {
			sx, sy = append(sx, t), append(sy, 1/(1+math.Exp(5-t))+0.02*math.Sin(float64(i)))
		}
	}
	return &Overlay{
		Title: "logistic", X: "time t (periods)", Y: "share",
		Series: []Series{
			{Label: "theory", X: tx, Y: ty, Style: Line},
			{Label: "simulation", X: sx, Y: sy, Style: Points},
		},
	}
}

// figures are the golden test's figures by file name.
func figures() map[string]Figure {
	return map[string]Figure{
		"overlay":  logistic(),
		"counts":   testCounts(),
		"bands":    testBands(),
		"heatmap":  testHeatmap(),
		"flows":    testFlows(),
		"logflows": testLogFlows(),
		"phase":    testPhase(),
		"dots":     testDots(),
		"dotsgrid": testDotsGrid(),
		"bars":     testBars(),
		"hbars":    testHBars(),
		"grid":     testGrid(),
		"corner":   testCorner(),
	}
}

// TestGolden renders each test figure twice as SVG, checks the two are
// identical and hold the figure's title, and compares them with
// testdata/NAME.svg byte for byte; run with -update to rewrite the files
// after a deliberate change. It also renders each as PNG and PDF.
func TestGolden(t *testing.T) {
	for name, f := range figures() {
		got, err := Render(f, SVG)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		again, _ := Render(f, SVG)
		if !bytes.Equal(got, again) {
			t.Errorf("%s: two renderings differ", name)
		}
		golden := filepath.Join("testdata", name+".svg")
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: SVG differs from %s; run go test -update if the change is deliberate", name, golden)
		}
		png, err := Render(f, PNG)
		if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("%s: PNG: %v", name, err)
		}
		pdf, err := Render(f, PDF)
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Errorf("%s: PDF: %v", name, err)
		}
	}
	for _, s := range []string{"logistic", "time t (periods)", "theory", "simulation"} {
		if b, _ := logistic().SVG(); !bytes.Contains(b, []byte(s)) {
			t.Errorf("overlay SVG lacks the text %q", s)
		}
	}
}

// TestErrors checks that bad input is an error naming the figure and
// the value, for each kind of figure.
func TestErrors(t *testing.T) {
	nan := math.NaN()
	for i, test := range []struct {
		f    Figure
		want string
	}{
		{&Overlay{Title: "bad", Series: []Series{{Label: "a", X: []float64{1, 2}, Y: []float64{1}}}}, "series 0 (a) has 2 x and 1 y values"},
		{&Overlay{Title: "bad", Series: []Series{{Label: "b", X: []float64{1, 2}, Y: []float64{1, nan}}}}, "series 0 (b) point 1 = (2, NaN)"},
		{&Bands{Title: "bad", Series: []Band{{Label: "a", X: []float64{1, 2}, Y: []float64{1, 2}, Lo: []float64{1}}}}, "series 0 (a) has 2 x, 2 y, 1 lo and 0 hi values"},
		{&Bands{Title: "bad", Series: []Band{{Label: "a", X: []float64{1, 2}, Y: []float64{1, 2}}}, Markers: []Marker{{X: nan, Label: "m"}}}, "marker 0 (m) at x = NaN"},
		{&Heatmap{Title: "bad", Z: [][]float64{{1, 2}, {3}}, XTicks: []string{"a", "b"}, YTicks: []string{"c", "d"}}, "row 1 has 1 values, row 0 has 2"},
		{&Heatmap{Title: "bad", Z: [][]float64{{1, 2}}, XTicks: []string{"a"}, YTicks: []string{"c"}}, "1×2 values, 1 x ticks and 1 y ticks"},
		{&Bars{Title: "bad", Categories: []string{"a", "b"}, Groups: []BarGroup{{Label: "g", Values: []float64{1}}}}, "group 0 (g) has 1 values, 0 lo and 0 hi for 2 categories"},
		{&Bars{Title: "bad", Categories: []string{"a"}, Groups: []BarGroup{{Label: "g", Values: []float64{math.Inf(1)}}}}, "category a: value +Inf"},
		{&Grid{Title: "bad", Cols: 2}, "0 panels in 2 columns"},
		{&Heatmap{Title: "bad", Z: [][]float64{{1, 2}}, XTicks: []string{"a", "b"}, YTicks: []string{"c"}, Log: true, Min: -1, Max: 10}, "log colour scale from -1 to 10, want both > 0"},
		{&Heatmap{Title: "bad", Z: [][]float64{{1, 2}}, XTicks: []string{"a", "b"}, YTicks: []string{"c"}, Log: true, Diverging: true}, "a log colour scale cannot be diverging"},
		{&Heatmap{Title: "bad", Z: [][]float64{{1, 2}}, XTicks: []string{"a", "b"}, YTicks: []string{"c"}, Err: [][]float64{{1}}}, "Err row 0 has 1 values, want 2 like Z"},
		{&Dots{Title: "bad", Categories: []string{"a", "b"}, Groups: []DotGroup{{Label: "g", Values: []float64{1, 2}, Lo: []float64{0}, Hi: []float64{2, 3}}}}, "group 0 (g) has 2 values, 1 lo and 2 hi for 2 categories"},
		{&Dots{Title: "bad", Categories: []string{"a"}, Groups: []DotGroup{{Label: "g", Values: []float64{1}, Lo: []float64{2}, Hi: []float64{0}}}}, "category a: interval [2, 0], want lo ≤ hi"},
		{&Dots{Title: "bad"}, "no categories or no groups"},
	} {
		_, err := Render(test.f, SVG)
		if err == nil || !strings.Contains(err.Error(), test.want) || !strings.Contains(err.Error(), `"bad"`) {
			t.Errorf("case %d: %v, want an error naming the figure and containing %q", i, err, test.want)
		}
	}
	if _, err := Render(logistic(), "gif"); err == nil || !strings.Contains(err.Error(), `format "gif"`) {
		t.Errorf("format gif: error %v", err)
	}
}
