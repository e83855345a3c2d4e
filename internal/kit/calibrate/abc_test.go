package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/exodus-sim/exodus/internal/kit/target"
	"github.com/exodus-sim/exodus/sim"
)

// normalMean is the conjugate test model: the sample mean of n draws of
// N(μ, σ²) is N(μ, s²) with s = σ/√n, drawn here directly.
func normalMean(s float64) Simulator {
	return func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 1))
		return []float64{theta[0] + s*r.NormFloat64()}, nil
	}
}

// TestSMCConjugate checks ABC-SMC against the closed form of the ABC
// posterior of a normal mean with known variance. With a flat prior on
// [−10, 10], observed mean x̄ and simulated mean m ~ N(μ, s²), a run is
// accepted when |m − x̄| ≤ h, h = s·√ε (D = ((m − x̄)/s)² ≤ ε), so the ABC
// posterior at tolerance ε is p(μ) ∝ P(|μ + sZ − x̄| ≤ h): the posterior
// N(x̄, s²) convolved with U[−h, h], of mean x̄ and variance s² + h²/3
// exactly (the prior's truncation at 50 s from x̄ is negligible). A
// second parameter ν, uniform on [0, 1], which the model ignores, must keep
// its prior: mean 1/2 and sd 1/√12. The random walk moves in z = logit ν,
// where that prior is logistic, so ν keeps it only if each move is
// accepted with the prior's ratio (a walk that skipped it would drift in z
// and pile ν up at 0 and 1).
//
// The Monte-Carlo error of one run's mean and sd is not the i.i.d.
// sd/√N: the particles are copies and moves of each other (with importance
// weights, over 20 seeds at 1000 particles, the sd's error spread was 1.8
// times sd/√(2·ESS)). So the test measures it:
// it runs 8 calibrations under seeds 1…8 and compares the average of their
// posterior means and sds with the closed form, allowing t₀.₉₉₉,₇ = 5.41
// standard errors of that average, estimated from the 8 runs' spread.
func TestSMCConjugate(t *testing.T) {
	const s, xbar, runs = 0.2, 1.3, 8
	params := []Parameter{{Name: "mu", Path: "mu", Prior: Uniform, Lo: -10, Hi: 10}, {Name: "nu", Path: "nu", Prior: Uniform, Lo: 0, Hi: 1}}
	data := Data{Values: []float64{xbar}, SD: []float64{s}}
	var means, sds, nuMeans, nuSDs [runs]float64
	var wantSD float64
	for i := range runs {
		cfg := ABC{Particles: 500, Replicates: 1, Alpha: 0.5, Stay: 0.01, MinTolerance: 0.01, MaxGenerations: 30, MinAcceptance: 0.005, Seed: uint64(i + 1)}
		post, err := SMC(context.Background(), params, data, Local{Sim: normalMean(s), Jobs: 2}, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		last := post.Generations[len(post.Generations)-1]
		if post.Stop != StopTolerance || last.Tolerance != cfg.MinTolerance {
			t.Fatalf("seed %d: stopped by %s at tolerance %v, want %s at %v", cfg.Seed, post.Stop, last.Tolerance, StopTolerance, cfg.MinTolerance)
		}
		h := s * math.Sqrt(last.Tolerance)
		wantSD = math.Sqrt(s*s + h*h/3)
		x := make([]float64, len(post.Particles))
		nu := make([]float64, len(post.Particles))
		w := make([]float64, len(post.Particles))
		for j, p := range post.Particles {
			x[j], nu[j], w[j] = p.Theta[0], p.Theta[1], p.Weight
		}
		// The weighted mean and the square root of the weighted second
		// central moment (stat.StdDev would divide by Σw − 1 = 0).
		means[i], sds[i] = stat.Mean(x, w), math.Sqrt(stat.Moment(2, x, w))
		nuMeans[i], nuSDs[i] = stat.Mean(nu, w), math.Sqrt(stat.Moment(2, nu, w))
		if last.Distinct < cfg.Particles/2 {
			t.Errorf("seed %d: %d distinct particles of %d: the population degenerated", cfg.Seed, last.Distinct, cfg.Particles)
		}
		for _, g := range post.Generations {
			kept := int(math.Ceil(cfg.Alpha * float64(cfg.Particles)))
			if g.Generation == 0 {
				kept = 0
			}
			if !g.Done || g.Kept < kept || g.AcceptanceRate != float64(g.Accepted)/float64(g.Attempts) {
				t.Errorf("seed %d: generation %+v", cfg.Seed, g)
			}
		}
		t.Logf("seed %d: %d generations, %d evaluations, %d distinct, mean %.4f, sd %.4f; nu mean %.4f, sd %.4f", cfg.Seed, len(post.Generations), totalEvaluations(post), last.Distinct, means[i], sds[i], nuMeans[i], nuSDs[i])
	}
	const t999 = 5.408 // Student t, 7 df, 0.999 (R: qt(0.999, 7))
	for _, c := range []struct {
		what     string
		est      []float64
		want, sd float64 // the value and the posterior's sd
	}{
		{"mu mean", means[:], xbar, wantSD},
		{"mu sd", sds[:], wantSD, wantSD},
		{"nu mean", nuMeans[:], 0.5, 1 / math.Sqrt(12)},
		{"nu sd", nuSDs[:], 1 / math.Sqrt(12), 1 / math.Sqrt(12)},
	} {
		m, sd := stat.MeanStdDev(c.est, nil)
		se := sd / math.Sqrt(runs)
		if math.Abs(m-c.want) > t999*se {
			t.Errorf("posterior %s: average over %d runs %.5f, want %.5f ± %.1f×%.5f", c.what, runs, m, c.want, t999, se)
		}
		if t999*se > c.sd/4 {
			t.Errorf("posterior %s: %.1f standard errors are %.5f, more than a quarter of the posterior sd %.4f: the check is too loose to mean anything", c.what, t999, t999*se, c.sd)
		}
	}
}

func totalEvaluations(p *Posterior) int {
	n := 0
	for _, g := range p.Generations {
		n += g.Evaluations
	}
	return n
}

// toy is a cheap stochastic model of a surge of installs: ten days, a
// base level A on day 0, a jump to A·J on day 1 and an exponential decay
// at rate k from there, each day's value multiplied by the lognormal
// noise exp(0.1·Z − 0.005) (mean 1). It implements target.Series.
type toy struct {
	days   []string
	values []float64
}

var toyDays = []string{"2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05", "2025-01-06", "2025-01-07", "2025-01-08", "2025-01-09", "2025-01-10"}

// toyMean returns the toy's noise-free series at θ = (A, J, k).
func toyMean(theta []float64) []float64 {
	a, j, k := theta[0], theta[1], theta[2]
	v := make([]float64, len(toyDays))
	v[0] = a
	for d := 1; d < len(v); d++ {
		v[d] = a * j * math.Exp(-k*float64(d-1))
	}
	return v
}

func newToy(theta []float64, seed uint64) toy {
	r := rand.New(rand.NewPCG(seed, 2))
	v := toyMean(theta)
	for d := range v {
		v[d] *= math.Exp(0.1*r.NormFloat64() - 0.005)
	}
	return toy{days: toyDays, values: v}
}

func (t toy) Daily(quantity, group, platform string) ([]string, []float64, error) {
	return t.days, t.values, nil
}

// toyTargets are the toy's targets: the day-1 jump, the decay over days
// 1–10 and the cumulative share of the ten days in a population of 10⁶.
var toyTargets = func() *target.File {
	ref := target.SeriesRef{Quantity: "installs", Group: "US", Platform: "RedNote"}
	obs := []target.Observable{
		{Kind: target.Ratio, Series: ref, BaseDay: "2025-01-01", Day: "2025-01-02"},
		{Kind: target.Decay, Series: ref, Window: target.Window{From: "2025-01-02", To: "2025-01-10"}},
		{Kind: target.CumulativeShare, Series: ref, Window: target.Window{From: "2025-01-01", To: "2025-01-10"}, Population: 1e6},
	}
	f := &target.File{}
	for i, o := range obs {
		f.Targets = append(f.Targets, target.Target{Name: string(rune('a' + i)), Observable: o})
	}
	return f
}()

func toySim(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
	return toyTargets.Moments(newToy(theta, seed))
}

var toyParams = []Parameter{
	{Name: "A", Path: "base", Prior: LogUniform, Lo: 100, Hi: 10000},
	{Name: "J", Path: "jump", Prior: Uniform, Lo: 1, Hi: 10},
	{Name: "k", Path: "decay", Prior: Uniform, Lo: 0.05, Hi: 1},
}

// toyData returns synthetic targets at the true θ: the moments of the
// noise-free series (within 1% of their expectations under the noise) and,
// as sd, the moments' first-order noise sd: the ratio's 0.1·√2·J (two
// days' independent log-noise), the decay's 0.1·√(Σλ²(t − t̄)²)/Σλ(t −
// t̄)² over its 9 days, t̄ = Σλt/Σλ (the Poisson fit, linearised in
// log-noise 0.1, is a regression of the noise on t weighted by λ), and
// the share's 0.1·√(Σλ²)/10⁶.
func toyData(truth []float64) Data {
	lam := toyMean(truth)
	var sum, sum2 float64
	for _, l := range lam {
		sum += l
		sum2 += l * l
	}
	window := lam[1:] // days 2 to 10
	var w, wt float64
	for t, l := range window {
		w += l
		wt += l * float64(t)
	}
	var num, den float64
	for t, l := range window {
		d := float64(t) - wt/w
		num += l * l * d * d
		den += l * d * d
	}
	return Data{
		Values: []float64{truth[1], truth[2], sum / 1e6},
		SD:     []float64{0.1 * math.Sqrt2 * truth[1], 0.1 * math.Sqrt(num) / den, 0.1 * math.Sqrt(sum2) / 1e6},
	}
}

var toyABC = ABC{Particles: 400, Replicates: 1, Alpha: 0.5, Stay: 0.01, MinTolerance: 3, MaxGenerations: 15, MinAcceptance: 0.02, Seed: 11}

// TestSMCRecovery calibrates the toy on synthetic targets from known
// parameters and checks that each true value is inside its posterior 90%
// interval, and that the interval is informative: narrower than a third of
// the prior's range (in ln A for A), so a calibrator that returned the
// prior would fail. The tolerance 3 (the number of targets) asks each
// moment to be within about one noise sd. Runs in about 1 s on one core
// (go test -run SMCRecovery -v prints the time).
func TestSMCRecovery(t *testing.T) {
	truth := []float64{1000, 4, 0.4}
	post, err := SMC(context.Background(), toyParams, toyData(truth), Local{Sim: toySim, Jobs: 2}, toyABC, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("stop %s after %d generations, %d evaluations", post.Stop, len(post.Generations), totalEvaluations(post))
	for k, s := range post.Summaries() {
		p := toyParams[k]
		t.Logf("%s: true %v, median %.4g, 90%% interval [%.4g, %.4g]", p.Name, truth[k], s.Q50, s.Q05, s.Q95)
		if truth[k] < s.Q05 || truth[k] > s.Q95 {
			t.Errorf("%s: true value %v outside the 90%% interval [%v, %v]", p.Name, truth[k], s.Q05, s.Q95)
		}
		lo, hi := p.bounds()
		width := uOf(p, s.Q95) - uOf(p, s.Q05)
		if width > (hi-lo)/3 {
			t.Errorf("%s: 90%% interval [%v, %v] spans %.0f%% of the prior: not informative", p.Name, s.Q05, s.Q95, 100*width/(hi-lo))
		}
	}
}

// uOf returns θ in the prior's scale u (ln θ for a log-uniform prior).
func uOf(p Parameter, theta float64) float64 {
	if p.Prior == LogUniform {
		return math.Log(theta)
	}
	return theta
}

// TestSMCDeterminism checks that the posterior and its diagnostics are
// identical, bit for bit, with 1 and 4 parallel evaluations.
func TestSMCDeterminism(t *testing.T) {
	cfg := toyABC
	cfg.Particles, cfg.MaxGenerations = 100, 5
	data := toyData([]float64{1000, 4, 0.4})
	var posts [2]*Posterior
	for i, jobs := range []int{1, 4} {
		p, err := SMC(context.Background(), toyParams, data, Local{Sim: toySim, Jobs: jobs}, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		posts[i] = p
	}
	if !reflect.DeepEqual(posts[0].Generations, posts[1].Generations) {
		t.Errorf("generations differ:\n%+v\n%+v", posts[0].Generations, posts[1].Generations)
	}
	a, b := posts[0].ParticleRows(), posts[1].ParticleRows()
	if len(a) != len(b) {
		t.Fatalf("%d and %d particle rows", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Particle != y.Particle || x.Parameter != y.Parameter || math.Float64bits(x.Value) != math.Float64bits(y.Value) ||
			math.Float64bits(x.Weight) != math.Float64bits(y.Weight) || math.Float64bits(x.Distance) != math.Float64bits(y.Distance) {
			t.Fatalf("row %d: %+v with 1 job, %+v with 4", i, x, y)
		}
	}
}

// TestSMCResume checks that every run is a pure function of its key: in
// one calibration no key names two different runs, and a second
// calibration whose evaluator serves every run from the first one's
// results by key makes no run and gives the same posterior, as a sweep
// runner resuming from its stored runs would. It also checks that the
// run seeds are keyed by (seed, generation, particle, attempt, replicate)
// and that progress reports end each generation with a completed one.
func TestSMCResume(t *testing.T) {
	cfg := toyABC
	cfg.Particles, cfg.MaxGenerations, cfg.Replicates = 50, 4, 2
	data := toyData([]float64{1000, 4, 0.4})
	store := map[string]Eval{}
	results := map[string][]float64{}
	runs := 0
	first := evalFunc(func(ctx context.Context, evals []Eval) ([][]float64, error) {
		out, err := Local{Sim: toySim, Jobs: 2}.Evaluate(ctx, evals)
		for i, e := range evals {
			name := e.Key.String()
			if old, ok := store[name]; ok && !reflect.DeepEqual(old, e) {
				t.Fatalf("key %s names two runs: %+v and %+v", name, old, e)
			}
			if e.Key.Stage == StageABC && e.Seed != sim.Derive(cfg.Seed, streamSim, uint64(e.Key.Generation), uint64(e.Key.Index), uint64(e.Key.Attempt), uint64(e.Key.Replicate)) {
				t.Fatalf("run %s: seed %d is not derived from its key", name, e.Seed)
			}
			store[name], results[name] = e, out[i]
		}
		runs += len(evals)
		return out, err
	})
	var reports []Generation
	a, err := SMC(context.Background(), toyParams, data, first, cfg, func(g Generation) { reports = append(reports, g) })
	if err != nil {
		t.Fatal(err)
	}
	if runs != totalEvaluations(a) {
		t.Errorf("%d runs made, generations report %d", runs, totalEvaluations(a))
	}
	g := 0
	for _, r := range reports {
		if r.Generation != g {
			t.Fatalf("progress: generation %d reported while %d was running", r.Generation, g)
		}
		if r.Done {
			if r != a.Generations[g] {
				t.Errorf("progress reported %+v, posterior has %+v", r, a.Generations[g])
			}
			g++
		}
	}
	if g != len(a.Generations) {
		t.Errorf("%d generations completed in progress, %d in the posterior", g, len(a.Generations))
	}

	cached := evalFunc(func(_ context.Context, evals []Eval) ([][]float64, error) {
		out := make([][]float64, len(evals))
		for i, e := range evals {
			m, ok := results[e.Key.String()]
			if !ok {
				t.Fatalf("run %s was not made the first time", e.Key)
			}
			out[i] = m
		}
		return out, nil
	})
	b, err := SMC(context.Background(), toyParams, data, cached, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("the posterior from stored runs differs")
	}
}

type evalFunc func(context.Context, []Eval) ([][]float64, error)

func (f evalFunc) Evaluate(ctx context.Context, evals []Eval) ([][]float64, error) {
	return f(ctx, evals)
}

// TestSMCManyParameters calibrates 21 independent normal means, as many
// parameters as rednote-2025's calibration, each observed at the centre
// of its uniform prior [0, 1] with sd 0.05: the posterior of each is about
// N(0.5, 0.05²), far from the box's edges. Importance weights degenerate
// in so many dimensions when the posterior is far narrower than the
// proposal (rednote-2025's calibration of 2026-11-30 ended with one
// particle of 160 carrying 0.89 of the weight); the replenishment keeps
// equal weights, so the test asks that at least half the particles stay
// distinct in every generation and that every mean's 90% interval holds
// 0.5. It also checks the steps' accounting: each dropped particle's copy
// makes one proposal a step, and a proposal outside the box has no run.
func TestSMCManyParameters(t *testing.T) {
	const k, s = 21, 0.05
	params := make([]Parameter, k)
	data := Data{Values: make([]float64, k), SD: make([]float64, k)}
	for j := range params {
		params[j] = Parameter{Name: fmt.Sprintf("mu%d", j), Path: fmt.Sprintf("mu%d", j), Prior: Uniform, Lo: 0, Hi: 1}
		data.Values[j], data.SD[j] = 0.5, s
	}
	model := func(_ context.Context, theta []float64, seed uint64) ([]float64, error) {
		r := rand.New(rand.NewPCG(seed, 0))
		m := make([]float64, k)
		for j, th := range theta {
			m[j] = th + s*r.NormFloat64()
		}
		return m, nil
	}
	cfg := ABC{Particles: 160, Replicates: 1, Alpha: 0.5, Stay: 0.01, MinTolerance: 0, MaxGenerations: 10, MinAcceptance: 0.02, Seed: 3}
	post, err := SMC(context.Background(), params, data, Local{Sim: model, Jobs: 2}, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range post.Generations {
		t.Logf("generation %d: tolerance %.4g, %d kept, %d steps, acceptance %.3f, %d distinct", g.Generation, g.Tolerance, g.Kept, g.Steps, g.AcceptanceRate, g.Distinct)
		if g.Distinct < cfg.Particles/2 {
			t.Errorf("generation %d: %d distinct particles of %d", g.Generation, g.Distinct, cfg.Particles)
		}
		if g.Generation > 0 && (g.Attempts != (g.Particles-g.Kept)*g.Steps || g.Evaluations > g.Attempts) {
			t.Errorf("generation %d: %d attempts and %d runs for %d copies and %d steps", g.Generation, g.Attempts, g.Evaluations, g.Particles-g.Kept, g.Steps)
		}
	}
	if len(post.Generations) != cfg.MaxGenerations {
		t.Errorf("%d generations, want %d (stopped by %s)", len(post.Generations), cfg.MaxGenerations, post.Stop)
	}
	for j, q := range post.Summaries() {
		if q.Q05 > 0.5 || q.Q95 < 0.5 {
			t.Errorf("mu%d: 90%% interval [%.3f, %.3f] misses 0.5", j, q.Q05, q.Q95)
		}
	}
}

// TestSteps checks the steps a generation takes against ⌈ln c / ln(1 − p)⌉
// worked by hand: c = 0.1 and p = 0.05, the rednote-2025 calibration's
// stay and acceptance floor, give ln 0.1 / ln 0.95 = 44.89, so 45 (its
// generations' cap); c = 0.01 and p = 0.5 give 6.64, so 7; c = 0.9 and
// p = 0.5 give 0.15, so the least, 1; p = 1 moves every copy in one step.
func TestSteps(t *testing.T) {
	for _, c := range []struct {
		stay, p float64
		want    int
	}{{0.1, 0.05, 45}, {0.01, 0.5, 7}, {0.9, 0.5, 1}, {0.1, 1, 1}} {
		if got := steps(c.stay, c.p); got != c.want {
			t.Errorf("steps(stay %v, p %v) = %d, want %d", c.stay, c.p, got, c.want)
		}
	}
}
