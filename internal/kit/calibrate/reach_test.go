package calibrate

import (
	"math"
	"testing"
)

// TestReach counts by hand: data 0 ± 1 and 10 ± 1, so within means
// |m| ≤ 1.645 and |m − 10| ≤ 1.645.
func TestReach(t *testing.T) {
	d := Data{Values: []float64{0, 10}, SD: []float64{1, 1}}
	runs := [][]float64{
		{0.5, 10},          // both within
		{1.7, 10.5},        // b only (1.7 > 1.645)
		{-1.6, math.NaN()}, // a only, b undefined
		{3, 8},             // neither
	}
	got := Reach([]string{"a", "b"}, d, runs)
	want := []ReachRow{
		{"a", "a", 4, 2}, // runs 1 and 3
		{"a", "b", 3, 1}, // run 3 has b undefined; run 1 within both
		{"b", "b", 3, 2}, // runs 1 and 2
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
