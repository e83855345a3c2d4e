package model

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/exodus-sim/exodus/sim"
)

// Where agents start. Agent i of group g starts on state c, and at age a
// on it, drawn from the stationary distribution of its own choices, with
// offsets δ_gj added to its utilities so that each group's mean
// distribution of states is its initial shares s_gj (startOffsets, after
// Berry 1994).
//
// With Scenario.Steady, i starts holding an account on every platform it
// knows and that is not dark for g, the holding the rule's own choices lead
// to (a new phone installs what an agent knows, and without installs or
// news nobody is prompted of more), and its choices are the rule's
// (PPM) at the first tick: it decides at rate λ_i a tick (entry and
// activity), and from state c at age a picks j with probability
// m_cj(a)·e^(V_ij)/Z_ic(a), V_ij = δ_gj + U_ij, U_ij the rule's utility of
// j without the switching cost (the network term at the initial shares of
// its neighbours' groups, see neighbourShares), Z_ic(a) = Σ_j m_cj(a)·e^(V_ij)
// and, κ(a) its switching cost at age a,
//
//	m_cc = 1, m_cj(a) = e^(−κ(a)(1−w_return)) to a platform (it holds an
//	account on it), m_c0(a) = e^(−κ(a)) from a platform to none.
//
// The switching cost grows with the age (tenure), so the choices are a
// semi-Markov process: a sojourn on c ends at the hazard λ·L_c(a), L_c(a) =
// 1 − e^(V_c)/Z_c(a), in a move to j with probability m_cj(a)·e^(V_j)/
// (Z_c(a) − e^(V_c)). On the age bins of startBins, κ held at its value in
// the bin's middle, the sojourn's survival S_c, its mean length T_c and
// the probabilities Q_cj that it ends on j are sums over the bins; the
// process is on c a share π_c ∝ ν_c·T_c of the time, ν the stationary
// distribution of Q, and its age there has density ∝ S_c(a) (Çinlar
// 1975, ch. 10). Agents start drawn from it: state, then age. The rule
// adds δ_gj to every utility of platform j for g, and δ_g0 to none's, so
// that the initial shares are the steady state of the choices and the
// warm-up has nothing to settle; the offsets absorb the platforms'
// appeals, and the drawn age replaces the tenure trait.
//
// Without Steady, U_ij is agent i's taste ε_ij alone and agents hold an
// account on their state only: π_i = softmax(δ_g + ε_i), agents start
// where their tastes put them, at the age of their tenure trait, and the
// rule's own utilities move the population toward their steady state
// during the warm-up.

// startStages are the numbers of a group's agents (its first) whose
// stationary distributions the offsets are fitted to, one after the other,
// before all of them are (startOffsets); startSample is the last.
var startStages = [...]int{1 << 10, 1 << 13, startSample}

const startSample = 1 << 16

// startGrowth is the least ratio of a set's agents to the set's before it:
// the differences over the set before, 2 evaluations a free state, then
// cost less than a pass over the set.
const startGrowth = 8

// startBins are the edges of the age bins of the semi-Markov start, in
// units of the tenure scale T; the last bin is open.
var startBins = [...]float64{0, 0.125, 0.25, 0.5, 1, 2, 4, 8}

// startChoice is what one agent's stationary distribution depends on
// besides the offsets: its utilities U_ij (−Inf where j is not open to
// it) and, for a steady start, its decisions a tick λ, the tenure scale T
// (in ticks) and the cost factors in each age bin. Without a steady start, or if
// the agent never decides (λ = 0: wherever it starts, it stays), π =
// softmax(δ + U).
type startChoice struct {
	u      [sim.MaxStates]float64
	rate   float64
	tscale float64
	// m and m0 are the factors of a move to a platform and to none in
	// each age bin, e^(−κ(1−w_return)) and e^(−κ), κ at the bin's middle.
	m, m0 [len(startBins)]float64
}

