package model

import (
	"github.com/exodus-sim/exodus/sim"
)

// History keeps the statistics of every tick of a run: the end-of-tick
// counts by group × state, the flows of the tick and, when tracked, the
// cross-group contact by state. It is a sim.Recorder.
type History struct {
	States, Groups int
	// Counts[t][g·States + s], Flows[t][(g·States+from)·States + to],
	// Contact[t][s] (nil when not tracked); t = 0 is the initial state.
	Counts, Flows, Contact [][]int64
	// Active[t] is the number of candidates drawn in tick t (see
	// sim.TickStats.Active).
	Active []int64
	// Installs[t][g·States + j] is the number of agents of group g that
	// installed platform j in tick t: moved to it without an account on it
	// (a first download). Nil unless recorded by Migration.Run.
	Installs [][]int64
	// DayAccounts[d][g·States + j] is the number of agents of group g
	// holding an account on platform j at the end of day d (Plan.Days),
	// and DayActive[d][g·States + j] the number active on it during the
	// day (Use): the daily active users. Nil unless recorded by
	// Migration.Run.
	DayAccounts, DayActive [][]int64
}

// Record appends a copy of s.
func (h *History) Record(s *sim.TickStats) error {
	h.States, h.Groups = s.States, s.Groups
	h.Counts = append(h.Counts, append([]int64(nil), s.Counts...))
	h.Flows = append(h.Flows, append([]int64(nil), s.Flows...))
	if s.Contact != nil {
		h.Contact = append(h.Contact, append([]int64(nil), s.Contact...))
	}
	h.Active = append(h.Active, s.Active)
	return nil
}

// Ticks returns the number of recorded ticks after the initial state.
func (h *History) Ticks() int { return len(h.Counts) - 1 }

// Count returns the number of agents of group g in state s at the end of tick t.
func (h *History) Count(t, g, s int) int64 { return h.Counts[t][g*h.States+s] }

// Total returns the number of agents in state s at the end of tick t.
func (h *History) Total(t, s int) int64 {
	var n int64
	for g := range h.Groups {
		n += h.Count(t, g, s)
	}
	return n
}

// Flow returns the number of agents of group g that moved from → to in tick t.
func (h *History) Flow(t, g, from, to int) int64 {
	return h.Flows[t][(g*h.States+from)*h.States+to]
}

// Joins returns the number of agents of group g that entered state s in tick t.
func (h *History) Joins(t, g, s int) int64 {
	var n int64
	for from := range h.States {
		if from != s {
			n += h.Flow(t, g, from, s)
		}
	}
	return n
}

// Leaves returns the number of agents of group g that left state s in tick t.
func (h *History) Leaves(t, g, s int) int64 {
	var n int64
	for to := range h.States {
		if to != s {
			n += h.Flow(t, g, s, to)
		}
	}
	return n
}

// Agents returns the population size.
func (h *History) Agents() int64 {
	var n int64
	for _, c := range h.Counts[0] {
		n += c
	}
	return n
}
