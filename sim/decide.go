package sim

import (
	"math"
	"slices"
	"unsafe"
)

// decide is the decide phase of block b on worker w.
func (e *Engine) decide(w, b int) {
	lo := b * BlockSize
	hi := min(lo+BlockSize, e.n)
	sc := &e.scratch[w]
	blk := &sc.block
	*blk = Block{Tick: e.tick, Lo: lo, Hi: hi, Activation: e.alpha, Pop: e.pop, Next: e.next, c: e.c}
	var cand []uint32 // the agents whose next state may differ from their state
	if e.tierer != nil {
		cand = e.drawTiers(sc, b)
		sc.cands += int64(len(sc.active))
	} else {
		cand = e.candidates(sc.active[:0], e.activation, lo, hi, nil, e.alpha, e.lnq)
		blk.Active = cand
		if e.screen != nil && len(cand) > 0 {
			blk.Active = append(sc.screened[:0], cand...)
			e.screen.Screen(blk)
		}
		sc.cands += int64(len(cand))
	}
	if len(blk.Active) > 0 {
		sc.sink += touchSince(blk.Active, e.pop.Since)
		e.gather(sc, b, lo, hi)
		e.rule.Decide(blk)
	}

	bt := &e.blocks[b]
	bt.switchers = e.switchers(bt.switchers, cand, sc.flows)
	var activeDeg, switchDeg int64
	for _, d := range blk.Degree {
		activeDeg += int64(d)
	}
	if e.csr != nil { // only push counting, on stored rows, needs it
		off := e.csr.Offsets
		for _, i := range bt.switchers {
			switchDeg += int64(off[i+1] - off[i])
		}
	}
	sc.activeDeg += activeDeg
	sc.switchDeg += switchDeg
}

// switchers returns in sw the agents of cand whose next state differs from
// their state, and adds their moves to flows. The first pass has no branch
// on whether an agent moved, which is as random as the rule; the second
// counts only the movers, so that the increments of the few flow counters,
// each waiting on the last store to its counter, are not paid for the
// agents that stay. A state out of range is recorded in badRule.
func (e *Engine) switchers(sw []uint32, cand []uint32, flows []int64) []uint32 {
	sw = slices.Grow(sw[:0], len(cand))[:len(cand)]
	state, group, next := e.pop.State, e.pop.Group, e.next
	s := e.states
	top, n := uint8(0), 0
	for _, i := range cand {
		to := next[i]
		top = max(top, to)
		sw[n] = i
		if to != state[i] {
			n++
		}
	}
	if int(top) >= s {
		e.badRule.CompareAndSwap(0, int32(top)+1)
	}
	sw = sw[:n]
	for _, i := range sw {
		flows[(int(group[i])*s+int(state[i]))*s+min(int(next[i]), s-1)]++
	}
	return sw
}

// drawTiers draws the candidates of block b tier by tier (see Tierer) into
// sc.active, screens each tier's, and sets sc.block.Active to the agents
// kept, ascending, which it returns. A tier's activation out of range is
// recorded in badActivation and taken as 0.
func (e *Engine) drawTiers(sc *scratch, b int) []uint32 {
	blk := &sc.block
	lo, hi := blk.Lo, blk.Hi
	sc.tiers = e.tierer.Tiers(blk, sc.tiers[:0])
	if len(sc.tiers) > MaxTiers {
		e.badActivation.CompareAndSwap(nil, &badValue{b, float64(len(sc.tiers))})
		sc.tiers = sc.tiers[:0]
	}
	cand, kept := sc.active[:0], sc.screened[:0]
	for k, tr := range sc.tiers {
		a := tr.Activation
		if !(a >= 0 && a <= 1) {
			e.badActivation.CompareAndSwap(nil, &badValue{b, a})
			a = 0
		}
		from := len(cand)
		cand = e.candidates(cand, e.tierSrc[k], lo, hi, tr.Members, a, math.Log1p(-a))
		if len(cand) == from {
			continue
		}
		n0 := len(kept)
		kept = append(kept, cand[from:]...)
		blk.Tier, blk.Activation, blk.Active = k, a, kept[n0:]
		e.tierer.Screen(blk)
		kept = kept[:n0+len(blk.Active)]
		sc.merge = mergeTail(kept, n0, sc.merge)
	}
	sc.active, sc.screened = cand, kept // keep what they grew to
	blk.Active = kept
	return kept
}

// mergeTail merges the ascending runs a[:n0] and a[n0:] into a, through
// buf (returned, grown as needed).
func mergeTail(a []uint32, n0 int, buf []uint32) []uint32 {
	if n0 == 0 || n0 == len(a) || a[n0-1] < a[n0] {
		return buf
	}
	buf = append(buf[:0], a[n0:]...)
	i, j := n0-1, len(buf)-1
	for w := len(a) - 1; j >= 0; w-- {
		if i >= 0 && a[i] > buf[j] {
			a[w] = a[i]
			i--
		} else {
			a[w] = buf[j]
			j--
		}
	}
	return buf
}

// candidates appends to dst the agents of [lo, hi) (the members, offsets
// from lo, when members is not nil) that are candidates to decide this
// tick: each independently with probability alpha (lnq = ln(1 − alpha)),
// found by geometric skipping with draws from src. The k-th gap is the
// draw (agent lo + k, tick), and the draw after the last position, when
// every position was a candidate, (agent lo, tick + 2³¹): keys depend on k
// only, not on earlier gaps, so the draws can proceed in parallel.
func (e *Engine) candidates(dst []uint32, src Source, lo, hi int, members []uint16, alpha, lnq float64) []uint32 {
	n := hi - lo
	if members != nil {
		n = len(members)
	}
	at := func(c int) uint32 {
		if members != nil {
			return uint32(lo + int(members[c]))
		}
		return uint32(lo + c)
	}
	switch {
	case n == 0:
	case alpha >= 1:
		for c := range n {
			dst = append(dst, at(c))
		}
	case alpha > 0:
		t := uint32(e.tick)
		for k, c := 0, 0; ; k++ {
			key, tk := uint32(lo+k), t
			if k == n {
				key, tk = uint32(lo), t|1<<31
			}
			gap := src.Geometric(key, tk, lnq)
			if gap >= uint64(n-c) {
				break
			}
			c += int(gap)
			dst = append(dst, at(c))
			c++
		}
	}
	return dst
}

