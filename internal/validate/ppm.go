package validate

import (
	"context"
	_ "embed"
	"fmt"
	"math"

	"exodus/internal/figure"
	"exodus/model"
)

//go:embed ppm-logit.toml
var ppmLogitScenario []byte

// The push–pull–mooring rule (model.PPM) against the logit it states: in a
// mean-field population whose agents all decide once (activity 1),
// constant traits, no tastes and no shocks, an agent of group g on state c
// moves to state j with probability softmax_j(U_gcj). The utilities are
// written out here term by term from the formula in model/ppm.go, not by the
// rule's code: for a platform j
//
//	U = w_appeal·A_gj + w_network·(N_j − [c = j])/(N − 1) + w_culture·τ_j·o_gj
//	    − w_moderation·μ·r_gj − w_privacy·ρ·z_gj − w_language·λ·f_gj·(1 − τ_j)
//	    − [j ≠ c]·w_switching·κ
//
// (N_j the agents on j at tick 0, o_gj the share of them from other groups,
// f_gj the share of j's content not in g's language; no tenure or return
// terms at tick 1), and U = outside_g − [c ≠ 0]·w_switching·κ for none.
// Rows: for every group, origin with agents and destination, the share of
// the origin's agents that chose the destination in tick 1 against the
// softmax, tolerance 3 binomial standard errors √(p(1−p)/n).
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
		for g, gr := range sc.Groups {
			for c := range names {
				n := float64(h.Count(0, g, c))
				if n == 0 {
					continue
				}
				p := logit(sc, h, g, c)
				for j := range names {
					got := float64(h.Flow(1, g, c, j))
					if j == c {
						got = n - float64(h.Leaves(1, g, c))
					}
					rows = append(rows, Row{Check: "ppm",
						Quantity: fmt.Sprintf("group %s, %s → %s: share choosing it (softmax of the utilities; %d agents)", gr.Name, names[c], names[j], int(n)),
						Expected: p[j], Got: got / n, Tol: 3 * math.Sqrt(p[j]*(1-p[j])/n)})
					fig.Series[1].X = append(fig.Series[1].X, p[j])
					fig.Series[1].Y = append(fig.Series[1].Y, got/n)
				}
			}
		}
		return &Result{Rows: rows, Figure: fig}, nil
	}}
}

// logit returns the choice probabilities of an agent of group g on state c
// at tick 1, from the scenario's parameters and the counts of tick 0.
func logit(sc *model.Scenario, h *model.History, g, c int) []float64 {
	w, gr := sc.Weights, sc.Groups[g]
	tr := gr.Traits
	cost := w.Switching * tr.SwitchingCost.Value
	n := float64(sc.Agents)
	u := make([]float64, len(sc.Platforms)+1)
	u[0] = gr.Outside
	if c != 0 {
		u[0] -= cost
	}
	for j := 1; j < len(u); j++ {
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
			w.Moderation*tr.ModerationSensitivity.Value*p.Moderation[gr.Name] -
			w.Privacy*tr.Privacy.Value*p.Scrutiny[gr.Name] -
			w.Language*tr.LanguageBarrier.Value*(1-p.Content[gr.Language])*(1-p.Translation)
		if j != c {
			u[j] -= cost
		}
	}
	var z float64
	for j := range u {
		u[j] = math.Exp(u[j])
		z += u[j]
	}
	for j := range u {
		u[j] /= z
	}
	return u
}
