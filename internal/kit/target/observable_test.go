package target

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// fakeSeries is one daily series for every (quantity, group, platform) but
// an unknown group "XX".
type fakeSeries struct {
	days   []string
	values []float64
}

func (f fakeSeries) Daily(quantity, group, platform string) ([]string, []float64, error) {
	if group == "XX" {
		return nil, nil, errors.New("unknown group XX")
	}
	return f.days, f.values, nil
}

// series is five days of values 100, 50, 25, 20, 5.
var series = fakeSeries{
	days:   []string{"2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"},
	values: []float64{100, 50, 25, 20, 5},
}

// TestObservables evaluates each kind on the series above against a value
// computed by hand (the comment of each case says how).
func TestObservables(t *testing.T) {
	ref := SeriesRef{"installs", "US", "RedNote"}
	w := func(a, b string) Window { return Window{a, b} }
	for i, test := range []struct {
		o    Observable
		want float64
	}{
		// v(Jan 3) = 25.
		{Observable{Kind: Level, Day: "2025-01-03"}, 25},
		// v(Jan 4) / v(Jan 2) = 20 / 50.
		{Observable{Kind: Ratio, BaseDay: "2025-01-02", Day: "2025-01-04"}, 0.4},
		// 20 / 50 − 1.
		{Observable{Kind: Change, BaseDay: "2025-01-02", Day: "2025-01-04"}, -0.6},
		// mean(25, 20, 5) / mean(100, 50) = (50/3) / 75 = 2/9.
		{Observable{Kind: WindowRatio, BaseWindow: w("2025-01-01", "2025-01-02"), Window: w("2025-01-03", "2025-01-05")}, 2.0 / 9},
		// 100, 50, 25 halve each day: ln v falls by ln 2 per day exactly.
		{Observable{Kind: Decay, Window: w("2025-01-01", "2025-01-03")}, math.Ln2},
		// 25, 20, 5 on t = 0, 1, 2: the series' mean day is t̄ = (20 +
		// 2·5)/50 = 0.6, and the trend's, with q = e^β, (q + 2q²)/(1 + q +
		// q²); equal where (t̄ − 2)q² + (t̄ − 1)q + t̄ = 0, 1.4q² + 0.4q −
		// 0.6 = 0, q = (√3.52 − 0.4)/2.8. (The slope of ln v would give
		// ln 5 / 2 = 0.80: Poisson's weighs the 25 and the 20 more.)
		{Observable{Kind: Decay, Window: w("2025-01-03", "2025-01-05")}, -math.Log((math.Sqrt(3.52) - 0.4) / 2.8)},
		// 50 + 25 + 20 = 95.
		{Observable{Kind: Total, Window: w("2025-01-02", "2025-01-04")}, 95},
		// (100 + 50 + 25 + 20 + 5) / 1000.
		{Observable{Kind: CumulativeShare, Window: w("2025-01-01", "2025-01-05"), Population: 1000}, 0.2},
	} {
		test.o.Series = ref
		got, err := test.o.Eval(series)
		if err != nil {
			t.Errorf("case %d (%s): %v", i, test.o.Kind, err)
			continue
		}
		if math.Abs(got-test.want) > 1e-14*math.Abs(test.want) {
			t.Errorf("case %d (%s): got %.17g, want %.17g", i, test.o.Kind, got, test.want)
		}
	}
}

// platformSeries is a daily series per platform, the same for every
// quantity and group.
type platformSeries map[string]fakeSeries

func (p platformSeries) Daily(quantity, group, platform string) ([]string, []float64, error) {
	f, ok := p[platform]
	if !ok {
		return nil, nil, errors.New("unknown platform " + platform)
	}
	return f.days, f.values, nil
}

