package validate

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
)

//go:embed ppm-logit.toml
var ppmLogitScenario []byte

// The push–pull–mooring rule (model.PPM) against the logit it states, in
// a mean-field population with constant traits and no tastes (the
// scenario ppm-logit.toml says what its shocks do). An agent of group g on
// state c at tick t chooses among staying, moving to a state j and trying
// a platform j it has no account on, with probability softmax of the
// utilities. They are written out here term by term from the formula in
// model/ppm.go, not by the rule's code: for a platform j
//
//	U = w_appeal·A_gj + w_network·(N_j − [c = j])/(N − 1) + w_culture·τ_j·o_gj
//	    + w_protest·π·σ_g·[j a protest destination] − w_threat·σ_gj
//	    − w_moderation·μ·r_gj − w_privacy·ρ·z_gj − w_language·λ·f_gj·(1 − τ_j)
//	    + w_novelty·2^(−d/H)·[j installed last, d days ago]
//	    − [j ≠ c]·w_switching·κ·(1 + w_tenure·(1 − e^(−a/T)))·(1 − w_return·[an account on j])
//
// (N_j the agents on j at tick t − 1, o_gj the share of them from other
// groups, f_gj the share of j's content not in g's language, a the
// agent's ticks on c, σ_gj the salience of the threats against j for g,
// each level·2^(−ticks since it started/half-life), σ_g their sum),
// U = outside_g − [c ≠ 0]·(the same cost) for none, and U + w_trial·(the
// cost) to try a platform j without an account on it, less w_dark·D if c
// has been dark for D days (counting the tick), as is staying on it
// (waiting). A platform the agent has no account on is an option if it is
// prompted of it, or if it looks for apps (enters the market, or must
// decide and does not keep to what it holds, probability 1 −
// w_keep_to_held) and knows it. It knows it with probability K_gj(t) = 1 − (1 −
// K0_gj)·e^(−E_gj), K0_gj the share that knows it at the start, E_gj the
// exposure, which grows at each tick by s_j = (w_chart·min(1,
// x/chart_scale)^γ + w_news·σ_g + w_talk·(N − 1)·L_j/N)/(ticks per day), x
// the share of g that installed j over the day before (the chart effect),
// σ_g the tick's salience (the news) and L_j the agents of all groups who
// learned of j before the tick, n_g·(K_gj(u) − K_gj(u − 1)) in tick u, each
// weighted 2^(−its age/H) (talk). It is prompted of j with probability
// p_j = 1 − (1 − w_word)^((N − 1)·B_j/N/(ticks per day))·e^(−w_reach·B_j/N/(ticks
// per day))·(1 − (1 − K_gj(t − 1))·(1 − e^(−s_j))), B_j the installs of j
// before the tick, each weighted 2^(−its age/H) (told by word of mouth: on
// a complete graph every agent hears every recent installer; or shown a
// newcomer's post, w_reach a day of them; or learning of j, shown it by
// the chart, the news or the talk while not knowing it), which prompts it
// to decide; the choice is the mixture of the softmaxes over what it has
// in mind. A platform dark for g and not the agent's, or out of g's stores
// and never joined, is no option; an agent on a platform that went dark,
// or offline holding an account on one that came back, must decide. Of
// one uniform per agent, [0, e) makes an entrant, [e, e + a) a decision,
// a = activity·(1 + w_attention·σ_g), and the next intervals, of lengths
// p_j, a decision prompted of j, shrunk in proportion where they add up to
// more than 1 − e − a; a forced agent that is not an entrant decides in
// any case.
//
// Rows, in tick 1 and 2: for every group, origin and destination whose
// agents at tick t − 1 are alike (cohort), the share of the origin's
// agents that moved to the destination (or stayed, or tried a platform,
// which keeps the state) in tick t; and for every group whose agents all
// are in such cohorts and every platform the installs (moves and trials
// of agents without an account) against Σ_c n_c·p; tolerance 3 binomial
// standard errors.
func ppmCheck(o Options) Check {
	agents := 1_000_000
	if o.Quick {
		agents = 200_000
	}
	return Check{Name: "ppm", Run: func(ctx context.Context) (*Result, error) {
		sc, err := model.ParseScenario(ppmLogitScenario)
		if err != nil {
			return nil, err
		}
		// A scenario's seed is a TOML integer, below 2⁶³.
		sc.Agents, sc.Seed = agents, o.seed("ppm", 0)&^(1<<63)
		plan, err := model.Compile(sc)
		if err != nil {
			return nil, err
		}
		m, err := model.NewMigration(ctx, plan, model.RunOptions{Workers: o.Workers})
		if err != nil {
			return nil, err
		}
		h, err := m.Run(ctx, nil)
		if err != nil {
			return nil, err
		}
		var rows []Row
		fig := &figure.Overlay{
			Title:  fmt.Sprintf("Push–pull–mooring choice, mean field, N = %d", agents),
			X:      "softmax probability",
			Y:      "share of agents that chose it",
			Series: []figure.Series{{Label: "y = x", Style: figure.Line, X: []float64{0, 1}, Y: []float64{0, 1}}, {Label: "cells (tick, group, from, to)", Style: figure.Points}},
		}
		names := sc.StateNames()
		k := len(names)
		add := func(quantity string, expected, got, variance, n float64) {
			rows = append(rows, Row{Check: "ppm", Quantity: quantity, Expected: expected / n, Got: got / n, Tol: 3 * math.Sqrt(variance) / n})
			fig.Series[1].X = append(fig.Series[1].X, expected/n)
			fig.Series[1].Y = append(fig.Series[1].Y, got/n)
		}
		for t := 1; t <= h.Ticks(); t++ {
			for g, gr := range sc.Groups {
				installs, installVar := make([]float64, k), make([]float64, k)
				whole := true // every agent of g is in a cohort
				for c := range names {
					co, ok := cohortOf(sc, h, t, g, c)
					if !ok {
						whole = whole && h.Count(t-1, g, c) == 0
						continue
					}
					move, try, install := choice(sc, h, co)
					n := co.n
					for j := range names {
						got, p := float64(h.Flow(t, g, c, j)), move[j]
						if j == c {
							got = n - float64(h.Leaves(t, g, c))
							for _, q := range try {
								p += q // a trial keeps the state
							}
						}
						if q := install[j]; j > 0 {
							installs[j] += n * q
							installVar[j] += n * q * (1 - q)
						}
						add(fmt.Sprintf("tick %d, group %s, %s → %s: share choosing it (mixed softmax; %d agents)", t, gr.Name, names[c], names[j], int(n)),
							n*p, got, n*p*(1-p), n)
					}
				}
				size := float64(h.Agents())
				for j := 1; j < k && whole; j++ {
					if installs[j] > 0 {
						add(fmt.Sprintf("tick %d, group %s installs of %s (moves and trials without an account), per agent", t, gr.Name, names[j]),
							installs[j], float64(h.Installs[t][g*k+j]), installVar[j], size)
					}
				}
			}
		}
		return &Result{Rows: rows, Figure: fig}, nil
	}}
}

