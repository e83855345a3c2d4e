package model

import (
	"math"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// PPM is the push–pull–mooring discrete-choice rule of a Scenario. An
// active agent i of group g, on state c (0 = none), picks state j among
// those available to it with probability softmax_j(U_ij) = e^U_ij / Σ_k e^U_ik,
// where, for a platform j,
//
//	U_ij = δ_gj + w_appeal·A_gj + ε_ij   pull: the platform's appeal to g and
//	                                       to i (see tastes); δ_gj the
//	                                       offsets of a steady start
//	                                       (start.go), else 0
//	     + w_network·n_ij/d_i            pull: share of i's d_i neighbours on j
//	     + w_protest·π_i·σ_g·P_j         pull: protest motive π_i × salience σ_g
//	                                       of the threat against g, toward a
//	                                       protest destination (P_j = 1)
//	     + w_culture·τ_j·o_gj            pull: translation quality τ_j × share
//	                                       of j's users from other groups
//	     − w_threat·σ_gj                 push: ban salience of j for g
//	     − w_moderation·μ_i·r_gj         push: sensitivity × removal rate of
//	                                       g's content on j
//	     − w_privacy·ρ_i·z_gj            push: privacy concern × perceived
//	                                       data risk of j for g
//	     − w_language·λ_i·f_gj·(1 − τ_j) mooring: language barrier × share of
//	                                       j's content foreign to g, untranslated
//	     − [j ≠ c]·w_switching·κ_i·(1 + w_tenure·(1 − e^(−a_i/T)))·(1 − w_return·[i joined j before])
//	                                     mooring: switching cost κ_i, growing
//	                                       with the age a_i on platform c
//	                                       (tenure scale T; at the start,
//	                                       the tenure trait, or, for a
//	                                       steady start, an age drawn from
//	                                       the steady state)
//	     + w_novelty·2^(−d_i/H)·[j = ν_i]  novelty of the platform ν_i that i
//	                                       installed last, d_i days ago
//	                                       (H = use.novelty): newcomers try,
//	                                       then stay or lapse
//
//	     − [j = c dark]·w_dark·D_gj      waiting on a platform dark for g
//	                                       for D_gj days (counting the tick)
//
// and, for none, U_i0 = δ_g0 + outside_g − [c ≠ 0]·(the same switching cost).
// Trying a platform j it holds no account on (installing it and keeping c)
// is worth U_ij + w_trial·(the switching cost) − [c dark]·w_dark·D_gc.
// A blackout does not move a platform's users: they wait on it, unused
// (see usage), or leave it at the usual costs, and waiting is worth less
// each day it stays dark (w_dark). Utilities are in logits. A platform is
// available to i unless it is dark (blackout) for g and not i's state, or
// closed to new accounts (store removal) for g and i has never joined it,
// or i holds no account on it and does not have it in mind (awareness):
// it is not prompted of it in the tick, and it does not both know it and
// look for apps (enter the market or be made to decide), or it turned it
// down (see below). An entrant (Group.Entry) has a new phone: the stores restore its apps but those
// they do not offer (store removal), which it loses, so that it can
// install only what the stores offer; a restore is not an install. Moving to a platform without an account on it installs it
// (a download): the rule counts installs, which feed the chart effect of
// awareness, and remembers the platform and day of each agent's last
// install (ν_i, in 2 bytes per agent). An agent prompted of a platform j
// it holds no account on and could install (not dark, and in the stores)
// that neither installs j nor moves to it has turned j down: with w_refusal > 0 the rule remembers it (1 byte per
// agent), and each time after, with probability w_refusal, the agent
// ignores a prompt of j (it does not decide) and leaves j out when it
// looks for apps. All agents of g on a platform that goes dark for g
// decide in the tick it does, and so do, in the tick it comes back, all
// agents of g offline (state 0) with an account on it. Otherwise agent i
// decides with probability min(1, e_g + activity_i·(1 + w_attention·σ_g) +
// Σ_j prompted_gj) per tick, where e_g is the probability that it enters
// the market in the tick (then it decides as an entrant), the next term
// that it reconsiders, and prompted_gj that it is told of platform j by
// word of mouth or shown it by the chart or the news (see awareness),
// which prompts it to decide with j in mind. The engine draws the
// candidates in tiers of the activity's random bits (see activityCuts),
// each at the tier's largest activation; one uniform of stream
// "ppm/activity" at (i, t), times the activation of i's tier (1 in a
// forced tick), below e_g makes an entrant, below e_g + activity_i·boost
// a decision, and in the intervals of lengths prompted_gj that follow a
// decision prompted of j (shrunk in proportion where they would pass 1,
// see promptedOf).
type PPM struct {
	sc     *Scenario
	tl     *timeline
	ts     *tickState
	traits *traitSampler
	tastes *tastes
	// choice keys the softmax draw, activity the activation thinning, look
	// whether an agent made to decide looks for apps (weights.keep_to_held),
	// refusal whether an agent leaves out an app it turned down
	// (weights.refusal).
	choice, activity, look, refusal sim.Source

	k, groups   int // states (platforms + none) and groups
	ticksPerDay float64
	tenureScale float64   // T of the tenure factor, in ticks
	foreign     []float64 // f_gj, index g·k + j
	entry       []float64 // per group: e_g, the probability of entering in a tick
	blockGroups [][]uint8 // the groups in each block of agents
	// Activity tiers (see activityCuts): cuts bounds them, tierMax[g·tiers
	// + k] is the largest activity of group g in tier k and tierAlpha the
	// same times the group's boost, at most 1. hot lists, per block and
	// tier k ≥ 1, the offsets in the block of the agents of the tier:
	// hot[hotAt[b·(tiers−1) + k−1]:hotAt[b·(tiers−1) + k]].
	cuts               []uint16
	tiers              int
	tierMax, tierAlpha []float64
	hot                []uint16
	hotAt              []int32

	// Per tick, per group g and state j (index g·k + j): the utility terms
	// that do not depend on the agent, without its trait factor.
	base, protest, moderation, language, privacy []float64
	// waiting is w_dark·D_gj, the value lost by platform j dark for g for
	// D_gj days, counting the tick (0 if it is not dark).
	waiting []float64
	// offset is δ_gj of a steady start (see start.go), index g·k + j, 0
	// without Scenario.Steady; outside the utility of none, outside_g + δ_g0.
	offset, outside []float64
	// Per tick, per group.
	boost      []float64 // 1 + w_attention·σ_g
	forcedTick bool      // a platform went dark or came back
	warmup     int       // ticks of warm-up: engine tick t is scenario tick t − warmup

	aw *awareness
	// newest[i] is agent i's last install: platform ν_i in the top 4
	// bits, 1 + its day (engine day, see day) in the low 12; 0 for none.
	newest []uint16
	// refused[i] has bit j−1 set if agent i turned platform j down (see
	// ignores); nil without weights.refusal.
	refused   []uint8
	tickNanos int64
	// novelty[d] = w_novelty·2^(−d/H), the novelty of an install d days
	// old (nil without novelty).
	novelty []float64
}

// maxInstallDay bounds the engine days an install day is stored in.
const maxInstallDay = 1<<12 - 1

// day returns the day, counted from the start of the warm-up, of engine
// tick t ≥ 1: the day its interval ends on, as Plan.DayOf counts.
func (r *PPM) day(t int) int {
	return int(int64(t-1) * r.tickNanos / int64(24*time.Hour))
}

// lastInstall returns agent i's last installed platform (0: none) and its
// day.
func (r *PPM) lastInstall(i uint32) (platform, day int) {
	return installOf(r.newest[i])
}

// installOf returns the platform (0: none) and day of a last install as
// newest stores it.
func installOf(v uint16) (platform, day int) {
	if v == 0 {
		return 0, 0
	}
	return int(v >> 12), int(v&maxInstallDay) - 1
}

// newPPM returns the rule of plan p drawing from streams under its seed.
func newPPM(p *Plan) (*PPM, error) {
	sc, seed, tl := p.Scenario, p.Scenario.Seed, p.timeline
	traits, err := newTraitSampler(sc.Groups, seed)
	if err != nil {
		return nil, err
	}
	k, ng := len(sc.Platforms)+1, len(sc.Groups)
	r := &PPM{
		sc: sc, tl: tl, ts: newTickState(sc), traits: traits, tastes: newTastes(sc.Groups, seed),
		choice: sim.NewSource(seed, "ppm/choice"), activity: sim.NewSource(seed, "ppm/activity"), look: sim.NewSource(seed, "ppm/look"), refusal: sim.NewSource(seed, "ppm/refusal"),
		k: k, groups: ng, warmup: sc.WarmupTicks(),
		ticksPerDay: float64(24*time.Hour) / float64(sc.Tick.D()),
		tenureScale: float64(sc.Weights.TenureScale.D()) / float64(sc.Tick.D()),
		base:        make([]float64, ng*k), protest: make([]float64, ng*k), moderation: make([]float64, ng*k),
		language: make([]float64, ng*k), privacy: make([]float64, ng*k),
		offset: make([]float64, ng*k), outside: make([]float64, ng), waiting: make([]float64, ng*k),
		boost: make([]float64, ng), entry: make([]float64, ng), foreign: make([]float64, ng*k),
		aw: newAwareness(p), tickNanos: int64(sc.Tick.D()),
	}
	if sc.Weights.Novelty != 0 && sc.Use.Novelty > 0 {
		h := float64(sc.Use.Novelty.D()) / float64(24*time.Hour)
		days := int((sc.Warmup.D()+sc.Duration.D())/(24*time.Hour)) + 1
		r.novelty = make([]float64, days+1)
		for d := range r.novelty {
			r.novelty[d] = sc.Weights.Novelty * math.Exp2(-float64(d)/h)
		}
	}
	r.tierActivity()
	for g, gr := range sc.Groups {
		r.outside[g] = gr.Outside
		r.entry[g] = -math.Expm1(math.Log1p(-gr.Entry) / r.ticksPerDay)
		for j, p := range sc.Platforms {
			r.foreign[g*k+j+1] = 1 - p.Content[gr.Language]
		}
	}
	r.tl.at(0, r.ts)
	return r, nil
}

// States returns the number of platforms plus one for none.
func (r *PPM) States() int { return r.k }

// Begin computes the tick's shock state and the agent-independent utility
// terms, and returns the largest activation of any agent (1 in a tick
// where a platform goes dark or comes back, so that the agents it forces
// all decide).
func (r *PPM) Begin(t int, prev *sim.TickStats) float64 {
	now := max(t-r.warmup, 0)
	r.tl.at(now, r.ts)
	r.aw.advance(r.ts.groupSalience)
	for i, d := range r.ts.dark {
		r.waiting[i] = 0
		if d {
			r.waiting[i] = r.sc.Weights.Dark * float64(now-r.ts.darkSince[i]+1) / r.ticksPerDay
		}
	}
	r.forcedTick = r.ts.darkened || r.ts.anyRestored
	top := 0.0
	for g := range r.groups {
		r.boost[g] = 1 + r.sc.Weights.Attention*r.ts.groupSalience[g]
		for t := range r.tiers {
			a := min(1, r.entry[g]+r.tierMax[g*r.tiers+t]*r.boost[g]+r.aw.prompt[g])
			r.tierAlpha[g*r.tiers+t] = a
			top = max(top, a)
		}
		if r.forcedTick {
			top = 1
		}
	}
	r.setTerms(func(h, j int) float64 { return float64(prev.Count(h, j)) })
	return top
}

// setTerms computes the utility terms that do not depend on the agent
// from the tick's shock state, users(h, j) being the number of agents of
// group h on platform j.
func (r *PPM) setTerms(users func(h, j int) float64) {
	w, ts, k := &r.sc.Weights, r.ts, r.k
	for g := range r.groups {
		for j := 1; j < k; j++ {
			p := &r.sc.Platforms[j-1]
			i := g*k + j
			var all, own float64
			for h := range r.groups {
				n := users(h, j)
				all += n
				if h == g {
					own = n
				}
			}
			other := 0.0
			if all > 0 {
				other = (all - own) / all
			}
			r.base[i] = r.offset[i] + w.Appeal*p.Appeal[r.sc.Groups[g].Name] + w.Culture*ts.translation[j]*other - w.Threat*ts.salience[i]
			r.protest[i] = 0
			if p.Protest {
				r.protest[i] = w.Protest * ts.groupSalience[g]
			}
			r.moderation[i] = -w.Moderation * ts.removal[i]
			r.language[i] = -w.Language * r.foreign[i] * (1 - ts.translation[j])
			r.privacy[i] = -w.Privacy * ts.scrutiny[i]
		}
	}
}

// setOffsets makes delta (by state) group g's offsets δ_g of a steady
// start: the rule adds δ_gj to the utility of state j.
func (r *PPM) setOffsets(g int, delta []float64) {
	copy(r.offset[g*r.k:(g+1)*r.k], delta)
	r.outside[g] = r.sc.Groups[g].Outside + delta[0]
}

// value returns agent i's utility of platform j (index gj = g·k + j)
// without the network, novelty and switching terms: the tick's terms,
// its taste eps and its traits tr.
func (r *PPM) value(gj int, eps float64, tr *[numTraits]float64) float64 {
	return r.base[gj] + eps + tr[traitProtest]*r.protest[gj] + tr[traitSensitivity]*r.moderation[gj] +
		tr[traitBarrier]*r.language[gj] + tr[traitPrivacy]*r.privacy[gj]
}

// switchCost returns the switching cost of an agent with traits tr that
// has been age ticks on its platform: w_switching·κ_i·(1 + w_tenure·(1 −
// e^(−age/T))).
func (r *PPM) switchCost(tr *[numTraits]float64, age float64) float64 {
	w := &r.sc.Weights
	return w.Switching * tr[traitSwitching] * (1 + w.Tenure*(1-expNeg(-age/r.tenureScale)))
}

// activityCuts bound the activity tiers, as quantiles of the 16 random
// bits an agent's activity is drawn from (traitSampler.bits): tier 0 holds
// the agents below the first cut, tier k the agents from cut k−1 to cut k.
// The activity is beta-distributed with a long right tail (its largest
// value is 6 to 13 times its mean in rednote-2025), so one activation, the
// largest, for every agent would draw 6 to 13 candidates for each that
// decides; tiers, each drawn at its own largest activity, draw about 2.
// Tier 0 is drawn over every agent of a block (its candidates of other
// tiers are dropped), the others over lists of their members, 2 bytes for
// each of the 40% of agents above the first cut.
var activityCuts = [...]float64{0.6, 0.85, 0.97, 0.997}

// tierActivity sets the tiers' cuts and each group's largest activity in
// each tier, by evaluating the activity at all 2¹⁶ bit patterns. Without
// spread in activity (every group's a constant) there is one tier.
func (r *PPM) tierActivity() {
	r.cuts = nil
	for g := range r.groups {
		if r.traits.tables[g][traitActivity].nodes != nil {
			for _, c := range activityCuts {
				r.cuts = append(r.cuts, uint16(c*(1<<16)))
			}
			break
		}
	}
	r.tiers = len(r.cuts) + 1
	r.tierMax = make([]float64, r.groups*r.tiers)
	r.tierAlpha = make([]float64, r.groups*r.tiers)
	for g := range r.groups {
		tab := &r.traits.tables[g][traitActivity]
		for bits := range 1 << 16 {
			t := r.tierOf(uint16(bits))
			r.tierMax[g*r.tiers+t] = max(r.tierMax[g*r.tiers+t], tab.at(unit16(uint16(bits))))
		}
	}
}

// tierOf returns the activity tier of an agent whose activity bits are
// bits.
func (r *PPM) tierOf(bits uint16) int {
	t := 0
	for t < len(r.cuts) && bits >= r.cuts[t] {
		t++
	}
	return t
}

// Tiers returns the activity tiers of block b: one tier of every agent at
// activation 1 in a tick where a platform goes dark or comes back (so that
// the agents it forces all decide), else tier 0 of every agent and tiers
// 1, 2, … of their members, each at the largest activation of its members'
// groups.
func (r *PPM) Tiers(b *sim.Block, dst []sim.Tier) []sim.Tier {
	if r.forcedTick {
		return append(dst, sim.Tier{Activation: 1})
	}
	blk := b.Lo / sim.BlockSize
	for t := range r.tiers {
		a := r.tierActivation(blk, t)
		var members []uint16
		if t > 0 {
			at := blk*(r.tiers-1) + t - 1
			members = r.hot[r.hotAt[at]:r.hotAt[at+1]:r.hotAt[at+1]] // not nil: r.hot is not
		}
		dst = append(dst, sim.Tier{Activation: a, Members: members})
	}
	return dst
}

// tierActivation returns the activation of tier t in block blk outside
// forced ticks: the largest of its groups'.
func (r *PPM) tierActivation(blk, t int) float64 {
	a := 0.0
	for _, g := range r.blockGroups[blk] {
		a = max(a, r.tierAlpha[int(g)*r.tiers+t])
	}
	return a
}

// activationOf returns the activation with which an agent of block b
// whose activity is drawn from bits was drawn: 1 in a forced tick, else its
// tier's.
func (r *PPM) activationOf(b *sim.Block, bits uint16) float64 {
	if r.forcedTick {
		return 1
	}
	return r.tierActivation(b.Lo/sim.BlockSize, r.tierOf(bits))
}

// indexBlocks records which groups each block of pop holds and which of
// its agents are in each activity tier above 0, and makes room for the
// agents' last installs.
func (r *PPM) indexBlocks(pop *sim.Population) {
	n := pop.Len()
	r.newest = make([]uint16, n)
	if r.sc.Weights.Refusal > 0 {
		r.refused = make([]uint8, n)
	}
	nb := (n + sim.BlockSize - 1) / sim.BlockSize
	r.blockGroups = make([][]uint8, nb)
	for b := range r.blockGroups {
		var seen [256]bool
		for _, g := range pop.Group[b*sim.BlockSize : min((b+1)*sim.BlockSize, n)] {
			if !seen[g] {
				seen[g] = true
				r.blockGroups[b] = append(r.blockGroups[b], g)
			}
		}
	}
	nh := r.tiers - 1
	r.hot, r.hotAt = make([]uint16, 0), make([]int32, 0, nb*nh+1)
	var tier [sim.BlockSize]uint8
	for b := range nb {
		lo, hi := b*sim.BlockSize, min((b+1)*sim.BlockSize, n)
		for i := lo; i < hi; i++ {
			tier[i-lo] = uint8(r.tierOf(r.traits.bits(traitActivity, uint32(i))))
		}
		for t := 1; t <= nh; t++ {
			r.hotAt = append(r.hotAt, int32(len(r.hot)))
			for o := range hi - lo {
				if int(tier[o]) == t {
					r.hot = append(r.hot, uint16(o))
				}
			}
		}
	}
	r.hotAt = append(r.hotAt, int32(len(r.hot)))
}

// looks reports whether agent i, made to decide in tick t, looks for
// apps: unless its uniform of stream "ppm/look" at (i, t) falls below
// weights.keep_to_held.
func (r *PPM) looks(i, t uint32) bool {
	keep := r.sc.Weights.KeepToHeld
	return keep == 0 || r.look.Float64(i, t) >= keep
}

// ignores reports whether agent i, in tick t, leaves out platform j
// because it turned j down: it was prompted of j, held no account on it,
// and neither installed it nor moved to it; then with probability
// weights.refusal, its uniform of stream "ppm/refusal" at (i, t·S + j)
// below it.
func (r *PPM) ignores(i, t uint32, j int) bool {
	return r.refused != nil && r.refused[i]&(1<<(j-1)) != 0 &&
		r.refusal.Float64(i, t*uint32(r.k)+uint32(j)) < r.sc.Weights.Refusal
}

// forced reports whether agent i of group g in state c must decide this
// tick: its platform went dark, or it is offline and a platform it has
// joined came back.
func (r *PPM) forced(g, c, accounts uint8) bool {
	gk := int(g) * r.k
	if r.ts.dark[gk+int(c)] {
		return true
	}
	if c != 0 || !r.ts.anyRestored {
		return false
	}
	for j := 1; j < r.k; j++ {
		if r.ts.restored[gk+j] && accounts&(1<<(j-1)) != 0 {
			return true
		}
	}
	return false
}

// reconsider returns the probability that an agent of group g whose
// activity bits are bits enters the market or reconsiders in the tick:
// e_g + activity·boost_g.
func (r *PPM) reconsider(g uint8, bits uint16) float64 {
	return r.entry[g] + r.traits.tables[g][traitActivity].at(unit16(bits))*r.boost[g]
}

// Screen keeps the agents that decide: the forced ones and each other
// candidate i of its tier with probability (e_g + activity_i·boost_g +
// Σ_j prompted_gj) divided by the tier's activation (at most 1). Candidates of
// tier 0 that belong to another tier are dropped: they are drawn in their
// own.
func (r *PPM) Screen(b *sim.Block) {
	t := uint32(b.Tick)
	pop := b.Pop
	keep := b.Active[:0]
	mixed := b.Tier == 0 && !r.forcedTick && len(r.cuts) > 0
	for _, i := range b.Active {
		g := pop.Group[i]
		if r.forcedTick && r.forced(g, pop.State[i], pop.Accounts[i]) {
			keep = append(keep, i)
			continue
		}
		bits := r.traits.bits(traitActivity, i)
		if mixed && bits >= r.cuts[0] {
			continue
		}
		if r.activity.Float64(i, t)*b.Activation < r.reconsider(g, bits)+r.aw.prompt[g] {
			keep = append(keep, i)
		}
	}
	b.Active = keep
}

// Decide draws each active agent's next state from the softmax of its
// utilities over the states available to it.
func (r *PPM) Decide(b *sim.Block) {
	t := uint32(b.Tick)
	pop := b.Pop
	w := &r.sc.Weights
	k := r.k
	var u [2 * sim.MaxStates]float64 // states, then trials
	var eps [sim.MaxStates]float64
	var tried [sim.MaxStates]int // the platform of trial option k + m is tried[m]
	today := r.day(b.Tick)
	// The agents' last installs, read in one pass: the active agents are
	// sparse in their block, so each read is a cache miss, and here they
	// overlap where the loop below would wait for each in turn.
	var newest [sim.BlockSize]uint16
	for a, i := range b.Active {
		newest[a] = r.newest[i]
	}
	for a, i := range b.Active {
		g := pop.Group[i]
		c := pop.State[i]
		gk := int(g) * k
		tr, bits := r.traits.decision(g, i)
		r.tastes.all(g, i, eps[:k])
		// Age on the current platform, in ticks: since the agent's last
		// move, or, if it has not moved, since the (negative) tick the start
		// gave it (see NewMigration).
		age := float64(b.Tick) - float64(int32(pop.Since[i]))
		cost := r.switchCost(&tr, age)
		draw := r.activity.Float64(i, t) * r.activationOf(b, bits)
		prompted := r.aw.promptedOf(g, draw, r.reconsider(g, bits))
		if prompted != 0 && r.ignores(i, t, prompted) { // it does not decide
			b.Next[i] = c
			continue
		}
		entrant := draw < r.entry[g]
		// Looking for apps: entering the market, or made to decide and not
		// keeping to what it holds.
		looking := entrant || r.forcedTick && r.forced(g, c, pop.Accounts[i]) && r.looks(i, t)
		if entrant {
			for j := 1; j < k; j++ { // an entrant: a new phone, its apps restored from the stores
				if r.ts.closed[gk+j] {
					pop.Accounts[i] &^= 1 << (j - 1)
				}
			}
		}
		deg := float64(b.Degree[a])
		u[0] = r.outside[g]
		if c != 0 {
			u[0] -= cost
		}
		umax := u[0]
		acc := pop.Accounts[i]
		nu, nday := installOf(newest[a])
		for j := 1; j < k; j++ {
			gj := gk + j
			joined := acc&(1<<(j-1)) != 0
			if r.ts.dark[gj] && j != int(c) || r.ts.closed[gj] && !joined {
				u[j] = math.Inf(-1)
				continue
			}
			var n uint32
			if deg > 0 {
				n = b.Count(a, uint8(j))
			}
			if !joined && j != int(c) && j != prompted && !(looking && !r.ignores(i, t, j) && r.aw.knows(g, i, j, eps[j])) { // an entrant knows its own platform
				u[j] = math.Inf(-1)
				continue
			}
			v := r.value(gj, eps[j], &tr)
			if deg > 0 {
				v += w.Network * float64(n) / deg
			}
			if j == nu && r.novelty != nil {
				v += r.novelty[today-nday]
			}
			switch {
			case j == int(c):
				v -= r.waiting[gj]
			case joined:
				v -= cost * (1 - w.Return)
			default:
				v -= cost
			}
			u[j] = v
			umax = max(umax, v)
		}
		// offered: the prompted platform is an option (not dark, and in
		// the stores), so not choosing it is turning it down.
		offered := prompted != 0 && !math.IsInf(u[prompted], -1)
		// Trials: for each platform j the agent may choose and has no
		// account on, the option of installing j while keeping c, at
		// utility u_j + (switching cost)·w_trial, less the value lost
		// waiting if c is dark, if c is none or open to it (not, for an
		// entrant, out of the stores).
		opts := k
		if c == 0 || !math.IsInf(u[c], -1) {
			for j := 1; j < k; j++ {
				if acc&(1<<(j-1)) == 0 && j != int(c) && !math.IsInf(u[j], -1) {
					tried[opts-k] = j
					u[opts] = u[j] + cost*w.Trial - r.waiting[gk+int(c)]
					umax = max(umax, u[opts])
					opts++
				}
			}
		}
		var sum float64
		for o := range opts {
			u[o] = expNeg(u[o] - umax)
			sum += u[o]
		}
		x := r.choice.Float64(i, t) * sum
		pick := opts - 1
		for o := range opts {
			if x < u[o] {
				pick = o
				break
			}
			x -= u[o]
		}
		for u[pick] == 0 { // rounding ran past the last available option
			pick--
		}
		next, installed := pick, pick
		if pick >= k { // a trial: c stays, j is installed
			next = int(c)
			installed = tried[pick-k]
		}
		if r.refused != nil && offered && installed != prompted && acc&(1<<(prompted-1)) == 0 {
			r.refused[i] |= 1 << (prompted - 1) // turned down
		}
		if installed != 0 {
			pop.Accounts[i] |= 1 << (installed - 1)
		}
		b.Next[i] = uint8(next)
		if installed != 0 && acc&(1<<(installed-1)) == 0 {
			r.aw.installs[gk+installed].Add(1)
			r.newest[i] = uint16(installed)<<12 | uint16(today+1)
		}
	}
}
