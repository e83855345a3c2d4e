package model

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// Param declares a numeric parameter of a classic rule.
type Param struct {
	Name     string
	Default  float64
	Min, Max float64 // inclusive bounds
	Integer  bool
	Doc      string
}

// RuleInfo declares a classic rule: its states, its parameters and how to
// build it and its initial population.
type RuleInfo struct {
	Name string
	Doc  string
	// States names the rule's states; state 0 first.
	States []string
	Params []Param
	// UntilStable says that ticks = 0 means "until a tick changes no agent".
	UntilStable bool
	// build returns the rule for a population whose initial states it sets.
	build func(p Params, pop *sim.Population, seed uint64) (sim.Rule, error)
}

// Params are a rule's parameter values by name.
type Params map[string]float64

var classicRules = []RuleInfo{flipInfo, bassInfo, thresholdInfo, irsirInfo}

// ClassicRules returns the classic rules, by name.
func ClassicRules() []RuleInfo { return classicRules }

// LookupRule returns the classic rule with the given name.
func LookupRule(name string) (RuleInfo, error) {
	for _, r := range classicRules {
		if r.Name == name {
			return r, nil
		}
	}
	names := make([]string, len(classicRules))
	for i, r := range classicRules {
		names[i] = r.Name
	}
	return RuleInfo{}, sim.Invalidf("rule = %q, want one of %s", name, strings.Join(names, ", "))
}

// Resolve returns the rule's parameters with defaults filled in and set
// applied, or an error naming an unknown parameter or a value out of range.
func (r RuleInfo) Resolve(set Params) (Params, error) {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.ContainsFunc(r.Params, func(p Param) bool { return p.Name == k }) {
			names := make([]string, len(r.Params))
			for i, p := range r.Params {
				names[i] = p.Name
			}
			return nil, sim.Invalidf("%s: unknown parameter %q, want one of %s", r.Name, k, strings.Join(names, ", "))
		}
	}
	out := make(Params, len(r.Params))
	for _, p := range r.Params {
		v, ok := set[p.Name]
		if !ok {
			v = p.Default
		}
		if !(v >= p.Min && v <= p.Max) || p.Integer && v != math.Trunc(v) {
			kind := ""
			if p.Integer {
				kind = "an integer "
			}
			return nil, sim.Invalidf("%s: parameter %s = %v, want %swithin [%v, %v]", r.Name, p.Name, v, kind, p.Min, p.Max)
		}
		out[p.Name] = v
	}
	return out, nil
}

// ClassicSpec is one run of a classic rule on a generated network.
type ClassicSpec struct {
	Rule    string
	Params  Params // missing ones take their defaults
	Network NetworkSpec
	Agents  int // 0 with an edge list: as many as the file has nodes
	Ticks   int
	Seed    uint64
	Workers int
	// Counting chooses how the engine keeps neighbour counts (cost only).
	Counting sim.Counting
	// MaxMemory, if > 0, is the memory the run may take: RunClassic
	// refuses a run whose estimate (sim.Estimate) is larger with a
	// *sim.MemoryError, before allocating the network or the population.
	MaxMemory int64
}

// ClassicRun is the outcome of a classic run.
type ClassicRun struct {
	Rule    RuleInfo
	Params  Params
	Network NetworkSpec
	Agents  int
	Edges   int64
	History *History
	// GenSeconds is the time to build the network and population;
	// RunSeconds the time of the ticks.
	GenSeconds, RunSeconds float64
	// BytesPerAgent is the engine's memory per agent besides the network.
	BytesPerAgent int
}

// maxStableTicks caps a run "until stable".
const maxStableTicks = 1 << 20

