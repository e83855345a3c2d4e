package model

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// awareness is who knows which platform, and who has which in mind. An
// agent can install a platform (choose a platform it holds no account on)
// only in a tick in which it has it in mind: it is prompted of it (below),
// or it looks for apps (it enters the market or is made to decide) and
// knows it. Knowing an app is not enough: something must bring it to
// mind, so that installs follow the news, the chart and the talk, and
// fall when they fade or tell nobody anything new. Agent i of group g
// knows platform j at tick t if
//
//   - it holds an account on j, or
//   - its fixed uniform v_ij (stream "awareness/threshold", agent i, tick j)
//     is below the group's awareness K_gj(t) = 1 − (1 − K0_gj)·e^(−E_gj(t)),
//     or, with AwareTaste ρ > 0, its latent −ρ·z_ij + √(1 − ρ²)·Φ⁻¹(v_ij) is
//     below Φ⁻¹(K_gj)·s_g, z_ij its standardised taste for j (see tastes)
//     and s_g the latent's sd (1 with tastes, √(1 − ρ²) without): agents
//     that like a platform are the first to know it, and a share K_gj of
//     the group knows it whatever ρ,
//     K0_gj the share that knows j at the start (Platform.Aware) and E_gj
//     the group's exposure to j, which grows in each tick by s_gj, the
//     exposure of the tick: Chart·v_gj/(ticks per day), v_gj = min(1,
//     x_gj/ChartScale)^γ, x_gj the share of group g that installed j over
//     the last 24 hours: the platform's rank in the group's app stores, so
//     that a surge of installs feeds itself (or, with Use.ChartMemory, its
//     rise max(0, v_gj − v̄_gj), v̄_gj the visibility of the recorded days
//     before: see rise; the chart effect, γ = ChartExponent:
//     γ = 1 if the visibility of rank r falls as 1/r, downloads falling as
//     r^−0.94 (Garg and Telang 2013); larger if browsing stops at the top),
//     plus News·σ_g/(ticks per day), σ_g the group's ban salience (the
//     news of a ban covers where users will go), plus Talk·d̄·l_gj/(ticks
//     per day), l_gj = Σ_h M_gh·L_hj/n_h the expected share of a g agent's
//     neighbours that have just learned of j (L_hj: the agents of h that
//     learned of j, n_h·ΔK_hj in each tick, each counted 2^(−age/H); see
//     word of mouth below): news of a platform travels among those it is
//     new to, so awareness spreads as an SIR epidemic whose final size
//     on one group, from a small seed and whatever the installs, solves
//     1 − K∞ = (1 − K_0)·e^(−R·(K∞ − K_0)), R = Talk·d̄·H/ln 2 (H in
//     days); and the exposure
//     halves every AwarenessHalfLife (people forget; 0: never). An agent
//     whose v_ij K_gj has fallen below has forgotten j.
//
// Agent i of group g is prompted of j in a tick, and decides with j in
// mind (PPM: it looks the app up at once), with probability
//
//	prompted_gj = 1 − (1 − WordOfMouth)^(d̄·b_gj/(ticks per day))·e^(−Reach·Σ_g·b_gj/(ticks per day))·(1 − (1 − K_gj)·(1 − e^(−s_gj)))
//
// (K_gj before the tick): it is told of j by word of mouth, or shown a
// newcomer's post about it (Reach), or it learns of j, shown it by the
// chart or the news (the exposure s_gj) while not knowing it. Seeing
// again an app one knows prompts nothing, so the chart and the news
// prompt fewer and fewer as their platform becomes known. Newcomers talk about the app they installed while it is new to
// them, each of an agent's neighbours who installed j telling it with
// probability WordOfMouth a day, each install counted 2^(−age/H) (H =
// use.novelty, the half-life of a newcomer's engagement); its posts
// prompt Reach·Σ_g people a day, drawn across groups as neighbours are.
// Σ_g is 1, or with Weights.Story the ban's story in the feeds of group
// g, the group of the agent shown the post (not the poster's): it
// follows the group's ban salience up and fades with half-life Story
// after, Σ_g ← max(σ_g, 2^(−tick/Story)·Σ_g) in each tick (0 before the
// first), so that posts about a new app travel while the ban is news and
// for a while after the news has stopped.
// In the mean field of the network, a g agent has d̄·b_gj such
// neighbours, d̄ the network's mean degree and b_gj = Σ_h M_gh·B_hj/n_h,
// B_hj the decayed installs of j by group h, n_h its agents and M_gh the
// share of a g agent's neighbours in h (see mixing). Long-time users do
// not talk about their app, so without installs nobody is told: word of
// mouth spreads a surge, not a steady state.
//
// Installs are counted by the rule as they happen (an agent that moves to
// a platform it holds no account on installs it) with atomic integer
// adds, whose sum does not depend on the order of the workers.
type awareness struct {
	states      int
	level       []float64 // K_gj, index g·S + j
	exposure    []float64 // E_gj
	base        []float64 // K0_gj
	sizes       []float64 // agents per group
	ticksPerDay float64
	chart       float64   // weights.chart
	chartScale  float64   // weights.chart_scale
	chartExp    float64   // weights.chart_exponent
	news        float64   // weights.news
	talk        float64   // weights.talk
	reach       float64   // weights.reach
	story       []float64 // Σ_g, the ban's story in group g's feeds (with storyKeep > 0)
	storyKeep   float64   // 2^(−tick/weights.story): how much of the story a tick keeps; 0: no story
	learnt      []float64 // n_g·ΔK_gj, the agents of g that learned of j in the last tick
	learners    []float64 // L_gj, the learners decayed by buzzKeep a tick
	rho, rest   float64   // weights.aware_taste and √(1 − rho²)
	// tasteSD is each group's taste scale σ_g; cut[gj] is Φ⁻¹(K_gj)·s_g,
	// the latent's threshold (with rho > 0).
	tasteSD, cut []float64
	lnSilent     float64 // ln(1 − weights.word_of_mouth): a neighbour does not tell in a day
	degree       float64 // d̄, the network's mean degree (see setDegree)
	keep         float64 // the share of exposure kept from one tick to the next
	// Prompts: buzz is B_gj, the installs decayed by buzzKeep a tick;
	// mixing M_gh; prompted the probability that a g agent is prompted of
	// j in the tick, and prompt its sum over j, by group.
	buzz, prompted []float64
	prompt         []float64
	buzzKeep       float64
	mixing         [][]float64

	// installs counts the installs of the tick being decided, by g·S + j.
	installs []atomic.Int64
	// ring holds the installs of the last len(ring) ticks (one day),
	// window their sum.
	ring   [][]int64
	window []int64
	next   int

	// recalled is v̄_gj, the chart's visibility of the recorded days
	// before, each day's weighted by recall = κ = 2^(−1 day/H) per day of
	// age, H = Use.ChartMemory (see rise); recall = 0: no memory.
	recalled []float64
	recall   float64

	threshold sim.Source
}

