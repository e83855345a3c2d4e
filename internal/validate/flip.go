package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
)

// The flip rule on the complete network against its recursion (model.Flip)
// x′ = x − x(a + b(1−x)) + (1−x)(a + bx). An agent on platform 1 with n₂ of
// the N − 1 others on platform 2 moves with probability
// p₁₂ = a + b·n₂/(N−1), and symmetrically, so given the counts at the start
// of a tick the expected count on platform 1 after it is exactly
//
//	n₁ − n₁(a + b·n₂/(N−1)) + n₂(a + b·n₁/(N−1)) = n₁ + a(n₂ − n₁):
//
// the b terms cancel, for any N, and the recursion is x′ = x + a(1 − 2x).
// It is linear, so the expected share given the realised initial share x₀
// is the closed form
//
//	E[x_t | x₀] = 1/2 + (x₀ − 1/2)(1 − 2a)^t.
//
// Rows, from R replicates with a = 0.01, b = 0.3, x₀ = 0.1 (the engine
// benchmark's rule):
//
//   - x at ticks 10 and 50: the mean over replicates against the mean of
//     the closed forms, tolerance 3·√(V/R) with V from the variance
//     recursion V′ = (1−2a)²·V + (x·p₁₂(1−p₁₂) + (1−x)·p₂₁(1−p₂₁))/N along
//     the closed form (there is no discretisation: the rule is the
//     recursion);
//   - the moves 1 → 2 and 2 → 1 summed over ticks and replicates, as a ratio
//     to their expectation given the state at the start of each tick, which
//     depends on b: tolerance 3 binomial standard errors of the sum, over
//     the expectation.
func flipCheck(o Options) Check {
	const a, b, x0 = 0.01, 0.3, 0.1 // model.DefaultFlip and the benchmark's start
	const ticks = 50
	n, reps := 1_000_000, 10
	if o.Quick {
		reps = 1
	}
	return Check{Name: "flip", Run: func(ctx context.Context) (*Result, error) {
		hists, err := replicates(ctx, o, reps, func(ctx context.Context, r int) (*model.History, error) {
			return runClassic(ctx, model.ClassicSpec{
				Rule: "flip", Params: model.Params{"a": a, "b": b, "x0": x0},
				Network: model.NetworkSpec{Kind: "complete"}, Agents: n, Ticks: ticks, Seed: o.seed("flip", r),
			})
		})
		if err != nil {
			return nil, err
		}
		N := float64(n)
		var rows []Row
		for _, k := range []int{10, ticks} {
			var got, want, variance float64
			for _, h := range hists {
				got += share(h, k, 1)
				x := share(h, 0, 1)
				want += flipMean(a, x, k)
				variance += flipVariance(a, b, n, x, k)
			}
			R := float64(reps)
			rows = append(rows, Row{Check: "flip",
				Quantity: fmt.Sprintf("x(%d), share on platform 1 (closed form of the recursion; a = %v, b = %v, N = %d, %d runs)", k, a, b, n, reps),
				Expected: want / R, Got: got / R, Tol: 3 * math.Sqrt(variance) / R})
		}
		for _, dir := range [][2]int{{1, 2}, {2, 1}} {
			var got, mean, variance float64
			for _, h := range hists {
				for k := 1; k <= ticks; k++ {
					from := float64(h.Total(k-1, dir[0]))
					other := float64(h.Total(k-1, dir[1]))
					p := a + b*other/(N-1)
					mean += from * p
					variance += from * p * (1 - p)
					got += float64(h.Flow(k, 0, dir[0], dir[1]))
				}
			}
			rows = append(rows, Row{Check: "flip",
				Quantity: fmt.Sprintf("moves %d → %d over ticks 1…%d / expectation given each tick's start", dir[0], dir[1], ticks),
				Expected: 1, Got: got / mean, Tol: 3 * math.Sqrt(variance) / mean})
		}
		return &Result{Rows: rows, Figure: flipFigure(a, b, hists[0], ticks)}, nil
	}}
}

// flipMean returns E[x_t | x₀] = 1/2 + (x₀ − 1/2)(1 − 2a)^t.
func flipMean(a, x0 float64, t int) float64 {
	return 0.5 + (x0-0.5)*math.Pow(1-2*a, float64(t))
}

// flipVariance returns the variance of the share at tick t given x₀ from
// the recursion V′ = (1−2a)²·V + σ²(x)/N along the closed form.
func flipVariance(a, b float64, n int, x0 float64, t int) float64 {
	v := 0.0
	for k := range t {
		x := flipMean(a, x0, k)
		p12, p21 := a+b*(1-x), a+b*x
		v = (1-2*a)*(1-2*a)*v + (x*p12*(1-p12)+(1-x)*p21*(1-p21))/float64(n)
	}
	return v
}

func flipFigure(a, b float64, h *model.History, ticks int) *figure.Overlay {
	x0 := share(h, 0, 1)
	sim := figure.Series{Label: "simulation (one run)", Style: figure.Points}
	theory := figure.Series{Label: "1/2 + (x₀ − 1/2)(1 − 2a)^t", Style: figure.Line}
	for k := 0; k <= ticks; k++ {
		sim.X, sim.Y = append(sim.X, float64(k)), append(sim.Y, share(h, k, 1))
		theory.X, theory.Y = append(theory.X, float64(k)), append(theory.Y, flipMean(a, x0, k))
	}
	return &figure.Overlay{
		Title:  fmt.Sprintf("Flip rule, complete network: a = %v, b = %v, N = %d", a, b, h.Agents()),
		X:      "tick t",
		Y:      "share on platform 1",
		Series: []figure.Series{theory, sim},
	}
}
