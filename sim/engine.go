package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync/atomic"
)

// BlockSize is the number of consecutive agents in a block: the unit of work
// a worker claims, of a Rule's Decide call and of the activation draws. It is
// fixed, so results do not depend on the number of workers.
const BlockSize = 1 << 12

// Counting chooses how the engine keeps the neighbour counts that a Rule
// reads with Block.Count. The choice changes cost only: every choice gives
// the same counts and so the same run.
type Counting uint8

const (
	// CountAuto picks pull or push each tick by estimated cost, the way
	// direction-optimizing breadth-first search does (Beamer et al. 2012).
	CountAuto Counting = iota
	// CountPull recounts the neighbours of each deciding agent from their
	// states: cost Σ degree over deciding agents, no stored counts.
	CountPull
	// CountPush stores States−1 counts of 1, 2 or 4 bytes per agent and
	// adds ±1 to the counts of every neighbour of every agent that
	// switched: cost Σ degree over switching agents.
	CountPush
)

// pushWeight is the cost of pushing to one neighbour (an update of a count
// on a line that is usually not in cache, by each of two workers reading the
// switcher's row) in units of the cost of pulling one neighbour's state (a
// byte load in a streamed row): about 9 ns against 1.1 ns, measured on the
// flip benchmark at 10⁶ agents and 2 workers with `exodus bench --counting
// push` and `--counting pull` (BENCHMARKS.md).
const pushWeight = 8

// Config holds the engine's settings. The zero value is usable: seed 0,
// GOMAXPROCS workers, no contact tracking, automatic counting.
type Config struct {
	// Seed keys the engine's activation draws (stream "activation").
	Seed uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Contact makes the engine track TickStats.Contact, the edges between
	// groups that share a state.
	Contact bool
	// Counting chooses how neighbour counts are kept. Only a *CSR
	// network can push; on Complete and *Implicit the engine pulls.
	Counting Counting
}

// Engine advances a Population on a Network under a Rule in synchronous
// ticks. Each tick has phases separated by barriers: decide (workers claim
// blocks, draw the candidates, let the Rule screen them, gather the
// remaining agents' neighbour counts from the state at the start of the
// tick and call the Rule, which writes only its agents' slots of next;
// the block's switchers are listed), push (when counts are stored: each
// worker applies every switch to the counts of its range of agents),
// contact (the change of cross-group contact), commit (switchers take
// their next state) and, when stored counts are brought back into use,
// recount. Tallies are integers summed per worker. An Engine is not safe
// for concurrent use.
type Engine struct {
	cfg      Config
	pop      *Population
	rule     Rule
	screen   Screener
	tierer   Tierer    // nil unless the rule draws its candidates in tiers
	csr      *CSR      // nil unless edges are stored
	implicit *Implicit // nil unless neighbours are computed
	n        int
	states   int // S
	c        int // counted states, S−1
	workers  int

	activation Source           // draws the candidates (of tier 0)
	tierSrc    [MaxTiers]Source // draws tier k's candidates; tierSrc[0] = activation
	tick       int
	lnq        float64 // ln(1 − activation) of the tick being decided
	alpha      float64 // activation of the tick being decided

	next    []uint8
	counts  *stored // stored neighbour counts; in use when valid
	valid   bool
	pushing bool  // this tick's changes are pushed to counts
	debt    int64 // pull cost since counts fell out of use that push would have saved
	// recountAtRun asks the next Run to rebuild the stored counts first:
	// they were in use when the state was read (ReadState).
	recountAtRun bool

	blocks         []blockTally
	blockMaxDegree []int // the largest degree in each block (CSR only)
	// groupEnd[g] is one past the last agent of group g when every group's
	// agents are contiguous and in group order (nil otherwise): agent v is
	// then in group g iff groupEnd[g−1] ≤ v < groupEnd[g], which the contact
	// phase tests without reading v's group.
	groupEnd   []uint32
	scratch    []scratch
	pool       *pool
	pushRanges int // destination ranges of the push phase
	stats      TickStats
	totals     [MaxStates]int64 // agents per state at the start of the tick

	badRule       atomic.Int32             // 1 + the state a Rule wrote that is out of range
	badActivation atomic.Pointer[badValue] // a block activation out of range

	// The phases as func values, made once so that ticks do not allocate.
	decideFn, pushFn, contactDeltaFn, commitFn, recountFn, contactFn func(w, b int)
}

