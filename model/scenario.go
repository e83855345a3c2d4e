package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Scenario is a migration episode: the groups of users, the network they
// live on, the platforms they choose among, the weights of the push–pull–
// mooring choice and the shocks, on a calendar. It is read from TOML
// (ParseScenario), validated once, and then trusted.
type Scenario struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	// Start is the calendar time of tick 0, with its time zone.
	Start time.Time `toml:"start"`
	// Tick is the length of a tick (default 1h); Duration the length of
	// the run, a whole number of ticks.
	Tick     Duration `toml:"tick"`
	Duration Duration `toml:"duration"`
	// Warmup is run before Start, unrecorded, with the shocks as they are
	// at Start: the initial shares are where the warm-up begins, and the
	// recorded run starts from its end. Without Steady, the population
	// settles in it toward the steady state of its choices. A whole number
	// of ticks.
	Warmup Duration `toml:"warmup,omitzero"`
	// Steady makes the initial shares the steady state of the choices at
	// Start, not only where the run begins: the rule adds to each group's
	// utility of each state an offset, fitted so that the stationary
	// distributions of the agents' choices average to the group's initial
	// shares, and agents start drawn from theirs, holding an account on
	// every platform they know (see start.go). The offsets absorb the
	// platforms' appeals, which a steady scenario leaves unset; every
	// state open to a group at the start needs a share.
	Steady bool `toml:"steady,omitzero"`
	Agents int  `toml:"agents"`
	// Users, if set, is the number of people the agents stand for: each
	// agent is Users/Agents of them (summary.json: users_per_agent).
	Users float64 `toml:"users,omitzero"`
	Seed  uint64  `toml:"seed"`
	// Network is the social network; a block model takes the groups as
	// its blocks, in order.
	Network   NetworkSpec `toml:"network"`
	Weights   Weights     `toml:"weights"`
	Use       Use         `toml:"use"`
	Report    Report      `toml:"report"`
	Groups    []Group     `toml:"groups"`
	Platforms []Platform  `toml:"platforms"`
	Shocks    []Shock     `toml:"shocks"`
	// Priors are the ranges of the free parameters (see Prior).
	Priors []Prior `toml:"prior,omitempty"`
}

