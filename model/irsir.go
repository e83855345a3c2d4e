package model

import (
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/sim"
)

// IrSIR is the infectious-recovery SIR rule of Cannarella & Spechler (2014)
// for the adoption and abandonment of a social network: states susceptible
// (0), infected (1, a user) and recovered (2, a former user, who never
// returns). Users recruit non-users, and former users persuade users to
// leave: a tick is dt units of time, and in each tick
//
//	S → I with probability β·(I share of neighbours)·dt,
//	I → R with probability ν·(R share of neighbours)·dt,
//
// shares of neighbours being 0 for an agent without neighbours. On the
// complete network these are the Euler steps of
//
//	dS/dt = −β·I·S/N,  dI/dt = β·I·S/N − ν·I·R/N,  dR/dt = ν·I·R/N,
//
// which keep S^ν·R^β constant; I peaks where β·S = ν·R.
//
// An agent can move only when its draw is below β·dt (susceptible) or ν·dt
// (infected), so the rule asks the engine for candidates with probability
// α = max(β, ν)·dt and a candidate then moves with the conditional
// probability (rate·share·dt)/α.
type IrSIR struct {
	Beta, Nu, DT float64
	src          sim.Source
	// cS = β·dt/α and cI = ν·dt/α; c53 = ⌈c·2⁵³⌉: a candidate whose 53-bit
	// draw is at least c53 stays.
	cS, cI     float64
	s53, i53   uint64
	activation float64
}

// DefaultIrSIR holds illustrative rates per unit time, β = 1 and ν = 2, with
// dt = 0.1.
var DefaultIrSIR = struct{ Beta, Nu, DT float64 }{Beta: 1, Nu: 2, DT: 0.1}

// NewIrSIR returns the irSIR rule with infection rate beta and recovery rate
// nu (per unit time) and time step dt, drawing from the stream
// "irsir/move" under seed. It needs beta, nu ≥ 0, dt > 0 and beta·dt,
// nu·dt ≤ 1.
func NewIrSIR(beta, nu, dt float64, seed uint64) (*IrSIR, error) {
	switch {
	case !(beta >= 0) || math.IsInf(beta, 0):
		return nil, fmt.Errorf("irsir: beta = %v, want ≥ 0", beta)
	case !(nu >= 0) || math.IsInf(nu, 0):
		return nil, fmt.Errorf("irsir: nu = %v, want ≥ 0", nu)
	case !(dt > 0):
		return nil, fmt.Errorf("irsir: dt = %v, want > 0", dt)
	case !(beta*dt <= 1):
		return nil, fmt.Errorf("irsir: beta·dt = %v (beta = %v, dt = %v), want ≤ 1", beta*dt, beta, dt)
	case !(nu*dt <= 1):
		return nil, fmt.Errorf("irsir: nu·dt = %v (nu = %v, dt = %v), want ≤ 1", nu*dt, nu, dt)
	}
	r := &IrSIR{Beta: beta, Nu: nu, DT: dt, src: sim.NewSource(seed, "irsir/move"), activation: max(beta, nu) * dt}
	if r.activation > 0 {
		r.cS, r.cI = beta*dt/r.activation, nu*dt/r.activation
		r.s53 = uint64(math.Ceil(r.cS * (1 << 53)))
		r.i53 = uint64(math.Ceil(r.cI * (1 << 53)))
	}
	return r, nil
}

// States returns 3: susceptible, infected and recovered.
func (r *IrSIR) States() int { return 3 }

// Begin returns the activation max(β, ν)·dt.
func (r *IrSIR) Begin(int, *sim.TickStats) float64 { return r.activation }

// Screen drops recovered candidates and those whose draw u is at least
// β·dt/α (susceptible) or ν·dt/α (infected), which stay whatever their
// neighbours, and keeps the others for Decide.
func (r *IrSIR) Screen(b *sim.Block) {
	t := uint32(b.Tick)
	state, act := b.Pop.State, b.Active
	n := 0
	for _, i := range act {
		var c uint64
		switch state[i] {
		case 0:
			c = r.s53
		case 1:
			c = r.i53
		default:
			continue
		}
		if r.src.Uint64(i, t)>>11 < c {
			act[n] = i
			n++
		}
	}
	b.Active = act[:n]
}

// Decide moves a susceptible candidate with m infected of d neighbours when
// u·d < (β·dt/α)·m, an infected one with m recovered neighbours when
// u·d < (ν·dt/α)·m, with the same draw u as Screen.
func (r *IrSIR) Decide(b *sim.Block) {
	t := uint32(b.Tick)
	state := b.Pop.State
	for k, i := range b.Active {
		u := r.src.Float64(i, t) * float64(b.Degree[k])
		if state[i] == 0 {
			if u < r.cS*float64(b.Count(k, 1)) {
				b.Next[i] = 1
			}
		} else if u < r.cI*float64(b.Count(k, 2)) {
			b.Next[i] = 2
		}
	}
}

var irsirInfo = RuleInfo{
	Name: "irsir",
	Doc: "irSIR (Cannarella & Spechler 2014): non-users join with probability beta·(user share of neighbours)·dt, " +
		"users leave for good with probability nu·(former-user share of neighbours)·dt",
	States: []string{"susceptible", "infected", "recovered"},
	Params: []Param{
		{Name: "beta", Default: DefaultIrSIR.Beta, Min: 0, Max: 1e6, Doc: "infection (joining) rate per unit time per unit user share of neighbours"},
		{Name: "nu", Default: DefaultIrSIR.Nu, Min: 0, Max: 1e6, Doc: "recovery (abandonment) rate per unit time per unit former-user share of neighbours"},
		{Name: "dt", Default: DefaultIrSIR.DT, Min: 0, Max: 1, Doc: "time step: units of time per tick, > 0, with beta·dt ≤ 1 and nu·dt ≤ 1"},
		{Name: "i0", Default: 0.05, Min: 0, Max: 1, Doc: "initial infected (user) share: each agent infected with this probability at tick 0"},
		{Name: "r0", Default: 0.05, Min: 0, Max: 1, Doc: "initial recovered share; i0 + r0 ≤ 1. Without recovered agents no user ever leaves"},
	},
	build: func(p Params, pop *sim.Population, seed uint64) (sim.Rule, error) {
		i0, r0 := p["i0"], p["r0"]
		if !(i0+r0 <= 1) {
			return nil, fmt.Errorf("irsir: i0 + r0 = %v (i0 = %v, r0 = %v), want ≤ 1", i0+r0, i0, r0)
		}
		SeedShares(pop, []float64{max(0, 1-i0-r0), i0, r0}, seed)
		return NewIrSIR(p["beta"], p["nu"], p["dt"], seed)
	},
}
