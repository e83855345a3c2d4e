package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/optimize"

	"github.com/exodus-sim/exodus/sim"
)

// CMAES configures the point estimate.
type CMAES struct {
	// Replicates is the number R of runs averaged per evaluation; every
	// evaluation uses the same R seeds (common random numbers), so the
	// objective is a deterministic function of θ and differences between
	// two θ are not swamped by run-to-run noise.
	Replicates int `toml:"replicates" json:"replicates"`
	// Population is the number of points per generation; 0 takes
	// CMA-ES's default 4 + ⌊3 ln n⌋ for n parameters.
	Population int `toml:"population" json:"population"`
	// Generations is the maximum number of generations (≥ 1).
	Generations int `toml:"generations" json:"generations"`
	// StepSize is the initial step σ₀ in the search space z (0: 1, so the
	// first generation spreads over the middle of every prior box).
	StepSize float64 `toml:"step_size" json:"step_size"`
	// Seed keys the replicates' seeds and CMA-ES's own draws.
	Seed uint64 `toml:"seed" json:"seed"`
}

// PopulationOf returns the number of points of a generation over dim
// parameters: Population, or CMA-ES's default 4 + ⌊3 ln dim⌋ (gonum's
// CmaEsChol) if it is 0.
func (c CMAES) PopulationOf(dim int) int {
	if c.Population > 0 {
		return c.Population
	}
	return 4 + int(3*math.Log(float64(dim)))
}

// Validate returns an error naming the first bad setting and its value.
func (c CMAES) Validate() error {
	switch {
	case c.Replicates < 1:
		return fmt.Errorf("cmaes: replicates = %d, want ≥ 1", c.Replicates)
	case c.Population < 0 || c.Population == 1:
		return fmt.Errorf("cmaes: population = %d, want 0 (the default) or ≥ 2", c.Population)
	case c.Generations < 1:
		return fmt.Errorf("cmaes: generations = %d, want ≥ 1", c.Generations)
	case c.StepSize < 0 || math.IsNaN(c.StepSize) || math.IsInf(c.StepSize, 0):
		return fmt.Errorf("cmaes: step_size = %v, want ≥ 0 (0: the default 1)", c.StepSize)
	}
	return nil
}

// Estimate is the point estimate: the evaluated θ of least distance.
type Estimate struct {
	Theta    []float64 // natural units, in parameter order
	Distance float64
	Moments  []float64 // mean over the replicates, in target order
	// Generations and Evaluations count the generations run and the
	// model runs made; Converged says CMA-ES's search distribution
	// collapsed (its log-determinant fell below n·ln 10⁻¹⁶) before the
	// generation limit.
	Generations, Evaluations int
	Converged                bool
	// History is the best distance so far after each generation.
	History []float64
}

// CMAESProgress is reported after each generation.
type CMAESProgress struct {
	Generation, Generations int
	Best                    float64 // least distance so far
	Evaluations             int
}

// Stream keys under the calibration seed (sim.Derive(seed, stream, …)).
const (
	streamCRN   = 1 // CMA-ES: seed of replicate r
	streamCMA   = 2 // CMA-ES: its sampling source
	streamMove  = 3 // ABC: prior draw, copy or move of (generation, particle, attempt or step)
	streamSim   = 4 // ABC: seed of a run of (generation, particle, attempt, replicate)
	streamDraw  = 5 // posterior draws and their runs' seeds
	streamSize  = 6 // size check: seed of replicate r
	streamTruth = 7 // recovery: truth t's draws, data run and calibration seed
)

