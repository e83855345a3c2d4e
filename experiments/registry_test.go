package experiments

import (
	"math"
	"strings"
	"testing"
	"time"

	"exodus/model"
)

// TestRegistry checks that the registry is sorted, names are unique,
// Lookup finds each and names the others when it fails, and that every
// study experiment builds its points without error.
func TestRegistry(t *testing.T) {
	all := All()
	for i, e := range all {
		if i > 0 && all[i-1].Name >= e.Name {
			t.Errorf("registry not sorted or repeated at %s, %s", all[i-1].Name, e.Name)
		}
		if got, err := Lookup(e.Name); err != nil || got.Name != e.Name {
			t.Errorf("Lookup(%s) = %v, %v", e.Name, got, err)
		}
		if e.Custom != nil {
			continue
		}
		s, err := e.Study()
		if err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		for p, pt := range s.Points {
			if pt.Err != nil {
				t.Errorf("%s: point %d (%s): %v", e.Name, p, pt.Label, pt.Err)
			}
		}
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "rednote-2025") {
		t.Errorf("Lookup(nope): error %v, want it to list the experiments", err)
	}
}

// count returns the number of shocks of kind on platform in sc.
func count(sc *model.Scenario, kind, platform string) int {
	n := 0
	for _, sh := range sc.Shocks {
		if sh.Kind == kind && sh.Platform == platform {
			n++
		}
	}
	return n
}

// TestRednoteVariants checks each counterfactual's scenario against the
// baseline's: the shock removed or added, at the date its description
// gives, and the same agents (10⁵) everywhere.
func TestRednoteVariants(t *testing.T) {
	s, err := rednote2025().Study()
	if err != nil {
		t.Fatal(err)
	}
	base := s.Points[0].Scenario
	if !s.CommonSeeds || base.Agents != 100_000 {
		t.Errorf("common seeds %v, agents %d", s.CommonSeeds, base.Agents)
	}
	est := time.FixedZone("", -5*3600)
	for i, test := range []struct {
		label          string
		kind, platform string
		delta          int // shocks of kind on platform, against the baseline
		at             time.Time
	}{
		{"no translation", "feature", "RedNote", -1, time.Time{}},
		{"TikTok never restored", "restore", "TikTok", -1, time.Time{}},
		{"crackdown from day 3", "crackdown", "RedNote", +1, time.Date(2025, 1, 15, 0, 0, 0, 0, est)},
		{"US bans RedNote day 20", "blackout", "RedNote", +1, time.Date(2025, 2, 1, 0, 0, 0, 0, est)},
		{"US bans RedNote day 20", "store_removal", "RedNote", +1, time.Date(2025, 2, 1, 0, 0, 0, 0, est)},
	} {
		var sc *model.Scenario
		for _, pt := range s.Points {
			if pt.Label == test.label {
				sc = pt.Scenario
			}
		}
		if sc == nil {
			t.Fatalf("case %d: no variant %q", i, test.label)
		}
		if got, want := count(sc, test.kind, test.platform), count(base, test.kind, test.platform)+test.delta; got != want {
			t.Errorf("case %d (%s): %d %s of %s, want %d", i, test.label, got, test.kind, test.platform, want)
		}
		if !test.at.IsZero() {
			found := false
			for _, sh := range sc.Shocks {
				found = found || sh.Kind == test.kind && sh.Platform == test.platform && sh.Start.Equal(test.at) && len(sh.Groups) == 1 && sh.Groups[0] == "US"
			}
			if !found {
				t.Errorf("case %d (%s): no %s of %s for US from %s", i, test.label, test.kind, test.platform, test.at)
			}
		}
	}
}

// TestPhaseAxes checks the phase diagram's points: the restores of TikTok
// and Lemon8 for the US come ban_days after the blackout, the crackdown
// has crackdown_level, and the grid is 7 × 7 with the crackdown fastest.
func TestPhaseAxes(t *testing.T) {
	s, err := banModerationPhase().Study()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != len(banLevels)*len(crackdownLevels) {
		t.Fatalf("%d points", len(s.Points))
	}
	for p, pt := range s.Points {
		sc := pt.Scenario
		days, level := pt.Assignments[0].Value, pt.Assignments[1].Value
		if days != banLevels[p/len(crackdownLevels)] || level != crackdownLevels[p%len(crackdownLevels)] {
			t.Fatalf("point %d = %s, not in grid order", p, pt.Label)
		}
		b, _ := shockOf(sc, "blackout", "TikTok", "US")
		for _, plat := range []string{"TikTok", "Lemon8"} {
			r, err := shockOf(sc, "restore", plat, "US")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sc.Shocks[r].Start.Sub(sc.Shocks[b].Start), time.Duration(math.Round(days*float64(24*time.Hour))); got != want {
				t.Errorf("point %d: %s restored %s after the blackout, want %g days", p, plat, got, days)
			}
		}
		c, _ := shockOf(sc, "crackdown", "RedNote", "US")
		if sc.Shocks[c].Level != level {
			t.Errorf("point %d: crackdown level %v, want %v", p, sc.Shocks[c].Level, level)
		}
	}
}

// TestSensitivityPoints checks that the Saltelli design has N(k+2) points
// whose weights are set on the scenarios and lie within ±25% of the
// baseline's.
func TestSensitivityPoints(t *testing.T) {
	e := sensitivityWeights()
	s, err := e.Study()
	if err != nil {
		t.Fatal(err)
	}
	k := len(e.Axes)
	if !s.Saltelli || len(s.Points) != e.Base*(k+2) {
		t.Fatalf("%d points, want %d × %d", len(s.Points), e.Base, k+2)
	}
	base, _ := model.LoadScenario(model.DefaultScenario, nil)
	weight := func(w model.Weights, name string) float64 {
		return map[string]float64{"weights.protest": w.Protest, "weights.threat": w.Threat, "weights.attention": w.Attention,
			"weights.culture": w.Culture, "weights.moderation": w.Moderation, "weights.switching": w.Switching}[name]
	}
	for p, pt := range s.Points {
		for _, a := range pt.Assignments {
			b := weight(base.Weights, a.Path)
			if got := weight(pt.Scenario.Weights, a.Path); got != a.Value || got < 0.75*b || got > 1.25*b {
				t.Errorf("point %d: %s = %v on the scenario, assigned %v, baseline %v", p, a.Path, got, a.Value, b)
			}
		}
	}
}