// sojourns holds, for each state c of one agent, what its stay there
// comes to: the probability reach[c][b] of reaching age bin b and its
// hazard haz[c][b], its mean length mean[c] (ticks) and the probabilities
// q[c][j] that it ends on j.
type sojourns struct {
	reach, haz [sim.MaxStates][len(startBins)]float64
	mean       [sim.MaxStates]float64
	q          [sim.MaxStates][sim.MaxStates]float64
}

// weigh sets e to e^(V_j − max V) for V = delta + u, and returns the sum
// over the platforms.
func (a *startChoice) weigh(e, delta []float64) (platforms float64) {
	top := math.Inf(-1)
	for j := range e {
		e[j] = delta[j] + a.u[j]
		top = max(top, e[j])
	}
	for j := range e {
		e[j] = math.Exp(e[j] - top)
		if j > 0 {
			platforms += e[j]
		}
	}
	return platforms
}

// sojourns computes the agent's sojourns given the offsets delta, with e
// as weigh leaves it.
func (a *startChoice) sojourns(z *sojourns, e []float64, platforms float64) {
	k := len(e)
	for c := range k {
		z.mean[c] = 0
		clear(z.q[c][:k])
		if e[c] == 0 {
			continue
		}
		alive := 1.0
		for b := range startBins {
			m, m0 := a.m[b], a.m0[b]
			var away float64 // Z_c − e^(V_c)
			if c == 0 {
				away = m * platforms
			} else {
				away = m*(platforms-e[c]) + m0*e[0]
			}
			hz := a.rate * away / (e[c] + away)
			z.reach[c][b], z.haz[c][b] = alive, hz
			out := 1.0 // the probability of leaving within the bin, if reached
			if b+1 < len(startBins) {
				out = -math.Expm1(-hz * (startBins[b+1] - startBins[b]) * a.tscale)
			}
			if hz > 0 {
				z.mean[c] += alive * out / hz
			}
			leave := alive * out
			for j := range k {
				switch {
				case j == c || e[j] == 0 || away == 0:
				case j == 0:
					z.q[c][0] += leave * m0 * e[0] / away
				default:
					z.q[c][j] += leave * m * e[j] / away
				}
			}
			alive -= leave
		}
	}
}

// distribution sets p to the stationary distribution given delta, using
// z for the sojourns, which it leaves computed for a steady start.
func (a *startChoice) distribution(p, delta []float64, z *sojourns) {
	k := len(p)
	platforms := a.weigh(p, delta)
	if a.rate == 0 {
		var sum float64
		for _, v := range p {
			sum += v
		}
		for j := range p {
			p[j] /= sum
		}
		return
	}
	e := p // e^V, overwritten by π below
	a.sojourns(z, e, platforms)
	// ν, the stationary distribution of Q on the open states (e > 0): ν·Q
	// = ν and Σ ν = 1, by Gaussian elimination with partial pivoting, the
	// last balance equation replaced by the sum.
	var open [sim.MaxStates]int
	n := 0
	for c := range k {
		if e[c] > 0 {
			open[n] = c
			n++
		}
	}
	clear(p)
	if n == 1 { // nowhere else to go: it stays
		p[open[0]] = 1
		return
	}
	var m [sim.MaxStates][sim.MaxStates + 1]float64 // rows: equations, last column the right side
	for r := range n - 1 {
		for col, c := range open[:n] {
			m[r][col] = z.q[c][open[r]]
		}
		m[r][r]--
	}
	for col := range n {
		m[n-1][col] = 1
	}
	m[n-1][n] = 1
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		m[col], m[piv] = m[piv], m[col]
		for r := range n {
			if r != col && m[r][col] != 0 {
				f := m[r][col] / m[col][col]
				for x := col; x <= n; x++ {
					m[r][x] -= f * m[col][x]
				}
			}
		}
	}
	var sum float64
	for r, c := range open[:n] {
		p[c] = m[r][n] / m[r][r] * z.mean[c]
		sum += p[c]
	}
	for c := range k {
		p[c] /= sum
	}
}

