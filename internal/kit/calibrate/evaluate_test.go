package calibrate

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// TestLocal checks that results are stored by index whatever the order
// runs finish in, and that a failure or a panic is reported with its run.
func TestLocal(t *testing.T) {
	var evals []Eval
	for i := range 20 {
		evals = append(evals, Eval{Key: Key{Stage: StageABC, Index: i}, Theta: []float64{float64(i)}, Seed: uint64(i)})
	}
	sim := func(_ context.Context, th []float64, seed uint64) ([]float64, error) {
		return []float64{th[0] * 2, float64(seed)}, nil
	}
	for _, jobs := range []int{1, 4} {
		out, err := Local{Sim: sim, Jobs: jobs}.Evaluate(context.Background(), evals)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range out {
			if m[0] != float64(2*i) || m[1] != float64(i) {
				t.Errorf("jobs %d: result %d = %v, want [%d %d]", jobs, i, m, 2*i, i)
			}
		}
	}

	failing := func(_ context.Context, th []float64, _ uint64) ([]float64, error) {
		switch th[0] {
		case 7:
			return nil, errors.New("no such platform")
		case 9:
			panic("index out of range")
		}
		return []float64{0}, nil
	}
	_, err := Local{Sim: failing, Jobs: 1}.Evaluate(context.Background(), evals)
	if err == nil || !strings.Contains(err.Error(), "run abc-g000-i00007-a0000-r00 (θ = [7], seed 7): no such platform") {
		t.Errorf("error %v, want the failed run's key, θ, seed and error", err)
	}
	_, err = Local{Sim: failing, Jobs: 1}.Evaluate(context.Background(), evals[8:])
	if err == nil || !strings.Contains(err.Error(), "i00009") || !strings.Contains(err.Error(), "panic: index out of range") {
		t.Errorf("error %v, want the panicking run's key and the panic", err)
	}
	if _, err := (Local{Sim: sim}).Evaluate(context.Background(), evals); err == nil || !strings.Contains(err.Error(), "jobs = 0") {
		t.Errorf("jobs 0: error %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (Local{Sim: sim, Jobs: 2}).Evaluate(ctx, evals); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}
}

// TestDistance checks D = Σ((m̄ − d)/sd)² on two replicates by hand:
// m̄ = (2, 5), d = (1, 1), sd = (0.5, 2): D = 2² + 2² = 8.
func TestDistance(t *testing.T) {
	d := Data{Values: []float64{1, 1}, SD: []float64{0.5, 2}}
	got, mean := d.Distance([][]float64{{1, 4}, {3, 6}})
	if got != 8 || mean[0] != 2 || mean[1] != 5 {
		t.Errorf("distance %v, mean %v; want 8, [2 5]", got, mean)
	}
	if got, _ := d.Distance([][]float64{{1, math.NaN()}}); !math.IsInf(got, 1) {
		t.Errorf("NaN moment: distance %v, want +Inf", got)
	}
}

// TestValidation checks that bad parameters, data and settings are
// refused with errors naming the field and echoing the value.
func TestValidation(t *testing.T) {
	ok := Parameter{Name: "p", Path: "weights.protest", Prior: Uniform, Lo: 0, Hi: 1}
	data := Data{Values: []float64{1}, SD: []float64{1}}
	abc := ABC{Particles: 10, Replicates: 1, Alpha: 0.5, Stay: 0.01, MaxGenerations: 2, MinAcceptance: 0.1}
	cma := CMAES{Replicates: 1, Generations: 1}
	sim := Local{Sim: func(context.Context, []float64, uint64) ([]float64, error) { return []float64{1}, nil }, Jobs: 1}
	with := func(f func(*Parameter)) []Parameter { p := ok; f(&p); return []Parameter{p} }
	for i, test := range []struct {
		params []Parameter
		data   Data
		abc    func(*ABC)
		cma    func(*CMAES)
		want   string
	}{
		{params: with(func(p *Parameter) { p.Name = "" }), want: `parameter (path "weights.protest"): name is empty`},
		{params: with(func(p *Parameter) { p.Path = "" }), want: `parameter "p": path is empty`},
		{params: with(func(p *Parameter) { p.Prior = "normal" }), want: `parameter "p": prior = "normal", want uniform or log-uniform`},
		{params: with(func(p *Parameter) { p.Lo = 2 }), want: `parameter "p": lo = 2, hi = 1: want finite bounds with lo < hi`},
		{params: with(func(p *Parameter) { p.Prior, p.Lo = LogUniform, 0 }), want: `parameter "p": lo = 0: a log-uniform prior needs lo > 0`},
		{params: []Parameter{ok, ok}, want: `parameter "p" is declared twice`},
		{params: []Parameter{}, want: "no free parameters"},
		{data: Data{Values: []float64{1}, SD: []float64{0}}, want: "target 0: sd = 0, want a finite number > 0"},
		{data: Data{Values: []float64{1, 2}, SD: []float64{1}}, want: "2 target values but 1 sd"},
		{abc: func(c *ABC) { c.Particles = 1 }, want: "abc: particles = 1, want ≥ 2"},
		{abc: func(c *ABC) { c.Alpha = 1 }, want: "abc: alpha = 1, want a share in (0, 1)"},
		{abc: func(c *ABC) { c.MinAcceptance = 0 }, want: "abc: min_acceptance = 0, want a rate in (0, 1]"},
		{abc: func(c *ABC) { c.MinTolerance = -1 }, want: "abc: min_tolerance = -1"},
		{abc: func(c *ABC) { c.MaxGenerations = 0 }, want: "abc: max_generations = 0"},
		{abc: func(c *ABC) { c.Replicates = 0 }, want: "abc: replicates = 0"},
		{cma: func(c *CMAES) { c.Population = 1 }, want: "cmaes: population = 1"},
		{cma: func(c *CMAES) { c.Generations = 0 }, want: "cmaes: generations = 0, want ≥ 1"},
		{cma: func(c *CMAES) { c.StepSize = -1 }, want: "cmaes: step_size = -1"},
	} {
		ps, d, a, c := []Parameter{ok}, data, abc, cma
		if test.params != nil {
			ps = test.params
		}
		if test.data.Values != nil {
			d = test.data
		}
		var err error
		switch {
		case test.cma != nil:
			test.cma(&c)
			_, err = Minimize(context.Background(), ps, d, sim, c, nil)
		default:
			if test.abc != nil {
				test.abc(&a)
			}
			_, err = SMC(context.Background(), ps, d, sim, a, nil)
		}
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want %q", i, err, test.want)
		}
	}
}
