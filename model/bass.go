package model

import (
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/sim"
)

// Bass is the Bass (1969) diffusion rule: states susceptible (0) and adopted
// (1); adoption is permanent. A tick is dt units of time (periods). In each
// tick a susceptible agent adopts with probability
//
//	(p + q·F)·dt
//
// where F = m/d is the adopted share of its d neighbours (on the complete
// network, of the other agents; F = 0 when d = 0). On the complete network
// the expected adopted share x follows the Euler step of the Bass equation
// dF/dt = (1 − F)(p + q·F):
//
//	x' = x + dt·(1 − x)(p + q·x·N/(N−1)).
//
// An agent can adopt only when its draw falls below (p + q)·dt, so the rule
// asks the engine for candidates with that probability (activation) and the
// engine skips the others without touching them; a candidate then adopts
// with the conditional probability (p + q·F)/(p + q).
type Bass struct {
	P, Q, DT float64
	src      sim.Source
	// p53 = ⌈p/(p+q)·2⁵³⌉: a candidate whose 53-bit draw is below it
	// adopts whatever its neighbours.
	p53 uint64
}

// DefaultBass holds the Sultan, Farley & Lehmann (1990) meta-analysis means
// p = 0.03, q = 0.38 per period, one period per tick.
var DefaultBass = struct{ P, Q, DT float64 }{P: 0.03, Q: 0.38, DT: 1}

// NewBass returns the Bass rule with innovation p and imitation q (per unit
// time) and time step dt, drawing from the stream "bass/adopt" under seed.
// It needs p, q ≥ 0, dt > 0 and (p + q)·dt ≤ 1.
func NewBass(p, q, dt float64, seed uint64) (*Bass, error) {
	switch {
	case !(p >= 0) || math.IsInf(p, 0):
		return nil, fmt.Errorf("bass: p = %v, want ≥ 0", p)
	case !(q >= 0) || math.IsInf(q, 0):
		return nil, fmt.Errorf("bass: q = %v, want ≥ 0", q)
	case !(dt > 0):
		return nil, fmt.Errorf("bass: dt = %v, want > 0", dt)
	case !((p+q)*dt <= 1):
		return nil, fmt.Errorf("bass: (p + q)·dt = %v (p = %v, q = %v, dt = %v), want ≤ 1", (p+q)*dt, p, q, dt)
	}
	b := &Bass{P: p, Q: q, DT: dt, src: sim.NewSource(seed, "bass/adopt")}
	if p+q > 0 {
		b.p53 = uint64(math.Ceil(p / (p + q) * (1 << 53)))
	}
	return b, nil
}

// States returns 2: susceptible and adopted.
func (b *Bass) States() int { return 2 }

// Begin returns the activation (p + q)·dt: only candidates can adopt.
func (b *Bass) Begin(int, *sim.TickStats) float64 { return (b.P + b.Q) * b.DT }

// Screen drops adopted candidates, adopts those whose draw u is below
// p/(p+q), which adopt whatever their neighbours, and keeps the others for
// Decide. The comparison is made on the 53-bit integer behind u.
func (b *Bass) Screen(blk *sim.Block) {
	t := uint32(blk.Tick)
	state, next, act := blk.Pop.State, blk.Next, blk.Active
	n := 0
	for _, i := range act {
		if state[i] != 0 {
			continue
		}
		if b.src.Uint64(i, t)>>11 < b.p53 {
			next[i] = 1
			continue
		}
		act[n] = i
		n++
	}
	blk.Active = act[:n]
}

// Decide adopts a candidate kept by Screen when u·(p+q)·d < p·d + q·m, with
// the same draw u as Screen, that is when u < (p + q·m/d)/(p + q). Over both
// phases a candidate adopts with probability (p + q·m/d)/(p + q), so an agent
// with probability (p + q·m/d)·dt. The comparison avoids a division; an agent
// without neighbours (d = 0) never adopts here.
func (b *Bass) Decide(blk *sim.Block) {
	t := uint32(blk.Tick)
	pq := b.P + b.Q
	for k, i := range blk.Active {
		d := float64(blk.Degree[k])
		if b.src.Float64(i, t)*pq*d < b.P*d+b.Q*float64(blk.Count(k, 1)) {
			blk.Next[i] = 1
		}
	}
}

var bassInfo = RuleInfo{
	Name:   "bass",
	Doc:    "Bass (1969) diffusion: a susceptible agent adopts with probability (p + q·F)·dt per tick, F the adopted share of its neighbours",
	States: []string{"susceptible", "adopted"},
	Params: []Param{
		{Name: "p", Default: DefaultBass.P, Min: 0, Max: 100, Doc: "innovation: adoption rate per unit time without adopted neighbours (Sultan, Farley & Lehmann 1990 mean: 0.03)"},
		{Name: "q", Default: DefaultBass.Q, Min: 0, Max: 100, Doc: "imitation: adoption rate per unit time per unit adopted share of neighbours (Sultan, Farley & Lehmann 1990 mean: 0.38)"},
		{Name: "dt", Default: DefaultBass.DT, Min: 0, Max: 1, Doc: "time step: units of time per tick, > 0, with (p + q)·dt ≤ 1"},
		{Name: "f0", Default: 0, Min: 0, Max: 1, Doc: "initial adopted share: each agent adopted with this probability at tick 0"},
	},
	build: func(p Params, pop *sim.Population, seed uint64) (sim.Rule, error) {
		SeedShares(pop, []float64{1 - p["f0"], p["f0"]}, seed)
		return NewBass(p["p"], p["q"], p["dt"], seed)
	},
}