// cohort is n agents of group g on state c at tick t − 1 that decide alike
// at tick t: they hold accounts on the states in held (bit j for state
// j ≥ 1), have been age ticks on c, and installed last the platform
// newest (0: none) at tick installed.
type cohort struct {
	t, g, c           int
	n                 float64
	held              uint
	age               float64
	newest, installed int
}

// cohortOf returns the agents of group g on state c at tick t − 1 as a
// cohort, if they are one: at tick 1, all of them (they start with an
// account on their state only and have been on it for their tenure); at
// tick 2, those that no one of g could have decided in tick 1 (activity
// 0, not forced), or those that all moved to c in tick 1 from one state o
// (they hold o and c and installed c) and that knew every platform then,
// so that their choice in tick 1 says nothing of what they know.
func cohortOf(sc *model.Scenario, h *model.History, t, g, c int) (cohort, bool) {
	n := float64(h.Count(t-1, g, c))
	tr := sc.Groups[g].Traits
	co := cohort{t: t, g: g, c: c, n: n, held: 1 << c &^ 1, age: float64(t) + tr.Tenure.Value*ticksPerDay(sc)}
	switch {
	case n == 0:
		return co, false
	case t == 1:
		return co, true
	case t != 2 || sc.Groups[g].Entry > 0:
		return co, false // entrants of tick 1 hold other accounts than their cohort
	}
	var arrived int64
	from := -1
	for o := range sc.StateNames() {
		if f := h.Flow(1, g, o, c); o != c && f > 0 {
			arrived += f
			from = o
		}
	}
	if arrived == 0 {
		s := shocksAt(sc, 1)
		return co, h.Leaves(1, g, c) == 0 && !s.forced(g, c, co.held) && tr.Activity.Value == 0
	}
	if float64(arrived) != n || h.Flow(1, g, from, c) != arrived {
		return co, false // mixed
	}
	for _, p := range sc.Platforms {
		if k0, ok := p.Aware[sc.Groups[g].Name]; ok && k0 < 1 {
			return co, false
		}
	}
	co.held |= 1 << from &^ 1
	co.age = 1
	if c != 0 {
		co.newest, co.installed = c, 1
	}
	return co, true
}

