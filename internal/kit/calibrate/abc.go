package calibrate

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/exodus-sim/exodus/sim"
)

// ABC configures the ABC-SMC posterior.
type ABC struct {
	// Particles is the population size N of every generation.
	Particles int `toml:"particles" json:"particles"`
	// Replicates is the number R of runs averaged per proposal (1 for the
	// posterior of one run's moments; see the package doc). Each proposal
	// has its own seeds: common random numbers would condition the
	// posterior on one realisation of the model's noise.
	Replicates int `toml:"replicates" json:"replicates"`
	// Alpha is the share of a generation kept by the next, the particles
	// of least distance; the distance of the last kept is the next
	// tolerance. In (0, 1).
	Alpha float64 `toml:"alpha" json:"alpha"`
	// Stay is the chance c that a particle put in place of a dropped one
	// is never moved by its generation's Metropolis–Hastings steps, in
	// (0, 1): a generation takes ⌈ln c / ln(1 − p)⌉ steps, p the
	// acceptance rate of its first (Drovandi and Pettitt 2011).
	Stay float64 `toml:"stay" json:"stay"`
	// MinTolerance ends the calibration once a generation completes at
	// it (the tolerance never goes below it), ≥ 0. Distances count in
	// targets' sd (Data.Distance), so a tolerance near the number of
	// targets asks every target to be within about one sd.
	MinTolerance float64 `toml:"min_tolerance" json:"min_tolerance"`
	// MaxGenerations is the maximum number of generations, counting
	// generation 0 (the prior), ≥ 1.
	MaxGenerations int `toml:"max_generations" json:"max_generations"`
	// MinAcceptance ends the calibration when a generation's acceptance
	// rate falls below it, in (0, 1]: the generation is kept and is the
	// last. Generation 0 fails if it needs more than ⌈N / MinAcceptance⌉
	// prior draws for N runs of finite distance; a later generation's
	// steps are computed as if its acceptance were at least MinAcceptance.
	MinAcceptance float64 `toml:"min_acceptance" json:"min_acceptance"`
	// Seed keys every draw and every run's seed.
	Seed uint64 `toml:"seed" json:"seed"`
}

// Validate returns an error naming the first bad setting and its value.
func (c ABC) Validate() error {
	switch {
	case c.Particles < 2:
		return fmt.Errorf("abc: particles = %d, want ≥ 2", c.Particles)
	case c.Replicates < 1:
		return fmt.Errorf("abc: replicates = %d, want ≥ 1", c.Replicates)
	case !(c.Alpha > 0 && c.Alpha < 1):
		return fmt.Errorf("abc: alpha = %v, want a share in (0, 1)", c.Alpha)
	case !(c.Stay > 0 && c.Stay < 1):
		return fmt.Errorf("abc: stay = %v, want a probability in (0, 1)", c.Stay)
	case !(c.MinTolerance >= 0) || math.IsInf(c.MinTolerance, 0):
		return fmt.Errorf("abc: min_tolerance = %v, want a finite number ≥ 0", c.MinTolerance)
	case c.MaxGenerations < 1:
		return fmt.Errorf("abc: max_generations = %d, want ≥ 1", c.MaxGenerations)
	case !(c.MinAcceptance > 0 && c.MinAcceptance <= 1):
		return fmt.Errorf("abc: min_acceptance = %v, want a rate in (0, 1]", c.MinAcceptance)
	}
	return nil
}

// Particle is a parameter vector of a population with its weight.
type Particle struct {
	Theta    []float64 // natural units, in parameter order
	Weight   float64   // normalised: the population's weights sum to 1
	Distance float64   // Data.Distance of its accepted run(s)
	Moments  []float64 // mean moments of its accepted run(s), in target order
	z        []float64 // Theta in the unbounded coordinate z (see Parameter)
}

