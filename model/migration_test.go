package model

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// rednote runs the default scenario at its priors' centres (atCentres)
// with agents agents and seed, after change edits it, and returns the
// scenario and its history.
func rednote(t testing.TB, agents int, seed uint64, change func(*Scenario)) (*Plan, *History) {
	t.Helper()
	sc := atCentres(t, embedded(t))
	sc.Agents, sc.Seed = agents, seed
	if change != nil {
		change(sc)
	}
	p, err := Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	return p, runHistory(t, p)
}

// atCentres returns the scenario in the TOML text with every value that
// has a [[prior]] at the prior's centre: the mechanism tests run it so,
// and do not change when a calibration moves the embedded values.
func atCentres(t testing.TB, text []byte) *Scenario {
	t.Helper()
	sc, err := ParseScenario(text)
	if err != nil {
		t.Fatal(err)
	}
	edits := make([]Edit, len(sc.Priors))
	for i, p := range sc.Priors {
		if edits[i], err = NumberEdit(p.Path, p.Centre()); err != nil {
			t.Fatal(err)
		}
	}
	if sc, err = sc.With(edits...); err != nil {
		t.Fatal(err)
	}
	return sc
}

// runHistory runs p and returns its history.
func runHistory(t testing.TB, sc *Plan) *History {
	t.Helper()
	m, err := NewMigration(context.Background(), sc, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := m.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// without removes the shocks of the given kind on the given platform.
func without(kind, platform string) func(*Scenario) {
	return func(sc *Scenario) {
		var keep []Shock
		for _, sh := range sc.Shocks {
			if sh.Kind != kind || sh.Platform != platform {
				keep = append(keep, sh)
			}
		}
		sc.Shocks = keep
	}
}

func shockStart(t testing.TB, sc *Plan, kind, platform string) int {
	t.Helper()
	for _, sh := range sc.Shocks {
		if sh.Kind == kind && sh.Platform == platform && slicesHas(sh.Groups, "US") {
			return sc.TickOf(sh.Start)
		}
	}
	t.Fatalf("no %s of %s for US", kind, platform)
	return 0
}

func slicesHas(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

const us, tiktok, rednoteState, lemon8 = 0, 1, 2, 3

// TestBlackout checks what a blackout does. In its first tick all of its
// group's users decide: with waiting worth nothing (weights.dark = 10⁴
// logits a day, 417 in the first hour) all of them leave, and without a
// restore (a permanent ban) none ever comes back. At the priors' centres
// some wait on it, nobody else joins it while it is dark, and after the
// restore it keeps more than half of its users.
func TestBlackout(t *testing.T) {
	shorter := func(sc *Scenario) { sc.Duration = Duration(20 * 24 * time.Hour) }
	impatient := func(sc *Scenario) { shorter(sc); sc.Weights.Dark = 1e4 }
	sc, h := rednote(t, 20_000, 1, impatient)
	tb := shockStart(t, sc, "blackout", "TikTok")
	before := h.Count(tb-1, us, tiktok)
	if before == 0 || h.Count(tb, us, tiktok) != 0 || h.Leaves(tb, us, tiktok) != before {
		t.Errorf("blackout tick %d, waiting worth nothing: TikTok US users %d → %d with %d leaving, want all %d to leave",
			tb, before, h.Count(tb, us, tiktok), h.Leaves(tb, us, tiktok), before)
	}
	if h.Count(tb, us, lemon8) != 0 {
		t.Errorf("Lemon8, dark with TikTok, has %d US users in the blackout tick", h.Count(tb, us, lemon8))
	}
	_, h = rednote(t, 20_000, 1, func(sc *Scenario) { impatient(sc); without("restore", "TikTok")(sc) })
	for tick := tb; tick <= h.Ticks(); tick++ {
		if n := h.Count(tick, us, tiktok); n != 0 {
			t.Fatalf("permanent ban, waiting worth nothing: %d US users on TikTok at tick %d", n, tick)
		}
	}

	_, h = rednote(t, 20_000, 1, shorter)
	tr := shockStart(t, sc, "restore", "TikTok")
	if h.Count(tb, us, tiktok) == 0 {
		t.Errorf("blackout tick %d: no US user waits on TikTok", tb)
	}
	for tick := tb; tick < tr; tick++ {
		if joined := h.Count(tick, us, tiktok) - h.Count(tick-1, us, tiktok) + h.Leaves(tick, us, tiktok); joined != 0 {
			t.Errorf("tick %d, TikTok dark: %d US agents joined it", tick, joined)
		}
	}
	if back := h.Count(h.Ticks(), us, tiktok); back < before/2 {
		t.Errorf("after the restore TikTok has %d US users, fewer than half the %d before the blackout", back, before)
	}
}

// TestWarmup checks that a warm-up runs before the recorded ticks with the
// shocks as they are at the start: a blackout 12 hours after the start,
// with waiting worth nothing (weights.dark = 10⁴ logits a day), empties
// its platform at recorded tick 12, after two days of warm-up, and the
// history holds exactly the scenario's ticks.
func TestWarmup(t *testing.T) {
	sc := loadTest(t, "two-platforms.toml", `warmup="2d"`, `duration="1d"`, "weights.dark=1e4",
		`shocks=[{kind="blackout", platform="P", groups=["A"], start=2025-01-01T12:00:00Z}]`)
	h := runHistory(t, sc)
	if h.Ticks() != 24 {
		t.Fatalf("history has %d ticks, want 24", h.Ticks())
	}
	if h.Count(11, 0, 1) == 0 || h.Count(12, 0, 1) != 0 || h.Leaves(12, 0, 1) != h.Count(11, 0, 1) {
		t.Errorf("A on P: %d at tick 11, %d at tick 12 with %d leaving; want the blackout at recorded tick 12",
			h.Count(11, 0, 1), h.Count(12, 0, 1), h.Leaves(12, 0, 1))
	}
	cold := runHistory(t, loadTest(t, "two-platforms.toml", `duration="1d"`))
	if fmt.Sprint(h.Counts[0]) == fmt.Sprint(cold.Counts[0]) {
		t.Error("tick 0 after a warm-up equals the initial state: the warm-up did not run")
	}
}

// TestStoreRemoval checks that while a platform is out of the stores no one
// joins it who never had an account, while those who had one still return.
// A's agents get a new phone at 5% a day: they look for apps, and so
// install those they know (nothing else prompts them).
func TestStoreRemoval(t *testing.T) {
	sc := loadTest(t, "two-platforms.toml", "groups.A.entry=0.05",
		`shocks=[{kind="store_removal", platform="Q", groups=["A"], start=2025-01-03T00:00:00Z, end=2025-01-08T00:00:00Z}]`)
	from, to := sc.TickOf(sc.Shocks[0].Start), sc.TickOf(sc.Shocks[0].End)
	m, err := NewMigration(context.Background(), sc, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prevState := append([]uint8(nil), m.Pop.State...)
	prevAcc := append([]uint8(nil), m.Pop.Accounts...)
	var returned, newcomers, newcomersOutside int
	_, err = m.Run(context.Background(), sim.RecorderFunc(func(s *sim.TickStats) error {
		for i, st := range m.Pop.State {
			if st == 2 && prevState[i] != 2 && m.Pop.Group[i] == 0 {
				had := prevAcc[i]&(1<<1) != 0
				inWindow := s.Tick >= from && s.Tick < to
				switch {
				case inWindow && had:
					returned++
				case inWindow:
					newcomers++
				case !had:
					newcomersOutside++
				}
			}
		}
		copy(prevState, m.Pop.State)
		copy(prevAcc, m.Pop.Accounts)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if newcomers != 0 {
		t.Errorf("%d agents without an account joined Q during its store removal", newcomers)
	}
	if returned == 0 || newcomersOutside == 0 {
		t.Errorf("returns during the removal %d, new accounts outside it %d: want both > 0 for the test to mean anything",
			returned, newcomersOutside)
	}
}

// pairedEffect runs the default scenario with and without change on the
// same seeds and returns the mean and standard error of metric(with) −
// metric(without) over the seeds.
func pairedEffect(t *testing.T, agents int, seeds []uint64, change func(*Scenario), metric func(*Plan, *History) float64) (mean, se float64) {
	var d []float64
	for _, seed := range seeds {
		sc, h := rednote(t, agents, seed, change)
		with := metric(sc, h)
		sc, h = rednote(t, agents, seed, nil)
		d = append(d, with-metric(sc, h))
	}
	return meanSE(d)
}

// meanSE returns the mean of d and its standard error.
func meanSE(d []float64) (mean, se float64) {
	var s, s2 float64
	for _, x := range d {
		s += x
	}
	mean = s / float64(len(d))
	for _, x := range d {
		s2 += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(s2 / float64(len(d)-1) / float64(len(d)))
}

var pairedSeeds = []uint64{1, 2, 3, 4}

// TestTranslationRetention checks that RedNote keeps more of its US users
// with the translation feature than without: its US users at the end of
// the run, in paired runs (same seeds, with and without the feature), are
// more with it by 3 standard errors of the mean paired difference. (The
// 30-day retention after the peak is not defined in every run: the peak
// may come late.)
func TestTranslationRetention(t *testing.T) {
	if testing.Short() {
		t.Skip("paired runs")
	}
	users := func(sc *Plan, h *History) float64 {
		return float64(h.Count(h.Ticks(), sc.ReportGroup, sc.Destination))
	}
	mean, se := pairedEffect(t, 100_000, pairedSeeds, without("feature", "RedNote"), users)
	if !(-mean > 3*se) {
		t.Errorf("RedNote's US users at the end with translation − without = %.1f ± %.1f (SE), want > 3 SE", -mean, se)
	}
}

// TestCrackdownLeaveRate checks that a crackdown on a platform raises the
// rate at which the targeted group's users leave it, in paired runs of the
// synthetic scenario (same seeds, with and without a crackdown on Q's
// content from A): over the two days from its start the mean paired
// difference of A's leave rate from Q is positive by 3 standard errors.
func TestCrackdownLeaveRate(t *testing.T) {
	const crackdown = `shocks=[{kind="crackdown", platform="Q", groups=["A"], start=2025-01-04T00:00:00Z, level=0.5}]`
	var d []float64
	for _, seed := range pairedSeeds {
		var rates [2]float64
		for k, sets := range [][]string{{crackdown}, nil} {
			sc := loadTest(t, "two-platforms.toml", append(sets, fmt.Sprintf("seed=%d", seed), "agents=100000")...)
			h := runHistory(t, sc)
			from := sc.TickOf(time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC))
			var leaves, userTicks float64
			for tick := from; tick < from+48; tick++ {
				leaves += float64(h.Leaves(tick, 0, 2))
				userTicks += float64(h.Count(tick-1, 0, 2))
			}
			rates[k] = leaves / userTicks
		}
		d = append(d, rates[0]-rates[1])
	}
	if mean, se := meanSE(d); !(mean > 3*se) {
		t.Errorf("A's leave rate from Q with a crackdown − without = %.5f ± %.5f (SE), want > 3 SE", mean, se)
	}
}

// TestNoThreatNoExodus checks that without the ban threat the US inflow to
// RedNote from the threat's start to the blackout stays within 3 standard
// errors of the baseline rate before it (Poisson counts), while with the
// threat it exceeds it many times.
func TestNoThreatNoExodus(t *testing.T) {
	inflow := func(h *History, from, to int) float64 {
		var n float64
		for tick := from; tick < to; tick++ {
			n += float64(h.Joins(tick, us, rednoteState))
		}
		return n
	}
	sc, h := rednote(t, 200_000, 1, func(sc *Scenario) {
		without("threat", "TikTok")(sc)
		sc.Duration = Duration(14 * 24 * time.Hour)
	})
	threat := sc.TickOf(time.Date(2025, 1, 10, 10, 0, 0, 0, time.FixedZone("EST", -5*3600)))
	blackout := shockStart(t, sc, "blackout", "TikTok")
	if blackout <= threat || blackout > h.Ticks()+1 {
		t.Fatalf("window [%d, %d) does not fit the run of %d ticks", threat, blackout, h.Ticks())
	}
	base := inflow(h, 1, threat) / float64(threat-1) // per tick
	window := float64(blackout - threat)
	got, want := inflow(h, threat, blackout), base*window
	// The window's count and the baseline's estimate are both Poisson.
	se := math.Sqrt(want + base*window*window/float64(threat-1))
	if got > want+3*se {
		t.Errorf("without a threat: %v US joins to RedNote before the blackout, baseline %.1f ± %.1f (SE)", got, want, se)
	}
	_, h = rednote(t, 200_000, 1, func(sc *Scenario) { sc.Duration = Duration(14 * 24 * time.Hour) })
	if with := inflow(h, threat, blackout); with < want+10*se {
		t.Errorf("with the threat: %v joins, want far above the baseline %.1f ± %.1f, or this test shows nothing", with, want, se)
	}
}