// age draws the agent's age on state c, in ticks, from the density ∝ S_c(a)
// of the sojourns z, with the uniforms u and v: a bin with probability ∝
// its share of the mean sojourn, then an age in it from the exponential
// of its hazard truncated to the bin.
func (a *startChoice) age(z *sojourns, c int, u, v float64) float64 {
	x := u * z.mean[c]
	last := len(startBins) - 1
	for b := range startBins {
		hz := z.haz[c][b]
		lo := startBins[b] * a.tscale
		if b == last {
			return lo - math.Log1p(-v)/hz
		}
		w := (startBins[b+1] - startBins[b]) * a.tscale
		out := -math.Expm1(-hz * w)
		share := z.reach[c][b] * out / hz
		if x < share {
			return lo - math.Log1p(-v*out)/hz
		}
		x -= share
	}
	return 0
}

// neighbourShares returns, by group g and state j, the expected share of a
// g agent's neighbours on j when every group h is at its initial shares
// initial[h]: Σ_h M_gh·initial[h][j] (see mixing).
func neighbourShares(net NetworkSpec, sizes []int, initial [][]float64) [][]float64 {
	m := mixing(net, sizes)
	out := make([][]float64, len(sizes))
	for g, row := range m {
		out[g] = make([]float64, len(initial[g]))
		for h, mh := range row {
			for j, s := range initial[h] {
				out[g][j] += mh * s
			}
		}
	}
	return out
}

// startChoice returns agent i of group g's startChoice at the first tick
// (the terms set by setTerms), its neighbours on each platform in the
// proportions shares (by state, see neighbourShares), and, with
// Scenario.Steady, the accounts it starts with (bit j−1 for platform j);
// without, 0.
func (r *PPM) startChoice(g uint8, i uint32, shares []float64) (startChoice, uint8) {
	k := r.k
	var a startChoice
	r.tastes.all(g, i, a.u[:k])
	if !r.sc.Steady {
		return a, 0
	}
	w := &r.sc.Weights
	gk := int(g) * k
	tr, _ := r.traits.decision(g, i)
	a.rate = min(1, r.entry[g]+r.traits.trait(traitActivity, g, i)*(1+w.Attention*r.ts.groupSalience[g]))
	a.tscale = r.tenureScale
	last := len(startBins) - 1
	for b := range startBins {
		mid := startBins[b]
		if b < last {
			mid = (startBins[b] + startBins[b+1]) / 2
		}
		cost := r.switchCost(&tr, mid*r.tenureScale)
		a.m[b], a.m0[b] = math.Exp(-cost*(1-w.Return)), math.Exp(-cost)
	}
	a.u[0] = r.sc.Groups[g].Outside
	var acc uint8
	for j := 1; j < k; j++ {
		gj := gk + j
		if r.ts.dark[gj] || !r.aw.knows(g, i, j, a.u[j]) {
			a.u[j] = math.Inf(-1)
			continue
		}
		acc |= 1 << (j - 1)
		a.u[j] = r.value(gj, a.u[j], &tr) + w.Network*shares[j]
	}
	return a, acc
}

// reachable returns an error naming the first state with a share in
// group g's initial shares that none of the agents of the sample can be on
// at the start (none knows it), for which no offset makes the shares.
func reachable(sc *Scenario, g int, names []string, shares []float64, sample []startChoice) error {
	for j, s := range shares {
		if s <= 0 {
			continue
		}
		open := false
		for n := range sample {
			open = open || !math.IsInf(sample[n].u[j], -1)
		}
		if !open {
			gr := sc.Groups[g].Name
			return fmt.Errorf("scenario: groups[%s].initial.%s = %v, but none of the first %d agents of %s knows %s at the start (platforms.%s.aware.%s = %v): use more agents or more awareness",
				gr, names[j], s, len(sample), gr, names[j], names[j], gr, sc.Platforms[j-1].Aware[gr])
		}
	}
	return nil
}

