package model

import (
	"math"

	"gonum.org/v1/gonum/mat"

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

// tasteSample is the number of agents whose tastes the calibration of
// initial states averages over.
const tasteSample = 1 << 14

// initialOffsets returns, for a group with initial shares s (by state) and
// taste scale σ, the offsets δ_j such that the mean of softmax_j(δ_j + ε_ij)
// over tasteSample draws ε_i of stream "init/taste" equals s_j (Berry 1994),
// −Inf for states with no share. Offsets are defined up to a constant: the
// reference state (the first with a share, "none" unless its share is 0)
// keeps δ = 0; the others solve ln ŝ_j(δ) = ln s_j by Newton's method with
// step halving, from the logit offsets ln(s_j/s_ref), with the Jacobian
// ∂ln ŝ_j/∂δ_l = mean_i p_ij(1[j=l] − p_il) / ŝ_j, until every
// |ln s_j − ln ŝ_j| < 1e-10 (about 5 steps).
func initialOffsets(s []float64, sigma float64, seed uint64) []float64 {
	k := len(s)
	ref := -1
	var free []int // states with a share, but the reference
	for j := range k {
		switch {
		case s[j] <= 0:
		case ref < 0:
			ref = j
		default:
			free = append(free, j)
		}
	}
	delta := make([]float64, k)
	for j := range k {
		if s[j] <= 0 {
			delta[j] = math.Inf(-1)
		} else {
			delta[j] = math.Log(s[j] / s[ref])
		}
	}
	if sigma == 0 || len(free) == 0 {
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
	m := len(free)
	jac := mat.NewDense(m, m, nil)
	res, step := mat.NewVecDense(m, nil), mat.NewVecDense(m, nil)
	shares := make([]float64, k)
	// residual sets res to ln s − ln ŝ(δ) on the free states, and jac to
	// the Jacobian of ln ŝ there; it returns max |res|.
	residual := func(delta []float64) float64 {
		meanShares(shares, jac, free, delta, eps)
		worst := 0.0
		for a, j := range free {
			d := math.Log(s[j]) - math.Log(shares[j])
			res.SetVec(a, d)
			worst = max(worst, math.Abs(d))
			for b := range m {
				jac.Set(a, b, jac.At(a, b)/shares[j])
			}
		}
		return worst
	}
	trial := make([]float64, k)
	worst := residual(delta)
	for range 100 {
		if worst < 1e-10 || step.SolveVec(jac, res) != nil {
			break
		}
		for h := 1.0; h > 1e-3; h /= 2 {
			copy(trial, delta)
			for a, j := range free {
				trial[j] += h * step.AtVec(a)
			}
			if w := residual(trial); w < worst {
				worst = w
				copy(delta, trial)
				break
			}
		}
	}
	return delta
}

// meanShares sets shares to the mean over the draws eps (k per agent) of
// softmax(delta + eps), and jac (rows and columns: the states free) to the
// mean of p_j(1[j=l] − p_l).
func meanShares(shares []float64, jac *mat.Dense, free []int, delta, eps []float64) {
	k := len(shares)
	n := len(eps) / k
	clear(shares)
	jac.Zero()
	m := len(free)
	sum := jac.RawMatrix().Data // m×m, row-major
	p := make([]float64, k)
	for a := range n {
		softmax(p, delta, eps[a*k:a*k+k])
		for j := range k {
			shares[j] += p[j]
		}
		for r, j := range free {
			sum[r*m+r] += p[j]
			for c, l := range free {
				sum[r*m+c] -= p[j] * p[l]
			}
		}
	}
	for j := range shares {
		shares[j] /= float64(n)
	}
	jac.Scale(1/float64(n), jac)
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
