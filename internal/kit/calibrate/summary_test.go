package calibrate

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/kit/output"
)

// TestWeightedQuantile checks the empirical weighted quantile by hand:
// values 3, 1, 2, 4 with weights 0.1, 0.2, 0.3, 0.4, sorted 1, 2, 3, 4 with
// cumulative weights 0.2, 0.5, 0.6, 1.0. The p-quantile is the least value
// whose cumulative weight reaches p.
func TestWeightedQuantile(t *testing.T) {
	x := []float64{3, 1, 2, 4}
	w := []float64{0.1, 0.2, 0.3, 0.4}
	for _, test := range []struct{ p, want float64 }{
		{0.05, 1}, {0.2, 1}, {0.21, 2}, {0.5, 2}, {0.55, 3}, {0.95, 4},
	} {
		if got := weightedQuantile(test.p, x, w); got != test.want {
			t.Errorf("p = %v: %v, want %v", test.p, got, test.want)
		}
	}
	if x[0] != 3 || w[0] != 0.1 {
		t.Errorf("inputs modified: %v %v", x, w)
	}
}

// testPosterior has four particles of one parameter, values 1…4, weights
// 0.1…0.4.
func testPosterior() *Posterior {
	p := &Posterior{Parameters: []Parameter{{Name: "x", Path: "weights.x", Prior: Uniform, Lo: 0, Hi: 5}}}
	for i := range 4 {
		p.Particles = append(p.Particles, Particle{Theta: []float64{float64(i + 1)}, Weight: float64(i+1) / 10, Distance: float64(10 - i)})
	}
	p.Generations = []Generation{{Generation: 1, Tolerance: 1, Particles: 4, Kept: 2, Steps: 3, Accepted: 4, Attempts: 8, AcceptanceRate: 0.5, Evaluations: 8, Distinct: 3, Done: true}}
	return p
}

// TestSummariesAndDraws checks the summaries (weighted mean 0.1 + 0.4 +
// 0.9 + 1.6 = 3; median: cumulative weights 0.1, 0.3, 0.6, 1 reach 0.5 at
// 3) and that systematic resampling of 10 draws gives each particle
// n·w_i = 1, 2, 3, 4 copies exactly (n·w_i whole: no rounding to share).
func TestSummariesAndDraws(t *testing.T) {
	p := testPosterior()
	s := p.Summaries()[0]
	if s.Q05 != 1 || s.Q50 != 3 || s.Q95 != 4 || s.Mean != 3 {
		t.Errorf("summary %+v, want q05 1, q50 3, q95 4, mean 3", s)
	}
	count := map[float64]int{}
	for _, d := range p.Draws(10, 1) {
		count[d[0]]++
	}
	for v, want := range map[float64]int{1: 1, 2: 2, 3: 3, 4: 4} {
		if count[v] != want {
			t.Errorf("draws of %v: %d, want %d (all: %v)", v, count[v], want, count)
		}
	}
}

