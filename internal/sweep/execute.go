package sweep

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/exodus-sim/exodus/internal/kit/claim"
)

// ClaimsDir is the folder of the claim files (package claim) under a
// sweep's folder; a run's claims are named after it (Run.Name).
const ClaimsDir = "claims"

// Func runs one run of a sweep: it builds the run's model from its
// assignments and seed, runs it, and returns its result. It must return
// promptly with ctx.Err() when ctx is cancelled.
type Func func(ctx context.Context, r Run) (Result, error)

// Options says how Execute runs a sweep.
type Options struct {
	// Jobs is the number of runs at once in this process (≥ 1).
	Jobs int
	// Study identifies the study the runs belong to (its fingerprint):
	// every record carries it, and a run file carrying another is an
	// error, never a finished run.
	Study string
	// Shard is this process's share of the runs; the zero Shard is all.
	Shard Shard
	// Lease is how long a claim holds unrenewed (0: claim.DefaultLease;
	// else ≥ 1 ms); its holder renews it every Lease/4.
	Lease time.Duration
	// Progress follows the sweep; nil shows nothing.
	Progress Progress
}

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

// Execute runs the runs of o.Shard with at most o.Jobs at a time
// (errgroup), each finished run written atomically to its file under dir
// (see Path). Runs whose file already holds a result are skipped; runs
// whose file holds an error, or is not a run record at all, are run
// again. A file holding another run or another study's is an error. A
// run whose function fails (or panics) is recorded with its error and the
// sweep goes on; at the end Execute returns a *FailedError if any run of
// the shard failed. If ctx is cancelled, the runs in flight are abandoned
// unrecorded and Execute returns an error wrapping ctx.Err(), saying how
// many runs are done; running it again resumes. An error writing a file
// stops the sweep.
//
// Any number of processes, on one machine or on many sharing dir, may
// execute the same runs at once: each run is claimed before it starts
// (package internal/kit/claim), so none is done twice; a process
// waits for the runs of its shard that others are doing, and takes over
// those whose holder died.
func Execute(ctx context.Context, dir string, runs []Run, fn Func, o Options) error {
	if o.Jobs < 1 {
		return fmt.Errorf("jobs = %d, want ≥ 1", o.Jobs)
	}
	if o.Shard.Count < 0 || o.Shard.Count > 0 && (o.Shard.Index < 0 || o.Shard.Index >= o.Shard.Count) {
		return fmt.Errorf("shard %d/%d, want 0 ≤ i < n", o.Shard.Index, o.Shard.Count)
	}
	c, err := claim.New(filepath.Join(dir, ClaimsDir), o.Lease)
	if err != nil {
		return err
	}
	progress := o.Progress
	if progress == nil {
		progress = quiet{}
	}
	x := &execution{dir: dir, runs: runs, fn: fn, o: o, c: c, progress: progress,
		before: make([]os.FileInfo, len(runs)), failed: make([]string, len(runs))}
	var pending []int
	total := 0
	for i, r := range runs {
		if !o.Shard.Has(i) {
			continue
		}
		total++
		rec, fi, err := readRecord(dir, o.Study, r)
		switch {
		case errors.Is(err, errMissing), errors.Is(err, errInvalid):
			pending = append(pending, i)
		case err != nil:
			return err
		case !rec.OK():
			x.before[i] = fi
			pending = append(pending, i)
		}
	}
	before := total - len(pending)
	progress.Start(total, before)
	defer progress.Finish()

	for len(pending) > 0 {
		busy, err := x.pass(ctx, pending)
		if err != nil {
			return err
		}
		if len(busy) == 0 || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(c.Poll()):
		}
		pending = busy
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sweep interrupted with %d of %d runs done: %w", before+int(x.finished.Load()), total, err)
	}
	fe := &FailedError{Total: total, Dir: dir}
	for i, e := range x.failed {
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

// execution is the state of one Execute.
type execution struct {
	dir      string
	runs     []Run
	fn       Func
	o        Options
	c        *claim.Claimer
	progress Progress
	// before[i] is run i's file as first read if it held an error (the
	// run is retried), to tell it from a record another process writes.
	before []os.FileInfo
	// failed[i] is the error of run i if it failed.
	failed []string
	// finished counts the runs of pending passes now recorded.
	finished atomic.Int64
}

// pass tries each of the pending runs, at most o.Jobs at a time, and
// returns those that another live process holds.
func (x *execution) pass(ctx context.Context, pending []int) ([]int, error) {
	var mu sync.Mutex
	var busy []int
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(x.o.Jobs)
	for _, i := range pending {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			done, err := x.try(gctx, i)
			if err != nil || done {
				return err
			}
			if gctx.Err() == nil {
				mu.Lock()
				busy = append(busy, i)
				mu.Unlock()
			}
			return nil
		})
	}
	err := g.Wait()
	return busy, err
}

// recorded reads run i's record: done is true if the run needs nothing
// more from this process (it succeeded, or another process recorded its
// failure since Execute began).
func (x *execution) recorded(i int) (done bool, err error) {
	rec, fi, err := readRecord(x.dir, x.o.Study, x.runs[i])
	switch {
	case errors.Is(err, errMissing), errors.Is(err, errInvalid):
		return false, nil
	case err != nil:
		return false, err
	case rec.OK():
		return true, nil
	case x.before[i] != nil && os.SameFile(fi, x.before[i]):
		return false, nil // the failure this process retries
	}
	x.failed[i] = rec.Error
	return true, nil
}

// try does run i unless it is done: it claims the run, runs it, records
// it and releases the claim. It returns done = false if another live
// process holds the run (or took it over while it ran here).
func (x *execution) try(ctx context.Context, i int) (done bool, err error) {
	r := x.runs[i]
	if done, err := x.recorded(i); done || err != nil {
		x.count(done)
		return done, err
	}
	h, err := x.c.Acquire(r.Name())
	if h == nil || err != nil {
		return false, err
	}
	// Another process may have recorded the run and released its claim
	// between the read above and the claim.
	if done, err := x.recorded(i); done || err != nil {
		x.count(done)
		return done, errors.Join(err, h.Release())
	}
	var res Result
	lost := h.Keep(ctx, func() bool { _, err := os.Stat(Path(x.dir, r)); return err == nil }, func(ctx context.Context) {
		res, err = call(ctx, x.fn, r)
	})
	switch {
	case lost:
		return false, nil // its new holder records it
	case ctx.Err() != nil:
		return false, h.Release() // interrupted: leave the run unrecorded
	}
	rec := Record{Run: r, Study: x.o.Study}
	if err != nil {
		rec.Error = err.Error()
		x.failed[i] = rec.Error
	} else {
		rec.Result = &res
		x.failed[i] = ""
	}
	if err := writeRecord(x.dir, rec); err != nil {
		return false, errors.Join(err, h.Release())
	}
	x.count(true)
	return true, h.Release()
}

// count reports a run recorded during Execute, by this process or another.
func (x *execution) count(done bool) {
	if done {
		x.finished.Add(1)
		x.progress.Done()
	}
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
