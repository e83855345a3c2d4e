package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

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
	// Alpha is the quantile of the previous generation's weighted
	// distances taken as the next tolerance, in (0, 1).
	Alpha float64 `toml:"alpha" json:"alpha"`
	// MinTolerance ends the calibration once a generation completes at
	// it (the tolerance never goes below it), ≥ 0. Distances count in
	// targets' sd (Data.Distance), so a tolerance near the number of
	// targets asks every target to be within about one sd.
	MinTolerance float64 `toml:"min_tolerance" json:"min_tolerance"`
	// MaxGenerations is the maximum number of generations, counting
	// generation 0 (the prior), ≥ 1.
	MaxGenerations int `toml:"max_generations" json:"max_generations"`
	// MinAcceptance ends the calibration when a generation's acceptance
	// rate falls below it, in (0, 1]: a generation that completes below
	// it is kept and is the last; one that cannot complete within
	// ⌈N / MinAcceptance⌉ proposals is dropped.
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
		return fmt.Errorf("abc: alpha = %v, want a quantile in (0, 1)", c.Alpha)
	case !(c.MinTolerance >= 0) || math.IsInf(c.MinTolerance, 0):
		return fmt.Errorf("abc: min_tolerance = %v, want a finite number ≥ 0", c.MinTolerance)
	case c.MaxGenerations < 1:
		return fmt.Errorf("abc: max_generations = %d, want ≥ 1", c.MaxGenerations)
	case !(c.MinAcceptance > 0 && c.MinAcceptance <= 1):
		return fmt.Errorf("abc: min_acceptance = %v, want a rate in (0, 1]", c.MinAcceptance)
	}
	return nil
}

// Particle is a parameter vector of a population with its importance
// weight.
type Particle struct {
	Theta    []float64 // natural units, in parameter order
	Weight   float64   // normalised: the population's weights sum to 1
	Distance float64   // Data.Distance of its accepted run(s)
	Moments  []float64 // mean moments of its accepted run(s), in target order
	u        []float64 // Theta in the prior's scale (see Parameter)
}

// Generation describes one generation of ABC-SMC.
type Generation struct {
	Generation int
	// Tolerance is ε: a proposal is accepted when its distance is ≤ ε
	// (and finite); +Inf for generation 0, the prior.
	Tolerance float64
	// Particles is N; Accepted the particles accepted so far.
	Particles, Accepted int
	// Attempts counts the proposals the accepted particles and the
	// pending ones used (each inside the prior's box: one outside is
	// redrawn, without a run); AcceptanceRate is Accepted / Attempts.
	Attempts       int
	AcceptanceRate float64
	// Evaluations counts the model runs made, replicates included, also
	// those of proposals drawn ahead of need for a particle accepted
	// earlier in the same round.
	Evaluations int
	// ESS is the effective sample size 1 / Σ w² of the generation's
	// normalised weights (0 until it completes).
	ESS float64
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
	// Generations describes every generation run, the last one possibly
	// dropped (Done false) when it fell below MinAcceptance.
	Generations []Generation
	// Stop says why the calibration ended.
	Stop string
}