func newAwareness(p *Plan) *awareness {
	sc := p.Scenario
	k, ng := len(p.States), len(sc.Groups)
	tpd := float64(24*60*60*1e9) / float64(sc.Tick.D())
	a := &awareness{
		states: k, level: make([]float64, ng*k), exposure: make([]float64, ng*k), base: make([]float64, ng*k),
		sizes: make([]float64, ng), ticksPerDay: tpd,
		chart: sc.Weights.Chart, chartScale: sc.Weights.ChartScale, chartExp: sc.Weights.ChartExponent, news: sc.Weights.News, talk: sc.Weights.Talk, reach: sc.Weights.Reach, learners: make([]float64, ng*k), learnt: make([]float64, ng*k), keep: 1,
		installs: make([]atomic.Int64, ng*k), window: make([]int64, ng*k),
		story: make([]float64, ng), buzz: make([]float64, ng*k), prompted: make([]float64, ng*k), prompt: make([]float64, ng), recalled: make([]float64, ng*k),
		mixing: mixing(sc.Network, p.Sizes),
		rho:    sc.Weights.AwareTaste, rest: math.Sqrt(1 - sc.Weights.AwareTaste*sc.Weights.AwareTaste), tasteSD: make([]float64, ng), cut: make([]float64, ng*k),
		ring:      make([][]int64, max(1, int(math.Round(tpd)))),
		threshold: sim.NewSource(sc.Seed, "awareness/threshold"),
		lnSilent:  math.Log1p(-sc.Weights.WordOfMouth),
	}
	if hl := sc.Weights.AwarenessHalfLife; hl > 0 {
		a.keep = math.Exp2(-float64(sc.Tick.D()) / float64(hl.D()))
	}
	if hl := sc.Weights.Story; hl > 0 {
		a.storyKeep = math.Exp2(-float64(sc.Tick.D()) / float64(hl.D()))
	}
	if hl := sc.Use.ChartMemory; hl > 0 {
		a.recall = math.Exp2(-float64(24*time.Hour) / float64(hl.D()))
	}
	if hl := sc.Use.Novelty; hl > 0 {
		a.buzzKeep = math.Exp2(-float64(sc.Tick.D()) / float64(hl.D()))
	}
	for d := range a.ring {
		a.ring[d] = make([]int64, ng*k)
	}
	for g, gr := range sc.Groups {
		a.sizes[g] = float64(p.Sizes[g])
		a.tasteSD[g] = gr.Taste
		a.base[g*k] = 1
		for j, pl := range sc.Platforms {
			k0, ok := pl.Aware[gr.Name]
			if !ok {
				k0 = 1
			}
			a.base[g*k+j+1] = k0
		}
	}
	copy(a.level, a.base)
	a.cuts()
	return a
}

