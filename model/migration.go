package model

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// RunOptions are the settings of a run that change its cost, never its
// results.
type RunOptions struct {
	Workers  int          // 0: GOMAXPROCS
	Counting sim.Counting // how neighbour counts are kept
	// Progress, if not nil, is called after each tick with the ticks
	// done and the ticks of the whole run, warm-up included.
	Progress func(done, total int)
	// Checkpoint, if not nil, is called after every CheckpointEvery-th
	// tick (engine ticks, warm-up included) but the last, with the run
	// between two ticks: WriteState may write it. An error stops the run.
	Checkpoint      func(m *Migration) error
	CheckpointEvery int
}

// Migration is a scenario set up to run: its network, population and rule
// in an engine.
type Migration struct {
	Plan     *Plan
	Scenario *Scenario
	Net      sim.Network
	Pop      *sim.Population
	Rule     *PPM
	Engine   *sim.Engine
	// GenSeconds is the time taken to build the network and population.
	GenSeconds float64

	workers    int // of the daily census; 0: GOMAXPROCS
	progress   func(done, total int)
	checkpoint func(m *Migration) error
	every      int // ticks between checkpoints

	// The recording, made by the first Run or by ReadState.
	hist *History
	use  *usage
}

// NewMigration builds the network and the population of plan p: the groups are
// consecutive ranges of agents in the scenario's order, and each agent
// starts on a state drawn from the stationary distribution of its own
// choices, with offsets that make its group's expected shares the initial
// shares (see start.go), from stream "init/state" under sc.Seed. It stops
// with ctx's error once ctx is done.
func NewMigration(ctx context.Context, p *Plan, opt RunOptions) (*Migration, error) {
	start := time.Now()
	sc, sizes := p.Scenario, p.Sizes
	net, err := sc.Network.Build(ctx, sizes, sc.Seed, opt.Workers)
	if err != nil {
		return nil, fmt.Errorf("scenario: network: %w", err)
	}
	if net.Len() != sc.Agents {
		return nil, fmt.Errorf("scenario: network has %d nodes, want agents = %d", net.Len(), sc.Agents)
	}
	rule, err := newPPM(p)
	if err != nil {
		return nil, err
	}
	rule.aw.setDegree(net)
	pop := sim.NewPopulation(sc.Agents, len(sc.Groups))
	src := sim.NewSource(sc.Seed, "init/state")
	names := p.States
	k := len(names)
	initial := make([][]float64, len(sizes)) // by group, state
	for g := range sizes {
		initial[g] = make([]float64, k)
		for j, name := range names {
			initial[g][j] = sc.Groups[g].InitialShare(name)
		}
	}
	rule.setTerms(func(h, j int) float64 { return float64(sizes[h]) * initial[h][j] })
	around := neighbourShares(sc.Network, sizes, initial)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lo := 0
	for g, n := range sizes {
		sample := make([]startChoice, min(n, startSample))
		accounts := make([]uint8, len(sample))
		for a := range sample {
			sample[a], accounts[a] = rule.startChoice(uint8(g), uint32(lo+a), around[g])
		}
		if err := reachable(sc, g, names, initial[g], sample); err != nil {
			return nil, err
		}
		start := &groupStart{ctx: ctx, rule: rule, pop: pop, src: src, g: uint8(g), lo: lo, n: n, around: around[g], workers: workers,
			sample: sample, accounts: accounts}
		delta := startOffsets(initial[g], append(sampleSets(sample, n), start.set())...)
		if !slices.Equal(start.drawn, delta) {
			start.draw(delta, make([]float64, k))
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if sc.Steady {
			rule.setOffsets(g, delta)
		}
		lo += n
	}
	rule.indexBlocks(pop)
	e, err := sim.New(pop, net, rule, sim.Config{Seed: sc.Seed, Workers: opt.Workers, Contact: true, Counting: opt.Counting})
	if err != nil {
		return nil, err
	}
	return &Migration{Plan: p, Scenario: sc, Net: net, Pop: pop, Rule: rule, Engine: e, GenSeconds: time.Since(start).Seconds(),
		workers: workers, progress: opt.Progress, checkpoint: opt.Checkpoint, every: opt.CheckpointEvery}, nil
}

// drawShare returns the state whose interval of the cumulative shares holds
// u, skipping states with no share.
func drawShare(shares []float64, u float64) int {
	last := 0
	for j, p := range shares {
		if p <= 0 {
			continue
		}
		if u < p {
			return j
		}
		u -= p
		last = j
	}
	return last // u ran past the total by rounding
}

// Run runs the warm-up and the scenario's ticks, recording the latter in a
// History, with each tick's installs and each day's census of accounts and
// daily active users, and, if rec is not nil, passing each tick to rec
// too, numbered from the end of the warm-up (tick 0). After ReadState it
// continues from the tick read, and rec sees the ticks after it.
func (m *Migration) Run(ctx context.Context, rec sim.Recorder) (*History, error) {
	warm := m.Scenario.WarmupTicks()
	total := warm + m.Scenario.Ticks()
	if m.hist == nil {
		m.hist = &History{}
		m.use = newUsage(m.Rule, m.Pop, m.Scenario.Seed, m.workers)
	}
	h := m.hist
	cells := len(m.Scenario.Groups) * m.Rule.k
	r := sim.RecorderFunc(func(s *sim.TickStats) error {
		if m.progress != nil {
			m.progress(s.Tick, total)
		}
		if s.Tick >= warm {
			if err := m.record(s, warm, cells, rec); err != nil {
				return err
			}
		}
		if m.checkpoint != nil && m.every > 0 && s.Tick%m.every == 0 && s.Tick > 0 && s.Tick < total {
			return m.checkpoint(m)
		}
		return nil
	})
	if err := m.Engine.Run(ctx, total-m.Engine.Tick(), r); err != nil {
		return nil, err
	}
	return h, nil
}

// record records engine tick s, after the warm-up of warm ticks, in the
// history and passes it to rec.
func (m *Migration) record(s *sim.TickStats, warm, cells int, rec sim.Recorder) error {
	h, u := m.hist, m.use
	st := *s
	st.Tick -= warm
	if err := h.Record(&st); err != nil {
		return err
	}
	installs := make([]int64, cells)
	h.Installs = append(h.Installs, installs)
	if t := st.Tick; t == 0 {
		copy(u.dayStart, m.Pop.State)
	} else {
		m.Rule.aw.counted(installs)
		u.tick()
		if d := m.Plan.DayOf[t]; t == m.Scenario.Ticks() || m.Plan.DayOf[t+1] != d {
			day := make([]int64, cells) // the day's installs
			for r := t; r > 0 && m.Plan.DayOf[r] == d; r-- {
				for i, n := range h.Installs[r] {
					day[i] += n
				}
			}
			accounts, active := make([]int64, cells), make([]int64, cells)
			u.census(d, s.Tick, day, accounts, active)
			h.DayAccounts, h.DayActive = append(h.DayAccounts, accounts), append(h.DayActive, active)
		}
	}
	if rec != nil {
		return rec.Record(&st)
	}
	return nil
}

// MigrationRun is the outcome of a scenario run.
type MigrationRun struct {
	Plan     *Plan
	Scenario *Scenario
	History  *History
	Summary  Summary
	Edges    int64
	// GenSeconds and RunSeconds time the set-up and the ticks.
	GenSeconds, RunSeconds float64
}

// RunScenario sets up and runs plan p and summarises the run.
func RunScenario(ctx context.Context, p *Plan, opt RunOptions) (*MigrationRun, error) {
	m, err := NewMigration(ctx, p, opt)
	if err != nil {
		return nil, err
	}
	return m.Complete(ctx)
}

// Complete runs m to its end (from where ReadState left it, if called) and
// summarises the run. RunSeconds times the ticks run by this call.
func (m *Migration) Complete(ctx context.Context) (*MigrationRun, error) {
	start := time.Now()
	h, err := m.Run(ctx, nil)
	if err != nil {
		return nil, err
	}
	p := m.Plan
	run := &MigrationRun{Plan: p, Scenario: p.Scenario, History: h, Edges: m.Net.Edges(), GenSeconds: m.GenSeconds,
		RunSeconds: time.Since(start).Seconds()}
	run.Summary = Summarize(p, h)
	return run, nil
}