// blockTally is what a block contributes to a tick.
type blockTally struct {
	switchers []uint32 // agents that changed state, ascending
}

// scratch is a worker's reusable memory and its tallies of the current
// phase, summed over the blocks it ran. The tallies are integers, so their
// sum over workers does not depend on which worker ran which block.
type scratch struct {
	block    Block
	active   []uint32
	screened []uint32
	tiers    []Tier
	merge    []uint32 // a tier's agents kept, while they are merged
	counts   []uint32
	degree   []uint32
	lanes    []uint64
	rows     []uint32 // computed neighbours (implicit networks): rows of the active agents, then one row at a time
	rowOff   []int    // rows[rowOff[k]:rowOff[k+1]] are the neighbours of active agent k
	sink     uint32   // keeps touch from being optimised away

	flows     []int64 // as TickStats.Flows
	contact   []int64 // change of TickStats.Contact
	cands     int64   // candidates
	activeDeg int64   // Σ degree of counted agents
	switchDeg int64   // Σ degree of switching agents

	_ [128]byte // keeps workers' tallies off each other's cache lines
}

// padded returns a zeroed slice of n int64s that shares no cache line with
// other allocations.
func padded(n int) []int64 { return make([]int64, n+16)[8 : 8+n] }

// New returns an engine for pop on net under rule. The population's slices
// become the engine's: only the engine changes them until the engine is
// dropped. New marks each agent's initial state in its Accounts.
func New(pop *Population, net Network, rule Rule, cfg Config) (*Engine, error) {
	s := rule.States()
	if s < 2 || s > MaxStates {
		return nil, fmt.Errorf("sim: rule has %d states, want 2…%d", s, MaxStates)
	}
	if err := pop.validate(s); err != nil {
		return nil, err
	}
	if net.Len() != pop.Len() {
		return nil, fmt.Errorf("sim: network has %d nodes but population %d agents", net.Len(), pop.Len())
	}
	e := &Engine{cfg: cfg, pop: pop, rule: rule, n: pop.Len(), states: s, c: s - 1}
	switch g := net.(type) {
	case *CSR:
		if err := g.check(); err != nil {
			return nil, err
		}
		e.csr = g
	case *Implicit:
		e.implicit = g
	case Complete:
	default:
		return nil, fmt.Errorf("sim: unsupported network type %T", net)
	}
	if cfg.Counting > CountPush {
		return nil, fmt.Errorf("sim: counting = %d, want auto, pull or push", cfg.Counting)
	}
	e.screen, _ = rule.(Screener)
	e.tierer, _ = rule.(Tierer)
	e.decideFn, e.pushFn, e.contactDeltaFn, e.commitFn, e.recountFn, e.contactFn =
		e.decide, e.push, e.contactDelta, e.commit, e.recount, e.contactScan
	e.workers = cfg.Workers
	if e.workers <= 0 {
		e.workers = runtime.GOMAXPROCS(0)
	}
	e.activation = NewSource(cfg.Seed, "activation")
	e.tierSrc[0] = e.activation
	for k := 1; k < MaxTiers; k++ {
		e.tierSrc[k] = NewSource(cfg.Seed, fmt.Sprintf("activation/tier%d", k))
	}
	e.next = make([]uint8, e.n)
	copy(e.next, pop.State)
	for i, st := range pop.State {
		pop.Accounts[i] |= accountBit(st)
	}
	e.groupEnd = groupEnds(pop)
	nb := (e.n + BlockSize - 1) / BlockSize
	e.blocks = make([]blockTally, nb)
	if e.csr != nil {
		e.blockMaxDegree = make([]int, nb)
		for u := range e.n {
			b := u / BlockSize
			e.blockMaxDegree[b] = max(e.blockMaxDegree[b], e.csr.Degree(u))
		}
	}
	e.workers = max(1, min(e.workers, nb))
	e.pushRanges = e.workers
	e.scratch = make([]scratch, e.workers)
	for w := range e.scratch {
		e.scratch[w] = scratch{
			active:   make([]uint32, 0, BlockSize),
			screened: make([]uint32, 0, BlockSize),
			tiers:    make([]Tier, 0, MaxTiers),
			counts:   make([]uint32, BlockSize*e.c),
			degree:   make([]uint32, BlockSize),
			lanes:    make([]uint64, BlockSize),
			flows:    padded(pop.Groups * s * s),
			contact:  padded(s),
		}
		if e.implicit != nil {
			// Half the bound, twice the mean: a block's rows stay within it
			// but for fluctuations of a few standard deviations, and grow
			// once if not.
			e.scratch[w].rows = make([]uint32, 0, BlockSize*e.implicit.MaxDegree()/2)
			e.scratch[w].rowOff = make([]int, BlockSize+1)
		}
	}
	e.stats = TickStats{
		States: s, Groups: pop.Groups,
		Counts: make([]int64, pop.Groups*s),
		Flows:  make([]int64, pop.Groups*s*s),
	}
	if cfg.Contact {
		e.stats.Contact = make([]int64, s)
	}
	return e, nil
}