// cuts sets the latent's thresholds from the awareness levels.
func (a *awareness) cuts() {
	if a.rho == 0 {
		return
	}
	for i, lv := range a.level {
		sd := a.rest
		if a.tasteSD[i/a.states] > 0 {
			sd = 1
		}
		a.cut[i] = -math.Sqrt2 * math.Erfcinv(2*lv) * sd
	}
}

// advance closes the tick whose installs were counted, moves the 24-hour
// window on, decays the buzz and adds the installs to it, and sets the
// prompts, exposures and awareness levels of the next tick, whose ban
// salience is salience (by group).
func (a *awareness) advance(salience []float64) {
	last := a.ring[a.next]
	for i := range a.installs {
		n := a.installs[i].Swap(0)
		a.window[i] += n - last[i]
		last[i] = n
		a.buzz[i] = a.buzz[i]*a.buzzKeep + float64(n)
	}
	for i, n := range a.learnt {
		a.learners[i] = a.learners[i]*a.buzzKeep + n
	}
	a.next = (a.next + 1) % len(a.ring)
	for g, row := range a.mixing {
		a.prompt[g] = 0
		reach := a.reach // Reach·Σ_g
		if a.storyKeep > 0 {
			a.story[g] = max(salience[g], a.storyKeep*a.story[g])
			reach *= a.story[g]
		}
		for j := 1; j < a.states; j++ {
			gj := g*a.states + j
			b := 0.0 // b_gj, the expected share of a g agent's neighbours that talk about j
			l := 0.0 // l_gj, the expected share of its neighbours that just learned of j
			for h, m := range row {
				if a.sizes[h] > 0 {
					b += m * a.buzz[h*a.states+j] / a.sizes[h]
					l += m * a.learners[h*a.states+j] / a.sizes[h]
				}
			}
			seen := a.news*salience[g] + a.talk*a.degree*l // s_gj, the exposure to j in the tick
			if a.sizes[g] > 0 {
				seen += a.chart * a.rising(gj, visibility(float64(a.window[gj])/a.sizes[g], a.chartScale, a.chartExp))
			}
			seen /= a.ticksPerDay
			// silent: no neighbour tells of j (with word_of_mouth = 1,
			// lnSilent = −∞) and no newcomer's post shows it.
			silent := 1.0
			if b > 0 {
				if a.degree > 0 {
					silent = math.Exp(a.degree * b * a.lnSilent / a.ticksPerDay)
				}
				silent *= math.Exp(-reach * b / a.ticksPerDay)
			}
			learn := (1 - a.level[gj]) * -math.Expm1(-seen) // shown j, not knowing it
			a.prompted[gj] = 1 - silent*(1-learn)
			a.prompt[g] += a.prompted[gj]
			a.exposure[gj] = a.exposure[gj]*a.keep + seen
			was := a.level[gj]
			a.level[gj] = 1 - (1-a.base[gj])*math.Exp(-a.exposure[gj])
			a.learnt[gj] = max(0, a.level[gj]-was) * a.sizes[g]
		}
	}
	a.cuts()
}

