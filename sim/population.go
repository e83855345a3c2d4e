package sim

import "fmt"

// MaxStates is the largest number of agent states: state 0 ("none") and up
// to eight platforms, one bit each in Population.Accounts.
const MaxStates = 9

// Population holds the agents as a structure of arrays: agent i is index i of
// every slice. It stores 7 bytes per agent; the engine adds one byte (the next
// state) and, when it keeps neighbour counts, 4·(States−1) bytes.
type Population struct {
	// State is the agent's state: 0 = none, 1…States−1 = a platform (or,
	// for adoption rules, an adoption state).
	State []uint8
	// Group is the agent's group, 0…Groups−1.
	Group []uint8
	// Accounts has bit s−1 set once the agent has been in state s ≥ 1: the
	// platforms it has joined, which it may return to.
	Accounts []uint8
	// Since is the tick at which the agent entered its current state.
	Since []uint32
	// Groups is the number of groups.
	Groups int
}

// NewPopulation returns n agents of group 0, all in state 0 at tick 0.
func NewPopulation(n, groups int) *Population {
	return &Population{
		State:    make([]uint8, n),
		Group:    make([]uint8, n),
		Accounts: make([]uint8, n),
		Since:    make([]uint32, n),
		Groups:   groups,
	}
}

// Len returns the number of agents.
func (p *Population) Len() int { return len(p.State) }

// BytesPerAgent is the memory the population holds per agent.
const BytesPerAgent = 1 + 1 + 1 + 4

// validate checks that the population is consistent with states states.
func (p *Population) validate(states int) error {
	n := len(p.State)
	if len(p.Group) != n || len(p.Accounts) != n || len(p.Since) != n {
		return fmt.Errorf("sim: population slices differ in length: state %d, group %d, accounts %d, since %d",
			n, len(p.Group), len(p.Accounts), len(p.Since))
	}
	if p.Groups < 1 || p.Groups > 256 {
		return fmt.Errorf("sim: population groups = %d, want 1…256", p.Groups)
	}
	for i, s := range p.State {
		if int(s) >= states {
			return fmt.Errorf("sim: agent %d has state %d, want < %d", i, s, states)
		}
		if int(p.Group[i]) >= p.Groups {
			return fmt.Errorf("sim: agent %d has group %d, want < %d", i, p.Group[i], p.Groups)
		}
	}
	return nil
}