// ticksPerDay returns the scenario's ticks in a day.
func ticksPerDay(sc *model.Scenario) float64 {
	return float64(24*time.Hour) / float64(sc.Tick.D())
}

// tickOf returns the first tick whose decision time (start + t·tick) has
// reached at.
func tickOf(sc *model.Scenario, at time.Time) int {
	d := at.Sub(sc.Start)
	if d <= 0 {
		return 0
	}
	return int((d + sc.Tick.D() - 1) / sc.Tick.D())
}

// shockState is what the scenario's shocks make of one tick, by group and
// state: the check's scenario has threats, blackouts, restores and store
// removals only.
type shockState struct {
	dark, closed, restored [][]bool
	salience               [][]float64 // σ_gj
	darkSince              [][]int     // for a dark (g, j): the tick its blackout began
}

// shocksAt returns the shock state of tick t.
func shocksAt(sc *model.Scenario, t int) shockState {
	names := sc.StateNames()
	grid := func() [][]bool {
		b := make([][]bool, len(sc.Groups))
		for g := range b {
			b[g] = make([]bool, len(names))
		}
		return b
	}
	s := shockState{dark: grid(), closed: grid(), restored: grid(), salience: make([][]float64, len(sc.Groups))}
	s.darkSince = make([][]int, len(sc.Groups))
	for g := range s.salience {
		s.salience[g] = make([]float64, len(names))
		s.darkSince[g] = make([]int, len(names))
	}
	// darkAt reports whether the blackout b is in effect at tick u: from
	// its start to its end or the first restore of its platform and group
	// in effect.
	darkAt := func(b model.Shock, g string, u int) bool {
		end := math.MaxInt
		if !b.End.IsZero() {
			end = tickOf(sc, b.End)
		}
		for _, r := range sc.Shocks {
			if at := tickOf(sc, r.Start); r.Kind == "restore" && r.Platform == b.Platform && slices.Contains(r.Groups, g) &&
				at >= tickOf(sc, b.Start) && at < end {
				end = at
			}
		}
		return tickOf(sc, b.Start) <= u && u < end
	}
	for _, sh := range sc.Shocks {
		j := slices.Index(names, sh.Platform)
		for g, gr := range sc.Groups {
			if len(sh.Groups) > 0 && !slices.Contains(sh.Groups, gr.Name) {
				continue
			}
			in := tickOf(sc, sh.Start) <= t && (sh.End.IsZero() || t < tickOf(sc, sh.End))
			switch sh.Kind {
			case "threat":
				if in {
					sal := sh.Level
					if sh.HalfLife > 0 {
						sal *= math.Exp2(-float64(t-tickOf(sc, sh.Start)) * float64(sc.Tick.D()) / float64(sh.HalfLife.D()))
					}
					s.salience[g][j] += sal
				}
			case "blackout":
				if darkAt(sh, gr.Name, t) {
					if at := tickOf(sc, sh.Start); !s.dark[g][j] || at < s.darkSince[g][j] {
						s.darkSince[g][j] = at
					}
					s.dark[g][j] = true
				} else if t > 0 && darkAt(sh, gr.Name, t-1) {
					s.restored[g][j] = true
				}
			case "store_removal":
				s.closed[g][j] = s.closed[g][j] || in
			}
		}
	}
	for g := range s.restored {
		for j := range s.restored[g] {
			s.restored[g][j] = s.restored[g][j] && !s.dark[g][j]
		}
	}
	return s
}

