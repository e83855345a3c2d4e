package model

import (
	"math"
	"testing"
)

// TestWordOfMouthHalves checks word of mouth's mean field against its
// closed form: after group h installs n_h of platform j in one tick, a g
// agent's expected share of neighbours that talk about j is Σ_h M_gh·n_h/N_h
// (M_gh = h·[g = h] + (1 − h)·N_h/N in a block model of homophily h), and it
// halves every use.novelty (here 6 ticks of an hour).
func TestWordOfMouthHalves(t *testing.T) {
	p := loadTest(t, "two-platforms.toml", "agents=10000", "network.kind=block-model", "network.homophily=0.8",
		"weights.word_of_mouth=0.1", `use.novelty="6h"`)
	a := newAwareness(p)
	k := len(p.States)
	n := [2]float64{300, 50} // installs of P (state 1) by A and B
	for g := range n {
		a.installs[g*k+1].Add(int64(n[g]))
	}
	zero := make([]float64, len(p.Sizes))
	a.advance(zero)
	size := [2]float64{float64(p.Sizes[0]), float64(p.Sizes[1])}
	total := size[0] + size[1]
	var want [2]float64
	for g := range 2 {
		for h := range 2 {
			m := 0.2 * size[h] / total
			if h == g {
				m += 0.8
			}
			want[g] += m * n[h] / size[h]
		}
	}
	for tick := range 13 {
		if tick > 0 {
			a.advance(zero)
		}
		for g := range 2 {
			if got, w := a.talk[g*k+1], want[g]*math.Exp2(-float64(tick)/6); math.Abs(got-w) > 1e-12*w {
				t.Errorf("group %d, %d ticks after the installs: talk %v, want %v", g, tick, got, w)
			}
		}
	}
}
