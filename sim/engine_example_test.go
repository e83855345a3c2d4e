package sim_test

import (
	"context"
	"fmt"

	"github.com/exodus-sim/exodus/sim"
)

// contagion is a rule for the example: an active agent with a neighbour in
// state 1 takes state 1 (a simple contagion; no randomness of its own).
type contagion struct{}

func (contagion) States() int                       { return 2 }
func (contagion) Begin(int, *sim.TickStats) float64 { return 1 } // every agent decides every tick
func (contagion) Decide(b *sim.Block) {
	for k, i := range b.Active {
		if b.Count(k, 1) > 0 {
			b.Next[i] = 1
		}
	}
}

// An engine runs a rule on a population and a network, tick by tick, and
// hands each tick's statistics to a recorder. On a ring where each agent
// is tied to the two nearest agents on each side (a Watts–Strogatz
// lattice without rewiring), a contagion from agent 0 reaches 4 more
// agents a tick.
func ExampleEngine_Run() {
	net, err := sim.WattsStrogatz(context.Background(), 1000, 4, 0, 1, 1)
	if err != nil {
		panic(err)
	}
	pop := sim.NewPopulation(1000, 1)
	pop.State[0] = 1
	e, err := sim.New(pop, net, contagion{}, sim.Config{Seed: 1})
	if err != nil {
		panic(err)
	}
	err = e.Run(context.Background(), 3, sim.RecorderFunc(func(s *sim.TickStats) error {
		fmt.Printf("tick %d: %d agents in state 1\n", s.Tick, s.Count(0, 1))
		return nil
	}))
	if err != nil {
		panic(err)
	}
	// Output:
	// tick 0: 1 agents in state 1
	// tick 1: 5 agents in state 1
	// tick 2: 9 agents in state 1
	// tick 3: 13 agents in state 1
}