// startOffsets returns the offsets δ such that the mean stationary
// distribution of a group's agents' choices equals the shares s (by
// state), −Inf for states with no share. sets are that mean over ever
// larger sets of the agents, the last over them all. The reference state
// (the first with a share) keeps δ = 0; the others solve ln ŝ_j(δ) = ln
// s_j by Newton's method with step halving, from δ_j = ln(s_j/s_ref), its
// Jacobian by Broyden's updates from central differences (step 1e-5):
// first with ŝ the mean over sets[0], the differences over it, then, from
// where the last left off, over each next set, the differences taken anew
// over the set before it (and again where a step fails), until every |ln
// ŝ_j − ln s_j| is within a tenth of the binomial standard error of ln ŝ_j
// over the set's n agents, √((1 − s_j)/(s_j·n)). Fitted over all the
// agents, the offsets make the group's start differ from s by the binomial
// noise of its draws (and a tenth of it); fitted over a sample, by that
// sample's error too, which more agents do not shrink. The set before
// each is the largest whose evaluations are cheap beside the set's, and
// its differences are close enough to the set's Jacobian that one step
// mostly brings the last set, all the agents, within its tolerance: two
// passes over them (2¹⁰, 2¹³ and 2¹⁶ agents before, startStages, in a
// group of 2¹⁹ or more; in a smaller one, only those at most an eighth of
// it, after the first: see sampleSets).
func startOffsets(s []float64, sets ...shareSet) []float64 {
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
	m := len(free)
	if m == 0 || len(sets) == 0 {
		return delta
	}
	shares := make([]float64, k)
	// lnShares sets out to ln ŝ_j(d) − ln s_j on the free states, ŝ the
	// mean over the set.
	lnShares := func(set shareSet, d []float64, out []float64) {
		set.mean(d, shares)
		for r, j := range free {
			out[r] = math.Log(shares[j]) - math.Log(s[j])
		}
	}
	// worst returns the largest |v_r| in units of its tolerance tol_r.
	tol := make([]float64, m)
	worst := func(v []float64) float64 {
		w := 0.0
		for r, x := range v {
			w = max(w, math.Abs(x)/tol[r])
		}
		return w
	}
	res, plus, minus := make([]float64, m), make([]float64, m), make([]float64, m)
	jac := mat.NewDense(m, m, nil)
	const h = 1e-5
	next := make([]float64, k)
	// jacobian sets jac to the central differences of lnShares over sub.
	jacobian := func(sub shareSet) {
		for c, l := range free {
			copy(next, delta)
			next[l] += h
			lnShares(sub, next, plus)
			next[l] -= 2 * h
			lnShares(sub, next, minus)
			for r := range m {
				jac.Set(r, c, (plus[r]-minus[r])/(2*h))
			}
		}
	}
	var step mat.VecDense
	// First on sets[0], then on each next set, from where the last left off.
	for st, set := range sets {
		due := true    // the differences are to be taken before the next step
		fresh := false // jac is the differences at delta, not Broyden's update
		for r, j := range free {
			tol[r] = 0.1 * math.Sqrt((1-s[j])/(s[j]*float64(set.n)))
		}
		lnShares(set, delta, res)
		for range 100 {
			now := worst(res)
			if now < 1 {
				break
			}
			if due {
				jacobian(sets[max(0, st-1)]) // over the set before
				due, fresh = false, true
			}
			improved := false
			if step.SolveVec(jac, mat.NewVecDense(m, res)) == nil {
				for f := 1.0; f > 1e-3 && !improved; f /= 2 {
					copy(next, delta)
					for r, j := range free {
						next[j] -= f * step.AtVec(r)
					}
					lnShares(set, next, plus)
					improved = worst(plus) < now
				}
			}
			if !improved {
				if fresh {
					break
				}
				due = true
				continue
			}
			// Broyden's update: J += (Δr − J·s)·sᵀ/(sᵀ·s), s the step taken.
			var ss float64
			sv := make([]float64, m)
			for r, j := range free {
				sv[r] = next[j] - delta[j]
				ss += sv[r] * sv[r]
			}
			for r := range m {
				js := 0.0
				for c := range m {
					js += jac.At(r, c) * sv[c]
				}
				d := (plus[r] - res[r] - js) / ss
				for c := range m {
					jac.Set(r, c, jac.At(r, c)+d*sv[c])
				}
			}
			copy(delta, next)
			copy(res, plus)
			fresh = false
		}
	}
	return delta
}

