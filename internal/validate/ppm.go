package validate

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"slices"

	"exodus/internal/kit/figure"
	"exodus/model"
)

//go:embed ppm-logit.toml
var ppmLogitScenario []byte

// The push–pull–mooring rule (model.PPM) against the logit it states: in a
// mean-field population with constant traits and no tastes, under a ban threat of salience σ against
// P for group A, an agent of group g on state c chooses among staying,
// moving to a state j and trying a platform j it has no account on, with
// probability softmax of the utilities. They are written out here term by
// term from the formula in model/ppm.go, not by the rule's code: for a
// platform j
//
//	U = w_appeal·A_gj + w_network·(N_j − [c = j])/(N − 1) + w_culture·τ_j·o_gj
//	    + w_protest·π·σ_g·[j a protest destination] − w_threat·σ_gj
//	    − w_moderation·μ·r_gj − w_privacy·ρ·z_gj − w_language·λ·f_gj·(1 − τ_j)
//	    − [j ≠ c]·w_switching·κ
//
// (N_j the agents on j at tick 0, o_gj the share of them from other groups,
// f_gj the share of j's content not in g's language; no tenure, return or
// novelty terms at tick 1), U = outside_g − [c ≠ 0]·w_switching·κ for none,
// and U + w_trial·w_switching·κ to try j ≠ c. An agent knows a platform it
// has no account on with probability 1 − (1 − K_gj)·(1 − w_word)^N_j (its
// share known at the start, or word of mouth from the N_j agents on it), and
// the choice is the mixture of the softmaxes over what it knows. A platform
// dark for g (a blackout in effect at tick 1) is no option; an agent on it
// must decide, and going offline costs it nothing; the others decide with
// probability a = min(1, activity·(1 + w_attention·σ_g)) (activity
// constant), so each move has probability a·p.
// Rows: for every group, origin with agents and destination, the share of
// the origin's agents that moved to the destination (or stayed, or tried a
// platform, which keeps the state) in tick 1; and for every group and
// platform the installs (moves and trials of agents without an account)
// against Σ_c n_c·p; tolerance 3 binomial standard errors.
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
		sc.Agents, sc.Seed = agents, o.seed("ppm", 0)
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
			Series: []figure.Series{{Label: "y = x", Style: figure.Line, X: []float64{0, 1}, Y: []float64{0, 1}}, {Label: "cells (group, from, to)", Style: figure.Points}},
		}
		names := sc.StateNames()
		k := len(names)
		add := func(quantity string, expected, got, variance, n float64) {
			rows = append(rows, Row{Check: "ppm", Quantity: quantity, Expected: expected / n, Got: got / n, Tol: 3 * math.Sqrt(variance) / n})
			fig.Series[1].X = append(fig.Series[1].X, expected/n)
			fig.Series[1].Y = append(fig.Series[1].Y, got/n)
		}
		for g, gr := range sc.Groups {
			installs, installVar := make([]float64, k), make([]float64, k)
			for c := range names {
				n := float64(h.Count(0, g, c))
				if n == 0 {
					continue
				}
				move, try := choice(sc, h, g, c)
				for j := range names {
					got, p := float64(h.Flow(1, g, c, j)), move[j]
					if j == c {
						got = n - float64(h.Leaves(1, g, c))
						for _, q := range try {
							p += q // a trial keeps the state
						}
					} else if j > 0 {
						installs[j] += n * (p + try[j])
						installVar[j] += n * (p + try[j]) * (1 - p - try[j])
					}
					add(fmt.Sprintf("group %s, %s → %s: share choosing it (mixed softmax; %d agents)", gr.Name, names[c], names[j], int(n)),
						n*p, got, n*p*(1-p), n)
				}
			}
			size := float64(h.Agents())
			for j := 1; j < k; j++ {
				if installs[j] > 0 {
					add(fmt.Sprintf("group %s installs of %s (moves and trials without an account), per agent", gr.Name, names[j]),
						installs[j], float64(h.Installs[1][g*k+j]), installVar[j], size)
				}
			}
		}
		return &Result{Rows: rows, Figure: fig}, nil
	}}
}

// choice returns the probabilities that an agent of group g on state c
// moves to each state (move[c]: stays without trying) and tries each
// platform (try[j]) at tick 1, from the scenario's parameters and the
// counts of tick 0: the mixture over the platforms it may know.
func choice(sc *model.Scenario, h *model.History, g, c int) (move, try []float64) {
	w, gr := sc.Weights, sc.Groups[g]
	tr := gr.Traits
	cost := w.Switching * tr.SwitchingCost.Value
	n := float64(sc.Agents)
	k := len(sc.Platforms) + 1
	// The ban salience: the threats against g in effect at tick 1 (no
	// half-life, no end in the check's scenario); the blackouts of g, all
	// in effect at tick 1.
	sal := make([]float64, k)
	dark := make([]bool, k)
	var sigma float64
	for _, sh := range sc.Shocks {
		if !slices.Contains(sh.Groups, gr.Name) {
			continue
		}
		j := slices.Index(sc.StateNames(), sh.Platform)
		switch sh.Kind {
		case "threat":
			sal[j] += sh.Level
			sigma += sh.Level
		case "blackout":
			dark[j] = true
		}
	}
	u := make([]float64, k)
	aware := make([]float64, k) // probability of knowing j
	u[0] = gr.Outside
	if c != 0 && !dark[c] {
		u[0] -= cost
	}
	aware[0] = 1
	for j := 1; j < k; j++ {
		p := sc.Platforms[j-1]
		on := float64(h.Total(0, j))
		self, other := 0.0, 0.0
		if c == j {
			self = 1
		}
		if on > 0 {
			other = (on - float64(h.Count(0, g, j))) / on
		}
		u[j] = w.Appeal*p.Appeal[gr.Name] + w.Network*(on-self)/(n-1) + w.Culture*p.Translation*other -
			w.Threat*sal[j] - w.Moderation*tr.ModerationSensitivity.Value*p.Moderation[gr.Name] -
			w.Privacy*tr.Privacy.Value*p.Scrutiny[gr.Name] -
			w.Language*tr.LanguageBarrier.Value*(1-p.Content[gr.Language])*(1-p.Translation)
		if p.Protest {
			u[j] += w.Protest * tr.Protest.Value * sigma
		}
		aware[j] = 1
		if j != c {
			u[j] -= cost
			k0, ok := p.Aware[gr.Name]
			if !ok {
				k0 = 1
			}
			aware[j] = 1 - (1-k0)*math.Pow(1-w.WordOfMouth, on)
		}
		if dark[j] {
			aware[j] = 0 // no option
		}
	}
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
				if j != 0 && j != c && !dark[c] {
					et[j] = math.Exp(u[j] + w.Trial*cost)
				}
				z += e[j] + et[j]
			}
		}
		for j := range k {
			move[j] += weight * e[j] / z
			try[j] += weight * et[j] / z
		}
	}
	if a := min(1, tr.Activity.Value*(1+w.Attention*sigma)); !dark[c] && a < 1 {
		for j := range k {
			move[j] *= a
			try[j] *= a
		}
		move[c] += 1 - a // undecided agents stay
	}
	return move, try
}
