package calibrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
)

// Rows of the tables a calibration writes (output.WriteTidy writes them as
// CSV and Parquet).

// ParticleRow is one parameter value of one particle of the posterior:
// the posterior table in long form, one row per particle and parameter.
type ParticleRow struct {
	Particle  int     `parquet:"particle"`
	Parameter string  `parquet:"parameter"`
	Path      string  `parquet:"path"`
	Value     float64 `parquet:"value"`
	Weight    float64 `parquet:"weight"`
	Distance  float64 `parquet:"distance"`
}

// ParticleRows returns the posterior's particles, by particle then
// parameter.
func (p *Posterior) ParticleRows() []ParticleRow {
	rows := make([]ParticleRow, 0, len(p.Particles)*len(p.Parameters))
	for i, q := range p.Particles {
		for k, par := range p.Parameters {
			rows = append(rows, ParticleRow{Particle: i, Parameter: par.Name, Path: par.Path, Value: q.Theta[k], Weight: q.Weight, Distance: q.Distance})
		}
	}
	return rows
}

// GenerationRow is one generation's diagnostics.
type GenerationRow struct {
	Generation     int     `parquet:"generation"`
	Tolerance      float64 `parquet:"tolerance"`
	Particles      int     `parquet:"particles"`
	Kept           int     `parquet:"kept"`
	Steps          int     `parquet:"steps"`
	Accepted       int     `parquet:"accepted"`
	Attempts       int     `parquet:"attempts"`
	AcceptanceRate float64 `parquet:"acceptance_rate"`
	Evaluations    int     `parquet:"evaluations"`
	Distinct       int     `parquet:"distinct_particles"`
}

// GenerationRows returns the per-generation diagnostics.
func (p *Posterior) GenerationRows() []GenerationRow {
	rows := make([]GenerationRow, len(p.Generations))
	for i, g := range p.Generations {
		rows[i] = GenerationRow{g.Generation, g.Tolerance, g.Particles, g.Kept, g.Steps, g.Accepted, g.Attempts, g.AcceptanceRate, g.Evaluations, g.Distinct}
	}
	return rows
}

// SummaryRow is one parameter's posterior summary.
type SummaryRow struct {
	Parameter string  `parquet:"parameter"`
	Path      string  `parquet:"path"`
	Prior     string  `parquet:"prior"`
	Lo        float64 `parquet:"prior_lo"`
	Hi        float64 `parquet:"prior_hi"`
	Q05       float64 `parquet:"q05"`
	Median    float64 `parquet:"median"`
	Q95       float64 `parquet:"q95"`
	Mean      float64 `parquet:"mean"`
}

// SummaryRows returns each parameter's prior and weighted posterior
// quantiles.
func (p *Posterior) SummaryRows() []SummaryRow {
	rows := make([]SummaryRow, len(p.Parameters))
	for k, s := range p.Summaries() {
		par := p.Parameters[k]
		rows[k] = SummaryRow{par.Name, par.Path, par.Prior, par.Lo, par.Hi, s.Q05, s.Q50, s.Q95, s.Mean}
	}
	return rows
}

// FitRow compares a target, or a held-out fact, with the model's
// posterior predictive.
type FitRow struct {
	Target string `parquet:"target"`
	// Fitted says the calibration fitted it: false for a held-out fact,
	// an out-of-sample check.
	Fitted bool    `parquet:"fitted"`
	Data   float64 `parquet:"data"`
	SD     float64 `parquet:"sd"`
	Median float64 `parquet:"model_median"`
	Q05    float64 `parquet:"model_q05"`
	Q95    float64 `parquet:"model_q95"`
	// Within says the model's median is inside the data's 90% interval,
	// data ± z₀.₉₅·sd (z₀.₉₅ = 1.6449, the standard normal's 95%
	// quantile); a target not within is a miss to report.
	Within bool `parquet:"within"`
	// Defined counts the posterior predictive runs in which the moment
	// is defined (a decay needs installs on every day of its window); the
	// band is over those.
	Defined int `parquet:"defined"`
}

// z95 is the standard normal's 95% quantile, Φ⁻¹(0.95) (R: qnorm(0.95)).
const z95 = 1.6448536269514722

