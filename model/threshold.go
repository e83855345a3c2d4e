package model

import (
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/sim"
)

// ThresholdSpec says how the agents' thresholds of the threshold rule are set.
// Its zero value is a fixed fractional threshold 0.
type ThresholdSpec struct {
	// Phi is every agent's threshold, or the mean of the drawn thresholds
	// (parameter phi).
	Phi float64
	// PhiSD > 0 draws thresholds from the normal distribution with mean Phi
	// and standard deviation PhiSD (parameter phi_sd).
	PhiSD float64
	// PhiHalfWidth > 0 draws thresholds uniformly from
	// [Phi − PhiHalfWidth, Phi + PhiHalfWidth) (parameter phi_halfwidth).
	PhiHalfWidth float64
	// Counts makes thresholds numbers of adopted neighbours (Granovetter
	// 1978) instead of shares of neighbours (Watts 2002) (parameter counts).
	Counts bool
	// Explicit, when not nil, gives agent i the threshold Explicit[i]; Phi,
	// PhiSD and PhiHalfWidth are then unused. Its length must be the number
	// of agents.
	Explicit []float64
}

// Threshold is the Granovetter (1978) and Watts (2002) threshold rule:
// states susceptible (0) and adopted (1); adoption is permanent. Every tick
// every susceptible agent i whose m adopted neighbours of d reach its
// threshold φᵢ adopts:
//
//	m/d ≥ φᵢ     (shares; m/d = 0 when d = 0), or
//	m ≥ φᵢ       (counts).
//
// The share m/d is computed by one correctly rounded division, so m/d ≥ φ
// holds exactly when it holds for the decimals, e.g. 9/50 ≥ 0.18. An agent
// with φᵢ ≤ 0 adopts in tick 1 whatever its neighbours. The rule is
// deterministic given the thresholds and the initial adopters; a run has
// settled once a tick changes no agent.
//
// Drawn thresholds are computed on demand from the stream
// "threshold/phi" at (agent, tick 0), never stored: φᵢ = Phi + PhiSD·z with
// z = Φ⁻¹(u) the standard normal quantile of the uniform draw u, or
// φᵢ = Phi + PhiHalfWidth·(2u − 1).
type Threshold struct {
	spec ThresholdSpec
	src  sim.Source
}

// DefaultThreshold is Watts's (2002) fixed threshold φ = 0.18.
var DefaultThreshold = ThresholdSpec{Phi: 0.18}

// NewThreshold returns the threshold rule for n agents with thresholds set by
// spec, drawing them from the stream "threshold/phi" under seed.
func NewThreshold(spec ThresholdSpec, n int, seed uint64) (*Threshold, error) {
	switch {
	case spec.Explicit != nil:
		if len(spec.Explicit) != n {
			return nil, fmt.Errorf("threshold: %d explicit thresholds, want one per agent (%d)", len(spec.Explicit), n)
		}
		for i, phi := range spec.Explicit {
			if math.IsNaN(phi) {
				return nil, fmt.Errorf("threshold: explicit threshold of agent %d = NaN, want a number", i)
			}
		}
	case math.IsNaN(spec.Phi) || math.IsInf(spec.Phi, 0):
		return nil, fmt.Errorf("threshold: phi = %v, want a finite number", spec.Phi)
	case !(spec.PhiSD >= 0) || math.IsInf(spec.PhiSD, 0):
		return nil, fmt.Errorf("threshold: phi_sd = %v, want finite and ≥ 0", spec.PhiSD)
	case !(spec.PhiHalfWidth >= 0) || math.IsInf(spec.PhiHalfWidth, 0):
		return nil, fmt.Errorf("threshold: phi_halfwidth = %v, want finite and ≥ 0", spec.PhiHalfWidth)
	case spec.PhiSD > 0 && spec.PhiHalfWidth > 0:
		return nil, fmt.Errorf("threshold: phi_sd = %v and phi_halfwidth = %v, want at most one > 0 (normal or uniform)",
			spec.PhiSD, spec.PhiHalfWidth)
	}
	return &Threshold{spec: spec, src: sim.NewSource(seed, "threshold/phi")}, nil
}

// Phi returns the threshold of agent i.
func (r *Threshold) Phi(i uint32) float64 {
	s := &r.spec
	switch {
	case s.Explicit != nil:
		return s.Explicit[i]
	case s.PhiSD > 0:
		// u in (0, 1): the quantile is finite.
		u := (float64(r.src.Uint64(i, 0)>>11) + 0.5) * 0x1p-53
		return s.Phi - s.PhiSD*math.Sqrt2*math.Erfcinv(2*u)
	case s.PhiHalfWidth > 0:
		return s.Phi + s.PhiHalfWidth*(2*r.src.Float64(i, 0)-1)
	}
	return s.Phi
}

