package figure

import (
	"math"
	"strings"
	"testing"
)

// TestColorBarTicks checks the labels of colour bars: a log scale over
// the flows of rednote-2025's baseline (1.3 to 920 per 1000) widens to
// the decades 1…1000 and labels them only (3 decades > 2); one over 2 to
// 80 widens to 1…100 and labels 1, 2 and 5 × 10^k; a linear scale labels
// as numTicks does.
func TestColorBarTicks(t *testing.T) {
	for i, test := range []struct {
		z    []float64
		log  bool
		want string
	}{
		{[]float64{1.3, 920, 0, math.NaN()}, true, "1,10,100,1000"},
		{[]float64{2, 80}, true, "1,2,5,10,20,50,100"},
		{[]float64{0, 55}, false, "0,25,50"},
	} {
		h := &Heatmap{Z: [][]float64{test.z}, Log: test.log}
		lo, hi, colors, err := h.scale()
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, tk := range (colorBar{lo: lo, hi: hi, colors: colors, log: test.log}).ticks() {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, ","); got != test.want {
			t.Errorf("case %d: colour bar labels %s, want %s", i, got, test.want)
		}
	}
}
