package sim

// contactDelta is the contact phase of block b: it tallies how the block's
// switches change the cross-group contact. States are still those at the
// start of the tick; next holds the decisions.
func (e *Engine) contactDelta(w, b int) {
	contact, buf := e.scratch[w].contact, e.scratch[w].rows
	state, next, group := e.pop.State, e.next, e.pop.Group
	for _, i := range e.blocks[b].switchers {
		from, to, g := state[i], next[i], group[i]
		lo, hi := e.groupSpan(g)
		for _, v := range e.row(i, buf) {
			if lo <= v && v < hi || lo == hi && group[v] == g || v < i && next[v] != state[v] {
				continue // same group, or an edge of two switchers counted at its lower end
			}
			if from != 0 && state[v] == from {
				contact[from]--
			}
			if to != 0 && next[v] == to {
				contact[to]++
			}
		}
	}
}

// groupSpan returns the agents [lo, hi) of group g when groups are
// contiguous, and lo = hi = 0 when they are not: the contact phase then
// reads each neighbour's group.
func (e *Engine) groupSpan(g uint8) (lo, hi uint32) {
	if e.groupEnd == nil {
		return 0, 0
	}
	if g > 0 {
		lo = e.groupEnd[g-1]
	}
	return lo, e.groupEnd[g]
}

// groupEnds returns, when pop's groups are contiguous and in order, one
// past the last agent of each group; nil otherwise.
func groupEnds(pop *Population) []uint32 {
	ends := make([]uint32, pop.Groups)
	g := 0
	for i, gi := range pop.Group {
		for g < int(gi) {
			ends[g] = uint32(i)
			g++
		}
		if int(gi) != g {
			return nil // a group after a later one
		}
	}
	for ; g < pop.Groups; g++ {
		ends[g] = uint32(len(pop.Group))
	}
	return ends
}

// contactScan counts the block's contact edges from scratch, each edge at
// its lower end.
func (e *Engine) contactScan(w, b int) {
	contact, buf := e.scratch[w].contact, e.scratch[w].rows
	lo := b * BlockSize
	hi := min(lo+BlockSize, e.n)
	state, group := e.pop.State, e.pop.Group
	for i := lo; i < hi; i++ {
		s := state[i]
		if s == 0 {
			continue
		}
		for _, v := range e.row(uint32(i), buf) {
			if int(v) > i && state[v] == s && group[v] != group[i] {
				contact[s]++
			}
		}
	}
}

// row returns the neighbours of agent i: its stored row or, on an implicit
// network, its row computed into buf, which must hold the largest degree.
func (e *Engine) row(i uint32, buf []uint32) []uint32 {
	if e.implicit != nil {
		return e.implicit.AppendNeighbours(i, buf[:0])
	}
	return e.csr.Targets[e.csr.Offsets[i]:e.csr.Offsets[i+1]]
}

// runContact runs a contact phase and adds the workers' tallies to the
// statistics.
func (e *Engine) runContact(phase func(w, b int)) {
	for w := range e.scratch {
		clear(e.scratch[w].contact)
	}
	e.pool.run(len(e.blocks), phase)
	for w := range e.scratch {
		for s, d := range e.scratch[w].contact {
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