// forced reports whether an agent of group g on state c holding the
// accounts held must decide: its platform is dark, or it is offline and a
// platform it holds came back.
func (s shockState) forced(g, c int, held uint) bool {
	if s.dark[g][c] {
		return true
	}
	for j, r := range s.restored[g] {
		if c == 0 && r && held&(1<<j) != 0 {
			return true
		}
	}
	return false
}

// awareness returns K_gj at tick t: the share of group g that knows
// platform j, from its share at the start and the exposures of the ticks
// up to t.
func awareness(sc *model.Scenario, h *model.History, t, g, j int) float64 {
	k0, ok := sc.Platforms[j-1].Aware[sc.Groups[g].Name]
	if !ok {
		return 1
	}
	keep := 1.0
	if hl := sc.Weights.AwarenessHalfLife; hl > 0 {
		keep = math.Exp2(-float64(sc.Tick.D()) / float64(hl.D()))
	}
	var e float64
	for u := 1; u <= t; u++ {
		e = e*keep + exposure(sc, h, u, g, j)
	}
	return 1 - (1-k0)*math.Exp(-e)
}

// exposure returns group g's exposure to platform j in tick t:
// (w_chart·min(1, x/chart_scale)^γ + w_news·σ_g + w_talk·(N − 1)·L_j/N)/(ticks
// per day), x the share of g that installed j in the day's ticks before t
// (the chart), σ_g the tick's salience (the news) and L_j the agents who
// learned of j before t (talk: on a complete graph every agent hears every
// recent learner).
func exposure(sc *model.Scenario, h *model.History, t, g, j int) float64 {
	w := sc.Weights
	tpd := ticksPerDay(sc)
	day := max(1, int(math.Round(tpd))) // ticks in the installs window
	var x float64
	for v := max(1, t-day); v < t; v++ {
		x += float64(h.Installs[v][g*len(sc.StateNames())+j])
	}
	var sigma float64
	for _, s := range shocksAt(sc, t).salience[g] {
		sigma += s
	}
	n := float64(sc.Agents)
	return (w.Chart*math.Pow(min(1, x/groupSize(sc, h, g)/w.ChartScale), w.ChartExponent) + w.News*sigma +
		w.Talk*(n-1)/n*learners(sc, h, t, j)) / tpd
}

// groupSize returns the agents of group g.
func groupSize(sc *model.Scenario, h *model.History, g int) float64 {
	var size float64
	for s := range sc.StateNames() {
		size += float64(h.Count(0, g, s))
	}
	return size
}

// recent returns Σ_u of[u]·2^(−(t − 1 − u)·tick/H) over the ticks u = 1 …
// t − 1 (H = use.novelty; 0 counts only tick t − 1's): what newcomers and
// learners tell while it is new to them.
func recent(sc *model.Scenario, t int, of func(u int) float64) float64 {
	keep := 0.0
	if hl := sc.Use.Novelty; hl > 0 {
		keep = math.Exp2(-float64(sc.Tick.D()) / float64(hl.D()))
	}
	var b float64
	for u := 1; u < t; u++ {
		b = b*keep + of(u)
	}
	return b
}

// talkers returns the recent installs of platform j by all groups before
// tick t: the neighbours of every agent of a complete graph who tell of j.
func talkers(sc *model.Scenario, h *model.History, t, j int) float64 {
	k := len(sc.StateNames())
	return recent(sc, t, func(u int) float64 {
		var n float64
		for g := range sc.Groups {
			n += float64(h.Installs[u][g*k+j])
		}
		return n
	})
}

