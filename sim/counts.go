package sim

import (
	"math"
	"slices"
)

// counter is the type of a stored neighbour count.
type counter interface{ ~uint8 | ~uint16 | ~uint32 }

// stored holds every agent's neighbour counts, stride c: the count of agent
// i in state s ≥ 1 is at i·c + s−1. It uses the narrowest width, 1, 2 or 4
// bytes, that holds the largest degree, so that the random updates of the
// push phase touch as few cache lines as possible.
type stored struct {
	width int
	u8    []uint8
	u16   []uint16
	u32   []uint32
}

func newStored(n, c, maxDegree int) *stored {
	switch {
	case maxDegree <= math.MaxUint8:
		return &stored{width: 1, u8: make([]uint8, n*c)}
	case maxDegree <= math.MaxUint16:
		return &stored{width: 2, u16: make([]uint16, n*c)}
	}
	return &stored{width: 4, u32: make([]uint32, n*c)}
}

// gather copies the counts of the agents in act into cnt, stride c.
func (s *stored) gather(act []uint32, cnt []uint32, c int) {
	switch s.width {
	case 1:
		gatherStored(s.u8, act, cnt, c)
	case 2:
		gatherStored(s.u16, act, cnt, c)
	default:
		gatherStored(s.u32, act, cnt, c)
	}
}

func gatherStored[T counter](counts []T, act []uint32, cnt []uint32, c int) {
	for k, i := range act {
		src := counts[int(i)*c : int(i)*c+c]
		dst := cnt[k*c : k*c+c]
		for j, v := range src {
			dst[j] = uint32(v)
		}
	}
}

// uint32s returns a copy of the counts as uint32s.
func (s *stored) uint32s() []uint32 {
	var out []uint32
	switch s.width {
	case 1:
		out = widen(s.u8)
	case 2:
		out = widen(s.u16)
	default:
		out = append(out, s.u32...)
	}
	return out
}

func widen[T counter](a []T) []uint32 {
	out := make([]uint32, len(a))
	for i, v := range a {
		out[i] = uint32(v)
	}
	return out
}

// recountRange sets the counts of agents [lo, hi) from their neighbours.
func recountRange[T counter](e *Engine, counts []T, lo, hi int) {
	off, tg, c, state := e.csr.Offsets, e.csr.Targets, e.c, e.pop.State
	for i := lo; i < hi; i++ {
		tally(counts[i*c:i*c+c], tg[off[i]:off[i+1]], state)
	}
}

// pushRange adds the tick's switches to the counts of agents [lo, hi),
// adding to sink what touchRows read.
func pushRange[T counter](e *Engine, counts []T, lo, hi uint32, sink *uint32) {
	off, tg := e.csr.Offsets, e.csr.Targets
	state, next, c := e.pop.State, e.next, e.c
	for b := range e.blocks {
		*sink += touchRows(e.blocks[b].switchers, off, tg)
	}
	for b := range e.blocks {
		for _, i := range e.blocks[b].switchers {
			nb := tg[off[i]:off[i+1]]
			if lo > 0 {
				first, _ := slices.BinarySearch(nb, lo)
				nb = nb[first:]
			}
			// from or to is −1 for state 0, which is not counted.
			from, to := int(state[i])-1, int(next[i])-1
			for _, v := range nb {
				if v >= hi {
					break
				}
				base := int(v) * c
				if from >= 0 {
					counts[base+from]--
				}
				if to >= 0 {
					counts[base+to]++
				}
			}
		}
	}
}

// touchRows reads the first target of each row of agents sw and returns
// their sum: the reads are independent and overlap, where the push loop,
// reading each row among the updates of the one before, would wait for
// each in turn.
//
//go:noinline
func touchRows(sw []uint32, off []int, tg []uint32) uint32 {
	var s uint32
	for _, i := range sw {
		if o := off[i]; o < off[i+1] {
			s += tg[o]
		}
	}
	return s
}

// tally sets dst[s−1] to the number of nodes in nb in state s ≥ 1. It
// counts in the byte lanes of one register word, lane s−1 for state s, and
// spills the lanes every 255 nodes before a lane could overflow, so that
// consecutive nodes in the same state do not wait on each other's store.
// It is not inlined so that the compiler keeps the word in a register.
//
//go:noinline
func tally[T counter](dst []T, nb []uint32, state []uint8) {
	clear(dst)
	for len(nb) > 0 {
		chunk := nb[:min(len(nb), 255)]
		nb = nb[len(chunk):]
		var acc uint64
		for _, v := range chunk {
			acc += lanes[state[v]]
		}
		for j := range dst {
			dst[j] += T(acc >> (8 * j) & 0xff)
		}
	}
}

// lanes[s] is 1 in byte lane s−1 for states s = 1…8 and 0 otherwise; its
// 256 entries make any uint8 a valid index without a bounds check.
var lanes = [256]uint64{0, 1, 1 << 8, 1 << 16, 1 << 24, 1 << 32, 1 << 40, 1 << 48, 1 << 56}

// push is the push phase of destination range r of pushRanges: it adds the
// tick's switches to the stored counts of the agents in the range. Every
// worker reads all switchers, in block order, but writes only the counts it
// owns, so no update needs an atomic instruction.
func (e *Engine) push(w, r int) {
	lo := uint32(int64(r) * int64(e.n) / int64(e.pushRanges))
	hi := uint32(int64(r+1) * int64(e.n) / int64(e.pushRanges))
	switch s := e.counts; s.width {
	case 1:
		pushRange(e, s.u8, lo, hi, &e.scratch[w].sink)
	case 2:
		pushRange(e, s.u16, lo, hi, &e.scratch[w].sink)
	default:
		pushRange(e, s.u32, lo, hi, &e.scratch[w].sink)
	}
}

// recount rebuilds the stored counts of block b from the states.
func (e *Engine) recount(_, b int) {
	lo := b * BlockSize
	hi := min(lo+BlockSize, e.n)
	switch s := e.counts; s.width {
	case 1:
		recountRange(e, s.u8, lo, hi)
	case 2:
		recountRange(e, s.u16, lo, hi)
	default:
		recountRange(e, s.u32, lo, hi)
	}
}
