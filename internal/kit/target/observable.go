package target

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/stat"
)

// Series gives a run's daily series. The model implements it.
type Series interface {
	// Daily returns the series of quantity for the group's users on the
	// platform: days ("2006-01-02" in the group's time zone, ascending)
	// and the value on each day, in users (see the package doc). An
	// unknown quantity, group or platform is an error naming it.
	Daily(quantity, group, platform string) (days []string, values []float64, err error)
}

// Kind is the kind of an observable; see the package doc for formulas.
type Kind string

// Kinds of observables.
const (
	Level           Kind = "level"
	Ratio           Kind = "ratio"
	Change          Kind = "change"
	WindowRatio     Kind = "window_ratio"
	Decay           Kind = "decay"
	Total           Kind = "total"
	CumulativeShare Kind = "cumulative_share"
)

// Kinds lists the observables, in the order of the package doc.
var Kinds = []Kind{Level, Ratio, Change, WindowRatio, Decay, Total, CumulativeShare}

// Quantities lists the quantities a series can be of.
var Quantities = []string{"installs", "dau", "accounts", "users"}

// SeriesRef names a daily series.
type SeriesRef struct {
	Quantity string
	Group    string
	Platform string
}

func (r SeriesRef) String() string { return r.Quantity + "/" + r.Group + "/" + r.Platform }

// Window is an inclusive range of days.
type Window struct {
	From, To string // "2006-01-02"
}

func (w Window) String() string { return "[" + w.From + ", " + w.To + "]" }

// days returns the days of the window, in order.
func (w Window) days() []string {
	from, _ := time.Parse(time.DateOnly, w.From)
	to, _ := time.Parse(time.DateOnly, w.To)
	var ds []string
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		ds = append(ds, d.Format(time.DateOnly))
	}
	return ds
}

// Observable is a validated observable: a kind, its series and the days,
// windows and population its kind uses (the others are zero).
type Observable struct {
	Kind   Kind
	Series SeriesRef
	// Day is the day of a level, and the later day of a ratio or change.
	Day string
	// BaseDay is the earlier day of a ratio or change.
	BaseDay string
	// Window is the window of a decay, total or cumulative share, and
	// the numerator's window of a window ratio.
	Window Window
	// BaseWindow is the denominator's window of a window ratio.
	BaseWindow Window
	// BasePlatform is the platform of a window ratio's denominator, if
	// not the observable's own: the series is then a share between two
	// platforms' same quantity in the same group ("" otherwise).
	BasePlatform string
	// Population is the reference count of a cumulative share, in users.
	Population float64
}

// LastDay returns the last day the observable reads ("2006-01-02").
func (o Observable) LastDay() string {
	return max(o.Day, o.BaseDay, o.Window.To, o.BaseWindow.To)
}

// Eval evaluates the observable on the run's series s.
func (o Observable) Eval(s Series) (float64, error) {
	num, err := read(s, o.Series)
	if err != nil {
		return 0, err
	}
	base := num
	if r := o.BaseSeries(); r != o.Series {
		if base, err = read(s, r); err != nil {
			return 0, err
		}
	}
	return o.eval(num, base)
}

// BaseSeries returns the series of a window ratio's denominator: the
// observable's own but on BasePlatform, if given.
func (o Observable) BaseSeries() SeriesRef {
	r := o.Series
	if o.BasePlatform != "" {
		r.Platform = o.BasePlatform
	}
	return r
}

// daily is one series of a run, indexed by day.
type daily struct {
	ref   SeriesRef
	index map[string]int
	value []float64
}

// read reads the series ref of s.
func read(s Series, ref SeriesRef) (daily, error) {
	days, values, err := s.Daily(ref.Quantity, ref.Group, ref.Platform)
	if err != nil {
		return daily{}, fmt.Errorf("series %s: %w", ref, err)
	}
	if len(days) != len(values) {
		return daily{}, fmt.Errorf("series %s: %d days but %d values", ref, len(days), len(values))
	}
	d := daily{ref: ref, index: make(map[string]int, len(days)), value: values}
	for i, day := range days {
		d.index[day] = i
	}
	return d, nil
}

