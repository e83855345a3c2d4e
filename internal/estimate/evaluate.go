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

	"exodus/internal/kit/calibrate"
	"exodus/internal/kit/output"
	"exodus/model"
)

// simulator returns the calibration's model run: the parameters at theta
// as edits of base (Base, Fit or Large), the given seed, and the targets'
// observables on its daily series. With predictions (base must then be
// Base) it returns after them the predictions' observables and every
// series the targets file reads (Calibration.Series), day by day.
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
// and runs (through next) only the runs it does not hold, so that an
// interrupted calibration resumes. Every run is a pure function of its
// key: a stored run is the run.
type store struct {
	dir  string
	next calibrate.Evaluator
}

// record is a stored run: its key's parameters and seed, and its moments
// (a moment that is not finite is stored as null and read back as NaN).
type record struct {
	Theta   []float64  `json:"theta"`
	Seed    uint64     `json:"seed"`
	Moments []*float64 `json:"moments"`
}

func (s store) path(k calibrate.Key) string {
	return filepath.Join(s.dir, "evals", k.String()+".json")
}

// Evaluate returns the stored moments of the runs it holds and runs the
// others, storing each.
func (s store) Evaluate(ctx context.Context, evals []calibrate.Eval) ([][]float64, error) {
	out := make([][]float64, len(evals))
	var todo []calibrate.Eval
	var at []int
	for i, e := range evals {
		m, err := s.read(e)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			todo, at = append(todo, e), append(at, i)
		case err != nil:
			return nil, err
		default:
			out[i] = m
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	got, err := s.next.Evaluate(ctx, todo)
	if err != nil {
		return nil, err
	}
	for j, e := range todo {
		if err := s.write(e, got[j]); err != nil {
			return nil, err
		}
		out[at[j]] = got[j]
	}
	return out, nil
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