// Generation describes one generation of ABC-SMC.
type Generation struct {
	Generation int
	// Tolerance is ε: a proposal is accepted when its distance is ≤ ε
	// (and finite); +Inf for generation 0, the prior.
	Tolerance float64
	// Particles is N; Kept the particles of the generation before kept
	// (0 in generation 0); Steps the Metropolis–Hastings steps each
	// particle put in place of a dropped one took (0 in generation 0).
	Particles, Kept, Steps int
	// Accepted and Attempts count the proposals accepted and made:
	// prior draws in generation 0 (one of infinite distance is drawn
	// again), moves after it (one the prior's ratio rejects is rejected
	// without a run). AcceptanceRate is Accepted / Attempts.
	Accepted, Attempts int
	AcceptanceRate     float64
	// Evaluations counts the model runs made, replicates included, also
	// those of proposals drawn ahead of need for a particle accepted
	// earlier in the same round of generation 0.
	Evaluations int
	// Distinct counts the distinct parameter vectors among the particles
	// (a particle put in place of a dropped one is a copy of a kept one
	// until it moves); the weights are equal, 1/N, so it measures the
	// population's diversity.
	Distinct int
	// Done says the generation completed; one reported before is
	// progress within it.
	Done bool
}

// Stop reasons.
const (
	StopTolerance   = "tolerance"   // a generation completed at MinTolerance
	StopGenerations = "generations" // MaxGenerations completed
	StopAcceptance  = "acceptance"  // the acceptance rate fell below MinAcceptance
)

// Posterior is the result of ABC-SMC.
type Posterior struct {
	Parameters []Parameter
	// Particles are the last completed generation.
	Particles []Particle
	// Generations describes every generation run.
	Generations []Generation
	// Stop says why the calibration ended.
	Stop string
}

// SMC returns the ABC-SMC posterior of the parameters given the data, by
// Drovandi and Pettitt (2011)'s replenishment algorithm: generation 0
// draws N particles from the prior; generation t ≥ 1 keeps the
// ⌈Alpha·N⌉ particles of generation t−1 of least distance (ties in
// particle order), sets its tolerance ε_t to the distance of the last
// kept (at least MinTolerance, and then keeps every particle within it),
// puts in place of each dropped particle a copy of a kept one drawn
// uniformly, and moves each copy by Metropolis–Hastings steps that leave
// the ABC posterior at ε_t invariant: a Gaussian random walk in the
// unbounded coordinates z of covariance (2.38²/d)·Σ (Σ the kept
// particles' covariance in z, d the number of parameters; Roberts, Gelman
// and Gilks 1997), a proposal z′ accepted with probability min(1,
// π(z′)/π(z)) when its run's distance is ≤ ε_t. The walk is symmetric, so
// the Hastings ratio is the prior's, π(z) = Π_k σ(z_k)(1 − σ(z_k)) (the
// logistic density: a prior uniform in u is logistic in z), and it is
// drawn before the run, so a proposal it rejects costs none; the particle
// keeps the distance of the run that placed it, a pseudo-marginal chain.
// Every proposal is inside the prior's box (a walk in u left it in 86% of
// its moves on rednote-2025's 21 parameters, each a wasted step). The
// first step gives the acceptance rate p and the generation takes
// ⌈ln Stay / ln(1 − p)⌉ steps in all, so a copy stays unmoved with
// probability about Stay.
// Every particle has weight 1/N: unlike importance weights, which
// degenerate when a proposal lands where the proposal density is low (in
// 21 dimensions, one particle of 160 took 0.89 of the weight), the
// population's diversity is what is lost, and Distinct counts it.
//
// Every draw is keyed by (Seed, generation, particle, attempt or step)
// and every run's seed by (Seed, generation, particle, attempt or step,
// replicate); the proposals of a round or a step go to ev as one batch,
// so the posterior is the same whatever the evaluator's parallelism.
// progress, which may be nil, is called after every round or step and
// when a generation completes.
func SMC(ctx context.Context, params []Parameter, data Data, ev Evaluator, cfg ABC, progress func(Generation)) (*Posterior, error) {
	if err := validateParameters(params); err != nil {
		return nil, err
	}
	if err := data.validate(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(Generation) {}
	}
	post := &Posterior{Parameters: params, Stop: StopGenerations}
	parts, gen, err := cfg.prior(ctx, params, data, ev, progress)
	if err != nil {
		return nil, fmt.Errorf("abc: generation 0: %w", err)
	}
	if !gen.Done {
		return nil, fmt.Errorf("abc: generation 0: %d of %d prior draws gave a finite distance after %d attempts: below min_acceptance = %v", gen.Accepted, gen.Particles, gen.Attempts, cfg.MinAcceptance)
	}
	for g := 0; ; g++ {
		for i := range parts {
			parts[i].Weight = 1 / float64(len(parts))
		}
		gen.Distinct = distinct(parts)
		post.Generations = append(post.Generations, gen)
		post.Particles = parts
		progress(gen)
		switch {
		case g > 0 && gen.AcceptanceRate < cfg.MinAcceptance:
			post.Stop = StopAcceptance
			return post, nil
		case slices.MaxFunc(parts, byDistance).Distance <= cfg.MinTolerance:
			// A generation at MinTolerance, or one whose every particle
			// is already within it.
			post.Stop = StopTolerance
			return post, nil
		case g+1 == cfg.MaxGenerations:
			return post, nil
		}
		if parts, gen, err = cfg.replenish(ctx, g+1, params, data, ev, parts, progress); err != nil {
			return nil, fmt.Errorf("abc: generation %d: %w", g+1, err)
		}
	}
}