// Weights are the coefficients of the push–pull–mooring utility (see PPM
// for the formula); each multiplies one term, in utility units (logits).
type Weights struct {
	Appeal     float64 `toml:"appeal"`     // × the platform's appeal to the group
	Network    float64 `toml:"network"`    // × share of the agent's neighbours on the platform
	Protest    float64 `toml:"protest"`    // × protest motive × ban salience, toward protest destinations
	Culture    float64 `toml:"culture"`    // × translation × other groups' share of the platform's users
	Threat     float64 `toml:"threat"`     // × ban salience of the platform for the group (push)
	Moderation float64 `toml:"moderation"` // × moderation sensitivity × removal rate of the group's content (push)
	Language   float64 `toml:"language"`   // × language barrier × foreign share of content × (1 − translation) (mooring)
	Privacy    float64 `toml:"privacy"`    // × privacy concern × scrutiny of the platform (push)
	Switching  float64 `toml:"switching"`  // × switching cost × tenure factor, to join another platform (mooring)
	// Tenure makes the switching cost grow with the time spent on the
	// current platform: factor 1 + Tenure·(1 − e^(−age/TenureScale)).
	Tenure      float64  `toml:"tenure"`
	TenureScale Duration `toml:"tenure_scale"`
	// Return is the share of the switching cost waived to return to a
	// platform the agent has joined before, in [0, 1].
	Return float64 `toml:"return"`
	// Trial is the share of the switching cost waived to try a platform
	// (install it and keep one's own), in [0, 1]; 0 makes trying cost as
	// much as moving.
	Trial float64 `toml:"trial"`
	// KeepToHeld is the probability that an agent made to decide (its
	// platform went dark, or it is offline and one it holds came back)
	// keeps to what it holds and has in mind: it does not look for apps,
	// so it installs none it was not prompted of. In [0, 1]; 0: every
	// such agent looks, and may install any app it knows.
	KeepToHeld float64 `toml:"keep_to_held,omitzero"`
	// Refusal is how well an agent remembers turning an app down: an
	// agent prompted of a platform it holds no account on and could
	// install that neither installs it nor moves to it has turned it down, and afterwards, with
	// probability Refusal each time, it ignores a prompt of that platform
	// (it does not decide) and leaves it out when it looks for apps. In
	// [0, 1]; 0: no memory, every prompt a fresh decision (1 byte per
	// agent otherwise).
	Refusal float64 `toml:"refusal,omitzero"`
	// Dark is the value, in logits per day, that a platform dark for a
	// group loses for its agents who wait on it: a blackout does not move
	// them, but the longer it lasts the fewer wait (≥ 0).
	Dark float64 `toml:"dark"`
	// Attention multiplies every agent's activity, and its daily use of
	// its apps, by 1 + Attention·salience while a ban threat against its
	// group is salient.
	Attention float64 `toml:"attention"`
	// Novelty is the extra utility of the platform an agent installed
	// last, which halves every Use.Novelty after the install: newcomers
	// try a platform, then stay or lapse.
	Novelty float64 `toml:"novelty"`
	// WordOfMouth is the probability a day that one neighbour who
	// installed a platform recently tells an agent of it, each install
	// counted with weight 2^(−age/use.novelty); being told prompts a
	// decision (see awareness).
	WordOfMouth float64 `toml:"word_of_mouth"`
	// Chart is the rate, per day, at which a platform at the top of the
	// app-store chart of a group is shown to the group's agents, which
	// makes them aware of it, those who did not know it prompted to decide
	// with it in mind (exposure; see awareness); ChartScale is the daily
	// installs, as a share of the group, at which a platform tops the
	// chart. A platform installed by a share x of the group over the last
	// 24 hours is shown at rate Chart·v per day, v = min(1,
	// x/ChartScale)^ChartExponent its visibility, or with Use.ChartMemory
	// Chart·max(0, v − v̄), v̄ the visibility it had on the days before:
	// the store's visitors notice what climbs the chart, not what has
	// stood at its top for days. The same visibility, or rise, draws its
	// holders to it (Use.Chart).
	Chart         float64 `toml:"chart"`
	ChartScale    float64 `toml:"chart_scale"`
	ChartExponent float64 `toml:"chart_exponent"`
	// News is the rate, per day at ban salience 1, at which the news of a
	// threat against a group's platforms shows its agents the other
	// platforms (the coverage of where users will go), which makes them
	// aware of them, those who did not know them prompted to decide with
	// them in mind: the exposure grows by News·σ_g a day, σ_g the group's
	// salience (see awareness).
	News float64 `toml:"news,omitzero"`
	// Talk is the exposure, per day, that one neighbour who has just
	// learned of a platform gives an agent: the news of a platform travels
	// among those it is new to, each learner counted with weight
	// 2^(−age/use.novelty) (see awareness).
	Talk float64 `toml:"talk,omitzero"`
	// Reach is the number of people a day whom one newcomer's posts about
	// the platform it installed prompt to decide with it in mind, each
	// install counted with weight 2^(−age/use.novelty), drawn across
	// groups as a neighbour is (see awareness): the broadcast of a
	// feed, beside word of mouth among one's ties.
	Reach float64 `toml:"reach,omitzero"`
	// Story is the half-life of the ban's story in the feeds: with it,
	// the agents of group g are shown a newcomer's posts as if it reached
	// Reach·Σ_g people a day, Σ_g the story in g's own feeds (not the
	// poster's), which follows g's ban salience up and fades with this
	// half-life after, Σ_g ← max(σ_g, 2^(−tick/Story)·Σ_g) in each tick
	// (see awareness): people post about their new app, and are shown
	// such posts, while the ban is news. 0: the posts do not depend on
	// the news (Σ_g = 1).
	Story Duration `toml:"story,omitzero"`
	// AwareTaste ρ ∈ [0, 1] is how much an agent's knowing a platform goes
	// with its taste for it: 0, who knows it is drawn at random; toward 1,
	// those who like it best know it first (see awareness).
	AwareTaste float64 `toml:"aware_taste,omitzero"`
	// AwarenessHalfLife is the half-life of a group's exposure to a
	// platform: people forget what they no longer see (0: never).
	AwarenessHalfLife Duration `toml:"awareness_half_life,omitzero"`
}