// at returns the value on day.
func (d daily) at(day string) (float64, error) {
	i, ok := d.index[day]
	if !ok {
		return 0, fmt.Errorf("series %s has no day %s", d.ref, day)
	}
	return d.value[i], nil
}

// over returns the values over the window, in order.
func (d daily) over(w Window) ([]float64, error) {
	ds := w.days()
	v := make([]float64, len(ds))
	for i, day := range ds {
		x, err := d.at(day)
		if err != nil {
			return nil, fmt.Errorf("window %s: %w", w, err)
		}
		v[i] = x
	}
	return v, nil
}

// eval evaluates the observable on its series num and the series base
// of a window ratio's denominator (num itself but with BasePlatform).
func (o Observable) eval(num, base daily) (float64, error) {
	at, over := num.at, num.over
	switch o.Kind {
	case Level:
		return at(o.Day)
	case Ratio, Change:
		a, err := at(o.BaseDay)
		if err != nil {
			return 0, err
		}
		b, err := at(o.Day)
		if err != nil {
			return 0, err
		}
		if o.Kind == Change {
			return b/a - 1, nil
		}
		return b / a, nil
	case WindowRatio:
		a, err := base.over(o.BaseWindow)
		if err != nil {
			return 0, err
		}
		b, err := over(o.Window)
		if err != nil {
			return 0, err
		}
		return stat.Mean(b, nil) / stat.Mean(a, nil), nil
	case Decay:
		v, err := over(o.Window)
		if err != nil {
			return 0, err
		}
		return -poissonSlope(v), nil
	case Total, CumulativeShare:
		v, err := over(o.Window)
		if err != nil {
			return 0, err
		}
		var sum float64
		for _, x := range v {
			sum += x
		}
		if o.Kind == CumulativeShare {
			return sum / o.Population, nil
		}
		return sum, nil
	}
	return 0, fmt.Errorf("observable kind %q is not one of %v", o.Kind, Kinds)
}

// poissonSlope returns β, the slope of the log-linear trend e^(α + β·t)
// fitted to v(0), …, v(n − 1) by Poisson maximum likelihood: the β at
// which the trend's mean day, Σ t·e^(β·t) / Σ e^(β·t), equals the
// series' own, t̄ = Σ t·v(t) / Σ v(t) (the score equation, α profiled
// out). It takes a day of 0, which the slope of ln v cannot (the installs
// of a few agents a day often have one), weighs each day by its count, and
// on an exponential series is its rate exactly. The trend's mean day rises
// with β from 0 to n − 1, so β is found by bisection; NaN where no finite
// β fits: a negative or non-finite value, no positive one, or all of the
// series on its first or its last day.
func poissonSlope(v []float64) float64 {
	var sum, moment float64
	for t, x := range v {
		if !(x >= 0) || math.IsInf(x, 0) {
			return math.NaN()
		}
		sum += x
		moment += float64(t) * x
	}
	last := float64(len(v) - 1)
	mean := moment / sum
	if !(sum > 0) || !(mean > 0 && mean < last) {
		return math.NaN()
	}
	trend := func(beta float64) float64 { // the trend's mean day, its weights centred on the window's middle
		var num, den float64
		for t := range v {
			e := math.Exp(beta * (float64(t) - last/2))
			num += float64(t) * e
			den += e
		}
		return num / den
	}
	// The weights e^(β·(t − (n − 1)/2)) overflow past |β|·(n − 1)/2 =
	// 709; a series that needs a slope near that has all but e^(−700) of
	// itself on one day.
	steepest := 700 / max(1, last/2)
	lo, hi := -1.0, 1.0
	for trend(lo) > mean {
		if lo *= 2; lo < -steepest {
			return math.NaN()
		}
	}
	for trend(hi) < mean {
		if hi *= 2; hi > steepest {
			return math.NaN()
		}
	}
	for {
		mid := (lo + hi) / 2
		if mid <= lo || mid >= hi {
			return mid
		}
		if trend(mid) < mean {
			lo = mid
		} else {
			hi = mid
		}
	}
}
