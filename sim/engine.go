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
// reads in Block.Counts. The choice changes cost only: every choice gives
// the same counts and so the same run.
type Counting uint8

const (
	// CountAuto picks pull or push each tick by estimated cost, the way
	// direction-optimizing breadth-first search does (Beamer et al. 2012).
	CountAuto Counting = iota
	// CountPull recounts the neighbours of each deciding agent from their
	// states: cost Σ degree over deciding agents, no stored counts.
	CountPull
	// CountPush stores 4·(States−1) bytes of counts per agent and adds ±1 to
	// the counts of every neighbour of every agent that switched: cost
	// Σ degree over switching agents, in atomic adds.
	CountPush
)

// pushWeight is the cost of pushing to one neighbour (two atomic adds on
// lines that are usually not in cache) in units of the cost of pulling one
// neighbour's state (a plain byte load). Measured with `exodus bench
// --counting`; see BENCHMARKS.md.
const pushWeight = 4

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
	// Counting chooses how neighbour counts are kept.
	Counting Counting
}

// Engine advances a Population on a Network under a Rule in synchronous
// ticks. Each tick has phases separated by barriers: decide (workers claim
// blocks, gather the deciding agents' neighbour counts from the state at the
// start of the tick and call the Rule, which writes only its agents' slots
// of next), apply (push count changes and contact changes of the agents that
// switched), commit (copy their next state into the population) and, when
// counts are brought back into use, recount. Tallies are kept per block and
// reduced in block order. An Engine is not safe for concurrent use.
type Engine struct {
	cfg     Config
	pop     *Population
	rule    Rule
	thin    Thinner
	csr     *CSR // nil on the complete network
	n       int
	states  int // S
	c       int // counted states, S−1
	workers int

	activation Source
	tick       int
	lnq        float64 // ln(1 − activation) of the tick being decided
	alpha      float64 // activation of the tick being decided

	next   []uint8
	counts []uint32 // stored counts, stride c; in use when valid
	valid  bool
	push   bool  // this tick's changes are pushed to counts
	debt   int64 // pull cost since counts fell out of use that push would have saved

	blocks  []blockTally
	scratch []scratch
	pool    *pool
	// The phases as func values, made once so that ticks do not allocate.
	decideFn, applyFn, commitFn, recountFn, contactFn func(w, b int)
	stats                                             TickStats
	totals                                            [MaxStates]int64 // agents per state at the start of the tick
	badRule                                           atomic.Int32     // 1 + the state a Rule wrote that is out of range
}

// blockTally is what a block contributes to a tick.
type blockTally struct {
	switchers []uint32 // agents that changed state, ascending
	flows     []int64  // as TickStats.Flows
	contact   []int64  // change of TickStats.Contact
	active    int64
	activeDeg int64 // Σ degree of deciding agents
	switchDeg int64 // Σ degree of switching agents
}

