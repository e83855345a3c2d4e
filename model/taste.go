package model

import (
	"github.com/exodus-sim/exodus/sim"
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
