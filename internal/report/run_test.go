package report

import (
	"testing"
	"time"

	"github.com/exodus-sim/exodus/model"
)

// TestShockMarkers checks the markers of the default scenario against its
// shocks, read from model/scenarios/rednote-2025.toml: the starts within
// the run, in time order, shocks starting together under one label. The
// crackdown starts on 14 January 09:00 in China (+08:00), 13 January 20:00
// in New York; the translation feature on 20 January 00:00 in China, 19
// January 11:00 in New York, before the restore at 12:30.
func TestShockMarkers(t *testing.T) {
	p, err := model.Load(model.DefaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	est := time.FixedZone("", -5*3600)
	want := []struct {
		at    time.Time
		label string
	}{
		{time.Date(2025, 1, 10, 10, 0, 0, 0, est), "threat"},
		{time.Date(2025, 1, 13, 20, 0, 0, 0, est), "crackdown"},
		{time.Date(2025, 1, 15, 12, 0, 0, 0, est), "scrutiny"},
		{time.Date(2025, 1, 17, 10, 0, 0, 0, est), "threat"},
		{time.Date(2025, 1, 18, 22, 30, 0, 0, est), "threat, blackout, store removal"},
		{time.Date(2025, 1, 19, 11, 0, 0, 0, est), "feature"},
		{time.Date(2025, 1, 19, 12, 30, 0, 0, est), "restore"},
	}
	got := shockMarkers(p)
	if len(got) != len(want) {
		t.Fatalf("%d markers %v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].X != float64(w.at.Unix()) || got[i].Label != w.label {
			t.Errorf("marker %d: %s at %v, want %s at %v", i, got[i].Label, time.Unix(int64(got[i].X), 0).In(est), w.label, w.at)
		}
	}
}
