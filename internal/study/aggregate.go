package study

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/exodus-sim/exodus/internal/kit/stats"
	"github.com/exodus-sim/exodus/internal/sweep"
)

// Aggregate is a study's runs summarised over replicates, point by point.
type Aggregate struct {
	Study *Study
	// Metrics[p] and Series[p] summarise point p's successful runs,
	// sorted by name (empty when none succeeded).
	Metrics [][]stats.Metric
	Series  [][]stats.Trace
	// OK[p] and Failed[p] count point p's successful and failed runs.
	OK, Failed []int
	// Records are the run files, in run order.
	Records []sweep.Record
}

// Aggregate reads the runs of the study from dir, which Execute has
// filled, and summarises each point's successful runs with
// stats.Metrics and stats.Series (in replicate order). A run without a
// file, or with another study's, is an error naming it.
func (s *Study) Aggregate(dir string) (*Aggregate, error) {
	runs, err := s.Runs()
	if err != nil {
		return nil, err
	}
	fp, err := s.Fingerprint()
	if err != nil {
		return nil, err
	}
	recs, err := sweep.Load(dir, fp, runs)
	if err != nil {
		return nil, err
	}
	n := len(s.Points)
	a := &Aggregate{Study: s, Metrics: make([][]stats.Metric, n), Series: make([][]stats.Trace, n), OK: make([]int, n), Failed: make([]int, n), Records: recs}
	reps := make([][]stats.Replicate, n)
	for _, rec := range recs {
		if !rec.OK() {
			a.Failed[rec.Point]++
			continue
		}
		a.OK[rec.Point]++
		reps[rec.Point] = append(reps[rec.Point], stats.Replicate{Index: rec.Replicate, Metrics: rec.Result.Metrics, Series: rec.Result.Series})
	}
	for p := range n {
		if a.Metrics[p], err = stats.Metrics(reps[p]); err != nil {
			return nil, fmt.Errorf("study: point %d (%s): %w", p, s.Points[p].Label, err)
		}
		if a.Series[p], err = stats.Series(reps[p]); err != nil {
			return nil, fmt.Errorf("study: point %d (%s): %w", p, s.Points[p].Label, err)
		}
	}
	return a, nil
}

// Metric returns the summary of metric name at point p; false if the
// point has no successful run or no such metric.
func (a *Aggregate) Metric(p int, name string) (stats.Summary, bool) {
	i, ok := slices.BinarySearchFunc(a.Metrics[p], name, func(m stats.Metric, n string) int { return cmp.Compare(m.Name, n) })
	if !ok {
		return stats.Summary{}, false
	}
	return a.Metrics[p][i].Summary, true
}

// Trace returns the summary of series k at point p, tick by tick; false
// if there is none.
func (a *Aggregate) Trace(p int, k Key) ([]stats.Summary, bool) {
	name := k.Name(a.Study.Points[p].Plan)
	i, ok := slices.BinarySearchFunc(a.Series[p], name, func(t stats.Trace, n string) int { return cmp.Compare(t.Name, n) })
	if !ok {
		return nil, false
	}
	return a.Series[p][i].Ticks, true
}

// Used reports whether series key is not 0 throughout at some point
// (tables leave out the points where it is).
func (a *Aggregate) Used(key Key) bool {
	for p := range a.Series {
		if tr, ok := a.Trace(p, key); ok && !zero(tr) {
			return true
		}
	}
	return false
}

// Runs returns the number of successful and failed runs of the study.
func (a *Aggregate) Runs() (ok, failed int) {
	for p := range a.OK {
		ok += a.OK[p]
		failed += a.Failed[p]
	}
	return ok, failed
}