// scratch is a worker's reusable memory.
type scratch struct {
	block  Block
	active []uint32
	counts []uint32
	degree []uint32
}

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
		e.csr = g
	case Complete:
	default:
		return nil, fmt.Errorf("sim: unsupported network type %T", net)
	}
	if cfg.Counting > CountPush {
		return nil, fmt.Errorf("sim: counting = %d, want auto, pull or push", cfg.Counting)
	}
	e.thin, _ = rule.(Thinner)
	e.decideFn, e.applyFn, e.commitFn, e.recountFn, e.contactFn = e.decide, e.apply, e.commit, e.recount, e.contactScan
	e.workers = cfg.Workers
	if e.workers <= 0 {
		e.workers = runtime.GOMAXPROCS(0)
	}
	e.activation = NewSource(cfg.Seed, "activation")
	e.next = make([]uint8, e.n)
	copy(e.next, pop.State)
	for i, st := range pop.State {
		pop.Accounts[i] |= accountBit(st)
	}
	nb := (e.n + BlockSize - 1) / BlockSize
	e.blocks = make([]blockTally, nb)
	for b := range e.blocks {
		e.blocks[b].flows = make([]int64, pop.Groups*s*s)
		e.blocks[b].contact = make([]int64, s)
	}
	e.workers = max(1, min(e.workers, nb))
	e.scratch = make([]scratch, e.workers)
	for w := range e.scratch {
		e.scratch[w] = scratch{
			active: make([]uint32, 0, BlockSize),
			counts: make([]uint32, BlockSize*e.c),
			degree: make([]uint32, BlockSize),
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

// accountBit is the Accounts bit of state s: bit s−1, none for state 0.
func accountBit(s uint8) uint8 { return uint8(1<<s) >> 1 }

// Tick returns the number of ticks run so far.
func (e *Engine) Tick() int { return e.tick }

// StoredCounts returns the stored neighbour counts (stride States−1) and
// whether they are in use; for tests.
func (e *Engine) StoredCounts() ([]uint32, bool) { return e.counts, e.valid }

// BytesPerAgent returns the engine's memory per agent besides the network:
// the population, the next state and, when allocated, the stored counts.
func (e *Engine) BytesPerAgent() int {
	b := BytesPerAgent + 1
	if e.counts != nil {
		b += 4 * e.c
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
		if e.csr == nil {
			e.completeContact()
		} else {
			clear(e.stats.Contact)
			e.pool.run(len(e.blocks), e.contactFn)
			e.reduceContact()
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
		e.counts = make([]uint32, e.n*e.c)
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
	e.pool.run(len(e.blocks), e.decideFn)
	if bad := e.badRule.Load(); bad != 0 {
		return fmt.Errorf("sim: tick %d: rule wrote state %d, want < %d", t, bad-1, e.states)
	}

	var active, activeDeg, switchDeg int64
	for b := range e.blocks {
		bt := &e.blocks[b]
		active += bt.active
		activeDeg += bt.activeDeg
		switchDeg += bt.switchDeg
	}
	recount := e.chooseCounting(activeDeg, switchDeg)
	if e.push || e.cfg.Contact && e.csr != nil {
		e.pool.run(len(e.blocks), e.applyFn)
	}
	e.pool.run(len(e.blocks), e.commitFn)
	if recount {
		e.rebuildCounts()
	}

	st := &e.stats
	st.Tick, st.Active, st.Pushed = t, active, e.push
	clear(st.Flows)
	for b := range e.blocks {
		for k, f := range e.blocks[b].flows {
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
	if e.cfg.Contact {
		if e.csr == nil {
			e.completeContact()
		} else {
			e.reduceContact()
		}
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
	e.push = false
	if e.csr == nil {
		return false
	}
	switch e.cfg.Counting {
	case CountPull:
		return false
	case CountPush:
		e.push = true
		return false
	}
	pushCost := pushWeight * switchDeg
	if e.valid {
		if pushCost <= activeDeg {
			e.push = true
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

// decide is the decide phase of block b on worker w.
func (e *Engine) decide(w, b int) {
	lo := b * BlockSize
	hi := min(lo+BlockSize, e.n)
	sc := &e.scratch[w]
	act := e.candidates(sc.active[:0], lo, hi)
	blk := &sc.block
	*blk = Block{Tick: e.tick, Active: act, Pop: e.pop, Next: e.next}
	if e.thin != nil && len(act) > 0 {
		e.thin.Thin(blk)
		act = blk.Active
	}
	cnt := sc.counts[:len(act)*e.c]
	deg := sc.degree[:len(act)]
	e.gather(act, cnt, deg)
	blk.Counts, blk.Degree = cnt, deg
	if len(act) > 0 {
		e.rule.Decide(blk)
	}

	bt := &e.blocks[b]
	sw := bt.switchers[:0]
	clear(bt.flows)
	var activeDeg, switchDeg int64
	state, group, next := e.pop.State, e.pop.Group, e.next
	for k, i := range act {
		activeDeg += int64(deg[k])
		from, to := state[i], next[i]
		if to == from {
			continue
		}
		if int(to) >= e.states {
			e.badRule.CompareAndSwap(0, int32(to)+1)
			next[i] = from
			continue
		}
		sw = append(sw, i)
		bt.flows[(int(group[i])*e.states+int(from))*e.states+int(to)]++
		switchDeg += int64(deg[k])
	}
	bt.switchers = sw
	bt.active, bt.activeDeg, bt.switchDeg = int64(len(act)), activeDeg, switchDeg
}

// candidates appends to dst the agents of [lo, hi) that are candidates to
// decide this tick: each independently with probability alpha, found by
// geometric skipping from lo with the draw (agent c, tick) for the gap after
// position c.
func (e *Engine) candidates(dst []uint32, lo, hi int) []uint32 {
	switch {
	case e.alpha >= 1:
		for i := lo; i < hi; i++ {
			dst = append(dst, uint32(i))
		}
	case e.alpha > 0:
		t := uint32(e.tick)
		for c := lo; c < hi; {
			gap := e.activation.Geometric(uint32(c), t, e.lnq)
			if gap >= uint64(hi-c) {
				break
			}
			i := c + int(gap)
			dst = append(dst, uint32(i))
			c = i + 1
		}
	}
	return dst
}

// gather fills the neighbour counts and degrees of the agents in act.
func (e *Engine) gather(act []uint32, cnt, deg []uint32) {
	c, state := e.c, e.pop.State
	switch {
	case e.csr == nil:
		d := uint32(e.n - 1)
		for k, i := range act {
			ck := cnt[k*c : k*c+c]
			for j := range ck {
				ck[j] = uint32(e.totals[j+1])
			}
			if s := state[i]; s != 0 {
				ck[s-1]--
			}
			deg[k] = d
		}
	case e.valid:
		off := e.csr.Offsets
		for k, i := range act {
			copy(cnt[k*c:k*c+c], e.counts[int(i)*c:int(i)*c+c])
			deg[k] = uint32(off[i+1] - off[i])
		}
	default:
		off, tg := e.csr.Offsets, e.csr.Targets
		for k, i := range act {
			nb := tg[off[i]:off[i+1]]
			deg[k] = uint32(len(nb))
			tally(cnt[k*c:k*c+c], nb, state)
		}
	}
}

// tally sets dst[s−1] to the number of nodes in nb in state s ≥ 1.
func tally(dst []uint32, nb []uint32, state []uint8) {
	var t [16]uint32
	for _, v := range nb {
		t[state[v]&15]++
	}
	copy(dst, t[1:])
}

// apply is the apply phase of block b: it pushes the block's switches into
// the stored counts and tallies the change of cross-group contact. States
// are still those at the start of the tick; next holds the decisions.
func (e *Engine) apply(_, b int) {
	bt := &e.blocks[b]
	clear(bt.contact)
	off, tg := e.csr.Offsets, e.csr.Targets
	state, next, group, c := e.pop.State, e.next, e.pop.Group, e.c
	for _, i := range bt.switchers {
		from, to := state[i], next[i]
		nb := tg[off[i]:off[i+1]]
		if e.push {
			for _, v := range nb {
				base := int(v) * c
				if from != 0 {
					atomic.AddUint32(&e.counts[base+int(from)-1], ^uint32(0))
				}
				if to != 0 {
					atomic.AddUint32(&e.counts[base+int(to)-1], 1)
				}
			}
		}
		if e.cfg.Contact {
			g := group[i]
			for _, v := range nb {
				if group[v] == g || v < i && next[v] != state[v] {
					continue // same group, or an edge of two switchers counted at its lower end
				}
				if from != 0 && state[v] == from {
					bt.contact[from]--
				}
				if to != 0 && next[v] == to {
					bt.contact[to]++
				}
			}
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

// recount rebuilds the stored counts of block b from the states.
func (e *Engine) recount(_, b int) {
	lo := b * BlockSize
	hi := min(lo+BlockSize, e.n)
	off, tg, c := e.csr.Offsets, e.csr.Targets, e.c
	for i := lo; i < hi; i++ {
		tally(e.counts[i*c:i*c+c], tg[off[i]:off[i+1]], e.pop.State)
	}
}

// contactScan counts the block's contact edges from scratch, each edge at
// its lower end.
func (e *Engine) contactScan(_, b int) {
	bt := &e.blocks[b]
	clear(bt.contact)
	lo := b * BlockSize
	hi := min(lo+BlockSize, e.n)
	off, tg := e.csr.Offsets, e.csr.Targets
	state, group := e.pop.State, e.pop.Group
	for i := lo; i < hi; i++ {
		s := state[i]
		if s == 0 {
			continue
		}
		for _, v := range tg[off[i]:off[i+1]] {
			if int(v) > i && state[v] == s && group[v] != group[i] {
				bt.contact[s]++
			}
		}
	}
}

// reduceContact adds the blocks' contact tallies to the statistics.
func (e *Engine) reduceContact() {
	for b := range e.blocks {
		for s, d := range e.blocks[b].contact {
			e.stats.Contact[s] += d
		}
	}
}

// completeContact sets the contact of the complete network: the pairs of
// agents of different groups in the same state, Σ_{g<h} n_gs·n_hs.
func (e *Engine) completeContact() {
	st := &e.stats
	for s := 1; s < e.states; s++ {
		var sum, pairs int64
		for g := range st.Groups {
			n := st.Count(g, s)
			pairs += sum * n
			sum += n
		}
		st.Contact[s] = pairs
	}
}