// TestPredictiveAndFit runs a posterior predictive of a model whose
// outputs are θ, 10θ and θ but where θ = 1 (undefined, NaN), and checks
// the bands and the fit table.
func TestPredictiveAndFit(t *testing.T) {
	p := testPosterior()
	ev := Local{Sim: func(_ context.Context, th []float64, _ uint64) ([]float64, error) {
		some := th[0]
		if some == 1 {
			some = math.NaN()
		}
		return []float64{th[0], 10 * th[0], some}, nil
	}, Jobs: 2}
	sample, err := Predictive(context.Background(), ev, p.Draws(10, 1), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(sample) != 20 {
		t.Fatalf("%d outputs, want 10 draws × 2 replicates", len(sample))
	}
	// The 20 outputs are 1 ×2, 2 ×4, 3 ×6, 4 ×8: the 5% quantile (1st of
	// 20) is 1, the median (10th) 3, the 95% (19th) 4. Without the two
	// undefined 1s, 18 remain: the 5% quantile (1st) is 2, the median
	// (9th) 3, the 95% (18th) 4.
	b := Bands(sample)
	if b[0] != (Band{1, 3, 4, 20}) || b[1] != (Band{10, 30, 40, 20}) || b[2] != (Band{2, 3, 4, 18}) {
		t.Errorf("bands %+v", b)
	}
	// Data 3.5 ± 0.25: |3 − 3.5| = 0.5 > 1.6449 × 0.25 = 0.41, a miss;
	// data 29 ± 1: |30 − 29| = 1 ≤ 1.64, within.
	rows := FitRows([]string{"a", "b"}, false, Data{Values: []float64{3.5, 29}, SD: []float64{0.25, 1}}, b[:2])
	if rows[0].Within || !rows[1].Within || rows[1].Median != 30 || rows[1].Q05 != 10 || rows[0].Fitted {
		t.Errorf("fit rows %+v", rows)
	}
}

// TestRowsWrite writes the posterior's tables with output.WriteTidy and
// checks the CSV.
func TestRowsWrite(t *testing.T) {
	p := testPosterior()
	dir := t.TempDir()
	if err := output.WriteTidy(filepath.Join(dir, "posterior"), p.ParticleRows()); err != nil {
		t.Fatal(err)
	}
	if err := output.WriteTidy(filepath.Join(dir, "generations"), p.GenerationRows()); err != nil {
		t.Fatal(err)
	}
	if err := output.WriteTidy(filepath.Join(dir, "summary"), p.SummaryRows()); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"posterior":   "particle,parameter,path,value,weight,distance\n0,x,weights.x,1,0.1,10\n1,x,weights.x,2,0.2,9\n2,x,weights.x,3,0.3,8\n3,x,weights.x,4,0.4,7\n",
		"generations": "generation,tolerance,particles,kept,steps,accepted,attempts,acceptance_rate,evaluations,distinct_particles\n1,1,4,2,3,4,8,0.5,8,3\n",
		"summary":     "parameter,path,prior,prior_lo,prior_hi,q05,median,q95,mean\nx,weights.x,uniform,0,5,1,3,4,3\n",
	} {
		b, err := os.ReadFile(filepath.Join(dir, name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s.csv:\n%s\nwant:\n%s", name, b, want)
		}
		if _, err := os.Stat(filepath.Join(dir, name+".parquet")); err != nil {
			t.Error(err)
		}
	}
	pr := PredictionRows([]string{"feb"}, []Band{{1, 2, 3, 10}})
	if !strings.Contains(pr[0].Prediction, "feb") || pr[0].Median != 2 {
		t.Errorf("prediction rows %+v", pr)
	}
}

// TestReadPosterior reads back the posterior table of a two-parameter
// posterior as ParticleRows writes it, and refuses tables that are not
// one: a wrong header, particles out of order, a parameter missing, a
// weight that changes within a particle.
func TestReadPosterior(t *testing.T) {
	p := testPosterior()
	p.Parameters = append(p.Parameters, Parameter{Name: "y", Path: "shocks.news.level"})
	for i := range p.Particles {
		p.Particles[i].Theta = append(p.Particles[i].Theta, 0.25*float64(i))
	}
	b, err := output.RowsCSV(p.ParticleRows())
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadPosterior(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Parameters) != 2 || got.Parameters[1].Path != "shocks.news.level" || len(got.Particles) != 4 {
		t.Fatalf("read %+v", got)
	}
	for i, q := range got.Particles {
		if !slices.Equal(q.Theta, p.Particles[i].Theta) || q.Weight != p.Particles[i].Weight {
			t.Errorf("particle %d: %v weight %v, want %v weight %v", i, q.Theta, q.Weight, p.Particles[i].Theta, p.Particles[i].Weight)
		}
	}
	head := "particle,parameter,path,value,weight,distance\n"
	for _, bad := range []struct{ csv, want string }{
		{"particle,value\n0,1\n", "header"},
		{head + "1,x,weights.x,1,0.5,1\n", "particle 1, want 0"},
		{head + "0,x,weights.x,1,0.5,1\n0,y,p.y,1,0.5,1\n1,x,weights.x,1,0.5,1\n", "particle 1 has 1 values, want 2"},
		{head + "0,x,weights.x,1,0.5,1\n0,y,p.y,1,0.4,1\n", "one positive weight per particle"},
		{head, "no particles"},
	} {
		if _, err := ReadPosterior(strings.NewReader(bad.csv)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want one saying %q", bad.csv, err, bad.want)
		}
	}
}
