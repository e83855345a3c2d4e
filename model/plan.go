package model

import (
	"fmt"
	"sync"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// Plan is a scenario checked and prepared to run. Compile makes it once;
// the rule, the summary, the tables and studies read it and trust it. A
// Plan is never modified: WithSeed makes a copy for another seed.
type Plan struct {
	// Scenario is the checked scenario, its fields and methods promoted;
	// read it, never change it.
	*Scenario
	// States are "none" and the platforms' names, by state (0 = none).
	States []string
	// Sizes are the agents of each group (Scenario.GroupSizes).
	Sizes []int
	// Days are the calendar days of the run (2006-01-02, in the zone of
	// the start) and DayOf[t] the index in Days of tick t = 1…T, the day
	// its interval ends on (DayOf[0] = −1).
	Days  []string
	DayOf []int
	// Memory is the estimated peak memory of a run, in bytes: the
	// population, the network and the engine's buffers.
	Memory int64
	// Report indices: the group, and the origin and destination states.
	ReportGroup, Origin, Destination int

	timeline *timeline
	canon    *canonical
}

// canonical is a plan's canonical form, computed when first asked for.
type canonical struct {
	once sync.Once
	toml []byte
	hash string
	err  error
}

// Identity returns the scenario as canonical TOML with its seed set to 0,
// and the SHA-256 of that text: what a run depends on besides its seed,
// which is recorded beside it. It is computed once per compiled scenario,
// when first asked for, and shared by WithSeed's copies.
func (p *Plan) Identity() (toml []byte, hash string, err error) {
	c := p.canon
	c.once.Do(func() {
		unseeded := *p.Scenario
		unseeded.Seed, unseeded.Priors = 0, nil
		c.toml, c.hash, c.err = unseeded.Canonical()
	})
	return c.toml, c.hash, c.err
}

// Compile checks every field of sc — network and dates included — and
// returns its plan, or the first problem as an error that names the field
// and its value. Nothing is allocated per agent.
func Compile(sc *Scenario) (*Plan, error) {
	if err := sc.check(); err != nil {
		return nil, err
	}
	tl, err := compileShocks(sc)
	if err != nil {
		return nil, err
	}
	if err := sc.checkInitialDark(tl); err != nil {
		return nil, err
	}
	p := &Plan{
		Scenario: sc, States: sc.StateNames(), Sizes: sc.GroupSizes(),
		timeline: tl, canon: &canonical{},
		ReportGroup: sc.groupIndex(sc.Report.Group),
		Origin:      sc.platformIndex(sc.Report.Origin), Destination: sc.platformIndex(sc.Report.Destination),
	}
	p.Days, p.DayOf = days(sc)
	rule := int64(RuleBytesPerAgent)
	if sc.Weights.Refusal > 0 {
		rule++ // the apps each agent turned down
	}
	p.Memory = sc.Network.memory(sc.Agents, len(p.States)) + int64(sc.Agents)*rule
	return p, nil
}

// UsersPerAgent returns the number of people each agent stands for
// (Scenario.Users/Agents), or 0 when the scenario does not say.
func (p *Plan) UsersPerAgent() float64 { return p.Users / float64(p.Agents) }

// WithSeed returns the plan of the same scenario with another seed (any
// 64-bit seed: a study derives them with sim.Derive).
func (p *Plan) WithSeed(seed uint64) *Plan {
	sc := *p.Scenario // shares maps and slices, which plans only read
	sc.Seed = seed
	q := *p
	q.Scenario = &sc
	return &q
}

// days returns the calendar days of sc's run and the day of each tick: a
// tick counts on the day its interval ends, in the zone of sc.Start.
func days(sc *Scenario) (labels []string, dayOf []int) {
	dayOf = make([]int, sc.Ticks()+1)
	dayOf[0] = -1
	var last time.Time // noon of the last day labelled
	for t := 1; t <= sc.Ticks(); t++ {
		end := sc.TimeOf(t).Add(-time.Nanosecond)
		y, m, d := end.Date()
		if ly, lm, ld := last.Date(); len(labels) == 0 || y != ly || m != lm || d != ld {
			last = time.Date(y, m, d, 12, 0, 0, 0, end.Location())
			labels = append(labels, end.Format(time.DateOnly))
		}
		dayOf[t] = len(labels) - 1
	}
	return labels, dayOf
}

// RuleBytesPerAgent is the memory the scenario rule keeps per agent beside
// the population and the engine: the last install (2 bytes, PPM), the state
// at the start of the day (1 byte, the daily census) and the lists of the
// agents in activity tiers above 0 (2 bytes for each of the 40% of agents
// there, 0.8), rounded up; with weights.refusal, 1 byte more (the apps
// each agent turned down).
const RuleBytesPerAgent = 4

// memory estimates the peak bytes of a run of n agents with k states on
// the network, by sim.Estimate (0 if the spec is not valid). An edge list's
// edges are not known before it is read; its reader bounds them.
func (s NetworkSpec) memory(n, k int) int64 {
	s, err := s.Canonical()
	if err != nil {
		return 0
	}
	d := s.MeanDegree
	if s.Kind == "complete" || s.Kind == "edge-list" {
		d = 0
	}
	f, err := sim.Estimate(sim.Kind(s.Kind), n, d, k)
	if err != nil {
		return 0
	}
	return f.Total()
}

// checkInitialDark refuses initial shares on a platform that is dark for
// the group at tick 0.
func (s *Scenario) checkInitialDark(tl *timeline) error {
	ts := newTickState(s)
	tl.at(0, ts)
	for g, gr := range s.Groups {
		for j, p := range s.Platforms {
			dark := ts.dark[g*ts.states+j+1]
			if dark && gr.Initial[p.Name] > 0 {
				return fmt.Errorf("scenario: groups[%s].initial.%s = %v, but %s is dark for %s at the start",
					gr.Name, p.Name, gr.Initial[p.Name], p.Name, gr.Name)
			}
			if s.Steady && !dark && !(gr.Initial[p.Name] > 0) {
				return fmt.Errorf("scenario: groups[%s].initial.%s = 0 with steady = true: the offsets fitted to the initial shares would make %s unreachable for %s; give it a share",
					gr.Name, p.Name, p.Name, gr.Name)
			}
		}
	}
	return nil
}
