package calibrate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/exodus-sim/exodus/sim"
)

// StageTruth is the stage of the runs that make a recovery study's
// synthetic data.
const StageTruth = "truth"

// Recovery asks for a parameter-recovery study: Truths synthetic truths,
// each calibrated like the data.
type Recovery struct {
	Truths int `toml:"truths" json:"truths"`
}

// RecoveryRow is one parameter of one synthetic truth: its true value and
// the 90% interval of its posterior.
type RecoveryRow struct {
	Truth     int     `parquet:"truth"`
	Parameter string  `parquet:"parameter"`
	Value     float64 `parquet:"true_value"`
	Q05       float64 `parquet:"q05"`
	Median    float64 `parquet:"median"`
	Q95       float64 `parquet:"q95"`
	// Covered says Q05 ≤ Value ≤ Q95.
	Covered bool `parquet:"covered"`
	// Generations and Stop say how the truth's calibration ended.
	Generations int    `parquet:"generations"`
	Stop        string `parquet:"stop"`
}

// maxTruthDraws bounds the prior draws tried for one truth until its
// synthetic moments are all defined.
const maxTruthDraws = 100

// Recover runs a parameter-recovery study (Talts et al. 2018, "Validating
// Bayesian inference algorithms with simulation-based calibration", for
// the idea): truth t draws θ_t from the prior (uniform in each
// parameter's scale, keyed by (cfg.Seed, t, attempt)), runs the model
// once at θ_t (the key truth-g000-i<t>-a<attempt>-r00, its seed keyed
// likewise) and takes its moments as the data, with the real data's sd;
// a draw whose moments are not all finite is drawn again. It then runs
// ABC-SMC with cfg under the seed sim.Derive(cfg.Seed, t) through ev(t),
// an evaluator of truth t's own runs, and reports for each parameter
// whether θ_t is inside its posterior's 90% interval. Over many truths,
// each parameter's share covered estimates its intervals' coverage,
// 90% for a calibrated calibrator.
func Recover(ctx context.Context, params []Parameter, sd []float64, ev func(t int) Evaluator, cfg ABC, truths int) ([]RecoveryRow, error) {
	if truths < 1 {
		return nil, fmt.Errorf("recovery: truths = %d, want ≥ 1", truths)
	}
	var rows []RecoveryRow
	for t := range truths {
		theta, data, err := truth(ctx, params, sd, ev(t), cfg.Seed, t)
		if err != nil {
			return nil, fmt.Errorf("recovery: truth %d: %w", t, err)
		}
		c := cfg
		c.Seed = sim.Derive(cfg.Seed, streamTruth, uint64(t), 1)
		post, err := SMC(ctx, params, data, ev(t), c, nil)
		if err != nil {
			return nil, fmt.Errorf("recovery: truth %d (θ = %v): %w", t, theta, err)
		}
		for k, s := range post.Summaries() {
			rows = append(rows, RecoveryRow{
				Truth: t, Parameter: params[k].Name, Value: theta[k],
				Q05: s.Q05, Median: s.Q50, Q95: s.Q95, Covered: s.Q05 <= theta[k] && theta[k] <= s.Q95,
				Generations: len(post.Generations), Stop: post.Stop,
			})
		}
	}
	return rows, nil
}

// truth returns truth t's parameters and synthetic data.
func truth(ctx context.Context, params []Parameter, sd []float64, ev Evaluator, seed uint64, t int) ([]float64, Data, error) {
	for a := range maxTruthDraws {
		k := sim.Derive(seed, streamTruth, uint64(t), 0, uint64(a))
		r := rand.New(rand.NewPCG(k, sim.Derive(k)))
		theta := make([]float64, len(params))
		for j, p := range params {
			lo, hi := p.bounds()
			theta[j] = p.theta(lo + (hi-lo)*r.Float64())
		}
		m, err := ev.Evaluate(ctx, []Eval{{Key: Key{Stage: StageTruth, Index: t, Attempt: a}, Theta: theta, Seed: sim.Derive(k, 1)}})
		if err != nil {
			return nil, Data{}, err
		}
		defined := len(m[0]) == len(sd)
		for _, v := range m[0] {
			defined = defined && finite(v)
		}
		if defined {
			return theta, Data{Values: m[0], SD: sd}, nil
		}
	}
	return nil, Data{}, fmt.Errorf("%d prior draws all gave an undefined moment", maxTruthDraws)
}

// CoverageRow is one parameter's coverage over a recovery study's truths.
type CoverageRow struct {
	Parameter string `parquet:"parameter"`
	Truths    int    `parquet:"truths"`
	Covered   int    `parquet:"covered"`
	// Coverage is Covered / Truths; SE its binomial standard error at the
	// nominal level, √(0.9 · 0.1 / Truths).
	Coverage float64 `parquet:"coverage"`
	Nominal  float64 `parquet:"nominal"`
	SE       float64 `parquet:"se"`
}

// Coverage returns each parameter's coverage over the rows of Recover, in
// the order parameters first appear.
func Coverage(rows []RecoveryRow) []CoverageRow {
	var out []CoverageRow
	at := map[string]int{}
	for _, r := range rows {
		i, ok := at[r.Parameter]
		if !ok {
			i = len(out)
			at[r.Parameter] = i
			out = append(out, CoverageRow{Parameter: r.Parameter, Nominal: QHi - QLo})
		}
		out[i].Truths++
		if r.Covered {
			out[i].Covered++
		}
	}
	for i := range out {
		c := &out[i]
		c.Coverage = float64(c.Covered) / float64(c.Truths)
		c.SE = math.Sqrt(c.Nominal * (1 - c.Nominal) / float64(c.Truths))
	}
	return out
}