// gather fills the degrees and neighbour counts of the active agents of
// block b, agents [lo, hi), into sc.block.
func (e *Engine) gather(sc *scratch, b, lo, hi int) {
	blk := &sc.block
	act, c, state := blk.Active, e.c, e.pop.State
	deg := sc.degree[:len(act)]
	blk.Degree = deg
	if e.complete() {
		cnt := sc.counts[:len(act)*c]
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
		blk.counts = cnt
		return
	}
	if e.implicit != nil {
		e.gatherImplicit(sc)
		return
	}
	off, tg := e.csr.Offsets, e.csr.Targets
	switch {
	case e.valid:
		for k, i := range act {
			deg[k] = uint32(off[i+1] - off[i])
		}
		blk.counts = sc.counts[:len(act)*c]
		e.counts.gather(act, blk.counts, c)
	case e.blockMaxDegree[b] <= 255:
		blk.lanes = sc.lanes[:len(act)]
		if len(act) == hi-lo {
			laneCountsRange(blk.lanes, deg, off[lo:hi+1], tg, state)
		} else {
			if 4*len(act) > hi-lo {
				sc.sink += touch(tg[off[lo]:off[hi]])
			}
			laneCounts(blk.lanes, deg, act, off, tg, state)
		}
	default:
		blk.counts = sc.counts[:len(act)*c]
		for k, i := range act {
			deg[k] = uint32(off[i+1] - off[i])
			tally(blk.counts[k*c:k*c+c], tg[off[i]:off[i+1]], state)
		}
	}
}

// gatherImplicit fills the degrees and neighbour counts of the active
// agents on an implicit network: it computes their rows into sc.rows, then
// counts them as the rows of a stored graph.
func (e *Engine) gatherImplicit(sc *scratch) {
	blk := &sc.block
	act, state := blk.Active, e.pop.State
	rows, off := sc.rows[:0], sc.rowOff[:len(act)+1]
	for k, i := range act {
		off[k] = len(rows)
		rows = e.implicit.AppendNeighbours(i, rows)
	}
	off[len(act)] = len(rows)
	sc.rows = rows
	if e.implicit.MaxDegree() <= 255 {
		blk.lanes = sc.lanes[:len(act)]
		laneCountsRange(blk.lanes, blk.Degree, off, rows, state)
		return
	}
	c := e.c
	blk.counts = sc.counts[:len(act)*c]
	for k := range act {
		blk.Degree[k] = uint32(off[k+1] - off[k])
		tally(blk.counts[k*c:k*c+c], rows[off[k]:off[k+1]], state)
	}
}

// laneCounts sets words[k] to Σ lanes[state[v]] over the neighbours v of
// act[k], so that byte lane s−1 holds the number in state s, exact for
// degrees up to 255, and deg[k] to the degree. It and laneCountsRange are
// the engine's hottest loops: they read targets and states through unsafe
// pointers, which keeps their values in registers; New checked every target
// against the population.
//
//go:noinline
func laneCounts(words []uint64, deg []uint32, act []uint32, off []int, tg []uint32, state []uint8) {
	sp := unsafe.Pointer(unsafe.SliceData(state))
	tp := unsafe.Pointer(unsafe.SliceData(tg))
	for k, i := range act {
		lo, hi := off[i], off[i+1]
		var acc uint64
		for j := lo; j < hi; j++ {
			acc += lanes[*(*uint8)(unsafe.Add(sp, *(*uint32)(unsafe.Add(tp, j*4))))]
		}
		words[k] = acc
		deg[k] = uint32(hi - lo)
	}
}

// laneCountsRange is laneCounts for consecutive agents whose row offsets
// are off.
//
//go:noinline
func laneCountsRange(words []uint64, deg []uint32, off []int, tg []uint32, state []uint8) {
	sp := unsafe.Pointer(unsafe.SliceData(state))
	tp := unsafe.Pointer(unsafe.SliceData(tg))
	j := off[0]
	for k := range words {
		lo, hi := j, off[k+1]
		var acc uint64
		for ; j < hi; j++ {
			acc += lanes[*(*uint8)(unsafe.Add(sp, *(*uint32)(unsafe.Add(tp, j*4))))]
		}
		words[k] = acc
		deg[k] = uint32(hi - lo)
	}
}

// touchSince reads Since of each agent of act and returns their sum. The
// active agents are sparse in their block, so each read is a cache miss;
// here they are independent and overlap, where Decide, reading Since
// among the work of each agent, would wait for each in turn.
//
//go:noinline
func touchSince(act []uint32, since []uint32) uint32 {
	var s uint32
	for _, i := range act {
		s += since[i]
	}
	return s
}

// touch reads one target per cache line of a, in order, and returns their
// sum. Before the rows of a screened subset of a block are counted, when
// the subset is more than a quarter of the block, it streams the block's
// targets into cache, which the hardware prefetcher does far better in
// order than for the rows themselves.
//
//go:noinline
func touch(a []uint32) uint32 {
	var s uint32
	for j := 0; j < len(a); j += 16 {
		s += a[j]
	}
	return s
}