// SMC returns the ABC-SMC posterior of the parameters given the data
// (Toni et al. 2009, with Beaumont et al. 2009's importance weights and
// kernel): generation 0 draws N particles from the prior; generation t ≥ 1
// sets its tolerance ε_t to the Alpha-quantile of generation t−1's
// weighted distances (at least MinTolerance) and proposes, for each
// particle, an ancestor j drawn by weight from generation t−1 perturbed by
// a Gaussian kernel of covariance 2·Σ (Σ the weighted covariance of
// generation t−1, in the prior's scale u), until a proposal inside the
// prior's box gives a distance ≤ ε_t. Accepted particles are weighted
//
//	w_i ∝ π(u_i) / Σ_j W_j φ(u_i; u_j, 2Σ)
//
// (π uniform in u, so constant; W the previous weights). Every draw is
// keyed by (Seed, generation, particle, attempt) and every run's seed by
// (Seed, generation, particle, attempt, replicate); the proposals of a
// round go to ev as one batch, and a particle takes its first accepted
// attempt in attempt order, so the posterior is the same whatever the
// evaluator's parallelism. progress, which may be nil, is called after
// every round of proposals and when a generation completes.
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
	var prev []Particle
	var kern *kernel
	for g := range cfg.MaxGenerations {
		eps := math.Inf(1)
		if g > 0 {
			d := make([]float64, len(prev))
			w := make([]float64, len(prev))
			for i, p := range prev {
				d[i], w[i] = p.Distance, p.Weight
			}
			eps = max(weightedQuantile(cfg.Alpha, d, w), cfg.MinTolerance)
			var err error
			if kern, err = newKernel(prev); err != nil {
				return nil, fmt.Errorf("abc: generation %d: %w", g, err)
			}
		}
		parts, gen, err := cfg.generation(ctx, g, eps, params, data, ev, prev, kern, progress)
		if err != nil {
			return nil, fmt.Errorf("abc: generation %d: %w", g, err)
		}
		if !gen.Done {
			post.Generations = append(post.Generations, gen)
			if g == 0 {
				return nil, fmt.Errorf("abc: generation 0: %d of %d prior draws gave a finite distance after %d attempts: below min_acceptance = %v", gen.Accepted, gen.Particles, gen.Attempts, cfg.MinAcceptance)
			}
			post.Stop = StopAcceptance
			break
		}
		if g == 0 {
			for i := range parts {
				parts[i].Weight = 1 / float64(len(parts))
			}
		} else {
			kern.weigh(parts, prev)
		}
		var s2 float64
		for _, p := range parts {
			s2 += p.Weight * p.Weight
		}
		gen.ESS = 1 / s2
		post.Generations = append(post.Generations, gen)
		post.Particles, prev = parts, parts
		progress(gen)
		if gen.AcceptanceRate < cfg.MinAcceptance {
			post.Stop = StopAcceptance
			break
		}
		if eps <= cfg.MinTolerance {
			post.Stop = StopTolerance
			break
		}
	}
	return post, nil
}

