package model

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Shock is an event of the timeline. Times are calendar times with a zone;
// a shock is in effect from the first tick whose decision time has reached
// Start (Scenario.TickOf) until the first tick that has reached End, and an
// End left out means never. Groups left out means every group. Kinds:
//
//	threat         a dated news event raising the ban salience of Platform
//	               for Groups: Level at Start, halving every HalfLife (held
//	               without one), 0 from End on (the threat lifted)
//	blackout       Platform stops for Groups: its users there must move or go
//	               offline in the first tick, and no one can choose it
//	store_removal  no new accounts on Platform for Groups; agents who joined
//	               it before keep access. Store presence is its own timeline:
//	               only the removal's End brings the app back to the stores
//	restore        at Start, ends the blackouts of Platform for Groups that
//	               are in effect then (service comes back); it never ends a
//	               store removal
//	crackdown      Platform removes Groups' content at rate Level
//	feature        Platform's translation reaches quality Level
//	scrutiny       Platform's perceived data risk for Groups is Level
//
// Shocks combine: the saliences of threats add up (each news event adds to
// what the earlier ones left); a removal rate, a risk and a platform's
// translation take the largest in effect; blackouts and removals apply if
// any is in effect.
type Shock struct {
	// Name, optional, names the shock in edit paths
	// (shocks.tiktok-blackout.duration) and figures; unique.
	Name     string    `toml:"name,omitempty"`
	Kind     string    `toml:"kind"`
	Platform string    `toml:"platform"`
	Groups   []string  `toml:"groups,omitempty"`
	Start    time.Time `toml:"start"`
	End      time.Time `toml:"end,omitempty"`
	Level    float64   `toml:"level,omitzero"`
	HalfLife Duration  `toml:"half_life,omitzero"`
	// Note says what the shock stands for and where its date comes from.
	Note string `toml:"note,omitempty"`
}

var shockKinds = []string{"threat", "blackout", "store_removal", "restore", "crackdown", "feature", "scrutiny"}

// never is the end tick of a shock without an end.
const never = math.MaxInt

// event is a shock for one group (or, for a feature, the platform) in
// ticks. A shock on several groups becomes one event per group.
type event struct {
	kind       string
	platform   int // state 1…K
	group      int // −1 for a feature
	start, end int // in effect for start ≤ t < end
	level      float64
	halfLife   float64 // in ticks; 0: none
}

// timeline is a scenario's shocks as events, and the state they put a tick
// in.
type timeline struct {
	events []event
}

// compileShocks validates the shocks against s and returns their events.
// Restores end the blackouts they restore and produce no event of their
// own; store removals end only at their own end.
func compileShocks(s *Scenario) (*timeline, error) {
	tl := &timeline{}
	for k, sh := range s.Shocks {
		label := sh.Name
		if label == "" {
			label = fmt.Sprint(k)
		}
		if !slices.Contains(shockKinds, sh.Kind) {
			return nil, fmt.Errorf("scenario: shocks[%s].kind = %q, want one of %v", label, sh.Kind, shockKinds)
		}
		name := fmt.Sprintf("shocks[%s] (%s)", label, sh.Kind)
		if err := checkShock(s, sh, name); err != nil {
			return nil, err
		}
		groups, err := shockGroups(s, sh, name)
		if err != nil {
			return nil, err
		}
		j := s.platformIndex(sh.Platform)
		start, end := s.TickOf(sh.Start), never
		if !sh.End.IsZero() {
			end = s.TickOf(sh.End)
		}
		if sh.Kind == "restore" {
			restored := 0
			for e := range tl.events {
				ev := &tl.events[e]
				if ev.kind == "blackout" && ev.platform == j &&
					slices.Contains(groups, ev.group) && ev.start <= start && start < ev.end {
					ev.end = start
					restored++
				}
			}
			if restored == 0 {
				return nil, fmt.Errorf("scenario: %s: no blackout of %s for %v is in effect at %s",
					name, sh.Platform, sh.Groups, sh.Start.Format(time.RFC3339))
			}
			continue
		}
		hl := float64(sh.HalfLife.D()) / float64(s.Tick.D())
		for _, g := range groups {
			tl.events = append(tl.events, event{kind: sh.Kind, platform: j, group: g,
				start: start, end: end, level: sh.Level, halfLife: hl})
		}
	}
	return tl, nil
}

// shockGroups returns the indices of the shock's groups; a feature applies
// to the platform (group −1).
func shockGroups(s *Scenario, sh Shock, name string) ([]int, error) {
	if sh.Kind == "feature" {
		if len(sh.Groups) > 0 {
			return nil, fmt.Errorf("scenario: %s: groups = %v, but a feature applies to every group", name, sh.Groups)
		}
		return []int{-1}, nil
	}
	if len(sh.Groups) == 0 {
		all := make([]int, len(s.Groups))
		for g := range all {
			all[g] = g
		}
		return all, nil
	}
	var out []int
	for _, gn := range sh.Groups {
		g := s.groupIndex(gn)
		if g < 0 {
			return nil, fmt.Errorf("scenario: %s: unknown group %q", name, gn)
		}
		if slices.Contains(out, g) {
			return nil, fmt.Errorf("scenario: %s: group %q named twice", name, gn)
		}
		out = append(out, g)
	}
	return out, nil
}