func byDistance(a, b Particle) int { return cmp.Compare(a.Distance, b.Distance) }

// distinct returns the number of distinct θ among the particles.
func distinct(ps []Particle) int {
	n := 0
	for i, p := range ps {
		if !slices.ContainsFunc(ps[:i], func(q Particle) bool { return slices.Equal(q.Theta, p.Theta) }) {
			n++
		}
	}
	return n
}

// prior runs generation 0: rounds of prior draws until every particle has
// a run of finite distance or the draws exceed ⌈N / MinAcceptance⌉ (the
// returned Generation then has Done false).
func (cfg ABC) prior(ctx context.Context, params []Parameter, data Data, ev Evaluator, progress func(Generation)) ([]Particle, Generation, error) {
	n := cfg.Particles
	gen := Generation{Tolerance: math.Inf(1), Particles: n}
	budget := int(math.Ceil(float64(n) / cfg.MinAcceptance))
	parts := make([]Particle, n)
	next := make([]int, n) // next attempt of each particle
	done := make([]bool, n)
	pending := make([]int, n)
	for i := range pending {
		pending[i] = i
	}
	for len(pending) > 0 {
		// Attempts per pending particle this round: enough to keep a round
		// near N proposals, at most the attempts an acceptance so far
		// needed on average. Only counts enter, so rounds are the same
		// whatever the parallelism.
		m := (n + len(pending) - 1) / len(pending)
		if gen.Accepted > 0 {
			m = min(m, (gen.Attempts+gen.Accepted-1)/gen.Accepted)
		}
		var props []proposal
		for _, i := range pending {
			for a := next[i]; a < next[i]+m; a++ {
				r := cfg.source(0, i, a)
				z := make([]float64, len(params))
				for j := range z {
					// u uniform on the box is z logistic: z = logit(v),
					// v uniform on (0, 1), open so that z is finite.
					v := (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
					z[j] = math.Log(v / (1 - v))
				}
				props = append(props, cfg.proposal(params, 0, i, a, z))
			}
		}
		dist, means, err := cfg.run(ctx, data, ev, props)
		if err != nil {
			return nil, gen, err
		}
		gen.Evaluations += len(props) * cfg.Replicates
		for k, pr := range props {
			if done[pr.i] {
				continue
			}
			if d := dist[k]; !math.IsInf(d, 1) {
				done[pr.i] = true
				next[pr.i] = pr.a + 1
				parts[pr.i] = Particle{Theta: pr.pt.theta, Distance: d, Moments: means[k], z: pr.z}
				gen.Accepted++
			}
		}
		still := pending[:0]
		for _, i := range pending {
			if !done[i] {
				next[i] += m
				still = append(still, i)
			}
		}
		pending = still
		gen.Attempts = 0
		for _, a := range next {
			gen.Attempts += a
		}
		gen.AcceptanceRate = float64(gen.Accepted) / float64(gen.Attempts)
		if len(pending) > 0 {
			progress(gen)
			if gen.Attempts >= budget {
				return nil, gen, nil
			}
		}
	}
	gen.Done = true
	return parts, gen, nil
}

// replenish runs generation g ≥ 1 from the particles of generation g−1
// (see SMC).
func (cfg ABC) replenish(ctx context.Context, g int, params []Parameter, data Data, ev Evaluator, prev []Particle, progress func(Generation)) ([]Particle, Generation, error) {
	n := len(prev)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(prev[a].Distance, prev[b].Distance) })
	kept := min(max(int(math.Ceil(cfg.Alpha*float64(n))), 1), n-1)
	eps := prev[order[kept-1]].Distance
	if eps < cfg.MinTolerance {
		eps = cfg.MinTolerance
		for kept < n && prev[order[kept]].Distance <= eps {
			kept++
		}
	}
	gen := Generation{Generation: g, Tolerance: eps, Particles: n, Kept: kept}
	keep := make([]Particle, kept)
	for k, i := range order[:kept] {
		keep[k] = prev[i]
	}
	kern, err := newKernel(keep)
	if err != nil {
		return nil, gen, err
	}
	// The particles kept stay in their places; each dropped one's place
	// takes a copy of a kept one, drawn uniformly.
	parts := slices.Clone(prev)
	moved := slices.Sorted(slices.Values(order[kept:]))
	for _, i := range moved {
		parts[i] = keep[int(cfg.source(g, i, -1).Uint64N(uint64(kept)))]
	}
	for step := 0; step == 0 || step < gen.Steps; step++ {
		var props []proposal
		for _, i := range moved {
			r := cfg.source(g, i, step)
			z := slices.Clone(parts[i].z)
			kern.perturb(z, r)
			gen.Attempts++
			if r.Float64() < math.Exp(logPrior(z)-logPrior(parts[i].z)) {
				props = append(props, cfg.proposal(params, g, i, step, z))
			}
		}
		dist, means, err := cfg.run(ctx, data, ev, props)
		if err != nil {
			return nil, gen, err
		}
		gen.Evaluations += len(props) * cfg.Replicates
		for k, pr := range props {
			if d := dist[k]; d <= eps && !math.IsInf(d, 1) {
				parts[pr.i] = Particle{Theta: pr.pt.theta, Distance: d, Moments: means[k], z: pr.z}
				gen.Accepted++
			}
		}
		gen.AcceptanceRate = float64(gen.Accepted) / float64(gen.Attempts)
		if step == 0 {
			gen.Steps = steps(cfg.Stay, max(gen.AcceptanceRate, cfg.MinAcceptance))
		}
		if step+1 < gen.Steps {
			progress(gen)
		}
	}
	gen.Done = true
	return parts, gen, nil
}

