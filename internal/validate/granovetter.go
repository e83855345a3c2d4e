package validate

import (
	"context"
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
	"github.com/exodus-sim/exodus/sim"
)

// Granovetter's (1978) riot example with the threshold rule on the complete
// network of 100 agents, thresholds as counts of other adopters: with
// thresholds 0, 1, …, 99 the agent with threshold 0 adopts in tick 1, which
// brings in the one with threshold 1 in tick 2, and so on: all 100 adopt, one
// per tick. Change the threshold-1 agent to 2 and after the first adopter no
// one's threshold is met: exactly 1 adopts. The rule is deterministic, so the
// tolerance is 0.
func granovetterCheck(o Options) Check {
	return Check{Name: "granovetter", Run: func(ctx context.Context) (*Result, error) {
		const n = 100
		uniform := make([]float64, n)
		for i := range uniform {
			uniform[i] = float64(i)
		}
		changed := append([]float64(nil), uniform...)
		changed[1] = 2
		fig := &figure.Overlay{
			Title: "Granovetter (1978): 100 agents, thresholds as counts of adopters",
			X:     "tick", Y: "adopters (agents)",
		}
		var rows []Row
		for c, test := range []struct {
			label      string
			thresholds []float64
			want       int
		}{
			{"thresholds 0, 1, 2, …, 99", uniform, n},
			{"thresholds 0, 2, 2, 3, …, 99", changed, 1},
		} {
			h, err := granovetterRun(ctx, test.thresholds, o.seed("granovetter", c))
			if err != nil {
				return nil, err
			}
			last := h.Ticks()
			rows = append(rows, Row{Check: "granovetter",
				Quantity: fmt.Sprintf("final adopters of %d, %s (agents)", n, test.label),
				Expected: float64(test.want), Got: float64(h.Total(last, 1))})
			sim := figure.Series{Label: "simulation, " + test.label, Style: figure.Points, Color: c}
			theory := figure.Series{Label: "Granovetter (1978), " + test.label, Style: figure.Line, Color: c}
			for t := 0; t <= last; t++ {
				sim.X, sim.Y = append(sim.X, float64(t)), append(sim.Y, float64(h.Total(t, 1)))
				theory.X, theory.Y = append(theory.X, float64(t)), append(theory.Y, float64(min(t, test.want)))
			}
			fig.Series = append(fig.Series, theory, sim)
		}
		return &Result{Rows: rows, Figure: fig}, nil
	}}
}

// granovetterRun runs the threshold rule with the given count thresholds on
// the complete network, with no initial adopters, until a tick changes no
// one.
func granovetterRun(ctx context.Context, thresholds []float64, seed uint64) (*model.History, error) {
	n := len(thresholds)
	pop := sim.NewPopulation(n, 1)
	rule, err := model.NewThreshold(model.ThresholdSpec{Counts: true, Explicit: thresholds}, n, seed)
	if err != nil {
		return nil, err
	}
	e, err := sim.New(pop, sim.Complete{N: n}, rule, sim.Config{Seed: seed, Workers: 1})
	if err != nil {
		return nil, err
	}
	h := &model.History{}
	stable := sim.RecorderFunc(func(s *sim.TickStats) error {
		h.Record(s)
		if s.Tick > 0 && s.Switches() == 0 {
			return sim.Stop
		}
		return nil
	})
	// Each tick before the last adds an adopter: at most n + 1 ticks.
	if err := e.Run(ctx, n+1, stable); err != nil {
		return nil, err
	}
	return h, nil
}
