package sweep

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Func runs one run of a sweep: it builds the run's model from its
// assignments and seed, runs it, and returns its result. It must return
// promptly with ctx.Err() when ctx is cancelled.
type Func func(ctx context.Context, r Run) (Result, error)

// FailedError says how many runs of a sweep failed; their files hold the
// errors.
type FailedError struct {
	Failed, Total int
	// First is the first failed run in run order, and its error.
	First Run
	Err   string
	Dir   string
}

func (e *FailedError) Error() string {
	return fmt.Sprintf("sweep: %d of %d runs failed (first: %s: %s); their errors are in %s", e.Failed, e.Total, e.First.Name(), e.Err, Path(e.Dir, e.First))
}

// Execute runs the runs with at most jobs at a time (errgroup), each
// finished run written atomically to its file under dir (see Path). Runs
// whose file already holds a result are skipped; runs whose file holds an
// error, or is not a run record at all, are run again. A file holding
// another run (another sweep's folder) is an error. A run whose function fails (or panics) is recorded
// with its error and the sweep goes on; at the end Execute returns a
// *FailedError if any run failed. If ctx is cancelled, the runs in flight
// are abandoned unrecorded and Execute returns an error wrapping ctx.Err(),
// saying how many runs are done; running it again resumes. An error
// writing a file stops the sweep. progress may be nil.
func Execute(ctx context.Context, runs []Run, jobs int, dir string, fn Func, progress Progress) error {
	if jobs < 1 {
		return fmt.Errorf("jobs = %d, want ≥ 1", jobs)
	}
	if progress == nil {
		progress = quiet{}
	}
	var pending []int
	for i, r := range runs {
		rec, err := readRecord(dir, r)
		switch {
		case errors.Is(err, errMissing), errors.Is(err, errInvalid):
			pending = append(pending, i)
		case err != nil:
			return err
		case !rec.OK():
			pending = append(pending, i)
		}
	}
	progress.Start(len(runs), len(runs)-len(pending))
	defer progress.Finish()

	errs := make([]string, len(runs)) // by run: the error of a failed run
	var finished atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(jobs)
	for _, i := range pending {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			r := runs[i]
			res, err := call(gctx, fn, r)
			if gctx.Err() != nil {
				return nil // interrupted: leave the run unrecorded
			}
			rec := Record{Run: r}
			if err != nil {
				rec.Error = err.Error()
				errs[i] = rec.Error
			} else {
				rec.Result = &res
			}
			if err := writeRecord(dir, rec); err != nil {
				return err
			}
			finished.Add(1)
			progress.Done()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		done := len(runs) - len(pending) + int(finished.Load())
		return fmt.Errorf("sweep interrupted with %d of %d runs done: %w", done, len(runs), err)
	}
	fe := &FailedError{Total: len(runs), Dir: dir}
	for i, e := range errs {
		if e == "" {
			continue
		}
		if fe.Failed == 0 {
			fe.First, fe.Err = runs[i], e
		}
		fe.Failed++
	}
	if fe.Failed > 0 {
		return fe
	}
	return nil
}

// call runs fn, turning a panic into an error with its stack.
func call(ctx context.Context, fn Func, r Run) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn(ctx, r)
}
