package sim

// A Rule decides the agents' next states. The engine calls Begin once per
// tick, serially, then Decide once per block of agents, from any worker.
// Decide must write only Next[i] for the agents i in b.Active and must draw
// its randomness from counter-based Sources keyed by (agent, tick), so that
// the result does not depend on which worker runs which block.
type Rule interface {
	// States returns the number of agent states, 2…MaxStates. State 0 is
	// "none"; neighbour counts are kept for states 1…States−1.
	States() int
	// Begin prepares tick t (t ≥ 1) given the statistics of tick t−1 and
	// returns the probability that an agent is a candidate to decide in
	// tick t, the same for every agent. A Rule with per-agent activity
	// returns the largest and thins the candidates in Thin.
	Begin(t int, prev *TickStats) (activation float64)
	// Decide writes the next state of each agent in b.Active.
	Decide(b *Block)
}

// A Thinner is a Rule whose agents have their own activation probabilities.
// Thin is called per block before neighbour counts are gathered; it keeps in
// b.Active, in order, the candidates that are active and drops the rest.
// Candidates come with the probability Begin returned, so keeping candidate i
// with probability pᵢ/activation makes agent i active with probability pᵢ.
type Thinner interface {
	Thin(b *Block)
}

// Block is the part of a tick the engine hands to a Rule: the active agents
// of one block of consecutive agents and what they see at the start of the
// tick.
type Block struct {
	// Tick is the tick being decided, 1, 2, …; draws are keyed by it.
	Tick int
	// Active lists the agents that decide, ascending.
	Active []uint32
	// Counts[k·C + s−1] is the number of neighbours of Active[k] in state
	// s ≥ 1 at the start of the tick, C = States−1. Filled after Thin.
	Counts []uint32
	// Degree[k] is the number of neighbours of Active[k]. Filled after Thin.
	Degree []uint32
	// Pop is the population at the start of the tick, read only.
	Pop *Population
	// Next holds the next states. On entry Next[i] == Pop.State[i]; Decide
	// writes Next[i] only for i in Active.
	Next []uint8
}