// learners returns the recent learners of platform j of all groups before
// tick t, n_g·(K_gj(u) − K_gj(u − 1)) in tick u.
func learners(sc *model.Scenario, h *model.History, t, j int) float64 {
	return recent(sc, t, func(u int) float64 {
		var n float64
		for g := range sc.Groups {
			n += groupSize(sc, h, g) * max(0, awareness(sc, h, u, g, j)-awareness(sc, h, u-1, g, j))
		}
		return n
	})
}

// choice returns the probabilities that an agent of cohort co moves to
// each state (move[c]: stays without trying), tries each platform
// (try[j]) and installs each platform (install[j]: a move to, or a trial
// of, a platform without an account) at tick co.t. It decides as an
// entrant with probability e = 1 − (1 − entry_g)^(tick/day), and
// otherwise, if not forced, with probability min(1, e + a) − e, a its
// activity raised by attention: an entrant's new phone restores the apps
// the stores offer and loses the others, so c is no option if it is dark
// or out of the stores.
func choice(sc *model.Scenario, h *model.History, co cohort) (move, try, install []float64) {
	k := len(sc.Platforms) + 1
	w, gr := sc.Weights, sc.Groups[co.g]
	s := shocksAt(sc, co.t)
	var sigma float64
	for _, v := range s.salience[co.g] {
		sigma += v
	}
	e := 1 - math.Pow(1-gr.Entry, 1/ticksPerDay(sc))
	lo := e + gr.Traits.Activity.Value*(1+w.Attention*sigma)
	decide := min(1, lo) - e       // an agent that is not an entrant nor prompted, at its activity
	prompted := make([]float64, k) // prompted of j: told of it, or shown it
	n := float64(sc.Agents)
	var total float64
	for j := 1; j < k; j++ {
		learn := (1 - awareness(sc, h, co.t-1, co.g, j)) * (1 - math.Exp(-exposure(sc, h, co.t, co.g, j)))
		b := talkers(sc, h, co.t, j) / n // a neighbour's chance to be a recent installer
		prompted[j] = 1 - math.Pow(1-w.WordOfMouth, (n-1)*b/ticksPerDay(sc))*math.Exp(-w.Reach*b/ticksPerDay(sc))*(1-learn)
		total += prompted[j]
	}
	if room := max(0, 1-lo); total > room { // shrunk in proportion to fit
		for j := range prompted {
			prompted[j] *= room / total
		}
	}
	forced := s.forced(co.g, co.c, co.held)
	if forced {
		decide = 1 - e
		for _, p := range prompted {
			decide -= p
		}
	}
	move, try, install = make([]float64, k), make([]float64, k), make([]float64, k)
	add := func(weight float64, entrant bool, prompt int) {
		if weight == 0 {
			return
		}
		held := co.held
		if entrant {
			for j, out := range s.closed[co.g] {
				if out {
					held &^= 1 << j
				}
			}
		}
		// A forced agent that is not an entrant looks for apps unless it
		// keeps to what it holds (probability w_keep_to_held).
		look := 0.0
		switch {
		case entrant:
			look = 1
		case forced:
			look = 1 - w.KeepToHeld
		}
		for _, part := range []struct {
			share   float64
			looking bool
		}{{look, true}, {1 - look, false}} {
			if part.share == 0 {
				continue
			}
			m, tr := logit(sc, h, co, s, sigma, held, prompt, part.looking)
			for j := range k {
				move[j] += weight * part.share * m[j]
				try[j] += weight * part.share * tr[j]
				if j > 0 {
					install[j] += weight * part.share * tr[j]
					if held&(1<<j) == 0 {
						install[j] += weight * part.share * m[j]
					}
				}
			}
		}
	}
	add(e, true, 0)
	add(decide, false, 0)
	rest := 1 - e - decide // undecided agents stay
	for j, p := range prompted {
		add(p, false, j)
		rest -= p
	}
	move[co.c] += rest
	return move, try, install
}

