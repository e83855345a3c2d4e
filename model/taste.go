package model

import (
	"math"

	"exodus/sim"
)

// tastes are the agents' persistent idiosyncratic preferences for the
// platforms (a mixed logit): agent i of group g values platform j ≥ 1 at
// ε_ij = taste_g·z_ij more than its group does, z_ij standard normal by
// inversion of the ((j−1) mod 4)-th 16-bit quarter of the draw of stream
// "trait/taste" at (agent i, tick (j−1) div 4). "none" has ε = 0.
// Because they persist, the agents on a platform are those who like it,
// and they come back to it.
type tastes struct {
	scale []float64 // per group
	src   sim.Source
	std   traitTable // the standard normal's quantiles
}

func newTastes(groups []Group, seed uint64) *tastes {
	t := &tastes{scale: make([]float64, len(groups)), src: sim.NewSource(seed, "trait/taste")}
	for g, gr := range groups {
		t.scale[g] = gr.Taste
	}
	t.std, _ = newTraitTable(Dist{Kind: "normal", SD: 1}, "taste")
	return t
}

// all sets eps[j] = ε_ij for agent i of group g and platforms j =
// 1…len(eps)−1, and eps[0] = 0.
func (t *tastes) all(g uint8, i uint32, eps []float64) {
	clear(eps)
	if t.scale[g] == 0 {
		return
	}
	var x uint64
	for j := 1; j < len(eps); j++ {
		if (j-1)%4 == 0 {
			x = t.src.Uint64(i, uint32((j-1)/4))
		}
		eps[j] = t.scale[g] * t.std.at(quarter(x, (j-1)%4))
	}
}

// tasteSample is the number of agents whose tastes the calibration of
// initial states averages over.
const tasteSample = 1 << 14

// initialOffsets returns, for a group with initial shares s (by state) and
// taste scale σ, the offsets δ_j (δ_0 = 0) such that the mean of
// softmax_j(δ_j + ε_ij) over the tastes equals s_j: Berry's (1994)
// contraction δ ← δ + ln s − ln ŝ(δ), with ŝ averaged over tasteSample
// draws of stream "init/taste" (−Inf for states with no share).
func initialOffsets(s []float64, sigma float64, seed uint64) []float64 {
	k := len(s)
	delta := make([]float64, k)
	for j := 1; j < k; j++ {
		switch {
		case s[j] <= 0:
			delta[j] = math.Inf(-1)
		case s[0] > 0:
			delta[j] = math.Log(s[j] / s[0])
		default:
			delta[j] = math.Log(s[j])
		}
	}
	if s[0] <= 0 {
		delta[0] = math.Inf(-1)
	}
	if sigma == 0 {
		return delta
	}
	src := sim.NewSource(seed, "init/taste")
	std, _ := newTraitTable(Dist{Kind: "normal", SD: 1}, "taste")
	eps := make([]float64, tasteSample*k)
	for a := range tasteSample {
		for j := 1; j < k; j++ {
			eps[a*k+j] = sigma * std.at(src.Float64(uint32(a), uint32(j)))
		}
	}
	shares := make([]float64, k)
	p := make([]float64, k)
	for range 1000 {
		clear(shares)
		for a := range tasteSample {
			softmax(p, delta, eps[a*k:a*k+k])
			for j := range k {
				shares[j] += p[j] / tasteSample
			}
		}
		worst := 0.0
		for j := range k {
			if s[j] > 0 {
				d := math.Log(s[j]) - math.Log(shares[j])
				worst = max(worst, math.Abs(d))
				if j > 0 || s[0] <= 0 {
					delta[j] += d
				}
			}
		}
		if worst < 1e-10 {
			break
		}
	}
	return delta
}

// softmax sets p to softmax(delta + eps).
func softmax(p, delta, eps []float64) {
	m := math.Inf(-1)
	for j := range p {
		p[j] = delta[j] + eps[j]
		m = max(m, p[j])
	}
	var sum float64
	for j := range p {
		p[j] = math.Exp(p[j] - m)
		sum += p[j]
	}
	for j := range p {
		p[j] /= sum
	}
}
