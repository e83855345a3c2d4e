package figure

import (
	"strings"
	"testing"
)

// TestNumTicks checks the labels of a few ranges: decimals only where a
// label needs them, the same number on every label, and whole numbers
// only on an integer axis.
func TestNumTicks(t *testing.T) {
	for i, test := range []struct {
		min, max float64
		integer  bool
		want     string
	}{
		{0, 100, false, "0,50,100"},
		{0, 55, false, "0,25,50"},      // DefaultTicks: 0.00, 25.00, 50.00
		{0, 5.5, false, "0.0,2.5,5.0"}, // DefaultTicks: 0.00, 2.50, 5.00
		{0, 0.55, false, "0.00,0.25,0.50"},
		{0, 0.8, false, "0.0,0.4,0.8"},
		{-0.2, 0.8, false, "0.0,0.4,0.8"},
		{-0.2, 0.75, false, "−0.2,0.0,0.2,0.4,0.6"}, // DefaultTicks: -0.2, 0.2, 0.6
		{-3, 7, true, "−2,0,2,4,6"},
		{-55, 0, false, "−50,−25,0"},
		{0, 3, true, "0,1,2,3"},
		{0, 9, true, "0,2,4,6,8"},
		{0, 5.5, true, "0,2,4"},
		{0, 55, true, "0,25,50"},
		{0, 12, true, "0,5,10"},
		{0, 1e8, false, "0,5e+07,1e+08"},
	} {
		var labels []string
		for _, tk := range (numTicks{test.integer}).Ticks(test.min, test.max) {
			if !tk.IsMinor() {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, ","); got != test.want {
			t.Errorf("case %d [%v, %v] integer %v: labels %s, want %s", i, test.min, test.max, test.integer, got, test.want)
		}
	}
}

// TestMinus checks the sign of formatted numbers.
func TestMinus(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"-5", "−5"}, {"5", "5"}, {"-0.00", "0.00"}, {"-0", "0"}, {"-0.01", "−0.01"}, {"1e-05", "1e-05"},
	} {
		if got := minus(test.in); got != test.want {
			t.Errorf("minus(%q) = %q, want %q", test.in, got, test.want)
		}
	}
}
