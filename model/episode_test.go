package model

import (
	"context"
	"math"
	"slices"
	"testing"
)

// episodeDaily runs rednote-2025 at its priors' centres (atCentres) with
// 200,000 agents for 30 days under the edits and returns the days and US
// RedNote daily series of quantity.
func episodeDaily(t *testing.T, quantity string, sets ...string) ([]string, []float64) {
	t.Helper()
	edits, err := ParseEdits(append([]string{"agents=200000", "duration=30d"}, sets...))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := atCentres(t, embedded(t)).With(edits...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	r, err := RunScenario(context.Background(), p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	days, v, err := r.Daily(quantity, "US", "RedNote")
	if err != nil {
		t.Fatal(err)
	}
	return days, v
}

// shiftEvents returns the edits moving every dated event of the episode
// (the news, the blackouts, the store removal, the restores, RedNote's
// crackdown, scrutiny and translation) by days days; the threats' end,
// the executive order, moves with them.
func shiftEvents(t *testing.T, days int) []string {
	sc, err := LoadScenario("rednote-2025")
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, name := range []string{"oral-argument", "ruling", "shutdown-news", "tiktok-blackout", "tiktok-store-removal",
		"lemon8-blackout", "tiktok-restore", "lemon8-restore", "rednote-watch", "rednote-scrutiny", "rednote-translation"} {
		i, err := sc.shockIndex(name)
		if err != nil {
			t.Fatal(err)
		}
		at := sc.Shocks[i].Start.AddDate(0, 0, days)
		sets = append(sets, "shocks."+name+".date="+at.Format("2006-01-02T15:04:05-07:00"))
	}
	return sets
}

// argmax returns the index of the largest value (the first of ties).
func argmax(v []float64) int {
	return slices.Index(v, slices.Max(v))
}

// TestPeakFollowsEvents checks that the day of the largest RedNote
// installs in the US is not an input: moving every dated event of the
// episode by a day, either way, moves it by the same day.
func TestPeakFollowsEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of 200,000 agents")
	}
	days, base := episodeDaily(t, "installs")
	d0 := argmax(base)
	for _, shift := range []int{-1, 1} {
		_, v := episodeDaily(t, "installs", shiftEvents(t, shift)...)
		if d := argmax(v); d != d0+shift {
			t.Errorf("events moved by %+d day: peak installs on %s, want %s (base peak %s)", shift, days[d], days[d0+shift], days[d0])
		}
	}
}

// TestNewsStartsSurge checks that the installs of RedNote in the US start
// to rise with the first news event, the oral argument, and a day later
// when it is a day later: the first day whose installs exceed the mean of
// 6–9 January by 4 Poisson standard errors (of the day and of the mean)
// is the argument's day.
func TestNewsStartsSurge(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 200,000 agents")
	}
	for _, test := range []struct {
		date, want string
	}{
		{"2025-01-10T10:00:00-05:00", "2025-01-10"},
		{"2025-01-11T10:00:00-05:00", "2025-01-11"},
	} {
		days, v := episodeDaily(t, "installs", "shocks.oral-argument.date="+test.date)
		base := (v[0] + v[1] + v[2] + v[3]) / 4
		onset := ""
		for d := 4; d < len(v); d++ {
			if v[d] > base+4*math.Sqrt(base+base/4) {
				onset = days[d]
				break
			}
		}
		if onset != test.want {
			t.Errorf("oral argument at %s: installs %v, baseline %.1f/day: onset %q, want %s", test.date, v[:10], base, onset, test.want)
		}
	}
}

// TestAwarenessSpreadsSurge checks that awareness spreading makes the surge:
// the US agents who knew RedNote at the start hold it already (the steady
// start), so without the news, word of mouth, talk and the chart effect nobody
// else can install it, and the installs from the oral argument to the end of
// the run fall by more than half. Counts are Poisson: with ~10³ installs a
// halving is tens of standard errors.
func TestAwarenessSpreadsSurge(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 200,000 agents")
	}
	sum := func(v []float64) (s float64) {
		for _, x := range v[4:] { // from 10 January
			s += x
		}
		return s
	}
	_, with := episodeDaily(t, "installs")
	_, without := episodeDaily(t, "installs", "weights.chart=0", "weights.word_of_mouth=0", "weights.news=0", "weights.talk=0")
	if a, b := sum(with), sum(without); !(b < a/2) || a < 500 {
		t.Errorf("US installs of RedNote from 10 January: %v with awareness spreading, %v without; want > 500 and more than twice", a, b)
	}
}

// TestDAUDecaysAfterSurge checks that RedNote's US daily active users fall
// after the last shock without any further shock: the mean over 28
// January–3 February is below the mean over 21–23 January by more than 4
// standard errors (daily counts taken as Poisson). The newcomers' novelty
// wears off; the chart's pull on holders (use.chart) is off, for at the
// priors' centres RedNote's US installs, though they fall (107 on 22 January,
// 20 on 3 February), keep it on the chart to the run's end, and the chart's
// pull then holds the DAU flat (3 136 and 3 150 over the two windows).
func TestDAUDecaysAfterSurge(t *testing.T) {
	if testing.Short() {
		t.Skip("a run of 200,000 agents")
	}
	days, v := episodeDaily(t, "dau", "use.chart=0")
	mean := func(from, to string) (m, se float64) {
		a, b := slices.Index(days, from), slices.Index(days, to)
		for _, x := range v[a : b+1] {
			m += x
		}
		n := float64(b - a + 1)
		m /= n
		return m, math.Sqrt(m / n)
	}
	early, se1 := mean("2025-01-21", "2025-01-23")
	late, se2 := mean("2025-01-28", "2025-02-03")
	if !(early-late > 4*math.Hypot(se1, se2)) {
		t.Errorf("US RedNote DAU: %.1f on 21–23 Jan, %.1f on 28 Jan–3 Feb; want a fall by > 4 SE (%.1f)", early, late, 4*math.Hypot(se1, se2))
	}
}

// TestInstallsNeedPrompt checks that knowing an app is not enough to
// install it: without the chart, word of mouth, talk and market entry,
// only the news prompts US agents of RedNote, so once the threats end (the
// executive order, 20 January 19:00) nobody installs it, although the
// news made many of them know it. The installs of 10–20 January show that
// there were agents to install it: more than 100, a floor 8 Poisson
// standard errors below the count at the priors' centres (221 with seed
// and size as here; the news's centre is 0.045, its log prior's midpoint).
func TestInstallsNeedPrompt(t *testing.T) {
	if testing.Short() {
		t.Skip("a run of 200,000 agents")
	}
	days, v := episodeDaily(t, "installs", "weights.chart=0", "weights.word_of_mouth=0", "weights.talk=0", "groups.US.entry=0")
	from, end := slices.Index(days, "2025-01-10"), slices.Index(days, "2025-01-21")
	var during float64
	for _, x := range v[from:end] {
		during += x
	}
	if during <= 100 {
		t.Errorf("US installs of RedNote on 10–20 January: %v, want > 100", during)
	}
	for d := end; d < len(v); d++ {
		if v[d] != 0 {
			t.Errorf("US installs of RedNote on %s, after the threats ended: %v, want 0", days[d], v[d])
		}
	}
}
