package model

import (
	"math"
	"slices"
	"testing"
	"time"
)

// TestRetentionCurve checks the curve against the summary it generalises:
// R(0) = 1 at the peak, R at 7 and 30 days equal to Retention7 and
// Retention30 bit for bit, and NaN for days after the run's last tick.
// Without word of mouth and translation, so that RedNote's US users peak
// early enough for a 30-day retention (at the priors' centres they grow to
// a new steady state past the run's end).
func TestRetentionCurve(t *testing.T) {
	sc, h := rednote(t, 20_000, 3, func(sc *Scenario) {
		sc.Duration = Duration(45 * 24 * time.Hour)
		sc.Weights.WordOfMouth = 0
		without("feature", "RedNote")(sc)
	})
	s := Summarize(sc, h)
	if s.Retention7 == nil || s.Retention30 == nil {
		t.Fatalf("summary without retention: %+v", s)
	}
	perDay := int(24 * time.Hour / sc.Tick.D()) // ticks per day
	curve := RetentionCurve(sc, h, 45*perDay)
	if curve[0] != 1 {
		t.Errorf("R(0) = %v, want 1", curve[0])
	}
	if curve[7*perDay] != *s.Retention7 || curve[30*perDay] != *s.Retention30 {
		t.Errorf("R(7 d) = %v, R(30 d) = %v; summary %v, %v", curve[7*perDay], curve[30*perDay], *s.Retention7, *s.Retention30)
	}
	peak := sc.TickOf(mustTime(t, s.PeakTime))
	for d, r := range curve {
		if after := peak+d > h.Ticks(); after != math.IsNaN(r) {
			t.Fatalf("R(%d ticks) = %v with the peak at tick %d of %d", d, r, peak, h.Ticks())
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestStoreOutGain checks the users gained while TikTok was out of the US
// stores against the counts at the dates of the scenario's store removal,
// 18 January 2025 22:30 to 13 February 12:00 US Eastern (data/rednote-2025/):
// u(first tick in effect − 1) to u(last tick in effect), ticks of one hour
// from 6 January 00:00; a run that ends before 13 February counts to its
// end, and a run without the removal has none.
func TestStoreOutGain(t *testing.T) {
	est := time.FixedZone("UTC-05:00", -5*3600)
	removed := time.Date(2025, 1, 18, 22, 30, 0, 0, est) // in effect from tick 12·24 + 23 = 311
	back := time.Date(2025, 2, 13, 12, 0, 0, 0, est)     // tick 38·24 + 12 = 924, the first out of effect
	for i, test := range []struct {
		days     int
		from, to int
		removal  bool
	}{{60, 310, 923, true}, {30, 310, 720, true}, {30, 0, 0, false}} {
		p, h := rednote(t, 20_000, 3, func(sc *Scenario) {
			sc.Duration = Duration(time.Duration(test.days) * 24 * time.Hour)
			if !test.removal {
				sc.Shocks = slices.DeleteFunc(sc.Shocks, func(sh Shock) bool { return sh.Name == "tiktok-store-removal" })
			}
		})
		if p.TickOf(removed) != 311 || p.TickOf(back) != 924 {
			t.Fatalf("case %d: removal at tick %d, back at %d; want 311 and 924", i, p.TickOf(removed), p.TickOf(back))
		}
		s := Summarize(p, h)
		if !test.removal {
			if s.StoreOutGain != nil || s.StoreOutGainShare != nil || !math.IsNaN(s.Metrics()["store_out_gain"]) {
				t.Errorf("case %d: no removal, gain %v", i, s.StoreOutGain)
			}
			continue
		}
		want := h.Count(test.to, p.ReportGroup, p.Destination) - h.Count(test.from, p.ReportGroup, p.Destination)
		if s.StoreOutGain == nil || *s.StoreOutGain != want || *s.StoreOutGainShare != float64(want)/float64(s.GroupAgents) {
			t.Errorf("case %d: gain %v, share %v; want %d agents, %v", i, s.StoreOutGain, s.StoreOutGainShare, want, float64(want)/float64(s.GroupAgents))
		}
		if want <= 0 {
			t.Errorf("case %d: gain %d, want RedNote to gain US users while TikTok was out of the stores", i, want)
		}
	}
}

// TestPeakInstallsDay checks the day of most installs against a count of
// the recorded installs by the day each tick ends on: the first day with
// the most, as an index into the run's days and as the day's label, and
// no index (NaN as a metric) in a run without an install.
func TestPeakInstallsDay(t *testing.T) {
	p, h := rednote(t, 20_000, 3, func(sc *Scenario) { sc.Duration = Duration(21 * 24 * time.Hour) })
	byDay := make([]int64, len(p.Days))
	for tk := 1; tk <= h.Ticks(); tk++ {
		byDay[p.DayOf[tk]] += h.Installs[tk][p.ReportGroup*h.States+p.Destination]
	}
	want := 0
	for d, n := range byDay {
		if n > byDay[want] {
			want = d
		}
	}
	if byDay[want] == 0 {
		t.Fatal("no installs: the test means nothing")
	}
	s := Summarize(p, h)
	if s.PeakInstallsDayIndex == nil || *s.PeakInstallsDayIndex != int64(want) || s.PeakInstallsDay != p.Days[want] || s.PeakDailyInstalls != byDay[want] {
		t.Errorf("peak installs %d on %q (index %v), want %d on %q (index %d)", s.PeakDailyInstalls, s.PeakInstallsDay, s.PeakInstallsDayIndex, byDay[want], p.Days[want], want)
	}
	if got := s.Metrics()["peak_installs_day_index"]; got != float64(want) {
		t.Errorf("metric %v, want %d", got, want)
	}
	for tk := range h.Installs {
		clear(h.Installs[tk])
	}
	if s := Summarize(p, h); s.PeakInstallsDayIndex != nil || !math.IsNaN(s.Metrics()["peak_installs_day_index"]) {
		t.Errorf("without installs: index %v, metric %v; want none, NaN", s.PeakInstallsDayIndex, s.Metrics()["peak_installs_day_index"])
	}
}