// badValue records a value out of range in a block.
type badValue struct {
	block int
	value float64
}

// complete reports whether the network is the complete graph.
func (e *Engine) complete() bool { return e.csr == nil && e.implicit == nil }

// accountBit is the Accounts bit of state s: bit s−1, none for state 0.
func accountBit(s uint8) uint8 { return uint8(1<<s) >> 1 }

// Tick returns the number of ticks run so far.
func (e *Engine) Tick() int { return e.tick }

// StoredCounts returns the stored neighbour counts (stride States−1) and
// whether they are in use; for tests.
func (e *Engine) StoredCounts() ([]uint32, bool) {
	if e.counts == nil {
		return nil, false
	}
	return e.counts.uint32s(), e.valid
}

// BytesPerAgent returns the engine's memory per agent besides the network:
// the population, the next state and, when allocated, the stored counts.
func (e *Engine) BytesPerAgent() int {
	b := BytesPerAgent + 1
	if e.counts != nil {
		b += e.counts.width * e.c
	}
	return b
}

// Run advances up to ticks ticks, calling rec with the initial state first
// when no tick has run yet, then after every tick. It stops early, without
// error, when rec returns Stop, and with ctx's error when ctx is done.
func (e *Engine) Run(ctx context.Context, ticks int, rec Recorder) error {
	if ticks < 0 {
		return fmt.Errorf("sim: ticks = %d, want ≥ 0", ticks)
	}
	e.pool = newPool(e.workers)
	defer e.pool.stop()
	if e.tick == 0 {
		e.start()
		if err := rec.Record(&e.stats); err != nil {
			return stopped(err)
		}
	}
	if e.recountAtRun {
		e.recountAtRun = false
		e.rebuildCounts()
	}
	for range ticks {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := e.step(); err != nil {
			return err
		}
		if err := rec.Record(&e.stats); err != nil {
			return stopped(err)
		}
	}
	return nil
}

func stopped(err error) error {
	if errors.Is(err, Stop) {
		return nil
	}
	return err
}

// start fills the tick-0 statistics and, for push counting, the counts.
func (e *Engine) start() {
	clear(e.stats.Counts)
	for i, st := range e.pop.State {
		e.stats.Counts[int(e.pop.Group[i])*e.states+int(st)]++
	}
	e.sumTotals()
	if e.cfg.Contact {
		if e.complete() {
			e.completeContact()
		} else {
			clear(e.stats.Contact)
			e.runContact(e.contactFn)
		}
	}
	if e.cfg.Counting == CountPush && e.csr != nil {
		e.rebuildCounts()
	}
}

// rebuildCounts recounts every agent's neighbours into the stored counts
// and puts them in use.
func (e *Engine) rebuildCounts() {
	if e.counts == nil {
		e.counts = newStored(e.n, e.c, e.csr.MaxDegree())
	}
	e.pool.run(len(e.blocks), e.recountFn)
	e.valid = true
}

