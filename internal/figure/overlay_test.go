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

// TestOverlayGolden compares the SVG with testdata/overlay.svg byte for
// byte; run with -update to rewrite it after a deliberate change.
func TestOverlayGolden(t *testing.T) {
	got, err := logistic().SVG()
	if err != nil {
		t.Fatal(err)
	}
	again, err := logistic().SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Fatal("two renderings of the same overlay differ")
	}
	for _, s := range []string{"logistic", "time t (periods)", "theory", "simulation"} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("SVG lacks the text %q", s)
		}
	}
	golden := filepath.Join("testdata", "overlay.svg")
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
		t.Errorf("SVG differs from %s; run go test -update if the change is deliberate", golden)
	}
}

func TestOverlayErrors(t *testing.T) {
	for i, test := range []struct {
		s    Series
		want string
	}{
		{Series{Label: "a", X: []float64{1, 2}, Y: []float64{1}}, "series 0 (a) has 2 x and 1 y values"},
		{Series{Label: "b", X: []float64{1, 2}, Y: []float64{1, math.NaN()}}, "series 0 (b) point 1 = (2, NaN)"},
	} {
		o := &Overlay{Title: "bad", Series: []Series{test.s}}
		_, err := o.SVG()
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: %v, want an error containing %q", i, err, test.want)
		}
	}
}
