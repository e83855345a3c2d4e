package model

import (
	"math"
	"testing"
	"time"
)

// TestSalience checks threats tick by tick: each at its level from its
// start, halving every half-life, zero from its end; two threats add up.
func TestSalience(t *testing.T) {
	sc := loadTest(t, "two-platforms.toml",
		`shocks=[{kind="threat", platform="P", groups=["A"], start=2025-01-02T00:00:00Z, end=2025-01-03T00:00:00Z, level=0.8, half_life="2h"},
		{kind="threat", platform="P", groups=["A"], start=2025-01-02T04:00:00Z, level=0.3}]`)
	tl := sc.timeline
	ts := newTickState(sc.Scenario)
	start := 24 // 2 January 00:00
	for _, test := range []struct {
		tick int
		want float64
	}{
		{start - 1, 0},
		{start, 0.8},
		{start + 1, 0.8 / math.Sqrt2}, // half a half-life
		{start + 2, 0.8 / 2},          // one half-life
		{start + 4, 0.8/4 + 0.3},      // two, and the second threat from its start
		{start + 23, 0.8*math.Exp2(-23.0/2) + 0.3},
		{start + 24, 0.3}, // the first threat's end
		{start + 100, 0.3},
	} {
		tl.at(test.tick, ts)
		k := ts.states
		if got := ts.salience[0*k+1]; math.Abs(got-test.want) > 1e-12 {
			t.Errorf("tick %d: salience %v, want %v", test.tick, got, test.want)
		}
		if got := ts.groupSalience[0]; math.Abs(got-test.want) > 1e-12 || ts.groupSalience[1] != 0 {
			t.Errorf("tick %d: group salience %v (B %v), want %v (B 0)", test.tick, got, ts.groupSalience[1], test.want)
		}
	}
}

// TestShockCombination checks that shocks combine by maximum, that a
// restore ends the blackouts in effect for its groups only, never a store
// removal, and
// the darkened/restored flags of the ticks where that changes.
func TestShockCombination(t *testing.T) {
	sc := loadTest(t, "two-platforms.toml", `shocks=[
		{kind="crackdown", platform="Q", groups=["A"], start=2025-01-02T00:00:00Z, level=0.3},
		{kind="crackdown", platform="Q", start=2025-01-02T00:00:00Z, end=2025-01-03T00:00:00Z, level=0.5},
		{kind="blackout", platform="P", start=2025-01-04T00:00:00Z},
		{kind="store_removal", platform="P", groups=["A"], start=2025-01-04T00:00:00Z},
		{kind="restore", platform="P", groups=["A"], start=2025-01-05T00:00:00Z},
		{kind="feature", platform="Q", start=2025-01-02T00:00:00Z, level=0.05}]`)
	tl := sc.timeline
	ts := newTickState(sc.Scenario)
	k := ts.states
	A, B, P, Q := 0, 1, 1, 2
	at := func(day, hour int) int { return sc.TickOf(time.Date(2025, 1, day, hour, 0, 0, 0, time.UTC)) }

	tl.at(at(2, 12), ts)
	if ts.removal[A*k+Q] != 0.5 || ts.removal[B*k+Q] != 0.5 {
		t.Errorf("2 Jan: removal A %v B %v, want the larger crackdown, 0.5, for both", ts.removal[A*k+Q], ts.removal[B*k+Q])
	}
	if ts.translation[Q] != 0.1 {
		t.Errorf("translation %v, want the base 0.1, above the feature's 0.05", ts.translation[Q])
	}
	tl.at(at(3, 12), ts)
	if ts.removal[A*k+Q] != 0.3 || ts.removal[B*k+Q] != 0.1 {
		t.Errorf("3 Jan: removal A %v B %v, want 0.3 (A's crackdown) and 0.1 (B's base)", ts.removal[A*k+Q], ts.removal[B*k+Q])
	}
	tl.at(at(4, 0)-1, ts)
	tl.at(at(4, 0), ts)
	if !ts.dark[A*k+P] || !ts.dark[B*k+P] || !ts.closed[A*k+P] || ts.closed[B*k+P] || !ts.darkened {
		t.Errorf("4 Jan: dark A %v B %v, closed A %v B %v, darkened %v", ts.dark[A*k+P], ts.dark[B*k+P], ts.closed[A*k+P], ts.closed[B*k+P], ts.darkened)
	}
	tl.at(at(5, 0)-1, ts)
	tl.at(at(5, 0), ts)
	if ts.dark[A*k+P] || !ts.dark[B*k+P] || !ts.closed[A*k+P] || !ts.restored[A*k+P] || ts.restored[B*k+P] {
		t.Errorf("5 Jan: dark A %v B %v, closed A %v, restored A %v B %v; want only A's blackout ended, its removal kept",
			ts.dark[A*k+P], ts.dark[B*k+P], ts.closed[A*k+P], ts.restored[A*k+P], ts.restored[B*k+P])
	}
}

// TestRedNoteStoreAndService checks the embedded scenario's TikTok and
// Lemon8 in the US against the timeline of data/rednote-2025/README.md
// ("TikTok goes dark in the US and leaves the app stores (Lemon8 and CapCut
// too)"): out of the stores from 18 January 22:30 to 13 February 12:00 (US
// Eastern; Lemon8's return is undated there, so TikTok's is assumed), and
// dark only from 18 January 22:30 to the restore on 19 January 12:30, 14
// hours.
func TestRedNoteStoreAndService(t *testing.T) {
	p := mustLoad(t, "rednote-2025")
	est := time.FixedZone("EST", -5*3600)
	us := p.groupIndex("US")
	outAt := p.TickOf(time.Date(2025, 1, 18, 22, 30, 0, 0, est))
	backAt := p.TickOf(time.Date(2025, 1, 19, 12, 30, 0, 0, est))
	storeAt := p.TickOf(time.Date(2025, 2, 13, 12, 0, 0, 0, est))
	if backAt-outAt != 14 {
		t.Fatalf("blackout ticks %d…%d: %d hours, want 14", outAt, backAt, backAt-outAt)
	}
	for _, name := range []string{"TikTok", "Lemon8"} {
		ts := newTickState(p.Scenario)
		i := us*ts.states + p.platformIndex(name)
		for tick := 0; tick <= p.Ticks(); tick++ {
			p.timeline.at(tick, ts)
			wantDark := outAt <= tick && tick < backAt
			wantClosed := outAt <= tick && tick < storeAt
			if ts.dark[i] != wantDark || ts.closed[i] != wantClosed {
				t.Fatalf("%s, tick %d (%s): dark %v closed %v, want dark %v closed %v", name,
					tick, p.TimeOf(tick).Format(time.RFC3339), ts.dark[i], ts.closed[i], wantDark, wantClosed)
			}
		}
	}
}
