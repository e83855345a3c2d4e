package validate

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/model"
)

// TestStandardErrors checks the variances the tolerances rest on against
// the spread of 100 small replicates (N = 10⁴): for each quantity,
// (R−1)·s²/σ² must lie within the 0.1% and 99.9% quantiles of χ²(R−1), s²
// the replicates' sample variance and σ² the predicted one. A variance
// predicted too large would make the checks lenient; too small, flaky.
func TestStandardErrors(t *testing.T) {
	const n, reps = 10_000, 100
	o := Options{Seed: 5}
	chi2 := distuv.ChiSquared{K: reps - 1}
	lo, hi := chi2.Quantile(1e-3), chi2.Quantile(1-1e-3)
	test := func(name string, got []float64, variance float64) {
		t.Helper()
		s2 := stat.Variance(got, nil)
		if q := (reps - 1) * s2 / variance; q < lo || q > hi {
			t.Errorf("%s: sample variance %.3g, predicted %.3g: (R−1)s²/σ² = %.1f outside [%.1f, %.1f]", name, s2, variance, q, lo, hi)
		}
	}
	run := func(spec model.ClassicSpec) []*model.History {
		t.Helper()
		hists, err := replicates(context.Background(), o, reps, func(ctx context.Context, r int) (*model.History, error) {
			spec := spec
			spec.Seed = o.seed(spec.Rule, r)
			return runClassic(ctx, spec)
		})
		if err != nil {
			t.Fatal(err)
		}
		return hists
	}
	at := func(hists []*model.History, k, s int) []float64 {
		x := make([]float64, len(hists))
		for r, h := range hists {
			x[r] = share(h, k, s)
		}
		return x
	}
	complete := model.NetworkSpec{Kind: "complete"}

	// Bass: the share at t* and t = 10, dt = 0.01.
	const p, q, dt = 0.03, 0.38, 0.01
	hists := run(model.ClassicSpec{Rule: "bass", Params: model.Params{"p": p, "q": q, "dt": dt}, Network: complete, Agents: n, Ticks: 1000})
	v := bassVariance(p, q, dt, n, 1000)
	for _, k := range []int{619, 1000} {
		test("bass F", at(hists, k, 1), v[k])
	}

	// irSIR: s, i and r at t = 3, dt = 0.01, and the invariant's change.
	const beta, nu = 1.0, 2.0
	hists = run(model.ClassicSpec{Rule: "irsir", Params: model.Params{"beta": beta, "nu": nu, "dt": dt, "i0": 0.05, "r0": 0.05},
		Network: complete, Agents: n, Ticks: 1000})
	path := irsirSolve(beta, nu, dt, [3]float64{0.9, 0.05, 0.05}, 1000)
	cov := irsirCovariance(beta, nu, dt, n, path)
	c := cov[300]
	test("irsir s(3)", at(hists, 300, 0), c[0])
	test("irsir i(3)", at(hists, 300, 1), c[0]+2*c[1]+c[2])
	test("irsir r(3)", at(hists, 300, 2), c[2])
	inv := make([]float64, reps)
	for r, h := range hists {
		inv[r] = nu*math.Log(share(h, 1000, 0)/share(h, 0, 0)) + beta*math.Log(share(h, 1000, 2)/share(h, 0, 2))
	}
	w, _ := irsirInvariantNoise(beta, nu, dt, n, path)
	test("irsir invariant", inv, w)

	// Flip: the share at tick 50 less its closed form given x₀.
	hists = run(model.ClassicSpec{Rule: "flip", Params: model.Params{"a": 0.01, "b": 0.3, "x0": 0.1}, Network: complete, Agents: n, Ticks: 50})
	dev := make([]float64, reps)
	var fv float64
	for r, h := range hists {
		x0 := share(h, 0, 1)
		dev[r] = share(h, 50, 1) - flipMean(0.01, x0, 50)
		fv += flipVariance(0.01, 0.3, n, x0, 50) / reps
	}
	test("flip x(50)", dev, fv)
}