// Use is how agents spend their days on the apps they have installed:
// what the daily-active-user series count. Agent i with an account on
// platform j is active on it on day d with probability
//
//	min(1, (1 − (1 − u)·(1 − 2^(−a/Novelty)·[j installed last])·(1 − Chart·c_gj)·(1 − Displaced·f_i·[j not primary]))·(1 + w_attention·σ_g))
//
// where u = Primary if j is its state at the start or the end of the day
// (its primary platforms) and Secondary otherwise, a is the time since it
// installed j, c_gj the chart's pull: v_gj = min(1,
// x_gj/chart_scale)^chart_exponent, the visibility of j on group g's
// app-store chart that day, x_gj the day's installs of j by g as a share
// of g's agents (see Weights.Chart), or with ChartMemory its rise max(0,
// v_gj − v̄_gj) over v̄_gj, the visibility of the days before (see
// ChartMemory); f_i the share of the day's ticks in which one of its
// primary platforms was dark for its group (the larger), and σ_g the ban
// salience of its group; the draw is a pure function of (seed, agent, day,
// platform). The zero value counts no one active.
type Use struct {
	Primary   float64 `toml:"primary"`
	Secondary float64 `toml:"secondary"`
	// Novelty is the half-life of a newcomer's extra engagement (0: none).
	Novelty Duration `toml:"novelty,omitzero"`
	// Chart is the probability that an agent holding an account on a
	// platform at the top of its group's chart opens it that day for that
	// reason: an app everyone is installing is one its dormant holders
	// look at again (in [0, 1]; 0: none).
	Chart float64 `toml:"chart,omitzero"`
	// ChartMemory is the half-life, over days, of the chart's memory: the
	// visibility that an app's place on the chart is measured against,
	// both in its pull on holders and in its showing the app to the
	// store's visitors (Weights.Chart). With it, the chart's news of an app
	// is its rise, c_gj = max(0, v_gj − v̄_gj), not its standing,
	// v̄_gj = κ·v̄_gj + (1 − κ)·v_gj after each day's census (κ = 2^(−1
	// day/ChartMemory), v̄ = 0 before the first recorded day): an app that
	// has topped the chart for days is no longer news to its dormant
	// holders nor to those who browse the store. 0: no memory, c_gj = v_gj.
	ChartMemory Duration `toml:"chart_memory,omitzero"`
	// Displaced is how much of the use a blackout takes from an app goes
	// to the others an agent holds: an agent whose primary platform was
	// dark for a share f of the day opens each other platform it holds
	// with the extra probability Displaced·f (in [0, 1]; 0: none).
	Displaced float64 `toml:"displaced,omitzero"`
}

// Report names the migration the summary measures: agents of Group moving
// from Origin to Destination.
type Report struct {
	Group       string `toml:"group"`
	Origin      string `toml:"origin"`
	Destination string `toml:"destination"`
}

// Group is a population of users with a language, initial platform shares
// and trait distributions.
type Group struct {
	Name string `toml:"name"`
	// Share is the group's share of the agents; shares sum to 1.
	Share    float64 `toml:"share"`
	Language string  `toml:"language"`
	// Outside is the utility of using none of the platforms.
	Outside float64 `toml:"outside"`
	// Taste is the standard deviation of the agents' persistent personal
	// preferences for each platform, in logits (0: none); see tastes.
	Taste float64 `toml:"taste"`
	// Entry is the share of the group's agents that enter the market per
	// day (a new phone, a first phone): an entrant holds no app any more
	// and chooses in that tick among what the stores offer, its habits
	// (its primary platform, tenure and tastes) kept. In [0, 1]; 0: none.
	Entry float64 `toml:"entry,omitzero"`
	// Initial gives the share of the group on each platform, and on
	// "none", at tick 0; they sum to 1. Without "none", none has the rest
	// (so that a calibration can free one platform's share).
	Initial map[string]float64 `toml:"initial"`
	Traits  Traits             `toml:"traits"`
}

