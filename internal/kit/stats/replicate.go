package stats

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
)

// Replicate is one replicate's results at a design point: named summary
// metrics and named per-tick series (Series[name][t] is the value at tick
// t).
type Replicate struct {
	Index   int
	Metrics map[string]float64
	Series  map[string][]float64
}

// Metric is the summary of one named metric over replicates.
type Metric struct {
	Name string
	Summary
}

// Trace is the per-tick summary of one named series over replicates:
// Ticks[t] summarises the replicates' values at tick t.
type Trace struct {
	Name  string
	Ticks []Summary
}

// Metrics summarises every metric over the replicates that define it (a
// NaN is left out), sorted by name. Every replicate must have the same
// metric names and distinct indices.
func Metrics(reps []Replicate) ([]Metric, error) {
	reps, err := sorted(reps)
	if err != nil || len(reps) == 0 {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(reps[0].Metrics))
	for _, r := range reps[1:] {
		if err := sameNames("metric", names, slices.Sorted(maps.Keys(r.Metrics)), r.Index, reps[0].Index); err != nil {
			return nil, err
		}
	}
	out := make([]Metric, len(names))
	x := make([]float64, 0, len(reps))
	for i, name := range names {
		x = x[:0]
		for _, r := range reps {
			x = appendDefined(x, r.Metrics[name])
		}
		out[i] = Metric{Name: name, Summary: Summarize(x)}
	}
	return out, nil
}

// Series summarises every series tick by tick over the replicates that
// define it at that tick (a NaN is left out), sorted by name. Every replicate must have the same series names, each of the
// same length in all replicates, and distinct indices.
func Series(reps []Replicate) ([]Trace, error) {
	reps, err := sorted(reps)
	if err != nil || len(reps) == 0 {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(reps[0].Series))
	for _, r := range reps[1:] {
		if err := sameNames("series", names, slices.Sorted(maps.Keys(r.Series)), r.Index, reps[0].Index); err != nil {
			return nil, err
		}
	}
	out := make([]Trace, len(names))
	x := make([]float64, 0, len(reps))
	for i, name := range names {
		ticks := len(reps[0].Series[name])
		for _, r := range reps[1:] {
			if len(r.Series[name]) != ticks {
				return nil, fmt.Errorf("series %q: replicate %d has %d ticks, replicate %d has %d", name, r.Index, len(r.Series[name]), reps[0].Index, ticks)
			}
		}
		tr := Trace{Name: name, Ticks: make([]Summary, ticks)}
		for t := range ticks {
			x = x[:0]
			for _, r := range reps {
				x = appendDefined(x, r.Series[name][t])
			}
			tr.Ticks[t] = Summarize(x)
		}
		out[i] = tr
	}
	return out, nil
}

// appendDefined appends v to x unless v is NaN.
func appendDefined(x []float64, v float64) []float64 {
	if math.IsNaN(v) {
		return x
	}
	return append(x, v)
}

// sorted returns a copy of reps sorted by index, or an error naming a
// repeated index.
func sorted(reps []Replicate) ([]Replicate, error) {
	reps = slices.Clone(reps)
	slices.SortFunc(reps, func(a, b Replicate) int { return cmp.Compare(a.Index, b.Index) })
	for i := 1; i < len(reps); i++ {
		if reps[i].Index == reps[i-1].Index {
			return nil, fmt.Errorf("replicate %d appears twice", reps[i].Index)
		}
	}
	return reps, nil
}

// sameNames returns an error naming the first name one replicate has and
// the other lacks.
func sameNames(what string, want, got []string, rep, ref int) error {
	for _, n := range want {
		if _, ok := slices.BinarySearch(got, n); !ok {
			return fmt.Errorf("%s %q: missing from replicate %d (replicate %d has it)", what, n, rep, ref)
		}
	}
	for _, n := range got {
		if _, ok := slices.BinarySearch(want, n); !ok {
			return fmt.Errorf("%s %q: in replicate %d but not in replicate %d", what, n, rep, ref)
		}
	}
	return nil
}