// generation runs generation g at tolerance eps: rounds of proposals until
// every particle is accepted or the proposals exceed ⌈N / MinAcceptance⌉
// (the returned Generation then has Done false).
func (cfg ABC) generation(ctx context.Context, g int, eps float64, params []Parameter, data Data, ev Evaluator, prev []Particle, kern *kernel, progress func(Generation)) ([]Particle, Generation, error) {
	n := cfg.Particles
	gen := Generation{Generation: g, Tolerance: eps, Particles: n}
	budget := int(math.Ceil(float64(n) / cfg.MinAcceptance))
	parts := make([]Particle, n)
	next := make([]int, n) // next attempt of each particle
	done := make([]bool, n)
	var cum []float64 // cumulative weights of the previous generation
	if g > 0 {
		cum = make([]float64, len(prev))
		var s float64
		for j, p := range prev {
			s += p.Weight
			cum[j] = s
		}
	}
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
		type proposal struct {
			i, a int
			u    []float64
		}
		var props []proposal
		var pts []point
		for _, i := range pending {
			for a := next[i]; a < next[i]+m; a++ {
				u, err := propose(cfg.Seed, g, i, a, params, prev, cum, kern)
				if err != nil {
					return nil, gen, err
				}
				theta := make([]float64, len(u))
				for k, p := range params {
					theta[k] = p.theta(u[k])
				}
				seeds := make([]uint64, cfg.Replicates)
				for r := range seeds {
					seeds[r] = sim.Derive(cfg.Seed, streamSim, uint64(g), uint64(i), uint64(a), uint64(r))
				}
				props = append(props, proposal{i: i, a: a, u: u})
				pts = append(pts, point{theta: theta, seeds: seeds, key: Key{Stage: StageABC, Generation: g, Index: i, Attempt: a}})
			}
		}
		dist, means, err := data.distances(ctx, ev, pts)
		if err != nil {
			return nil, gen, err
		}
		gen.Evaluations += len(pts) * cfg.Replicates
		for n, pr := range props {
			if done[pr.i] {
				continue
			}
			if d := dist[n]; d <= eps && !math.IsInf(d, 1) {
				done[pr.i] = true
				next[pr.i] = pr.a + 1
				parts[pr.i] = Particle{Theta: pts[n].theta, Distance: d, Moments: means[n], u: pr.u}
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

// maxRedraws bounds the proposals drawn for one attempt until one falls
// inside the prior's box.
const maxRedraws = 100_000

// propose returns attempt a of particle i in generation g, in the prior's
// scale: a prior draw in generation 0, else a perturbed ancestor, the
// ancestor and its perturbation drawn again until the proposal is inside
// the prior's box. Redrawing both keeps the proposal density
// Σ_j W_j φ(u; u_j, 2Σ) on the box up to one constant, so the importance
// weights stay those of Beaumont et al. (2009); a redraw costs no run and
// counts as no attempt. Its draws come from a source keyed by (seed, g,
// i, a) alone.
func propose(seed uint64, g, i, a int, params []Parameter, prev []Particle, cum []float64, kern *kernel) ([]float64, error) {
	k := sim.Derive(seed, streamMove, uint64(g), uint64(i), uint64(a))
	r := rand.New(rand.NewPCG(k, sim.Derive(k)))
	u := make([]float64, len(params))
	if g == 0 {
		for j, p := range params {
			lo, hi := p.bounds()
			u[j] = lo + (hi-lo)*r.Float64()
		}
		return u, nil
	}
	z := make([]float64, len(u))
	for range maxRedraws {
		// The ancestor j is the first whose cumulative weight exceeds x:
		// x falls in [cum[j−1], cum[j]), of length W_j.
		x := r.Float64() * cum[len(cum)-1]
		j := min(sort.Search(len(cum), func(j int) bool { return cum[j] > x }), len(cum)-1)
		for c := range z {
			z[c] = r.NormFloat64()
		}
		copy(u, prev[j].u)
		kern.perturb(u, z)
		if insideAll(params, u) {
			return u, nil
		}
	}
	return nil, fmt.Errorf("generation %d, particle %d, attempt %d: %d perturbed proposals all fell outside the prior's box", g, i, a, maxRedraws)
}

func insideAll(params []Parameter, u []float64) bool {
	for k, p := range params {
		if !p.inside(u[k]) {
			return false
		}
	}
	return true
}

// kernel is the Gaussian perturbation kernel of covariance 2Σ = L Lᵀ.
type kernel struct {
	l [][]float64 // lower-triangular Cholesky factor
}

// newKernel returns the kernel of twice the weighted covariance of the
// particles in the prior's scale (Beaumont et al. 2009).
func newKernel(ps []Particle) (*kernel, error) {
	d := len(ps[0].u)
	mean := make([]float64, d)
	for _, p := range ps {
		for k, v := range p.u {
			mean[k] += p.Weight * v
		}
	}
	cov := mat.NewSymDense(d, nil)
	for a := range d {
		for b := a; b < d; b++ {
			var s float64
			for _, p := range ps {
				s += p.Weight * (p.u[a] - mean[a]) * (p.u[b] - mean[b])
			}
			cov.SetSym(a, b, 2*s)
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(cov) {
		return nil, fmt.Errorf("the population's covariance is singular: its particles lie on a line or a point")
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

// perturb adds L z to u.
func (k *kernel) perturb(u, z []float64) {
	for a, row := range k.l {
		var s float64
		for b, v := range row {
			s += v * z[b]
		}
		u[a] += s
	}
}

// whiten returns L⁻¹ u by forward substitution, so that the kernel's
// exponent between u and v is −½ |L⁻¹u − L⁻¹v|².
func (k *kernel) whiten(u []float64) []float64 {
	y := make([]float64, len(u))
	for a, row := range k.l {
		s := u[a]
		for b := range a {
			s -= row[b] * y[b]
		}
		y[a] = s / row[a]
	}
	return y
}

// weigh sets the normalised importance weights of the accepted particles
// given the previous generation: w_i ∝ 1 / Σ_j W_j exp(−½ |L⁻¹(u_i − u_j)|²)
// (the prior density and the kernel's normalisation are constants),
// computed as log-sums in particle order.
func (k *kernel) weigh(parts, prev []Particle) {
	yp := make([][]float64, len(prev))
	for j, p := range prev {
		yp[j] = k.whiten(p.u)
	}
	logq := make([]float64, len(parts))
	terms := make([]float64, len(prev))
	for i, p := range parts {
		y := k.whiten(p.u)
		top := math.Inf(-1)
		for j, q := range prev {
			var s float64
			for c, v := range y {
				e := v - yp[j][c]
				s += e * e
			}
			terms[j] = math.Log(q.Weight) - s/2
			top = max(top, terms[j])
		}
		var sum float64
		for _, t := range terms {
			sum += math.Exp(t - top)
		}
		logq[i] = top + math.Log(sum)
	}
	least := math.Inf(1)
	for _, l := range logq {
		least = min(least, l)
	}
	var total float64
	for i := range parts {
		parts[i].Weight = math.Exp(least - logq[i])
		total += parts[i].Weight
	}
	for i := range parts {
		parts[i].Weight /= total
	}
}
