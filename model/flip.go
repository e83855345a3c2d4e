package model

import (
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/sim"
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
	// a53 = ⌈A·2⁵³⌉ and a53 + b53 = ⌈(A+B)·2⁵³⌉: u = x·2⁻⁵³ < A ⇔ x < a53.
	a53, b53 uint64
}

// DefaultFlip holds the benchmark's parameters: A = 0.01, B = 0.3.
var DefaultFlip = struct{ A, B float64 }{A: 0.01, B: 0.3}

// NewFlip returns the flip rule with noise a and contagion b, drawing from
// the stream "flip/switch" under seed.
func NewFlip(a, b float64, seed uint64) (*Flip, error) {
	if !(a >= 0 && b >= 0 && a+b <= 1) {
		return nil, fmt.Errorf("flip: a = %v, b = %v: want a ≥ 0, b ≥ 0, a + b ≤ 1", a, b)
	}
	a53 := uint64(math.Ceil(a * (1 << 53)))
	ab53 := uint64(math.Ceil((a + b) * (1 << 53)))
	return &Flip{A: a, B: b, src: sim.NewSource(seed, "flip/switch"), a53: a53, b53: ab53 - a53}, nil
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
		d := float64(b.Degree[k])
		other := 3 - state[i]
		if f.src.Float64(i, t)*d < f.A*d+f.B*float64(b.Count(k, other)) {
			b.Next[i] = other
		}
	}
}

// Screen settles the agents whose draw u decides the move whatever their
// neighbours, since m/d ∈ [0, 1]: u < A moves, u ≥ A + B stays. Only the
// others are counted and passed to Decide, which compares u·d with
// A·d + B·m to avoid a division (an agent without neighbours has u ≥ A
// there and stays). The comparisons are made on the 53-bit integer behind
// u, without branches, since their outcome is random.
func (f *Flip) Screen(b *sim.Block) {
	t := uint32(b.Tick)
	state, next, act := b.Pop.State, b.Next, b.Active
	n := 0
	for _, i := range act {
		u := f.src.Uint64(i, t) >> 11
		s := state[i]
		if u < f.a53 {
			s = 3 - s
		}
		next[i] = s
		act[n] = i
		if u-f.a53 < f.b53 {
			n++
		}
	}
	b.Active = act[:n]
}

// SeedShares puts each agent in state s with probability shares[s], by the
// inverse CDF of the shares at the agent's draw of stream "init/state"
// under seed.
func SeedShares(pop *sim.Population, shares []float64, seed uint64) {
	src := sim.NewSource(seed, "init/state")
	for i := range pop.State {
		pop.State[i] = uint8(drawShare(shares, src.Float64(uint32(i), 0)))
	}
}
