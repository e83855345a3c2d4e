package estimate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/claim"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/model"
)

// simulator returns the calibration's model run: the parameters at theta
// as edits of base (Base, Fit or Large), the given seed, and the targets'
// observables on its daily series. With predictions (base must then be
// Base) it returns after them the predictions' observables, the held-out
// facts' and every series the targets file reads (Calibration.Series),
// day by day.
func (c *Calibration) simulator(base *model.Scenario, predictions bool) calibrate.Simulator {
	return func(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
		p, err := c.plan(base, theta, seed)
		if err != nil {
			return nil, err
		}
		r, err := model.RunScenario(ctx, p, model.RunOptions{Workers: 1})
		if err != nil {
			return nil, err
		}
		s := Series{Plan: p, History: r.History}
		m, err := c.Targets.Moments(s)
		if err != nil || !predictions {
			return m, err
		}
		pr, err := c.Targets.Predict(s)
		if err != nil {
			return nil, err
		}
		m = append(m, pr...)
		held, err := c.Targets.HeldOutMoments(s)
		if err != nil {
			return nil, err
		}
		m = append(m, held...)
		for _, ref := range c.Targets.Series() {
			_, v, err := s.Daily(ref.Quantity, ref.Group, ref.Platform)
			if err != nil {
				return nil, fmt.Errorf("series %s: %w", ref, err)
			}
			m = append(m, v...)
		}
		return m, nil
	}
}

// store is an Evaluator that keeps each run's moments in dir/evals/KEY.json
// and runs (through next, at most next.Jobs at a time) only the runs it
// does not hold, so that an interrupted calibration resumes: every run is
// a pure function of its key, so a stored run is the run.
//
// Any number of processes, on one machine or on the machines of a cluster
// sharing dir, may run the same calibration on it at once: each run is
// claimed (package internal/kit/claim, files dir/claims/KEY.GEN)
// before it starts, so none is done twice; a process runs the runs of a
// batch nobody holds, then waits (polling) for those others hold, taking
// over those whose holder died. Every process then reads the same
// moments, so all compute the same calibration.
type store struct {
	dir  string
	next calibrate.Local
}

// Folders of a calibration's runs and of their claims.
const (
	evalsDir  = "evals"
	claimsDir = "claims"
)

// record is a stored run: its key's parameters and seed, and its moments
// (a moment that is not finite is stored as null and read back as NaN).
type record struct {
	Theta   []float64  `json:"theta"`
	Seed    uint64     `json:"seed"`
	Moments []*float64 `json:"moments"`
}

func (s store) path(k calibrate.Key) string {
	return filepath.Join(s.dir, evalsDir, k.String()+".json")
}

// Evaluate returns the moments of the runs, running and storing those no
// process has stored, and waiting for those another live process holds.
// A run that fails fails the batch: the error is that of the first run
// in batch order that failed other than by being cancelled, and nothing
// is stored for it.
func (s store) Evaluate(ctx context.Context, evals []calibrate.Eval) ([][]float64, error) {
	if s.next.Jobs < 1 {
		return nil, fmt.Errorf("calibrate: jobs = %d, want ≥ 1", s.next.Jobs)
	}
	claims, err := claim.New(filepath.Join(s.dir, claimsDir), 0)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(evals))
	pending := make([]int, len(evals))
	for i := range pending {
		pending[i] = i
	}
	// Waits start short, since the runs of a round end at about the same
	// time, and double up to the claims' polling interval.
	wait := 10 * time.Millisecond
	for {
		busy, err := s.pass(ctx, claims, evals, pending, out)
		if err != nil {
			return nil, err
		}
		if len(busy) == 0 {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, claims.Poll())
		pending = busy
	}
}

// pass tries each pending run, at most s.next.Jobs at a time, setting out[i]
// for each run stored or done, and returns in batch order those another
// live process holds.
func (s store) pass(ctx context.Context, claims *claim.Claimer, evals []calibrate.Eval, pending []int, out [][]float64) ([]int, error) {
	errs := make([]error, len(evals))
	held := make([]bool, len(evals))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.next.Jobs)
	for _, i := range pending {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			out[i], held[i], errs[i] = s.try(gctx, claims, evals[i])
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
		return nil, errs[first]
	}
	var busy []int
	for _, i := range pending {
		if held[i] {
			busy = append(busy, i)
		}
	}
	return busy, nil
}

// try returns the moments of run e: stored, or run here under a claim
// and stored. It returns held = true, and no moments, if another live
// process holds the run (or took it over while it ran here).
func (s store) try(ctx context.Context, claims *claim.Claimer, e calibrate.Eval) (m []float64, held bool, err error) {
	m, err = s.read(e)
	if !errors.Is(err, fs.ErrNotExist) {
		return m, false, err
	}
	h, err := claims.Acquire(e.Key.String())
	if h == nil || err != nil {
		return nil, err == nil, err
	}
	// Another process may have stored the run and released its claim
	// between the read above and the claim.
	if m, err = s.read(e); !errors.Is(err, fs.ErrNotExist) {
		return m, false, errors.Join(err, h.Release())
	}
	var got [][]float64
	lost := h.Keep(ctx, func() bool { _, err := os.Stat(s.path(e.Key)); return err == nil }, func(ctx context.Context) {
		got, err = calibrate.Local{Sim: s.next.Sim, Jobs: 1}.Evaluate(ctx, []calibrate.Eval{e})
	})
	switch {
	case lost:
		return nil, true, nil // its new holder stores it
	case err != nil:
		return nil, false, errors.Join(err, h.Release())
	}
	m = got[0]
	if err := s.write(e, m); err != nil {
		return nil, false, errors.Join(err, h.Release())
	}
	return finite(m), false, h.Release()
}

// finite returns m with its non-finite moments as NaN, as a stored run is
// read back: a run gives the same moments whether it ran in this process
// or was read.
func finite(m []float64) []float64 {
	for k, v := range m {
		if math.IsInf(v, 0) {
			m[k] = math.NaN()
		}
	}
	return m
}

func (s store) read(e calibrate.Eval) ([]float64, error) {
	b, err := os.ReadFile(s.path(e.Key))
	if err != nil {
		return nil, err
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", s.path(e.Key), err)
	}
	if r.Seed != e.Seed || len(r.Theta) != len(e.Theta) {
		return nil, fmt.Errorf("%s holds another run (seed %d, %d parameters; want seed %d, %d): another calibration's folder?", s.path(e.Key), r.Seed, len(r.Theta), e.Seed, len(e.Theta))
	}
	for k := range r.Theta {
		if r.Theta[k] != e.Theta[k] {
			return nil, fmt.Errorf("%s holds another run (θ%d = %v, want %v): another calibration's folder?", s.path(e.Key), k, r.Theta[k], e.Theta[k])
		}
	}
	m := make([]float64, len(r.Moments))
	for k, v := range r.Moments {
		m[k] = math.NaN()
		if v != nil {
			m[k] = *v
		}
	}
	return m, nil
}

func (s store) write(e calibrate.Eval, m []float64) error {
	r := record{Theta: e.Theta, Seed: e.Seed, Moments: make([]*float64, len(m))}
	for k := range m {
		if !math.IsNaN(m[k]) && !math.IsInf(m[k], 0) {
			r.Moments[k] = &m[k]
		}
	}
	return output.WriteJSON(s.path(e.Key), r)
}
