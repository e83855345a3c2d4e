package model

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// embedded returns the TOML of the default scenario.
func embedded(t testing.TB) []byte {
	t.Helper()
	data, err := ScenarioSource(DefaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestEmbeddedScenariosParse(t *testing.T) {
	for _, name := range ScenarioNames() {
		sc, err := LoadScenario(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if sc.Name != name {
			t.Errorf("%s: name = %q, want the file's name", name, sc.Name)
		}
	}
	if _, err := ScenarioSource("nope"); err == nil || !strings.Contains(err.Error(), DefaultScenario) {
		t.Errorf("unknown scenario: error %v, want one listing %s", err, DefaultScenario)
	}
}

// TestScenarioErrors checks that each kind of bad input gives an error
// naming the field and the value, through --set overrides of the embedded
// scenario.
func TestScenarioErrors(t *testing.T) {
	for i, test := range []struct {
		set  []string
		want string
	}{
		{[]string{"agnets=10"}, "edit agnets: unknown field agnets, want one of name, description, start"},
		{[]string{"weights.protset=1"}, "unknown field weights.protset, want one of appeal"},
		{[]string{"weights.return=1.3"}, "weights.return = 1.3, want within [0, 1]"},
		{[]string{`weights.story="-2h"`}, "weights.story = -2h0m0s, want ≥ 0"},
		{[]string{"weights.chart_scale=0"}, "weights.chart_scale = 0, want within (0, 1] when weights.chart > 0"},
		{[]string{"weights.chart=0", "weights.chart_exponent=11"}, "weights.chart_exponent = 11, want within [0, 10] when use.chart > 0"},
		{[]string{"groups.US.entry=1.5"}, "groups[US].entry = 1.5, want a share per day within [0, 1]"},
		{[]string{"groups.US.share=0.3857"}, "groups: shares sum to 1.1, want 1"},
		{[]string{"groups.US.initial.TikTok=0.9"}, "groups[US].initial: shares sum to 1.1"},
		{[]string{"groups.US.initial.TikTok=1.3"}, "groups[US].initial.TikTok = 1.3, want within [0, 1]"},
		{[]string{"groups.US.initial.MySpace=0"}, "groups[US].initial.MySpace: unknown name"},
		{[]string{"platforms.RedNote.moderation.US=1.3"}, "platforms[RedNote].moderation.US = 1.3, want within [0, 1]"},
		{[]string{"platforms.RedNote.appeal.FR=1"}, `platforms[RedNote].appeal.FR: unknown group "FR"`},
		{[]string{"groups.US.traits.activity.mean=0.02", "groups.US.traits.activity.sd=0.5"}, "groups[US].traits.activity: beta mean = 0.02, sd = 0.5"},
		{[]string{`groups.US.traits.activity={dist="normal",mean=0.5,sd=1}`}, "groups[US].traits.activity: values reach"},
		{[]string{`groups.US.traits.protest.dist="poisson"`}, `dist = "poisson"`},
		{[]string{"shocks.oral-argument.level=1.3"}, "shocks[oral-argument] (threat): level = 1.3, want within (0, 1]"},
		{[]string{"shocks.2.end=2025-01-09T00:00:00-05:00"}, "shocks[oral-argument] (threat): end = 2025-01-09T00:00:00-05:00 is not after start = 2025-01-10T10:00:00-05:00"},
		{[]string{"shocks.7.platform=MySpace"}, `shocks[tiktok-blackout] (blackout): platform = "MySpace"`},
		{[]string{`shocks.tiktok-blackout.groups=["FR"]`}, `shocks[tiktok-blackout] (blackout): unknown group "FR"`},
		{[]string{"shocks.5.kind=ban"}, `kind = "ban", want one of`},
		{[]string{"shocks.tiktok-restore.start=2025-01-17T00:00:00-05:00"}, "shocks[tiktok-restore] (restore): no blackout of TikTok"},
		{[]string{"shocks.tiktok-blackout.level=0.5"}, "shocks[tiktok-blackout] (blackout): level = 0.5, but a blackout has no level"},
		{[]string{`duration="61h30m"`}, "duration = 61h30m0s, want a positive whole number of ticks of 1h0m0s"},
		{[]string{"agents=0"}, "agents = 0, want within [1,"},
		{[]string{`warmup="90m"`}, "warmup = 1h30m0s, want zero or a positive whole number of ticks of 1h0m0s"},
		{[]string{"report.destination=MySpace"}, `report.destination = "MySpace"`},
		{[]string{"network.kind=lattice"}, `network kind = "lattice"`},
		{[]string{"groups.CN.initial.TikTok=0.1", "groups.CN.initial.none=0.05"}, "groups[CN].initial.TikTok = 0.1, but TikTok is dark for CN at the start"},
		{[]string{"groups.FR.share=1"}, `groups has no element named or numbered "FR"`},
		{[]string{"platforms.RedNote.appeal.US=-4"}, "platforms[RedNote].appeal = map[US:-4] with steady = true: the offsets fitted to the initial shares absorb the appeals"},
		{[]string{`groups.US.traits.tenure={dist="constant", value=400}`}, "groups[US].traits.tenure = {Kind:constant Value:400 Min:0 Max:0 Mean:0 SD:0} with steady = true"},
		{[]string{"groups.US.initial.Lemon8=0"}, "groups[US].initial.Lemon8 = 0 with steady = true: the offsets fitted to the initial shares would make Lemon8 unreachable for US"},
		{[]string{"groups.US=1"}, "groups.US names a whole element"},
		{[]string{"weights"}, "want path=value"},
	} {
		edits, err := ParseEdits(test.set)
		if err == nil {
			_, err = Load(DefaultScenario, edits...)
		}
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d %v: error %v, want one containing %q", i, test.set, err, test.want)
		}
	}
}

// TestOverride checks that --set changes exactly the field it names, with
// TOML types, bare strings and whole floats for integers.
func TestOverride(t *testing.T) {
	sc := mustLoad(t, DefaultScenario,
		"agents=2e5", "weights.protest=3.5", "groups.US.share=0.5", "groups.CN.share=0.5",
		"network.kind=erdos-renyi", `shocks.2.half_life="12h"`, "platforms.1.protest=false")
	if sc.Agents != 200_000 || sc.Weights.Protest != 3.5 || sc.Groups[0].Share != 0.5 ||
		sc.Network.Kind != "erdos-renyi" || sc.Shocks[2].HalfLife.D() != 12*time.Hour || sc.Platforms[1].Protest {
		t.Errorf("overrides not applied: agents %d, protest %v, US share %v, network %q, half-life %v, RedNote protest %v",
			sc.Agents, sc.Weights.Protest, sc.Groups[0].Share, sc.Network.Kind, sc.Shocks[2].HalfLife.D(), sc.Platforms[1].Protest)
	}
	base, err := ParseScenario(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Weights.Network != base.Weights.Network || sc.Groups[1].Traits != base.Groups[1].Traits {
		t.Error("an override changed a field it does not name")
	}
}

// TestCanonical checks that the canonical form parses back to the same
// scenario, is a fixed point, and that its hash changes with any field.
func TestCanonical(t *testing.T) {
	sc, err := ParseScenario(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	c1, h1, err := sc.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseScenario(c1)
	if err != nil {
		t.Fatalf("canonical TOML does not parse: %v\n%s", err, c1)
	}
	c2, h2, _ := back.Canonical()
	if !bytes.Equal(c1, c2) || h1 != h2 {
		t.Error("canonical form is not a fixed point")
	}
	back.Weights.Protest += 1e-9
	if _, h3, _ := back.Canonical(); h3 == h1 {
		t.Error("hash unchanged after changing weights.protest")
	}
}

// TestTickOf checks the calendar: an event is in effect from the first
// tick whose decision time, start + t·tick, has reached it.
func TestTickOf(t *testing.T) {
	sc, err := ParseScenario(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		at   string
		want int
	}{
		{"2025-01-06T00:00:00-05:00", 0},
		{"2025-01-05T00:00:00-05:00", 0},
		{"2025-01-06T01:00:00-05:00", 1},
		{"2025-01-06T00:00:01-05:00", 1},
		{"2025-01-18T22:30:00-05:00", 12*24 + 23},
		{"2025-01-14T09:00:00+08:00", 7*24 + 20}, // 13 Jan 20:00 in New York
	} {
		at, _ := time.Parse(time.RFC3339, test.at)
		if got := sc.TickOf(at); got != test.want {
			t.Errorf("TickOf(%s) = %d, want %d", test.at, got, test.want)
		}
	}
	if got := sc.Ticks(); got != 60*24 {
		t.Errorf("Ticks() = %d, want 1440 (60 days hourly)", got)
	}
}

func TestGroupSizes(t *testing.T) {
	sc := &Scenario{Agents: 10, Groups: []Group{{Share: 0.25}, {Share: 0.25}, {Share: 0.5}}}
	if got := sc.GroupSizes(); got[0]+got[1]+got[2] != 10 || got[2] != 5 {
		t.Errorf("GroupSizes = %v, want a split of 10 with 5 in the last group", got)
	}
	sc = &Scenario{Agents: 3, Groups: []Group{{Share: 1.0 / 3}, {Share: 1.0 / 3}, {Share: 1.0 / 3}}}
	if got := sc.GroupSizes(); got[0] != 1 || got[1] != 1 || got[2] != 1 {
		t.Errorf("GroupSizes = %v, want [1 1 1]", got)
	}
}

func TestDuration(t *testing.T) {
	for _, s := range []string{"1h", "90m", "60d", "1.5d"} {
		var d Duration
		if err := d.UnmarshalText([]byte(s)); err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		b, _ := d.MarshalText()
		var back Duration
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("%q → %q → %v, want %v", s, b, back.D(), d.D())
		}
	}
	var d Duration
	if err := d.UnmarshalText([]byte("d")); err == nil {
		t.Error(`"d" accepted`)
	}
}

// TestDefaults checks that every value of the embedded scenario with a
// prior sits at the prior's centre, as its comments promise, or, for the
// parameters of the rednote-2025 calibration, at the posterior median the
// calibration experiment wrote (results/calibration/summary.csv): defaults
// are never tuned by hand. Both to the 3 significant digits the file
// writes.
func TestDefaults(t *testing.T) {
	sc, err := LoadScenario("rednote-2025")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Priors) < 30 {
		t.Fatalf("%d priors, want every free parameter's (≥ 30)", len(sc.Priors))
	}
	f, err := os.Open("../results/calibration/summary.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	median := map[string]float64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[col["median"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		median[r[col["path"]]] = v
	}
	if len(median) < 8 {
		t.Errorf("%d calibrated parameters in summary.csv, want at least 8", len(median))
	}
	for _, p := range sc.Priors {
		v, err := sc.Number(p.Path)
		if err != nil {
			t.Fatal(err)
		}
		want, what := p.Centre(), "the prior's centre"
		if m, ok := median[p.Path]; ok {
			want, what = m, "the posterior median"
			delete(median, p.Path)
		}
		if math.Abs(v-want) > 5e-3*math.Max(math.Abs(want), 1e-3) {
			t.Errorf("%s = %v, want %s %v (%s [%v, %v])", p.Path, v, what, want, p.Scale, p.Lo, p.Hi)
		}
	}
	for path := range median {
		t.Errorf("calibrated parameter %s has no [[prior]] in the scenario", path)
	}
}

// TestInitialRest checks that "none", which the default scenario's US
// initial shares leave out, has the rest and follows an edit of another
// share, which may not take the sum above 1.
func TestInitialRest(t *testing.T) {
	sc, err := ParseScenario(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sc.Groups[0].Initial[None]; ok || sc.Groups[0].Name != "US" {
		t.Fatalf("group 0 is %s with initial %v, want US without none", sc.Groups[0].Name, sc.Groups[0].Initial)
	}
	// 1 − 0.70 − 0.001 − 0.0095 − 0.20 (TikTok, RedNote, Lemon8, Other),
	// to 1e-15: four subtractions from 1, each rounded by at most 2⁻⁵³ ≈
	// 1.1e-16, and the decimals' own rounding, of the same order.
	edit := func(v float64) (*Scenario, error) {
		e, err := NumberEdit("groups.US.initial.RedNote", v)
		if err != nil {
			t.Fatal(err)
		}
		edited, err := sc.With(e)
		if err != nil {
			return nil, err
		}
		_, err = Compile(edited)
		return edited, err
	}
	edited, err := edit(0.001)
	if err != nil {
		t.Fatal(err)
	}
	if got := edited.Groups[0].InitialShare(None); math.Abs(got-0.0895) > 1e-15 {
		t.Errorf("none's share with RedNote at 0.001: %v, want 0.0895", got)
	}
	_, err = edit(0.5)
	if want := "groups[US].initial: shares sum to 1.4095, want at most 1 (none has the rest)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("RedNote at 0.5: %v, want %q", err, want)
	}
}