// sampleSets returns the sets of a group of n agents that the offsets are
// fitted over before all of them (startOffsets; all of them are the
// group's groupStart): the first s of sample, its first agents, for the
// first s of startStages below n and each next at most n/startGrowth.
func sampleSets(sample []startChoice, n int) []shareSet {
	var sets []shareSet
	for i, s := range startStages {
		if s < n && (i == 0 || startGrowth*s <= n) {
			sets = append(sets, sampleShares(sample[:s]))
		}
	}
	return sets
}

// shareSet is a set of n of a group's agents: mean sets shares to the
// mean stationary distribution of their choices given the offsets delta.
type shareSet struct {
	n    int
	mean func(delta, shares []float64)
}

// sampleShares returns the set of the agents a.
func sampleShares(a []startChoice) shareSet {
	var z sojourns
	return shareSet{n: len(a), mean: func(delta, shares []float64) {
		clear(shares)
		p := make([]float64, len(shares))
		for n := range a {
			a[n].distribution(p, delta, &z)
			for j := range shares {
				shares[j] += p[j]
			}
		}
		for j := range shares {
			shares[j] /= float64(len(a))
		}
	}}
}

// groupStart draws the start of a group's n agents, the first being agent
// lo, each given its neighbours on each platform in the proportions
// around (see startChoice): its set is a shareSet over them all whose
// every evaluation draws each agent's state and age (stream "init/state"
// at (i, 0…2)) and accounts at the offsets evaluated, so that the fit's
// last evaluation is the start. Workers take chunks of agents in any
// order; each chunk's sums are kept apart and added in the chunks' order,
// so the draws and the mean do not depend on the workers. Nothing is done
// once ctx is done.
type groupStart struct {
	ctx     context.Context
	rule    *PPM
	pop     *sim.Population
	src     sim.Source
	g       uint8
	lo, n   int
	around  []float64
	workers int
	// sample and accounts are the startChoice and the accounts of the
	// group's first agents, as PPM.startChoice returns them: an evaluation
	// takes them from here rather than compute them again.
	sample   []startChoice
	accounts []uint8
	drawn    []float64 // the offsets of the last draw; nil before it
}

func (s *groupStart) set() shareSet { return shareSet{n: s.n, mean: s.draw} }

// draw draws the agents at the offsets delta and sets mean to their mean
// stationary distribution.
func (s *groupStart) draw(delta, mean []float64) {
	r, g, k := s.rule, s.g, len(mean)
	sums := make([]float64, startChunks(s.n)*k)
	sim.Chunks(s.ctx, s.n, startChunk, s.workers, func(from, to int) {
		sum := sums[from/startChunk*k:][:k]
		prob := make([]float64, k)
		var z sojourns
		var own startChoice
		for i := s.lo + from; i < s.lo+to; i++ {
			a, acc := &own, uint8(0)
			if o := i - s.lo; o < len(s.sample) {
				a, acc = &s.sample[o], s.accounts[o]
			} else {
				own, acc = r.startChoice(g, uint32(i), s.around)
			}
			a.distribution(prob, delta, &z)
			for j, p := range prob {
				sum[j] += p
			}
			c := drawShare(prob, s.src.Float64(uint32(i), 0))
			age := r.traits.trait(traitTenure, g, uint32(i)) * r.ticksPerDay
			if a.rate > 0 {
				age = a.age(&z, c, s.src.Float64(uint32(i), 1), s.src.Float64(uint32(i), 2))
			}
			s.pop.Group[i] = g
			s.pop.State[i] = uint8(c)
			s.pop.Accounts[i] = acc
			s.pop.Since[i] = uint32(-int32(math.Round(min(age, 1<<30))))
		}
	})
	clear(mean)
	for c := range startChunks(s.n) {
		for j := range mean {
			mean[j] += sums[c*k+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(s.n)
	}
	s.drawn = append(s.drawn[:0], delta...)
}

// startChunk is the number of consecutive agents a worker starts at a time.
const startChunk = 1 << 16

func startChunks(n int) int { return (n + startChunk - 1) / startChunk }
