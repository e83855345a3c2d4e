package sim

// A Rule decides the agents' next states. The engine calls Begin once per
// tick, serially, then Decide once per block of agents, from any worker.
// Decide must write only Next[i] for the agents i in b.Active (and may set
// bits of Pop.Accounts[i] for them: an account opened without moving to
// it, which no other agent's decision reads) and must draw
// its randomness from counter-based Sources keyed by (agent, tick), so that
// the result does not depend on which worker runs which block.
type Rule interface {
	// States returns the number of agent states, 2…MaxStates. State 0 is
	// "none"; neighbour counts are kept for states 1…States−1.
	States() int
	// Begin prepares tick t (t ≥ 1) given the statistics of tick t−1 and
	// returns the probability that an agent is a candidate to decide in
	// tick t, the same for every agent. A Rule with per-agent activity
	// returns the largest and drops candidates in Screen,
	// or draws them in tiers (Tierer).
	Begin(t int, prev *TickStats) (activation float64)
	// Decide writes the next state of each agent in b.Active.
	Decide(b *Block)
}

// A Screener is a Rule that settles some candidates before their neighbours
// are counted, which is where most of a tick's cost lies. Screen is called
// per block with the candidates in b.Active (Degree and counts are not yet
// filled); it may write Next[i] for any candidate i and keeps in b.Active, in
// order, only the candidates Decide must still see. Two uses:
//
//   - per-agent activity: candidates come with the probability Begin
//     returned; keeping candidate i with probability pᵢ/activation makes it
//     active with probability pᵢ;
//   - decisions the agent's own draw settles, whatever its neighbours: a
//     switch probability a + b·m/d is settled by a draw u < a or u ≥ a + b.
type Screener interface {
	Screen(b *Block)
}

// A Tierer is a Screener whose agents' activations spread widely: drawing
// every agent of a block at the largest of them would draw, and screen
// away, many candidates for each one kept. Before drawing a block's
// candidates the engine calls Tiers with b.Lo, b.Hi and b.Pop set; it draws
// the candidates of each tier k in turn, each member independently with
// probability Tiers[k].Activation, from the engine's stream of that tier,
// and calls Screen with b.Tier = k, b.Activation the tier's and b.Active
// its candidates. The agents Screen keeps in all tiers, merged in
// ascending order, go to Decide. Tiers may overlap (an agent may be a
// candidate in several); Screen must then keep an agent in at most one of
// them, and it may write Next[i] only for the candidates it keeps.
type Tierer interface {
	Screener
	// Tiers appends the tiers of block b to dst (at most MaxTiers) and
	// returns it.
	Tiers(b *Block, dst []Tier) []Tier
}

// MaxTiers is the most tiers a block may have.
const MaxTiers = 8

// A Tier is a set of agents of a block drawn as candidates with the same
// probability.
type Tier struct {
	// Activation is the probability, within [0, 1], with which each
	// member is drawn as a candidate.
	Activation float64
	// Members are the offsets from b.Lo of the tier's agents, ascending;
	// nil means every agent of the block.
	Members []uint16
}

// Block is the part of a tick the engine hands to a Rule: the active agents
// of one block of consecutive agents and what they see at the start of the
// tick.
type Block struct {
	// Tick is the tick being decided, 1, 2, …; draws are keyed by it.
	Tick int
	// Lo and Hi delimit the block: agents Lo…Hi−1.
	Lo, Hi int
	// Activation is the probability with which each agent of the block
	// (of the tier, for a Tierer) was drawn as a candidate.
	Activation float64
	// Tier is the tier whose candidates Screen is given (see Tierer); 0
	// for other rules.
	Tier int
	// Active lists the agents that decide, ascending.
	Active []uint32
	// Degree[k] is the number of neighbours of Active[k]; filled after
	// Screen.
	Degree []uint32
	// Pop is the population at the start of the tick, read only but for
	// the Accounts of the agents in Active (see Rule).
	Pop *Population
	// Next holds the next states. On entry Next[i] == Pop.State[i]; Decide
	// writes Next[i] only for i in Active.
	Next []uint8

	// The neighbour counts of the active agents, filled after Screen: byte
	// lanes (lane s−1 of lanes[k] for state s) when every degree in the
	// block is below 256, otherwise counts[k·c + s−1], c = States−1.
	lanes  []uint64
	counts []uint32
	c      int
}

// Count returns the number of neighbours of Active[k] in state s ≥ 1 at the
// start of the tick. Neighbours in state 0 number Degree[k] minus the sum
// over s ≥ 1.
func (b *Block) Count(k int, s uint8) uint32 {
	if b.lanes != nil {
		return uint32(b.lanes[k]>>(8*(s-1))) & 0xff
	}
	return b.counts[k*b.c+int(s)-1]
}