// States returns 2: susceptible and adopted.
func (r *Threshold) States() int { return 2 }

// Begin makes every agent a candidate every tick.
func (r *Threshold) Begin(int, *sim.TickStats) float64 { return 1 }

// Screen drops adopted agents, adopts those with φ ≤ 0 and, for shares,
// drops those with φ > 1, which never adopt.
func (r *Threshold) Screen(b *sim.Block) {
	state, next, act := b.Pop.State, b.Next, b.Active
	n := 0
	for _, i := range act {
		if state[i] != 0 {
			continue
		}
		phi := r.Phi(i)
		if phi <= 0 {
			next[i] = 1
			continue
		}
		if phi > 1 && !r.spec.Counts {
			continue
		}
		act[n] = i
		n++
	}
	b.Active = act[:n]
}

// Decide adopts the agents whose adopted neighbours reach their threshold.
func (r *Threshold) Decide(b *sim.Block) {
	for k, i := range b.Active {
		m := float64(b.Count(k, 1))
		if !r.spec.Counts {
			if b.Degree[k] == 0 {
				continue // m/d = 0 < φ
			}
			m /= float64(b.Degree[k])
		}
		if m >= r.Phi(i) {
			b.Next[i] = 1
		}
	}
}

// SeedAdopters makes k agents adopted, chosen uniformly among all sets of k
// agents by Floyd's algorithm (Bentley & Floyd 1987) with the draws of the
// stream "threshold/seeds" under seed at (j, tick 0), j = n−k … n−1. The
// population must have no adopters yet: the algorithm uses the states as
// its set of chosen agents.
func SeedAdopters(pop *sim.Population, k int, seed uint64) error {
	n := pop.Len()
	if k < 0 || k > n {
		return fmt.Errorf("threshold: seeds = %d, want within [0, agents = %d]", k, n)
	}
	src := sim.NewSource(seed, "threshold/seeds")
	for j := n - k; j < n; j++ {
		v := src.Intn(uint32(j), 0, uint64(j)+1)
		if pop.State[v] == 1 {
			v = uint64(j)
		}
		pop.State[v] = 1
	}
	return nil
}

var thresholdInfo = RuleInfo{
	Name: "threshold",
	Doc: "Granovetter (1978) / Watts (2002) threshold rule: a susceptible agent adopts once the adopted share " +
		"(or, with counts=1, number) of its neighbours reaches its threshold",
	States:      []string{"susceptible", "adopted"},
	UntilStable: true,
	Params: []Param{
		{Name: "phi", Default: DefaultThreshold.Phi, Min: 0, Max: math.MaxInt32, Doc: "threshold, or the mean of drawn thresholds (Watts 2002: 0.18)"},
		{Name: "phi_sd", Default: 0, Min: 0, Max: math.MaxInt32, Doc: "> 0: thresholds normal with this standard deviation"},
		{Name: "phi_halfwidth", Default: 0, Min: 0, Max: math.MaxInt32, Doc: "> 0: thresholds uniform on [phi − phi_halfwidth, phi + phi_halfwidth)"},
		{Name: "counts", Default: 0, Min: 0, Max: 1, Integer: true, Doc: "1: thresholds are numbers of adopted neighbours, 0: shares of neighbours"},
		{Name: "seeds", Default: 1, Min: 0, Max: math.MaxInt32, Integer: true, Doc: "number of initial adopters, chosen at random; used when seed_share = 0"},
		{Name: "seed_share", Default: 0, Min: 0, Max: 1, Doc: "> 0: round(seed_share·agents) initial adopters, chosen at random"},
	},
	build: func(p Params, pop *sim.Population, seed uint64) (sim.Rule, error) {
		k := int(p["seeds"])
		if p["seed_share"] > 0 {
			k = int(math.Round(p["seed_share"] * float64(pop.Len())))
		}
		if err := SeedAdopters(pop, k, seed); err != nil {
			return nil, err
		}
		spec := ThresholdSpec{Phi: p["phi"], PhiSD: p["phi_sd"], PhiHalfWidth: p["phi_halfwidth"], Counts: p["counts"] == 1}
		return NewThreshold(spec, pop.Len(), seed)
	},
}