// Minimize returns the point estimate of the method of simulated moments:
// the θ minimising Data.Distance over the prior box, found by CMA-ES
// (gonum optimize.CmaEsChol, Krause et al. 2016's Cholesky variant of
// Hansen's CMA-ES) in the unbounded space z, u = a + (b − a)·σ(z) (see
// Parameter), starting from the centre of the box. Each generation's
// population is evaluated as one batch of ev. progress may be nil.
//
// Minimize drives the method through optimize.Method itself instead of
// optimize.Minimize, which hands points one at a time to Concurrent
// workers: a generation could not go to the evaluator as one batch (for
// the sweep runner), and although the samples are drawn in order, so that
// Concurrent 1, 4 and 20 give the same bits when the search stops at a
// generation's end, a stop on an evaluation count depends on which
// workers finished first (397 evaluations with 1 worker, 400 with 4, for
// a limit of 397). Here a generation is always evaluated whole, in one
// batch, so the estimate is the same whatever the evaluator's
// parallelism; a test checks it equals optimize.Minimize's with
// Concurrent = 1, bit for bit.
func Minimize(ctx context.Context, params []Parameter, data Data, ev Evaluator, cfg CMAES, progress func(CMAESProgress)) (*Estimate, error) {
	if err := validateParameters(params); err != nil {
		return nil, err
	}
	if err := data.validate(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	seeds := make([]uint64, cfg.Replicates)
	for r := range seeds {
		seeds[r] = sim.Derive(cfg.Seed, streamCRN, uint64(r))
	}
	step := cfg.StepSize
	if step == 0 {
		step = 1
	}
	k := sim.Derive(cfg.Seed, streamCMA)
	method := &optimize.CmaEsChol{InitStepSize: step, Population: cfg.Population, Src: rand.NewPCG(k, sim.Derive(k))}
	dim := len(params)
	pop := method.Init(dim, math.MaxInt) // the population size, PopulationOf(dim)
	ops := make(chan optimize.Task, pop)
	res := make(chan optimize.Task, pop)
	tasks := make([]optimize.Task, pop)
	for i := range tasks {
		tasks[i].Location = &optimize.Location{X: make([]float64, dim)} // tasks[0].X: z = 0, the centre
	}
	go method.Run(ops, res, tasks)
	stop := func() {
		res <- optimize.Task{Op: optimize.PostIteration}
		close(res)
		for range ops {
		}
	}

	est := &Estimate{Distance: math.Inf(1)}
	for g := 0; g < cfg.Generations; g++ {
		batch := make([]optimize.Task, pop)
		pts := make([]point, pop)
		for range pop {
			t := <-ops
			if t.Op != optimize.FuncEvaluation {
				stop()
				return nil, fmt.Errorf("cmaes: unexpected operation %v from the method", t.Op)
			}
			theta := make([]float64, dim)
			for j, p := range params {
				theta[j] = p.theta(p.fromZ(t.X[j]))
			}
			batch[t.ID] = t
			pts[t.ID] = point{theta: theta, seeds: seeds, key: Key{Stage: StageCMAES, Generation: g, Index: t.ID}}
		}
		dist, means, err := data.distances(ctx, ev, pts)
		if err != nil {
			stop()
			return nil, fmt.Errorf("cmaes: generation %d: %w", g, err)
		}
		est.Generations = g + 1
		est.Evaluations += pop * cfg.Replicates
		for i, d := range dist {
			if d < est.Distance || est.Theta == nil {
				est.Theta, est.Distance, est.Moments = pts[i].theta, d, means[i]
			}
		}
		est.History = append(est.History, est.Distance)
		if progress != nil {
			progress(CMAESProgress{Generation: g, Generations: cfg.Generations, Best: est.Distance, Evaluations: est.Evaluations})
		}
		for i, t := range batch {
			t.F = dist[i]
			res <- t
		}
		t := <-ops // the method's MajorIteration or MethodDone
		if t.Op == optimize.MethodDone {
			est.Converged = true
			break
		}
		if g+1 < cfg.Generations {
			res <- t
		}
	}
	stop()
	if st, err := method.Status(); err != nil {
		return nil, fmt.Errorf("cmaes: %v: %w", st, err)
	}
	return est, nil
}
