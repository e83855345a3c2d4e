package experiments

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/model"
)

// TestRegistry checks that every declared experiment loads under its own
// name, compiles (every point's scenario and every figure checked, the
// calibration's spec read from the repository's root, where experiments
// run) and that Lookup names the experiments when it fails.
func TestRegistry(t *testing.T) {
	t.Chdir("..")
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range all {
		if got, err := Lookup(spec.Name); err != nil || got.Name != spec.Name {
			t.Errorf("Lookup(%s) = %v, %v", spec.Name, got, err)
		}
		if spec.Kind == "validation" {
			continue
		}
		if _, err := Compile(spec); err != nil {
			t.Errorf("%s: %v", spec.Name, err)
		}
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "rednote-2025") {
		t.Errorf("Lookup(nope): error %v, want it to list the experiments", err)
	}
}

// compiled returns the study of the declared experiment name.
func compiled(t *testing.T, name string) (*study.Spec, *study.Study) {
	t.Helper()
	spec, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return spec, s
}

// count returns the number of shocks of kind on platform in sc.
func count(sc *model.Plan, kind, platform string) int {
	n := 0
	for _, sh := range sc.Shocks {
		if sh.Kind == kind && sh.Platform == platform {
			n++
		}
	}
	return n
}

// shock returns the shock of sc called name.
func shock(t *testing.T, sc *model.Plan, name string) model.Shock {
	t.Helper()
	for _, sh := range sc.Shocks {
		if sh.Name == name {
			return sh
		}
	}
	t.Fatalf("no shock %q", name)
	return model.Shock{}
}

// TestRednoteVariants checks each counterfactual's scenario against the
// baseline's: the shock removed or added, at the date its description
// gives, the same agents (3·10⁵) everywhere, and a draw of the
// calibration's posterior per replicate (read from the repository's root).
func TestRednoteVariants(t *testing.T) {
	t.Chdir("..")
	_, s := compiled(t, "rednote-2025")
	if len(s.Draws) != s.Replicates {
		t.Errorf("%d posterior draws for %d replicates", len(s.Draws), s.Replicates)
	}
	base := s.Points[0].Plan
	if !s.CommonSeeds || base.Agents != 300_000 {
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
		var sc *model.Plan
		for _, pt := range s.Points {
			if pt.Label == test.label {
				sc = pt.Plan
			}
		}
		if sc == nil {
			t.Fatalf("case %d: no variant %q", i, test.label)
		}
		if got, want := count(sc, test.kind, test.platform), count(base, test.kind, test.platform)+test.delta; got != want {
			t.Errorf("case %d (%s): %d %s of %s, want %d", i, test.label, got, test.kind, test.platform, want)
		}
		if sc.Agents != base.Agents {
			t.Errorf("case %d (%s): %d agents", i, test.label, sc.Agents)
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
// and Lemon8 for the US come ban_days after the blackout (to the
// nanosecond), RedNote's watch has crackdown_level, and the grid is 7 × 7
// with the crackdown fastest.
func TestPhaseAxes(t *testing.T) {
	spec, s := compiled(t, "ban-moderation-phase")
	bans, levels := spec.Axes[0].Values, spec.Axes[1].Values
	if len(bans) != 7 || len(levels) != 7 || len(s.Points) != 49 {
		t.Fatalf("%d × %d levels, %d points; want 7 × 7 = 49", len(bans), len(levels), len(s.Points))
	}
	for p, pt := range s.Points {
		sc := pt.Plan
		days, level := pt.Assignments[0].Value, pt.Assignments[1].Value
		if days != bans[p/len(levels)] || level != levels[p%len(levels)] {
			t.Fatalf("point %d = %s, not in grid order", p, pt.Label)
		}
		blackout := shock(t, sc, "tiktok-blackout").Start
		for _, name := range []string{"tiktok-restore", "lemon8-restore"} {
			if got, want := shock(t, sc, name).Start.Sub(blackout), time.Duration(math.Round(days*float64(24*time.Hour))); got != want {
				t.Errorf("point %d: %s %s after the blackout, want %g days", p, name, got, days)
			}
		}
		if got := shock(t, sc, "rednote-watch").Level; got != level {
			t.Errorf("point %d: crackdown level %v, want %v", p, got, level)
		}
	}
}

// TestSensitivityPoints checks that the Saltelli design has N(k+2) points
// whose weights are set on the scenarios and lie within ±25% of their
// priors' centres (the embedded values but for weights.protest, which the
// calibration moved).
func TestSensitivityPoints(t *testing.T) {
	spec, s := compiled(t, "sensitivity")
	k := len(spec.Axes)
	if !s.Saltelli || len(s.Points) != spec.Design.Points*(k+2) {
		t.Fatalf("%d points, want %d × %d", len(s.Points), spec.Design.Points, k+2)
	}
	base, err := model.LoadScenario(model.DefaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	weight := func(w model.Weights, name string) float64 {
		return map[string]float64{"weights.protest": w.Protest, "weights.threat": w.Threat, "weights.attention": w.Attention,
			"weights.culture": w.Culture, "weights.moderation": w.Moderation, "weights.switching": w.Switching}[name]
	}
	centre := map[string]float64{}
	for _, pr := range base.Priors {
		centre[pr.Path] = pr.Centre()
	}
	for p, pt := range s.Points {
		for _, a := range pt.Assignments {
			b, ok := centre[a.Path]
			if !ok {
				b = weight(base.Weights, a.Path) // not free: the scenario's value
			}
			if got := weight(pt.Plan.Weights, a.Path); got != a.Value || got < 0.75*b || got > 1.25*b {
				t.Errorf("point %d: %s = %v on the scenario, assigned %v, baseline %v", p, a.Path, got, a.Value, b)
			}
		}
	}
}

// TestFiniteSizeVariants checks the finite-size study's points: the
// embedded rednote-2025 (its calibrated values: no posterior draws) at
// 10⁵, 10⁶ and 10⁷ agents on its stored block model, and at 10⁶ on the
// implicit block model, every other value the same, with 20, 8, 8 and 3
// replicates.
func TestFiniteSizeVariants(t *testing.T) {
	_, s := compiled(t, "finite-size")
	if s.Draws != nil {
		t.Errorf("%d posterior draws, want the embedded values", len(s.Draws))
	}
	base, err := model.LoadScenario("rednote-2025")
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := base.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		label      string
		agents     int
		network    string
		replicates int
	}{
		{"10⁵ agents", 100_000, "block-model", 20},
		{"10⁶ agents", 1_000_000, "block-model", 8},
		{"10⁶, implicit network", 1_000_000, "implicit-block-model", 8},
		{"10⁷ agents", 10_000_000, "block-model", 3},
	} {
		pt := s.Points[i]
		net, _ := pt.Plan.Network.Canonical()
		if pt.Label != test.label || pt.Plan.Agents != test.agents || net.Kind != test.network || s.PointReplicates(i) != test.replicates {
			t.Errorf("point %d: %s, %d agents, network %s, %d replicates; want %s, %d, %s, %d",
				i, pt.Label, pt.Plan.Agents, net.Kind, s.PointReplicates(i), test.label, test.agents, test.network, test.replicates)
		}
		same := *pt.Plan.Scenario
		same.Agents, same.Network.Kind = base.Agents, base.Network.Kind
		if got, _, err := same.Canonical(); err != nil || string(got) != string(want) {
			t.Errorf("point %d (%s): differs from rednote-2025 beyond agents and network kind (%v)", i, pt.Label, err)
		}
	}
}
