package model

import (
	"math"
	"testing"
	"time"
)

// TestRetentionCurve checks the curve against the summary it generalises:
// R(0) = 1 at the peak, R at 7 and 30 days equal to Retention7 and
// Retention30 bit for bit, and NaN for days after the run's last tick.
func TestRetentionCurve(t *testing.T) {
	sc, h := rednote(t, 20_000, 3, func(sc *Scenario) { sc.Duration = Duration(45 * 24 * time.Hour) })
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