// InitialShare returns the group's initial share of the state name: its
// entry in Initial, or for "none" without one, 1 minus the others' sum
// (added in name order).
func (gr Group) InitialShare(name string) float64 {
	v, ok := gr.Initial[name]
	if ok || name != None {
		return v
	}
	rest := 1.0
	for _, k := range slices.Sorted(maps.Keys(gr.Initial)) {
		rest -= gr.Initial[k]
	}
	return max(rest, 0)
}

// Traits are the distributions of the group's agent traits. Each agent's
// traits are drawn once from its own counter-based streams.
type Traits struct {
	// Activity is the probability per tick of reconsidering, in [0, 1].
	Activity Dist `toml:"activity"`
	// SwitchingCost scales the cost of joining another platform.
	SwitchingCost Dist `toml:"switching_cost"`
	// ModerationSensitivity scales the felt removal of one's content.
	ModerationSensitivity Dist `toml:"moderation_sensitivity"`
	// Protest is the motive to defy a ban by moving to a protest
	// destination.
	Protest Dist `toml:"protest"`
	// LanguageBarrier scales the cost of content in another language.
	LanguageBarrier Dist `toml:"language_barrier"`
	// Privacy scales the cost of a platform's perceived data risk.
	Privacy Dist `toml:"privacy"`
	// Tenure is the time, in days, an agent has spent on its platform at
	// tick 0.
	Tenure Dist `toml:"tenure"`
}

// Platform is a service agents can be on.
type Platform struct {
	Name string `toml:"name"`
	// Appeal is the base appeal to each group (logits).
	Appeal map[string]float64 `toml:"appeal"`
	// Content is the share of the platform's content in each language.
	Content map[string]float64 `toml:"content"`
	// Moderation is the removal rate of each group's content, in [0, 1].
	Moderation map[string]float64 `toml:"moderation"`
	// Scrutiny is the perceived data risk for each group, in [0, 1].
	Scrutiny map[string]float64 `toml:"scrutiny"`
	// Translation is the quality of built-in translation at tick 0, in
	// [0, 1]; a feature shock raises it.
	Translation float64 `toml:"translation"`
	// Protest marks a destination that defies a ban: while a ban threat
	// against a group is salient, its agents' protest motive pulls them
	// here.
	Protest bool `toml:"protest"`
	// Aware is the share of each group that knows the platform at the
	// start of the warm-up, in [0, 1]; a group left out knows it fully.
	// Agents learn of it later by word of mouth and from its chart rank
	// (see awareness).
	Aware map[string]float64 `toml:"aware,omitempty"`
}

// None is the name of state 0, using none of the platforms.
const None = "none"

// Ticks returns the number of ticks of the run.
func (s *Scenario) Ticks() int { return int(s.Duration.D() / s.Tick.D()) }

// WarmupTicks returns the number of ticks of the warm-up.
func (s *Scenario) WarmupTicks() int { return int(s.Warmup.D() / s.Tick.D()) }

// TickOf returns the first tick at whose decision time, Start + t·Tick,
// time at has been reached: an event at that time is in effect from that
// tick on. Times before Start give 0.
func (s *Scenario) TickOf(at time.Time) int {
	d := at.Sub(s.Start)
	if d <= 0 {
		return 0
	}
	t := int(d / s.Tick.D())
	if time.Duration(t)*s.Tick.D() < d {
		t++
	}
	return t
}

// TimeOf returns the decision time of tick t.
func (s *Scenario) TimeOf(t int) time.Time { return s.Start.Add(time.Duration(t) * s.Tick.D()) }

// platformIndex returns the state of the platform named name: 1…K, 0 for
// "none", −1 if unknown.
func (s *Scenario) platformIndex(name string) int {
	if name == None {
		return 0
	}
	for j, p := range s.Platforms {
		if p.Name == name {
			return j + 1
		}
	}
	return -1
}

