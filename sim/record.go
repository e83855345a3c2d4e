package sim

import "errors"

// TickStats is what the engine records of one tick. Its slices are reused:
// they are valid only during the Recorder call.
type TickStats struct {
	// Tick is the tick whose end state this is; tick 0 is the initial state.
	Tick int
	// States and Groups give the shapes below.
	States, Groups int
	// Counts[g·States + s] is the number of agents of group g in state s at
	// the end of the tick.
	Counts []int64
	// Flows[(g·States + from)·States + to] is the number of agents of group
	// g that moved from state from to state to during the tick.
	Flows []int64
	// Contact[s] is the number of undirected edges whose two ends are in
	// different groups and both in state s ≥ 1 at the end of the tick;
	// Contact[0] is 0. Nil unless Config.Contact is set.
	Contact []int64
	// Active is the number of candidates drawn to decide during the tick,
	// before a Screener settled or dropped any.
	Active int64
	// Pushed reports whether neighbour counts were kept by push during
	// the tick; it changes cost only, never results.
	Pushed bool
}

// Count returns the number of agents of group g in state s.
func (t *TickStats) Count(g, s int) int64 { return t.Counts[g*t.States+s] }

// Flow returns the number of agents of group g that moved from → to.
func (t *TickStats) Flow(g, from, to int) int64 { return t.Flows[(g*t.States+from)*t.States+to] }

// StateTotal returns the number of agents in state s over all groups.
func (t *TickStats) StateTotal(s int) int64 {
	var n int64
	for g := range t.Groups {
		n += t.Count(g, s)
	}
	return n
}

// Switches returns the number of agents that changed state during the tick.
func (t *TickStats) Switches() int64 {
	var n int64
	for _, f := range t.Flows { // the diagonal, from = to, is always 0
		n += f
	}
	return n
}

// A Recorder receives the statistics of every tick, in tick order, starting
// with the initial state (tick 0). Returning Stop ends the run without error;
// any other error ends it with that error.
type Recorder interface {
	Record(s *TickStats) error
}

// RecorderFunc adapts a function to a Recorder.
type RecorderFunc func(s *TickStats) error

// Record calls f(s).
func (f RecorderFunc) Record(s *TickStats) error { return f(s) }

// Stop is returned by a Recorder to end a run early, without error.
var Stop = errors.New("sim: stop")