// steps returns the Metropolis–Hastings steps after which a particle is
// unmoved with probability at most stay when each step is accepted with
// probability p: ⌈ln stay / ln(1 − p)⌉, at least 1.
func steps(stay, p float64) int {
	if p >= 1 {
		return 1
	}
	return max(int(math.Ceil(math.Log(stay)/math.Log1p(-p))), 1)
}

// proposal is attempt (or step) a of particle i, z its unbounded
// coordinates, and the point to run.
type proposal struct {
	i, a int
	z    []float64
	pt   point
}

// proposal returns attempt (or step) a of particle i in generation g at z,
// its runs' seeds keyed by (Seed, g, i, a, replicate).
func (cfg ABC) proposal(params []Parameter, g, i, a int, z []float64) proposal {
	theta := make([]float64, len(z))
	for k, p := range params {
		theta[k] = p.theta(p.fromZ(z[k]))
	}
	seeds := make([]uint64, cfg.Replicates)
	for r := range seeds {
		seeds[r] = sim.Derive(cfg.Seed, streamSim, uint64(g), uint64(i), uint64(a), uint64(r))
	}
	return proposal{i: i, a: a, z: z, pt: point{theta: theta, seeds: seeds, key: Key{Stage: StageABC, Generation: g, Index: i, Attempt: a}}}
}