// logit returns the probabilities that an agent of cohort co holding the
// accounts held, deciding at tick co.t under shocks s (σ_g = sigma) and
// prompted of platform prompt (0: none), moves to each state and tries
// each platform: the mixture over the platforms it may know of the
// softmax of the utilities. A platform it holds no account on is an
// option if it is prompted of it, or, looking for apps (an entrant, or
// made to decide), if it knows it. Its own state is no option if it is
// out of the stores and not held (an entrant).
func logit(sc *model.Scenario, h *model.History, co cohort, s shockState, sigma float64, held uint, prompt int, looking bool) (move, try []float64) {
	t, g, c := co.t, co.g, co.c
	w, gr := sc.Weights, sc.Groups[g]
	tr := gr.Traits
	cost := w.Switching * tr.SwitchingCost.Value * (1 + w.Tenure*(1-math.Exp(-co.age*float64(sc.Tick.D())/float64(w.TenureScale.D()))))
	n := float64(sc.Agents)
	k := len(sc.Platforms) + 1
	dark := s.dark[g]
	u := make([]float64, k)
	aware := make([]float64, k) // probability of knowing j
	u[0] = gr.Outside
	if c != 0 {
		u[0] -= cost
	}
	waiting := 0.0 // the value lost waiting on c
	if dark[c] {
		waiting = w.Dark * float64(co.t-s.darkSince[g][c]+1) / ticksPerDay(sc)
	}
	aware[0] = 1
	for j := 1; j < k; j++ {
		p := sc.Platforms[j-1]
		on := float64(h.Total(t-1, j))
		self, other := 0.0, 0.0
		if c == j {
			self = 1
		}
		if on > 0 {
			other = (on - float64(h.Count(t-1, g, j))) / on
		}
		u[j] = w.Appeal*p.Appeal[gr.Name] + w.Network*(on-self)/(n-1) + w.Culture*p.Translation*other -
			w.Threat*s.salience[g][j] - w.Moderation*tr.ModerationSensitivity.Value*p.Moderation[gr.Name] -
			w.Privacy*tr.Privacy.Value*p.Scrutiny[gr.Name] -
			w.Language*tr.LanguageBarrier.Value*(1-p.Content[gr.Language])*(1-p.Translation)
		if p.Protest {
			u[j] += w.Protest * tr.Protest.Value * sigma
		}
		if j == co.newest && sc.Use.Novelty > 0 {
			// Days from the install's day to tick t's, the day of tick u
			// being the day its interval ends on: ⌊(u − 1)·tick/24 h⌋.
			day := func(u int) int64 { return int64(u-1) * int64(sc.Tick.D()) / int64(24*time.Hour) }
			days := float64(day(t) - day(co.installed))
			u[j] += w.Novelty * math.Exp2(-days*float64(24*time.Hour)/float64(sc.Use.Novelty.D()))
		}
		holds := held&(1<<j) != 0
		aware[j] = 1
		switch {
		case j == c:
			u[j] -= waiting
		case holds:
			u[j] -= cost * (1 - w.Return)
		default:
			u[j] -= cost
			switch {
			case j == prompt:
			case looking:
				aware[j] = awareness(sc, h, t, g, j)
			default:
				aware[j] = 0
			}
		}
		if dark[j] && j != c || s.closed[g][j] && !holds {
			aware[j] = 0 // no option
		}
	}
	open := c == 0 || aware[c] > 0 // trials keep c: it must be an option
	move, try = make([]float64, k), make([]float64, k)
	// Every subset of the platforms the agent may know, by bit mask.
	for known := 0; known < 1<<k; known++ {
		weight := 1.0
		for j := range k {
			if known&(1<<j) != 0 {
				weight *= aware[j]
			} else {
				weight *= 1 - aware[j]
			}
		}
		if weight == 0 {
			continue
		}
		var z float64
		e, et := make([]float64, k), make([]float64, k)
		for j := range k {
			if known&(1<<j) != 0 {
				e[j] = math.Exp(u[j])
				if j != 0 && j != c && held&(1<<j) == 0 && open {
					et[j] = math.Exp(u[j] + w.Trial*cost - waiting)
				}
				z += e[j] + et[j]
			}
		}
		for j := range k {
			move[j] += weight * e[j] / z
			try[j] += weight * et[j] / z
		}
	}
	return move, try
}
