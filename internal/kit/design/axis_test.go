package design

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestAxisValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for i, test := range []struct {
		axis Axis
		want []string // substrings of the error: the axis and the bad value
	}{
		{Axis{Kind: List, Values: []float64{1}}, []string{"empty path"}},
		{ListAxis("weights.protest"), []string{`"weights.protest"`, "empty list"}},
		{ListAxis("a.b", 1, nan), []string{`"a.b"`, "values[1] = NaN"}},
		{ListAxis("a.b", 1, 2, 1), []string{`"a.b"`, "values[2] = 1 repeats values[0]"}},
		{Axis{Path: "a.b", Kind: List, Values: []float64{1}, Steps: 3}, []string{`"a.b"`, "steps = 3"}},
		{LinearAxis("x", 0, inf, 3), []string{`"x"`, "to = +Inf"}},
		{LinearAxis("x", 2, 2, 3), []string{`"x"`, "from = to = 2"}},
		{LinearAxis("x", 0, 1, 1), []string{`"x"`, "steps = 1"}},
		{LinearAxis("x", 0, 1, -4), []string{`"x"`, "steps = -4"}},
		{LogAxis("shocks.tiktok-blackout.duration", 0, 10, 3), []string{`"shocks.tiktok-blackout.duration"`, "from = 0", "> 0"}},
		{LogAxis("y", 1, -10, 3), []string{`"y"`, "to = -10", "> 0"}},
		{Axis{Path: "y", Kind: Log, From: 1, To: 2, Values: []float64{3}}, []string{`"y"`, "values = [3]"}},
		{Axis{Path: "z", Kind: "cubic"}, []string{`"z"`, `kind = "cubic"`}},
	} {
		err := test.axis.Validate()
		if err == nil {
			t.Errorf("case %d: %+v: no error", i, test.axis)
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("case %d: error %q does not contain %q", i, err, w)
			}
		}
	}
	for i, a := range []Axis{ListAxis("a", 3, 1, 2), LinearAxis("b", 1, 0, 0), LogAxis("c", 1e-3, 1, 4)} {
		if err := a.Validate(); err != nil {
			t.Errorf("valid case %d: %v", i, err)
		}
	}
}

// TestAxisLevels checks grids against levels written out by hand: equal
// steps of (to − from)/(steps − 1), in value or in log(value).
func TestAxisLevels(t *testing.T) {
	for i, test := range []struct {
		axis Axis
		want []float64
	}{
		{ListAxis("a", 3, 1, 2), []float64{3, 1, 2}},
		{LinearAxis("a", 0, 1, 11), []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}},
		{LinearAxis("a", 5, -5, 3), []float64{5, 0, -5}},
		{LogAxis("a", 0.01, 100, 5), []float64{0.01, 0.1, 1, 10, 100}},
		{LogAxis("a", 1, 8, 4), []float64{1, 2, 4, 8}},
		{LogAxis("a", 24, 720, 2), []float64{24, 720}},
	} {
		got, err := test.axis.Levels()
		if err != nil {
			t.Errorf("case %d: %v", i, err)
			continue
		}
		if !slices.Equal(got, test.want) {
			t.Errorf("case %d: levels %v, want %v", i, got, test.want)
		}
	}
	if _, err := LinearAxis("k", 0, 1, 0).Levels(); err == nil || !strings.Contains(err.Error(), `"k": steps = 0`) {
		t.Errorf("levels of a sampled-only range: error %v, want it to name the axis and steps = 0", err)
	}
}

// TestAxisAt checks the unit-cube map at points whose images are known in
// closed form: the ends, the midpoint (arithmetic for linear, geometric for
// log) and the list's equal-probability cells.
func TestAxisAt(t *testing.T) {
	for i, test := range []struct {
		axis Axis
		u    float64
		want float64
		tol  float64 // relative: exp(log) amplifies u·ln(to/from)'s rounding to a few ulps
	}{
		{LinearAxis("a", 2, 6, 0), 0, 2, 0},
		{LinearAxis("a", 2, 6, 0), 0.5, 4, 0},
		{LinearAxis("a", 2, 6, 0), 0.75, 5, 0},
		{LogAxis("a", 1, 100, 0), 0.5, 10, 1e-15},
		{LogAxis("a", 0.001, 1, 0), 1.0 / 3, 0.01, 1e-15},
		{ListAxis("a", 7, 8, 9), 0, 7, 0},
		{ListAxis("a", 7, 8, 9), 0.34, 8, 0},
		{ListAxis("a", 7, 8, 9), 0.999, 9, 0},
		{ListAxis("a", 7, 8, 9), 1, 9, 0},
	} {
		got := test.axis.At(test.u)
		if math.Abs(got-test.want) > test.tol*test.want {
			t.Errorf("case %d: At(%v) = %v, want %v", i, test.u, got, test.want)
		}
	}
}
