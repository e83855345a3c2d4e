package model

import (
	"strings"
	"testing"
	"time"
)

// base returns the embedded default scenario, parsed.
func base(t testing.TB) *Scenario {
	t.Helper()
	sc, err := LoadScenario(DefaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// edited returns sc with the assignments applied.
func edited(t testing.TB, sc *Scenario, sets ...string) *Scenario {
	t.Helper()
	edits, err := ParseEdits(sets)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sc.With(edits...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEditTypes checks that each kind of field takes its value as
// written: numbers, whole floats for integers, bare and quoted strings,
// durations, date-times, arrays and inline tables, by name or index.
func TestEditTypes(t *testing.T) {
	b := base(t)
	sc := edited(t, b,
		"agents=2e5", "seed=7", "weights.protest=3.5", "network.kind=erdos-renyi", `description="a b"`,
		`shocks.oral-argument.half_life=12h`, `warmup="2d"`, "platforms.1.protest=false",
		"platforms.RedNote.appeal.US=-3", `shocks.tiktok-blackout.groups=["US", "CN"]`,
		`groups.US.traits.protest={ dist = "constant", value = 0.25 }`, "groups.CN.traits.activity.sd=0.004",
		"shocks.rednote-scrutiny.start=2025-01-16T12:00:00-05:00")
	est := time.FixedZone("", -5*3600)
	for i, test := range []struct {
		got, want any
	}{
		{sc.Agents, 200_000},
		{sc.Seed, uint64(7)},
		{sc.Weights.Protest, 3.5},
		{sc.Network.Kind, "erdos-renyi"},
		{sc.Description, "a b"},
		{sc.Shocks[2].HalfLife.D(), 12 * time.Hour},
		{sc.Warmup.D(), 48 * time.Hour},
		{sc.Platforms[1].Protest, false},
		{sc.Platforms[1].Appeal["US"], -3.0},
		{strings.Join(sc.Shocks[7].Groups, ","), "US,CN"},
		{sc.Groups[0].Traits.Protest, Dist{Kind: "constant", Value: 0.25}},
		{sc.Groups[1].Traits.Activity.SD, 0.004},
		{sc.Shocks[6].Start.Equal(time.Date(2025, 1, 16, 12, 0, 0, 0, est)), true},
	} {
		if test.got != test.want {
			t.Errorf("case %d: got %v, want %v", i, test.got, test.want)
		}
	}
	// An integer is read as written, not through a float64: 2⁶¹ + 1 has no
	// float64 (it would be read as 2⁶¹), and 1_000_001 keeps its value.
	sc2 := edited(t, b, "seed=2305843009213693953", "agents=1_000_001")
	if sc2.Seed != 1<<61+1 || sc2.Agents != 1_000_001 {
		t.Errorf("seed = %d, agents = %d, want 2305843009213693953 and 1000001", sc2.Seed, sc2.Agents)
	}
	// The base is untouched: edits work on a deep copy.
	if b.Agents == 200_000 || b.Platforms[1].Appeal["US"] == -3 || len(b.Shocks[7].Groups) != 1 || b.Groups[1].Traits.Activity.SD == 0.004 {
		t.Error("an edit reached the scenario it was applied to")
	}
}

// TestEditDerived checks the derived shock fields: a blackout's duration
// moves the restore that ends it, a shock with an end gets a new end, a
// number of days is a duration, and date moves start and end together.
func TestEditDerived(t *testing.T) {
	b := base(t)
	find := func(sc *Scenario, name string) Shock {
		i, err := sc.shockIndex(name)
		if err != nil {
			t.Fatal(err)
		}
		return sc.Shocks[i]
	}
	sc := edited(t, b, `shocks.tiktok-blackout.duration="3d"`, "shocks.tiktok-store-removal.duration=10")
	if got := find(sc, "tiktok-restore").Start.Sub(find(sc, "tiktok-blackout").Start); got != 72*time.Hour {
		t.Errorf("restore %v after the blackout, want 72h", got)
	}
	if got := find(sc, "lemon8-restore").Start; !got.Equal(find(b, "lemon8-restore").Start) {
		t.Error("Lemon8's restore moved with TikTok's blackout")
	}
	if sr := find(sc, "tiktok-store-removal"); sr.End.Sub(sr.Start) != 240*time.Hour {
		t.Errorf("store removal lasts %v, want 10 days", sr.End.Sub(sr.Start))
	}
	// 14/24 days is 14 hours to the nanosecond.
	sc = edited(t, b, "shocks.tiktok-blackout.duration=0.5833333333333334")
	if got := find(sc, "tiktok-restore").Start.Sub(find(sc, "tiktok-blackout").Start); got != 14*time.Hour {
		t.Errorf("restore %v after the blackout, want 14h", got)
	}
	th := find(b, "oral-argument")
	sc = edited(t, b, "shocks.oral-argument.date=2025-01-11T10:00:00-05:00")
	moved := find(sc, "oral-argument")
	for _, d := range []time.Duration{moved.Start.Sub(th.Start), moved.End.Sub(th.End)} {
		if d != 24*time.Hour {
			t.Errorf("date moved a time by %v, want 24h for start and end", d)
		}
	}
	e, err := NumberEdit("shocks.tiktok-blackout.duration", 2)
	if err != nil {
		t.Fatal(err)
	}
	sc, err = b.With(e)
	if err != nil {
		t.Fatal(err)
	}
	if got := find(sc, "tiktok-restore").Start.Sub(find(sc, "tiktok-blackout").Start); got != 48*time.Hour {
		t.Errorf("NumberEdit: restore %v after the blackout, want 48h", got)
	}
}

// TestEditErrors checks that a bad edit names the path and echoes the
// value as written.
func TestEditErrors(t *testing.T) {
	for i, test := range []struct {
		set  []string
		want string
	}{
		{[]string{"weights"}, `edit "weights": want path=value`},
		{[]string{"=3"}, `edit "=3": want path=value`},
		{[]string{"agnets=10"}, "edit agnets: unknown field agnets, want one of name"},
		{[]string{"weights.protest=high"}, "edit weights.protest = high: want a number"},
		{[]string{"agents=1.5"}, "edit agents = 1.5: want a whole number"},
		{[]string{"seed=-1"}, "edit seed = -1: want a whole number"},
		{[]string{"seed=9223372036854775808"}, "edit seed = 9223372036854775808: want below 2⁶³"},
		{[]string{"start=2025-01-15T12:00:00"}, "edit start = 2025-01-15T12:00:00: date-time 2025-01-15T12:00:00 has no UTC offset"},
		{[]string{"start=2025-01-15"}, "has no UTC offset"},
		{[]string{`warmup=3x`}, `edit warmup = 3x: want a duration such as "3d"`},
		{[]string{"shocks.tiktok-blackout.duration=1e9"}, "want a finite number of days within ±100000"},
		{[]string{"weights.protest.x=1"}, "edit weights.protest.x: weights.protest is a value, not a table"},
		{[]string{"groups.US=1"}, "groups.US names a whole element"},
		{[]string{"agents=1", "agents=2"}, "edit agents = 2: agents is already set to 1"},
		{[]string{"groups.FR.share=1"}, `groups has no element named or numbered "FR" (names: US, CN; indices 0…1)`},
		{[]string{"shocks.nope.duration=1"}, `shocks has no element named or numbered "nope"`},
		{[]string{"shocks.rednote-translation.duration=-2"}, "edit shocks.rednote-translation.duration = -2: want a duration > 0"},
	} {
		edits, err := ParseEdits(test.set)
		if err == nil {
			_, err = base(t).With(edits...)
		}
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d %v: error %v, want one containing %q", i, test.set, err, test.want)
		}
	}
	if _, err := NumberEdit("network.kind", 2); err == nil || !strings.Contains(err.Error(), "edit network.kind = 2: a number cannot set a field of type a string") {
		t.Errorf("NumberEdit on a string: %v", err)
	}
	if _, err := NumberEdit("agents", 2.5); err == nil || !strings.Contains(err.Error(), "edit agents = 2.5: want a whole number") {
		t.Errorf("NumberEdit of a fraction on an integer: %v", err)
	}
}

// TestCompileErrors checks what only Compile can find: names that edit
// paths and file names could not use, repeated shock names and network
// parameters that do not fit their kind; and that a date-time without a
// UTC offset in a file is refused when it is read.
func TestCompileErrors(t *testing.T) {
	for i, test := range []struct {
		set  []string
		want string
	}{
		{[]string{`groups.US.name="U/S"`, `report.group="U/S"`}, `groups[0].name = "U/S": "/" is not allowed`},
		{[]string{`platforms.RedNote.name="Red Note"`}, `platforms[1].name = "Red Note": " " is not allowed`},
		{[]string{`shocks.rednote-watch.name="tiktok-blackout"`}, `shocks[7].name = "tiktok-blackout" is also shocks[5]'s name`},
		{[]string{"network.kind=chung-lu", "network.exponent=1.5"}, "network exponent = 1.5, want > 2"},
		{[]string{"network.kind=watts-strogatz", "network.mean_degree=7"}, "network mean_degree = 7, want an even integer"},
		{[]string{"network.homophily=1.5"}, "network homophily = 1.5, want within [0, 1]"},
		{[]string{"network.kind=edge-list"}, "network path is missing"},
		{[]string{"agents=10", "network.mean_degree=12"}, "network mean_degree = 12, want within [0, agents − 1 = 9]"},
	} {
		_, err := Compile(edited(t, base(t), test.set...))
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d %v: error %v, want one containing %q", i, test.set, err, test.want)
		}
	}
	for _, test := range []struct{ old, new, want string }{
		{"start = 2025-01-06T00:00:00-05:00", "start = 2025-01-06T00:00:00", "scenario: start = 2025-01-06T00:00:00: a date-time without a UTC offset"},
		{"start = 2025-01-06T00:00:00-05:00", "start = 2025-01-06", "scenario: start = 2025-01-06: a date-time without a UTC offset"},
		{"start = 2025-01-18T22:30:00-05:00", "start = 2025-01-18T22:30:00", "scenario: shocks[4].start = 2025-01-18T22:30:00: a date-time without a UTC offset"},
	} {
		data := strings.Replace(string(embedded(t)), test.old, test.new, 1)
		if _, err := ParseScenario([]byte(data)); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: error %v, want %q", test.new, err, test.want)
		}
	}
}

// BenchmarkEditCompile applies one edit to rednote-2025 and compiles it,
// as a calibration does for every evaluation (floor: ≤ 1 ms).
func BenchmarkEditCompile(b *testing.B) {
	sc := base(b)
	e, err := NumberEdit("weights.protest", 12.5)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c, err := sc.With(e)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Compile(c); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzScenarioEdits checks that any scenario text and any assignment
// either is refused with an error or compiles to a plan whose invariants
// hold (group sizes sum to the agents, one day per tick): never a panic.
func FuzzScenarioEdits(f *testing.F) {
	f.Add(embedded(f), "weights.protest=3")
	f.Add(embedded(f), `shocks.tiktok-blackout.duration="2d"`)
	f.Add(embedded(f), "groups.0.traits.activity={dist=\"beta\",mean=0.5,sd=0.1}")
	f.Add([]byte("name = \"x\"\nstart = 2025-01-01T00:00:00Z\nduration = \"1d\"\nagents = 3\n"), "agents=1e2")
	f.Fuzz(func(t *testing.T, data []byte, assignment string) {
		sc, err := ParseScenario(data)
		if err != nil {
			return
		}
		e, err := ParseEdit(assignment)
		if err != nil {
			return
		}
		if sc, err = sc.With(e); err != nil {
			return
		}
		p, err := Compile(sc)
		if err != nil {
			return
		}
		n := 0
		for _, s := range p.Sizes {
			n += s
		}
		if n != p.Agents || len(p.DayOf) != p.Ticks()+1 {
			t.Errorf("plan of %d agents has group sizes %v and %d day indices for %d ticks", p.Agents, p.Sizes, len(p.DayOf), p.Ticks())
		}
	})
}

// TestScenarioFileErrors checks what a scenario file can get wrong that an
// edit cannot write: a tick or tenure scale of 0 (refused, not replaced by
// the default), a negative seed, and a zone-less date-time, each named
// with its value.
func TestScenarioFileErrors(t *testing.T) {
	for _, test := range []struct{ old, new, want string }{
		{`tick = "1h"`, `tick = "0h"`, "tick = 0s, want > 0"},
		{"seed = 2025", "seed = -1", "scenario: seed = -1, want a whole number within [0, 2⁶³)"},
		{"start = 2025-01-06T00:00:00-05:00", "start = 2025-01-06T00:00:00", "scenario: start = 2025-01-06T00:00:00: a date-time without a UTC offset"},
	} {
		data := strings.Replace(string(embedded(t)), test.old, test.new, 1)
		sc, err := ParseScenario([]byte(data))
		if err == nil {
			_, err = Compile(sc)
		}
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("%s: error %v, want %q", test.new, err, test.want)
		}
	}
	sc, err := ParseScenario([]byte(strings.Replace(string(embedded(t)), `tick = "1h"`, "", 1)))
	if err != nil || sc.Tick.D() != time.Hour || sc.Weights.TenureScale.D() != 30*24*time.Hour {
		t.Errorf("defaults: tick %v, tenure scale %v, error %v; want 1h and 720h", sc.Tick.D(), sc.Weights.TenureScale.D(), err)
	}
}
