package calibrate

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"golang.org/x/sync/errgroup"
)

// Simulator runs the model once with the free parameters at theta (in
// their natural units, in the order of the calibration's parameters) and
// the given seed, and returns its moments: the targets' observables
// evaluated on the run (target.File.Moments), in target order. It must be
// a pure function of (theta, seed), safe to call concurrently, and return
// promptly with ctx.Err() when ctx is cancelled.
type Simulator func(ctx context.Context, theta []float64, seed uint64) (moments []float64, err error)

// Eval is one model run a calibration asks for.
type Eval struct {
	// Key names the run uniquely within a calibration (Key.String is a
	// file name), so an evaluator can store it and skip it when the
	// calibration is run again: every run is a pure function of its key.
	Key   Key
	Theta []float64
	Seed  uint64
}

// Key names a run: replicate Replicate of attempt Attempt of particle (or
// population member, or posterior draw) Index in generation Generation of
// stage Stage.
type Key struct {
	Stage      string // StageCMAES, StageABC or StagePredict
	Generation int
	Index      int
	Attempt    int
	Replicate  int
}

// Stages of a calibration.
const (
	StageCMAES   = "cmaes"
	StageABC     = "abc"
	StagePredict = "predict"
)

// String returns the key as a file-name stem such as
// abc-g003-i00042-a0007-r00, zero-padded so names sort in key order.
func (k Key) String() string {
	return fmt.Sprintf("%s-g%03d-i%05d-a%04d-r%02d", k.Stage, k.Generation, k.Index, k.Attempt, k.Replicate)
}

// Evaluator runs batches of model runs. A calibration hands it every run
// of a round at once, so an evaluator can spread them over processes or
// machines (the sweep runner) and store them to resume.
type Evaluator interface {
	// Evaluate returns the moments of each run, by index: result i is
	// run evals[i]'s, whatever order they ran in.
	Evaluate(ctx context.Context, evals []Eval) ([][]float64, error)
}

// Local evaluates runs in this process, at most Jobs at a time (errgroup),
// each result stored at its run's index, so results never depend on
// scheduling. A failed or panicking run fails the batch: no further run
// is started, and the error is that of the first run in batch order that
// failed other than by being cancelled.
type Local struct {
	Sim  Simulator
	Jobs int
}

// Evaluate runs the batch.
func (l Local) Evaluate(ctx context.Context, evals []Eval) ([][]float64, error) {
	if l.Jobs < 1 {
		return nil, fmt.Errorf("calibrate: jobs = %d, want ≥ 1", l.Jobs)
	}
	out := make([][]float64, len(evals))
	errs := make([]error, len(evals))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(l.Jobs)
	for i := range evals {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			out[i], errs[i] = l.call(gctx, evals[i])
			return errs[i]
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	first := -1
	for i, err := range errs {
		if err != nil && (first < 0 || errors.Is(errs[first], context.Canceled) && !errors.Is(err, context.Canceled)) {
			first = i
		}
	}
	if first >= 0 {
		e := evals[first]
		return nil, fmt.Errorf("run %s (θ = %v, seed %d): %w", e.Key, e.Theta, e.Seed, errs[first])
	}
	return out, nil
}

// call runs one evaluation, turning a panic into an error with its stack.
func (l Local) call(ctx context.Context, e Eval) (m []float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return l.Sim(ctx, e.Theta, e.Seed)
}
