package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
)

// Watts (2002) cascades of the threshold rule on Erdős–Rényi networks: one
// fixed threshold φ = 0.18 (Watts's Fig. 1), one random initial adopter,
// run until a tick changes no one, a new network per run. A cascade is
// global when more than 1% of the agents adopt; final sizes are bimodal
// (a few adopters, or most of the network), so the cut-off matters little.
//
// Theory (see cascade): inside the cascade window, 1 ≲ z ≲ 5.75 for
// φ = 0.18, a random adopter triggers a global cascade with the probability
// that it lies in or next to the giant vulnerable cluster, and a global
// cascade reaches the share given by Gleeson & Cahalane (2007); outside it
// cascades stay finite, with the mean and variance of a subcritical
// branching process. They are computed for the degrees of the generated
// networks, Binomial(N−1, z/(N−1)) (with Poisson(z) degrees the size at
// z = 3 would be 2.5·10⁻⁵ lower at N = 10⁴, a fifth of its tolerance), and
// are limits on a tree: the few short cycles of a sparse random network
// and the fluctuations of the giant cluster change them by O(1/N).
//
// Rows, each from R runs at one mean degree z:
//
//   - inside the window (z = 3): the frequency of global cascades, with the
//     binomial standard error √(P(1−P)/R) of the predicted P, and the mean
//     final share of the global cascades, with the replicates' standard
//     error and the Student factor;
//   - outside (z = 0.5, below the percolation threshold; z = 10, above the
//     window): the mean number of adopters, with the predicted standard
//     error √(Var/R). A single global cascade among the R runs would move
//     the mean by about 0.9·N/R, hundreds of standard errors.
func wattsCheck(o Options) Check {
	const phi = 0.18    // Watts (2002), Fig. 1
	const cutoff = 0.01 // a cascade is global beyond this share of agents
	n, checkReps, figReps := 10_000, 5000, 200
	grid := []float64{0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 8, 9, 10}
	if o.Quick {
		checkReps, figReps = 400, 20
		grid = []float64{0.5, 1, 2, 3, 4, 5, 6, 7, 8, 10}
	}
	inside, outside := 3.0, []float64{0.5, 10}
	return Check{Name: "watts", Run: func(ctx context.Context) (*Result, error) {
		type job struct {
			z float64
			r int
		}
		var jobs []job
		for _, z := range grid {
			reps := figReps
			if z == inside || z == outside[0] || z == outside[1] {
				reps = checkReps
			}
			for r := range reps {
				jobs = append(jobs, job{z, r})
			}
		}
		adopters, err := replicates(ctx, o, len(jobs), func(ctx context.Context, j int) (int64, error) {
			h, err := runClassic(ctx, model.ClassicSpec{
				Rule: "threshold", Params: model.Params{"phi": phi, "seeds": 1},
				Network: model.NetworkSpec{Kind: "erdos-renyi", MeanDegree: jobs[j].z},
				Agents:  n, Ticks: 0, Seed: o.seed(fmt.Sprintf("watts/z=%v", jobs[j].z), jobs[j].r),
			})
			if err != nil {
				return 0, err
			}
			return h.Total(h.Ticks(), 1), nil
		})
		if err != nil {
			return nil, err
		}
		byZ := map[float64][]int64{}
		for j, a := range adopters {
			byZ[jobs[j].z] = append(byZ[jobs[j].z], a)
		}
		global := func(a int64) bool { return float64(a) > cutoff*float64(n) }

		var rows []Row
		th := cascadeTheory(erdosRenyiDegrees(n, inside), phi)
		runs := byZ[inside]
		var sizes []float64
		for _, a := range runs {
			if global(a) {
				sizes = append(sizes, float64(a)/float64(n))
			}
		}
		reps := float64(len(runs))
		rows = append(rows, Row{Check: "watts",
			Quantity: fmt.Sprintf("z = %v: frequency of global cascades (> 1%% adopt; extended vulnerable cluster; φ = %v, N = %d, %d runs)", inside, phi, n, len(runs)),
			Expected: th.Frequency, Got: float64(len(sizes)) / reps,
			Tol: 3 * math.Sqrt(th.Frequency*(1-th.Frequency)/reps)})
		mean, se := math.NaN(), math.NaN()
		if len(sizes) > 1 {
			mean, se = meanSE(sizes)
		}
		rows = append(rows, Row{Check: "watts",
			Quantity: fmt.Sprintf("z = %v: final adopted share of global cascades (Gleeson & Cahalane 2007; %d cascades)", inside, len(sizes)),
			Expected: th.Size, Got: mean, Tol: tCrit(len(sizes)) * se})
		for _, z := range outside {
			th := cascadeTheory(erdosRenyiDegrees(n, z), phi)
			runs := byZ[z]
			x := make([]float64, len(runs))
			for r, a := range runs {
				x[r] = float64(a)
			}
			mean, _ := meanSE(x)
			rows = append(rows, Row{Check: "watts",
				Quantity: fmt.Sprintf("z = %v (outside the window): mean adopters of a cascade (subcritical branching; %d runs)", z, len(runs)),
				Expected: th.Mean, Got: mean, Tol: 3 * math.Sqrt(th.Var/float64(len(runs)))})
		}
		return &Result{Rows: rows, Figure: wattsFigure(phi, cutoff, n, grid, byZ)}, nil
	}}
}

func wattsFigure(phi, cutoff float64, n int, grid []float64, byZ map[float64][]int64) *figure.Overlay {
	freq := figure.Series{Label: "frequency of global cascades, simulation", Style: figure.Points, Color: 0}
	size := figure.Series{Label: "mean share adopting in a global cascade, simulation", Style: figure.Points, Color: 1}
	for _, z := range grid {
		var g, sum float64
		for _, a := range byZ[z] {
			if float64(a) > cutoff*float64(n) {
				g++
				sum += float64(a) / float64(n)
			}
		}
		freq.X, freq.Y = append(freq.X, z), append(freq.Y, g/float64(len(byZ[z])))
		if g > 0 {
			size.X, size.Y = append(size.X, z), append(size.Y, sum/g)
		}
	}
	pc := figure.Series{Label: "extended vulnerable cluster (Watts 2002)", Style: figure.Line, Color: 0}
	gc := figure.Series{Label: "cascade size (Gleeson & Cahalane 2007)", Style: figure.Line, Color: 1}
	for j := 0; j <= 200; j++ {
		z := 0.25 + float64(j)*0.05
		th := cascadeTheory(erdosRenyiDegrees(n, z), phi)
		pc.X, pc.Y = append(pc.X, z), append(pc.Y, th.Frequency)
		gc.X, gc.Y = append(gc.X, z), append(gc.Y, th.Size)
	}
	return &figure.Overlay{
		Title:  fmt.Sprintf("Watts cascades on Erdős–Rényi networks: φ = %v, N = %d, one initial adopter", phi, n),
		X:      "mean degree z (neighbours)",
		Y:      "frequency; share of agents",
		Series: []figure.Series{pc, freq, gc, size},
	}
}