// visibility is min(1, x/scale)^exponent, the visibility on a group's
// app-store chart of a platform installed by a share x of the group in a
// day, scale the share that tops the chart (see Weights.Chart).
func visibility(x, scale, exponent float64) float64 {
	return math.Pow(min(1, x/scale), exponent)
}

// rise closes a recorded day in which group g installed platform j
// installs[g·S + j] times: it sets c[g·S + j] to the chart's news of j in
// g that day, its visibility v_gj, or with a memory (Use.ChartMemory) its
// rise max(0, v_gj − v̄_gj), and then remembers the day,
// v̄_gj ← κ·v̄_gj + (1 − κ)·v_gj.
func (a *awareness) rise(installs []int64, c []float64) {
	for gj, n := range installs {
		size := a.sizes[gj/a.states]
		if size == 0 {
			continue
		}
		v := visibility(float64(n)/size, a.chartScale, a.chartExp)
		c[gj] = a.rising(gj, v)
		if a.recall > 0 {
			a.recalled[gj] = a.recall*a.recalled[gj] + (1-a.recall)*v
		}
	}
}

// rising returns the chart's news of j in group g (gj = g·S + j) at
// visibility v: v itself, or with a memory its rise max(0, v − v̄_gj).
func (a *awareness) rising(gj int, v float64) float64 {
	if a.recall > 0 {
		return max(0, v-a.recalled[gj])
	}
	return v
}

// counted adds the installs counted so far in the tick to dst, by g·S + j.
func (a *awareness) counted(dst []int64) {
	for i := range a.installs {
		dst[i] += a.installs[i].Load()
	}
}

// setDegree sets d̄, the mean degree of the network word of mouth
// spreads over: 2·edges/agents.
func (a *awareness) setDegree(net sim.Network) {
	if n := net.Len(); n > 0 {
		a.degree = 2 * float64(net.Edges()) / float64(n)
	}
}

// knows reports whether agent i of group g, with taste eps for platform
// j, knows j without an account on it.
func (a *awareness) knows(g uint8, i uint32, j int, eps float64) bool {
	gj := int(g)*a.states + j
	lv := a.level[gj]
	if lv >= 1 {
		return true
	}
	v := a.threshold.Float64(i, uint32(j))
	if a.rho == 0 {
		return v < lv
	}
	z := 0.0
	if sd := a.tasteSD[g]; sd > 0 {
		z = eps / sd
	}
	return -a.rho*z-a.rest*math.Sqrt2*math.Erfcinv(2*v) < a.cut[gj]
}

// promptedOf returns the platform that an agent of group g is prompted of
// in the tick (0: none), from its activation draw x ∈ [0, 1) (see PPM):
// none below lo (its entry and reconsidering), j if x falls in the j-th of
// the consecutive intervals of lengths prompted_gj from lo. Where the
// prompts add up to more than the 1 − lo left, the intervals share it in
// proportion to their lengths (x − lo is stretched by Σ_j prompted_gj/(1 −
// lo)), so that no platform is crowded out by those before it.
func (a *awareness) promptedOf(g uint8, x, lo float64) int {
	if x < lo {
		return 0
	}
	if room := 1 - lo; a.prompt[g] > room {
		x = lo + (x-lo)*(a.prompt[g]/room)
	}
	gk := int(g) * a.states
	for j := 1; j < a.states; j++ {
		lo += a.prompted[gk+j]
		if x < lo {
			return j
		}
	}
	return 0
}

// mixing returns M_gh, the expected share of a group g agent's neighbours
// in group h, for groups of the given sizes: in a block model M_gh =
// h·[g = h] + (1 − h)·n_h/N (see sim.BlockModel), h the homophily; in the
// other networks groups mix at random, M_gh = n_h/N.
func mixing(net NetworkSpec, sizes []int) [][]float64 {
	h := 0.0
	if net.Kind == "block-model" || net.Kind == "implicit-block-model" {
		h = net.Homophily
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	m := make([][]float64, len(sizes))
	for g := range sizes {
		m[g] = make([]float64, len(sizes))
		for o, n := range sizes {
			m[g][o] = (1 - h) * float64(n) / float64(total)
			if o == g {
				m[g][o] += h
			}
		}
	}
	return m
}