// RunClassic builds the network and population and runs the rule. Every
// random part draws from its own named stream under spec.Seed.
func RunClassic(ctx context.Context, spec ClassicSpec) (*ClassicRun, error) {
	info, err := LookupRule(spec.Rule)
	if err != nil {
		return nil, err
	}
	params, err := info.Resolve(spec.Params)
	if err != nil {
		return nil, err
	}
	netSpec, err := spec.Network.Canonical()
	if err != nil {
		return nil, err
	}
	if spec.Agents < 1 && netSpec.Kind != "edge-list" {
		return nil, sim.Invalidf("agents = %d, want ≥ 1", spec.Agents)
	}
	if spec.Ticks < 0 || spec.Ticks == 0 && !info.UntilStable {
		return nil, sim.Invalidf("ticks = %d, want ≥ 1", spec.Ticks)
	}
	if err := netSpec.CheckMemory(spec.Agents, netSpec.MeanDegree, len(info.States), spec.MaxMemory); err != nil {
		return nil, err
	}
	start := time.Now()
	net, err := netSpec.build(ctx, []int{spec.Agents}, spec.Seed, spec.Workers, spec.MaxMemory)
	if err != nil {
		return nil, err
	}
	if netSpec.Kind == "edge-list" {
		if net.Len() == 0 {
			return nil, sim.Invalidf("network: edge list %s has no edges", netSpec.Path)
		}
		// Now that the file has been read, with its true size.
		mean, _ := sim.DegreeMoments(net)
		if err := netSpec.CheckMemory(net.Len(), mean, len(info.States), spec.MaxMemory); err != nil {
			return nil, err
		}
	}
	pop := sim.NewPopulation(net.Len(), 1)
	rule, err := info.build(params, pop, spec.Seed)
	if err != nil {
		return nil, err
	}
	e, err := sim.New(pop, net, rule, sim.Config{Seed: spec.Seed, Workers: spec.Workers, Counting: spec.Counting})
	if err != nil {
		return nil, err
	}
	run := &ClassicRun{Rule: info, Params: params, Network: netSpec, Agents: net.Len(), Edges: net.Edges(),
		History: &History{}, GenSeconds: time.Since(start).Seconds()}
	start = time.Now()
	var rec sim.Recorder = run.History
	ticks := spec.Ticks
	if ticks == 0 {
		ticks = maxStableTicks
		rec = untilStable{run.History}
	}
	if err := e.Run(ctx, ticks, rec); err != nil {
		return nil, err
	}
	run.RunSeconds = time.Since(start).Seconds()
	run.BytesPerAgent = e.BytesPerAgent()
	return run, nil
}

// untilStable records and stops after the first tick that changes no agent.
type untilStable struct{ h *History }

func (u untilStable) Record(s *sim.TickStats) error {
	u.h.Record(s)
	if s.Tick > 0 && s.Switches() == 0 {
		return sim.Stop
	}
	return nil
}

// FinalShares returns the share of agents in each state at the last tick,
// keyed by state name.
func (r *ClassicRun) FinalShares() map[string]float64 {
	h := r.History
	out := make(map[string]float64, len(r.Rule.States))
	for s, name := range r.Rule.States {
		out[name] = float64(h.Total(h.Ticks(), s)) / float64(h.Agents())
	}
	return out
}

var flipInfo = RuleInfo{
	Name:   "flip",
	Doc:    "linear contagion benchmark: switch to the other platform with probability a + b·(share of neighbours there)",
	States: []string{"none", "A", "B"},
	Params: []Param{
		{Name: "a", Default: DefaultFlip.A, Min: 0, Max: 1, Doc: "spontaneous switching probability per tick"},
		{Name: "b", Default: DefaultFlip.B, Min: 0, Max: 1, Doc: "switching probability per tick per unit share of neighbours on the other platform"},
		{Name: "x0", Default: 0.5, Min: 0, Max: 1, Doc: "initial share on platform A"},
	},
	build: func(p Params, pop *sim.Population, seed uint64) (sim.Rule, error) {
		SeedShares(pop, []float64{0, p["x0"], 1 - p["x0"]}, seed)
		return NewFlip(p["a"], p["b"], seed)
	},
}