// FitRows returns the fit table of the targets (fitted) or held-out facts
// (not fitted) named names with data d, from the bands of the posterior
// predictive moments (Bands of Predictive's sample).
func FitRows(names []string, fitted bool, d Data, bands []Band) []FitRow {
	rows := make([]FitRow, len(names))
	for k, n := range names {
		b := bands[k]
		rows[k] = FitRow{
			Target: n, Fitted: fitted, Data: d.Values[k], SD: d.SD[k],
			Median: b.Q50, Q05: b.Q05, Q95: b.Q95, Defined: b.N,
			Within: d.within(k, b.Q50),
		}
	}
	return rows
}

// PredictionRow is a held-out prediction: the posterior predictive band
// of an observable the fit never saw.
type PredictionRow struct {
	Prediction string  `parquet:"prediction"`
	Median     float64 `parquet:"median"`
	Q05        float64 `parquet:"q05"`
	Q95        float64 `parquet:"q95"`
	// Defined counts the posterior predictive runs in which the
	// observable is defined; the band is over those.
	Defined int `parquet:"defined"`
}

// PredictionRows returns the prediction table of the predictions named
// names from their bands.
func PredictionRows(names []string, bands []Band) []PredictionRow {
	rows := make([]PredictionRow, len(names))
	for k, n := range names {
		rows[k] = PredictionRow{Prediction: n, Median: bands[k].Q50, Q05: bands[k].Q05, Q95: bands[k].Q95, Defined: bands[k].N}
	}
	return rows
}

// ReadPosterior reads a posterior table as ParticleRows writes it (CSV:
// particle, parameter, path, value, weight, distance; one row per particle
// and parameter, by particle then parameter): the parameters' names and
// paths, and each particle's values and weight. Errors name the line.
func ReadPosterior(r io.Reader) (*Posterior, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("posterior: header: %w", err)
	}
	want := []string{"particle", "parameter", "path", "value", "weight", "distance"}
	if !slices.Equal(head, want) {
		return nil, fmt.Errorf("posterior: header %q, want %q", head, want)
	}
	p := &Posterior{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("posterior: %w", err)
		}
		i, err1 := strconv.Atoi(rec[0])
		v, err2 := strconv.ParseFloat(rec[3], 64)
		w, err3 := strconv.ParseFloat(rec[4], 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("posterior: line %d: %w", line, err)
		}
		if i != len(p.Particles)-1 && i != len(p.Particles) {
			return nil, fmt.Errorf("posterior: line %d: particle %d, want %d or %d (rows by particle)", line, i, max(len(p.Particles)-1, 0), len(p.Particles))
		}
		if i == len(p.Particles) {
			if i > 0 && len(p.Particles[i-1].Theta) != len(p.Parameters) {
				return nil, fmt.Errorf("posterior: particle %d has %d values, want %d", i-1, len(p.Particles[i-1].Theta), len(p.Parameters))
			}
			p.Particles = append(p.Particles, Particle{Weight: w})
		}
		q := &p.Particles[i]
		k := len(q.Theta)
		switch {
		case i == 0:
			p.Parameters = append(p.Parameters, Parameter{Name: rec[1], Path: rec[2]})
		case k >= len(p.Parameters) || rec[1] != p.Parameters[k].Name || rec[2] != p.Parameters[k].Path:
			return nil, fmt.Errorf("posterior: line %d: parameter %q (%s) of particle %d, not in particle 0's order", line, rec[1], rec[2], i)
		}
		if !(w > 0) || math.IsInf(w, 0) || w != q.Weight || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("posterior: line %d: value %v, weight %v: want finite values and one positive weight per particle", line, v, w)
		}
		q.Theta = append(q.Theta, v)
	}
	if n := len(p.Particles); n == 0 {
		return nil, fmt.Errorf("posterior: no particles")
	} else if len(p.Particles[n-1].Theta) != len(p.Parameters) {
		return nil, fmt.Errorf("posterior: particle %d has %d values, want %d", n-1, len(p.Particles[n-1].Theta), len(p.Parameters))
	}
	return p, nil
}
