package model

import (
	"fmt"

	"exodus/sim"
)

// Flip is the linear-contagion benchmark rule used to compare exodus with
// other frameworks: two platforms, states 1 and 2, and every agent, every
// tick, moves to the other platform with probability
//
//	p = A + B·m/d
//
// where m of its d neighbours are on the other platform (m/d = 0 when d = 0).
// On the complete network the expected share x on platform 1 follows
//
//	x' = x − x·(A + B(1−x)) + (1−x)·(A + B·x) = x + A(1 − 2x).
type Flip struct {
	A, B float64
	src  sim.Source
}

// DefaultFlip holds the benchmark's parameters: A = 0.01, B = 0.3.
var DefaultFlip = Flip{A: 0.01, B: 0.3}

// NewFlip returns the flip rule with noise a and contagion b, drawing from
// the stream "flip/switch" under seed.
func NewFlip(a, b float64, seed uint64) (*Flip, error) {
	if !(a >= 0 && b >= 0 && a+b <= 1) {
		return nil, fmt.Errorf("flip: a = %v, b = %v: want a ≥ 0, b ≥ 0, a + b ≤ 1", a, b)
	}
	return &Flip{A: a, B: b, src: sim.NewSource(seed, "flip/switch")}, nil
}

// States returns 3: none (unused), platform 1 and platform 2.
func (f *Flip) States() int { return 3 }

// Begin makes every agent decide every tick.
func (f *Flip) Begin(int, *sim.TickStats) float64 { return 1 }

// Decide moves each agent to the other platform with probability A + B·m/d.
func (f *Flip) Decide(b *sim.Block) {
	t := uint32(b.Tick)
	state := b.Pop.State
	for k, i := range b.Active {
		other := 3 - state[i]
		p := f.A
		if d := b.Degree[k]; d > 0 {
			p += f.B * float64(b.Counts[2*k+int(other)-1]) / float64(d)
		}
		if f.src.Float64(i, t) < p {
			b.Next[i] = other
		}
	}
}

// SeedShares puts each agent in state s with probability shares[s], drawn
// from the stream "init/state" under seed: the inverse CDF of the shares at
// one uniform draw per agent.
func SeedShares(pop *sim.Population, shares []float64, seed uint64) {
	src := sim.NewSource(seed, "init/state")
	for i := range pop.State {
		u := src.Float64(uint32(i), 0)
		s := len(shares) - 1
		for j, p := range shares {
			if u < p {
				s = j
				break
			}
			u -= p
		}
		pop.State[i] = uint8(s)
	}
}