func (s *Scenario) groupIndex(name string) int {
	for g, gr := range s.Groups {
		if gr.Name == name {
			return g
		}
	}
	return -1
}

// StateNames returns "none" and the platform names, by state.
func (s *Scenario) StateNames() []string {
	names := []string{None}
	for _, p := range s.Platforms {
		names = append(names, p.Name)
	}
	return names
}

// GroupSizes splits agents among the groups by share, largest remainder
// first (ties to the earlier group), so the sizes sum to agents.
func (s *Scenario) GroupSizes() []int {
	sizes := make([]int, len(s.Groups))
	type rem struct {
		g int
		r float64
	}
	rems := make([]rem, len(s.Groups))
	left := s.Agents
	for g, gr := range s.Groups {
		x := gr.Share * float64(s.Agents)
		sizes[g] = int(math.Floor(x))
		left -= sizes[g]
		rems[g] = rem{g, x - math.Floor(x)}
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; left > 0; k, left = k+1, left-1 {
		sizes[rems[k%len(rems)].g]++
	}
	return sizes
}

// ParseScenario decodes TOML strictly (a key the Scenario does not have is
// an error naming it) and fills defaults. Compile checks the rest.
func ParseScenario(data []byte) (*Scenario, error) {
	var s Scenario
	md, err := DecodeStrict(data, &s)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if err := checkZoneless(data); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if md.IsDefined("seed") && int64(s.Seed) < 0 {
		return nil, fmt.Errorf("scenario: seed = %d, want a whole number within [0, 2⁶³)", int64(s.Seed))
	}
	s.fillDefaults(md)
	return &s, nil
}

// DecodeStrict decodes TOML into v, refusing keys v does not have with an
// error naming them. Scenarios and study declarations are read with it.
func DecodeStrict(data []byte, v any) (toml.MetaData, error) {
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(v)
	if err != nil {
		return md, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return md, fmt.Errorf("unknown key %s", strings.Join(keys, ", "))
	}
	return md, nil
}

// fillDefaults gives the fields the TOML left out their defaults: a tick
// of 1 h and a tenure scale of 30 days. A field given as 0 stays 0, for
// Compile to refuse.
func (s *Scenario) fillDefaults(md toml.MetaData) {
	if !md.IsDefined("tick") {
		s.Tick = Duration(time.Hour)
	}
	if !md.IsDefined("weights", "tenure_scale") {
		s.Weights.TenureScale = Duration(30 * 24 * time.Hour)
	}
}

// Canonical returns the scenario as TOML in a fixed layout, so equal
// scenarios give equal bytes, and the SHA-256 of those bytes.
func (s *Scenario) Canonical() (data []byte, hash string, err error) {
	var buf bytes.Buffer
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(s); err != nil {
		return nil, "", fmt.Errorf("scenario: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:]), nil
}

// Duration is a time.Duration written in TOML as a string such as "1h",
// "90m" or "60d" (days of 24 hours).
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalText reads a Go duration with an optional trailing "d" for days.
// Days must be a finite number whose duration fits in a time.Duration
// (about ±106,751 days).
func (d *Duration) UnmarshalText(b []byte) error {
	s := string(b)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return fmt.Errorf("duration %q: want a number of days such as \"60d\"", s)
		}
		ns := n * float64(24*time.Hour)
		if !(ns > math.MinInt64 && ns < math.MaxInt64) {
			return fmt.Errorf("duration %q: want at most %d days", s, int64(math.MaxInt64/int64(24*time.Hour)))
		}
		*d = Duration(ns)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: want such as \"1h\", \"90m\" or \"60d\"", s)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes whole days as "Nd" and other durations in Go's form.
func (d Duration) MarshalText() ([]byte, error) {
	v := time.Duration(d)
	if day := 24 * time.Hour; v != 0 && v%day == 0 {
		return fmt.Appendf(nil, "%dd", v/day), nil
	}
	return []byte(v.String()), nil
}