// TestWindowRatioBasePlatform checks a window ratio between two
// platforms: RedNote's series over TikTok's (the series above times 10).
func TestWindowRatioBasePlatform(t *testing.T) {
	tiktok := fakeSeries{days: series.days, values: []float64{1000, 500, 250, 200, 50}}
	s := platformSeries{"RedNote": series, "TikTok": tiktok}
	o := Observable{Kind: WindowRatio, Series: SeriesRef{"dau", "US", "RedNote"}, BasePlatform: "TikTok",
		Window: Window{"2025-01-03", "2025-01-05"}, BaseWindow: Window{"2025-01-01", "2025-01-02"}}
	// mean(25, 20, 5) / mean(1000, 500) = (50/3) / 750 = 1/45.
	if got, err := o.Eval(s); err != nil || math.Abs(got-1.0/45) > 1e-16 {
		t.Errorf("RedNote over TikTok: %v, %v; want 1/45", got, err)
	}
	// Over the same windows of one series, the ratio is 1.
	o.Window = o.BaseWindow
	if got, err := o.Eval(platformSeries{"RedNote": series, "TikTok": series}); err != nil || got != 1 {
		t.Errorf("a series over itself: %v, %v; want 1", got, err)
	}
	o.BasePlatform = "Lemon8"
	if _, err := o.Eval(s); err == nil || !strings.Contains(err.Error(), "series dau/US/Lemon8: unknown platform Lemon8") {
		t.Errorf("an unknown base platform: error %v, want it named", err)
	}
}

// TestObservableUndefined checks that undefined arithmetic gives a
// non-finite value, not an error.
func TestObservableUndefined(t *testing.T) {
	s := fakeSeries{days: []string{"2025-01-01", "2025-01-02"}, values: []float64{0, 3}}
	ref := SeriesRef{"dau", "US", "RedNote"}
	for i, o := range []Observable{
		{Kind: Ratio, BaseDay: "2025-01-01", Day: "2025-01-02"},
		{Kind: Decay, Window: Window{"2025-01-01", "2025-01-02"}},
	} {
		o.Series = ref
		got, err := o.Eval(s)
		if err != nil || !(math.IsInf(got, 0) || math.IsNaN(got)) {
			t.Errorf("case %d (%s): got %v, %v; want a non-finite value and no error", i, o.Kind, got, err)
		}
	}
}

// TestDecayZero checks that a decay counts a day of 0, as Poisson's
// likelihood does: on 3, 0, 1 the mean day is t̄ = 2/4 = 0.5, and the
// trend's (q + 2q²)/(1 + q + q²) equals it where 1.5q² + 0.5q − 0.5 = 0,
// q = (√3.25 − 0.5)/3, a decay of 0.834 a day. With all of the window on
// its last day (0, 0, 2) or first (2, 0, 0) no finite rate fits, and it is
// NaN.
func TestDecayZero(t *testing.T) {
	o := Observable{Kind: Decay, Series: SeriesRef{"installs", "US", "RedNote"}, Window: Window{"2025-01-01", "2025-01-03"}}
	days := []string{"2025-01-01", "2025-01-02", "2025-01-03"}
	got, err := o.Eval(fakeSeries{days, []float64{3, 0, 1}})
	if want := -math.Log((math.Sqrt(3.25) - 0.5) / 3); err != nil || math.Abs(got-want) > 1e-14 {
		t.Errorf("decay of 3, 0, 1: %.17g, %v; want %.17g", got, err, want)
	}
	for _, v := range [][]float64{{0, 0, 2}, {2, 0, 0}, {0, 0, 0}} {
		if got, err := o.Eval(fakeSeries{days, v}); err != nil || !math.IsNaN(got) {
			t.Errorf("decay of %v: %v, %v; want NaN", v, got, err)
		}
	}
}

// TestObservableErrors checks that a missing day or series is an error
// naming it.
func TestObservableErrors(t *testing.T) {
	for i, test := range []struct {
		o    Observable
		want string
	}{
		{Observable{Kind: Level, Series: SeriesRef{"dau", "US", "TikTok"}, Day: "2025-01-09"}, "series dau/US/TikTok has no day 2025-01-09"},
		{Observable{Kind: Total, Series: SeriesRef{"dau", "US", "TikTok"}, Window: Window{"2025-01-04", "2025-01-06"}}, "window [2025-01-04, 2025-01-06]: series dau/US/TikTok has no day 2025-01-06"},
		{Observable{Kind: Level, Series: SeriesRef{"dau", "XX", "TikTok"}, Day: "2025-01-01"}, "series dau/XX/TikTok: unknown group XX"},
	} {
		_, err := test.o.Eval(series)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want %q", i, err, test.want)
		}
	}
}