// step runs one tick.
func (e *Engine) step() error {
	t := e.tick + 1
	alpha := e.rule.Begin(t, &e.stats)
	if !(alpha >= 0 && alpha <= 1) {
		return fmt.Errorf("sim: tick %d: activation = %v, want within [0, 1]", t, alpha)
	}
	e.alpha, e.lnq = alpha, math.Log1p(-alpha)
	e.tick = t
	for w := range e.scratch {
		sc := &e.scratch[w]
		clear(sc.flows)
		sc.cands, sc.activeDeg, sc.switchDeg = 0, 0, 0
	}
	e.pool.run(len(e.blocks), e.decideFn)
	if bad := e.badRule.Load(); bad != 0 {
		return fmt.Errorf("sim: tick %d: rule wrote state %d, want < %d", t, bad-1, e.states)
	}
	if bad := e.badActivation.Load(); bad != nil {
		return fmt.Errorf("sim: tick %d: block %d: activation = %v, want within [0, 1]", t, bad.block, bad.value)
	}

	var active, activeDeg, switchDeg int64
	for w := range e.scratch {
		sc := &e.scratch[w]
		active += sc.cands
		activeDeg += sc.activeDeg
		switchDeg += sc.switchDeg
	}
	recount := e.chooseCounting(activeDeg, switchDeg)
	if e.pushing {
		e.pool.run(e.pushRanges, e.pushFn)
	}
	if e.cfg.Contact && !e.complete() {
		e.runContact(e.contactDeltaFn)
	}
	e.pool.run(len(e.blocks), e.commitFn)
	if recount {
		e.rebuildCounts()
	}

	st := &e.stats
	st.Tick, st.Active, st.Pushed = t, active, e.pushing
	clear(st.Flows)
	for w := range e.scratch {
		for k, f := range e.scratch[w].flows {
			st.Flows[k] += f
		}
	}
	for g := range st.Groups {
		for from := range e.states {
			for to := range e.states {
				f := st.Flows[(g*e.states+from)*e.states+to]
				st.Counts[g*e.states+from] -= f
				st.Counts[g*e.states+to] += f
			}
		}
	}
	e.sumTotals()
	if e.cfg.Contact && e.complete() {
		e.completeContact()
	}
	return nil
}

// chooseCounting decides whether this tick's switches are pushed into the
// stored counts and whether the counts are rebuilt after the commit, given
// the degree sums of the tick's deciding and switching agents. Pulling next
// tick costs about activeDeg neighbour reads, pushing now
// pushWeight·switchDeg; stored counts that fall out of use are rebuilt (cost
// 2·edges + agents) once the pull cost they would have saved pays for it, so
// the total is within a factor of two of the better fixed choice.
func (e *Engine) chooseCounting(activeDeg, switchDeg int64) (recount bool) {
	e.pushing = false
	if e.csr == nil { // only stored rows can be pushed along
		return false
	}
	switch e.cfg.Counting {
	case CountPull:
		return false
	case CountPush:
		e.pushing = true
		return false
	}
	pushCost := pushWeight * switchDeg
	if e.valid {
		if pushCost <= activeDeg {
			e.pushing = true
		} else {
			e.valid = false
			e.debt = 0
		}
		return false
	}
	if pushCost < activeDeg {
		e.debt += activeDeg - pushCost
		if e.debt >= int64(len(e.csr.Targets))+int64(e.n) {
			e.debt = 0
			return true
		}
	}
	return false
}

func (e *Engine) sumTotals() {
	clear(e.totals[:])
	for g := range e.stats.Groups {
		for s := range e.states {
			e.totals[s] += e.stats.Count(g, s)
		}
	}
}

// commit is the commit phase of block b: the switchers take their new state.
func (e *Engine) commit(_, b int) {
	t := uint32(e.tick)
	state, next, acc, since := e.pop.State, e.next, e.pop.Accounts, e.pop.Since
	for _, i := range e.blocks[b].switchers {
		state[i] = next[i]
		acc[i] |= accountBit(next[i])
		since[i] = t
	}
}
