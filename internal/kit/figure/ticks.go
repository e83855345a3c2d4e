package figure

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// numTicks marks a linear axis: gonum's DefaultTicks with labels of as
// few decimals as show every labelled value exactly ("0, 25, 50", not
// "0.00, 25.00, 50.00"), all with the same number of decimals ("0.0,
// 2.5, 5.0"), and 0 labelled whenever the range crosses it. With integer, for a quantity that is a whole number (a
// count, a day), the labelled ticks are whole numbers 1, 2 or 5 × 10^k
// apart and the unlabelled ones whole numbers between.
type numTicks struct{ integer bool }

// maxDecimals bounds the decimals of a tick label.
const maxDecimals = 6

func (n numTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) || math.IsNaN(max-min) {
		return nil
	}
	if n.integer && max-min < 10 {
		return intTicks(min, max)
	}
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	if n.integer {
		// Above 10 whole units the default steps (1, 2, 2.5, 5 × 10^k
		// with k ≥ 1 here) give whole labelled ticks except at 2.5:
		// keep only whole ticks.
		out := ticks[:0]
		for _, t := range ticks {
			if t.Value == math.Round(t.Value) {
				out = append(out, t)
			}
		}
		ticks = out
	}
	return relabel(withZero(ticks, min, max, n.integer))
}

// withZero returns ticks with a labelled 0 when the range crosses 0 and
// no labelled tick is there: labels at the multiples of the labelled
// ticks' step, or of half of it when that gives fewer than 3 labels (a
// whole half on an integer axis), and the other ticks unlabelled.
func withZero(ticks []plot.Tick, min, max float64, integer bool) []plot.Tick {
	if !(min <= 0 && max >= 0) {
		return ticks
	}
	var major []float64
	for _, t := range ticks {
		if !t.IsMinor() {
			major = append(major, t.Value)
		}
	}
	if slices.Contains(major, 0) || len(major) < 2 {
		return ticks
	}
	step := major[1] - major[0]
	labels := func(step float64) []float64 {
		var out []float64
		for k := math.Ceil(min / step); k*step <= max; k++ {
			out = append(out, k*step)
		}
		return out
	}
	at := labels(step)
	if half := step / 2; len(at) < 3 && (!integer || half == math.Round(half)) {
		at = labels(half)
	}
	var out []plot.Tick
	for _, v := range at {
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
	}
	for _, t := range ticks {
		if !slices.ContainsFunc(at, func(v float64) bool { return math.Abs(v-t.Value) < step/100 }) {
			out = append(out, plot.Tick{Value: t.Value})
		}
	}
	return out
}

// relabel writes the labels of the labelled ticks with the fewest
// decimals, up to maxDecimals, that give every one exactly (to 1e-9 of
// the largest magnitude), or in 'g' format if none does.
func relabel(ticks []plot.Tick) []plot.Tick {
	scale := 0.0
	for _, t := range ticks {
		scale = math.Max(scale, math.Abs(t.Value))
	}
	if scale >= 1e7 || scale > 0 && scale < 1e-4 {
		for i, t := range ticks {
			if !t.IsMinor() {
				ticks[i].Label = minus(strconv.FormatFloat(t.Value, 'g', -1, 64))
			}
		}
		return ticks
	}
	for d := 0; d <= maxDecimals; d++ {
		exact := true
		for _, t := range ticks {
			if !t.IsMinor() && math.Abs(t.Value*math.Pow10(d)-math.Round(t.Value*math.Pow10(d))) > 1e-9*math.Max(1, scale*math.Pow10(d)) {
				exact = false
				break
			}
		}
		if exact || d == maxDecimals {
			for i, t := range ticks {
				if !t.IsMinor() {
					v := t.Value
					if math.Abs(v) < 1e-9*scale {
						v = 0 // not "-0"
					}
					ticks[i].Label = minus(strconv.FormatFloat(v, 'f', d, 64))
				}
			}
			break
		}
	}
	return ticks
}

// intTicks marks a short range of whole numbers: every whole number
// labelled if the range spans at most 5, else every other one labelled
// and the rest unlabelled.
func intTicks(min, max float64) []plot.Tick {
	step := 1
	if max-min > 5 {
		step = 2
	}
	var ticks []plot.Tick
	for v := math.Ceil(min); v <= max; v++ {
		t := plot.Tick{Value: v}
		if int(v)%step == 0 {
			t.Label = minus(strconv.Itoa(int(v)))
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// whole reports whether every finite value of every slice is a whole
// number, and at least one is finite.
func whole(values ...[]float64) bool {
	any := false
	for _, s := range values {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			if v != math.Round(v) {
				return false
			}
			any = true
		}
	}
	return any
}

// fromZero widens a's range to include 0, for a quantity whose 0 means
// none (a count, a share): an axis starting elsewhere makes changes look
// larger than they are.
func fromZero(a *plot.Axis) {
	a.Min, a.Max = math.Min(a.Min, 0), math.Max(a.Max, 0)
}

// minus writes a leading hyphen-minus as the minus sign U+2212, as
// typeset numbers have it, and drops it from a number rounded to zero
// ("-0.00" is "0.00").
func minus(s string) string {
	rest, ok := strings.CutPrefix(s, "-")
	if !ok {
		return s
	}
	if strings.Trim(rest, "0.") == "" {
		return rest
	}
	return "−" + rest
}