// run evaluates the proposals in one batch: their distances and mean
// moments.
func (cfg ABC) run(ctx context.Context, data Data, ev Evaluator, props []proposal) ([]float64, [][]float64, error) {
	pts := make([]point, len(props))
	for n, pr := range props {
		pts[n] = pr.pt
	}
	return data.distances(ctx, ev, pts)
}

// source returns the random source of attempt (or step) a of particle i in
// generation g; a = −1 is the draw of a dropped particle's copy.
func (cfg ABC) source(g, i, a int) *rand.Rand {
	k := sim.Derive(cfg.Seed, streamMove, uint64(g), uint64(i), uint64(a))
	return rand.New(rand.NewPCG(k, sim.Derive(k)))
}

// logPrior returns the prior's log density at z up to a constant: Σ_k
// ln σ(z_k)(1 − σ(z_k)) = Σ_k −|z_k| − 2 ln(1 + e^(−|z_k|)), the
// logistic density, which a prior uniform in u has in z.
func logPrior(z []float64) float64 {
	var s float64
	for _, v := range z {
		a := math.Abs(v)
		s -= a + 2*math.Log1p(math.Exp(-a))
	}
	return s
}

// kernel is the Gaussian random walk of covariance (2.38²/d)·Σ = L Lᵀ.
type kernel struct {
	l [][]float64 // lower-triangular Cholesky factor
}

// newKernel returns the random walk of covariance (2.38²/d)·Σ, Σ the
// covariance of the particles in z and d its dimension
// (Roberts, Gelman and Gilks 1997's scale for a Gaussian target).
func newKernel(ps []Particle) (*kernel, error) {
	d := len(ps[0].z)
	n := float64(len(ps))
	mean := make([]float64, d)
	for _, p := range ps {
		for k, v := range p.z {
			mean[k] += v / n
		}
	}
	scale := 2.38 * 2.38 / float64(d)
	cov := mat.NewSymDense(d, nil)
	for a := range d {
		for b := a; b < d; b++ {
			var s float64
			for _, p := range ps {
				s += (p.z[a] - mean[a]) * (p.z[b] - mean[b])
			}
			cov.SetSym(a, b, scale*s/n)
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(cov) {
		return nil, fmt.Errorf("the kept particles' covariance is singular: they lie on a line or a point")
	}
	var lt mat.TriDense
	ch.LTo(&lt)
	l := make([][]float64, d)
	for a := range d {
		l[a] = make([]float64, a+1)
		for b := 0; b <= a; b++ {
			l[a][b] = lt.At(a, b)
		}
	}
	return &kernel{l: l}, nil
}

// perturb adds L e to z, e standard normal from r.
func (k *kernel) perturb(z []float64, r *rand.Rand) {
	e := make([]float64, len(z))
	for c := range e {
		e[c] = r.NormFloat64()
	}
	for a, row := range k.l {
		var s float64
		for b, v := range row {
			s += v * e[b]
		}
		z[a] += s
	}
}