// checkShock validates one shock's fields for its kind.
func checkShock(s *Scenario, sh Shock, name string) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("scenario: %s: %s", name, fmt.Sprintf(format, a...))
	}
	if j := s.platformIndex(sh.Platform); j <= 0 {
		return bad("platform = %q, want one of the platforms %v", sh.Platform, s.StateNames()[1:])
	}
	if sh.Start.IsZero() {
		return bad("start is missing")
	}

	if !sh.End.IsZero() && !sh.End.After(sh.Start) {
		return bad("end = %s is not after start = %s", sh.End.Format(time.RFC3339), sh.Start.Format(time.RFC3339))
	}
	if sh.Kind != "threat" && sh.HalfLife != 0 {
		return bad("half_life is only for threats")
	}
	switch sh.Kind {
	case "threat":
		if sh.HalfLife < 0 {
			return bad("half_life = %s, want ≥ 0", sh.HalfLife.D())
		}
		fallthrough
	case "crackdown", "feature", "scrutiny":
		if !(sh.Level > 0 && sh.Level <= 1) {
			return bad("level = %v, want within (0, 1]", sh.Level)
		}
	case "blackout", "store_removal", "restore":
		if sh.Level != 0 {
			return bad("level = %v, but a %s has no level", sh.Level, sh.Kind)
		}
		if sh.Kind == "restore" && !sh.End.IsZero() {
			return bad("end is not used by a restore, which happens at start")
		}
	}
	return nil
}

// tickState is what the shocks make of one tick, per group g and state j
// (index g·S + j, S = number of states), and per state for translation.
type tickState struct {
	dark, closed          []bool
	salience, removal     []float64
	scrutiny              []float64
	translation           []float64
	groupSalience         []float64 // the summed salience of the threats against the group
	darkened              bool      // some (g, j) went dark this tick
	restored              []bool    // (g, j) came back from dark this tick
	darkSince             []int     // for a dark (g, j): the tick its blackout began
	anyRestored           bool
	wasDark               []bool
	states, groups        int
	baseRemoval, baseRisk []float64
	baseTranslation       []float64
}

func newTickState(s *Scenario) *tickState {
	k, g := len(s.Platforms)+1, len(s.Groups)
	ts := &tickState{
		dark: make([]bool, g*k), closed: make([]bool, g*k), wasDark: make([]bool, g*k), restored: make([]bool, g*k), darkSince: make([]int, g*k),
		salience: make([]float64, g*k), removal: make([]float64, g*k), scrutiny: make([]float64, g*k),
		translation: make([]float64, k), groupSalience: make([]float64, g),
		states: k, groups: g,
		baseRemoval: make([]float64, g*k), baseRisk: make([]float64, g*k), baseTranslation: make([]float64, k),
	}
	for j, p := range s.Platforms {
		ts.baseTranslation[j+1] = p.Translation
		for gi, gr := range s.Groups {
			ts.baseRemoval[gi*k+j+1] = p.Moderation[gr.Name]
			ts.baseRisk[gi*k+j+1] = p.Scrutiny[gr.Name]
		}
	}
	return ts
}

// at sets ts to the state of tick t.
func (tl *timeline) at(t int, ts *tickState) {
	copy(ts.wasDark, ts.dark)
	clear(ts.dark)
	clear(ts.closed)
	clear(ts.salience)
	clear(ts.groupSalience)
	copy(ts.removal, ts.baseRemoval)
	copy(ts.scrutiny, ts.baseRisk)
	copy(ts.translation, ts.baseTranslation)
	k := ts.states
	for _, ev := range tl.events {
		if t < ev.start {
			continue
		}
		if t >= ev.end {
			continue
		}
		i := ev.group*k + ev.platform
		switch ev.kind {
		case "threat":
			sal := ev.salience(t)
			ts.salience[i] += sal
			ts.groupSalience[ev.group] += sal
		case "blackout":
			if !ts.dark[i] || ev.start < ts.darkSince[i] {
				ts.darkSince[i] = ev.start
			}
			ts.dark[i] = true
		case "store_removal":
			ts.closed[i] = true
		case "crackdown":
			ts.removal[i] = max(ts.removal[i], ev.level)
		case "scrutiny":
			ts.scrutiny[i] = max(ts.scrutiny[i], ev.level)
		case "feature":
			ts.translation[ev.platform] = max(ts.translation[ev.platform], ev.level)
		}
	}
	ts.darkened, ts.anyRestored = false, false
	for i, d := range ts.dark {
		ts.darkened = ts.darkened || d && !ts.wasDark[i]
		ts.restored[i] = !d && ts.wasDark[i]
		ts.anyRestored = ts.anyRestored || ts.restored[i]
	}
}

// salience returns a threat's salience at tick start ≤ t < end:
// level·2^(−(t − start)/halfLife), or level without a half-life.
func (ev *event) salience(t int) float64 {
	if ev.halfLife > 0 {
		return ev.level * math.Exp2(-float64(t-ev.start)/ev.halfLife)
	}
	return ev.level
}
