package estimate

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/target"
	"github.com/exodus-sim/exodus/model"
)

// synthetic writes a targets file whose values are the observables of the
// base scenario of spec run at the parameters truth, averaged over reps
// seeds, with sd the replicates' standard deviation (the model's own
// noise, floored at 2% of the value), and returns its path.
func synthetic(t *testing.T, dir string, c *Calibration, truth []float64, reps int) string {
	t.Helper()
	obs := []struct{ name, body string }{
		{"rednote-surge", `observable = "ratio"
quantity = "accounts"
group = "US"
platform = "RedNote"
base_day = "2025-01-09"
day = "2025-01-15"`},
		{"rednote-after", `observable = "window_ratio"
quantity = "accounts"
group = "US"
platform = "RedNote"
base_window = ["2025-01-13", "2025-01-18"]
window = ["2025-01-20", "2025-01-22"]`},
		{"tiktok-dip", `observable = "ratio"
quantity = "users"
group = "US"
platform = "TikTok"
base_day = "2025-01-09"
day = "2025-01-15"`},
	}
	var b strings.Builder
	b.WriteString("data = \"rows.csv\"\n")
	for _, o := range obs {
		fmt.Fprintf(&b, "[[target]]\nname = %q\n%s\nvalue = 1\nsd = 1\nsd_note = \"synthetic\"\nsources = [{ date = \"2025-01-01\", metric = \"synthetic\" }]\n", o.name, o.body)
	}
	rows := "date,metric,value,kind,source\n2025-01-01,synthetic,1,measured,made by the test from known parameters\n"
	if err := os.WriteFile(filepath.Join(dir, "rows.csv"), []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "targets.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tf, err := target.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Targets = tf
	sim := c.simulator(c.Fit, false)
	sum, sum2 := make([]float64, len(obs)), make([]float64, len(obs))
	for r := range reps {
		m, err := sim(context.Background(), truth, uint64(1000+r))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			sum[k] += v
			sum2[k] += v * v
		}
	}
	b.Reset()
	b.WriteString("data = \"rows.csv\"\n")
	for k, o := range obs {
		mean := sum[k] / float64(reps)
		sd := max(0.02*mean, math.Sqrt(max(0, (sum2[k]-float64(reps)*mean*mean)/float64(reps-1))))
		fmt.Fprintf(&b, "[[target]]\nname = %q\n%s\nvalue = %v\nsd = %v\nsd_note = \"the model's own spread over %d seeds at the true parameters\"\nsources = [{ date = \"2025-01-01\", metric = \"synthetic\" }]\n", o.name, o.body, mean, sd, reps)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestRecovery calibrates rednote-2025 (10,000 agents, 14 days from 9 Jan)
// against targets made by the model itself at known parameters (protest
// 20, threat 1): each true value must lie in its posterior 90% interval,
// and at least one interval be much narrower than its prior (the targets
// inform the posterior; at these targets threat is well identified,
// protest hardly).
// Then it runs the same calibration again in the same folder with 1 job
// instead of 2: every run is read back, and the posterior is the same.
func TestRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("hundreds of scenario runs")
	}
	dir := t.TempDir()
	// The calibrated values of rednote-2025 make an exodus too small at
	// 10 000 agents to inform anything; the test runs every free value at
	// its prior's centre (a number sets a duration in days), where it is
	// visible.
	set := []string{"agents=10000", "start=2025-01-09T00:00:00-05:00", `duration="14d"`, `warmup="1d"`}
	embedded, err := model.LoadScenario("rednote-2025")
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range embedded.Priors {
		set = append(set, fmt.Sprintf("%s=%v", pr.Path, pr.Centre()))
	}
	spec := &Spec{
		Scenario: "rednote-2025",
		Set:      set,
		Targets:  "placeholder",
		Parameters: []calibrate.Parameter{
			{Name: "protest", Path: "weights.protest", Prior: calibrate.Uniform, Lo: 5, Hi: 40},
			{Name: "threat", Path: "weights.threat", Prior: calibrate.Uniform, Lo: 0, Hi: 4},
		},
		Predictive: 10,
		ABC:        &calibrate.ABC{Particles: 24, Replicates: 1, Alpha: 0.5, Stay: 0.01, MinTolerance: 3, MaxGenerations: 3, MinAcceptance: 0.15, Seed: 7},
	}
	base, err := loadBase(spec)
	if err != nil {
		t.Fatal(err)
	}
	c := &Calibration{Spec: spec, Base: base.Scenario, Fit: base.Scenario}
	truth := []float64{20, 1}
	spec.Targets = synthetic(t, dir, c, truth, 8)
	if c, err = spec.Compile(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	res, err := Run(context.Background(), c, out, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	narrowest := 1.0
	for k, s := range res.Posterior.Summaries() {
		p := spec.Parameters[k]
		t.Logf("%s: true %v, posterior median %.3g, 90%% interval [%.3g, %.3g], prior [%v, %v]", p.Name, truth[k], s.Q50, s.Q05, s.Q95, p.Lo, p.Hi)
		if !(s.Q05 <= truth[k] && truth[k] <= s.Q95) {
			t.Errorf("%s: true %v outside the 90%% interval [%v, %v]", p.Name, truth[k], s.Q05, s.Q95)
		}
		narrowest = min(narrowest, (s.Q95-s.Q05)/(p.Hi-p.Lo))
	}
	// A calibrator that returned the prior would give 90% intervals of
	// 0.9 of each prior's width; the targets must narrow at least one.
	if narrowest > 0.6 {
		t.Errorf("the narrowest 90%% interval is %.2f of its prior's width: the posterior is the prior", narrowest)
	}
	for _, name := range []string{"posterior.csv", "posterior.parquet", "generations.csv", "summary.csv", "fit.csv", "prediction.csv", "daily.csv", "fit.svg", "corner.svg", "daily.svg", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	first, _ := os.ReadFile(filepath.Join(out, "posterior.csv"))
	again, err := Run(context.Background(), c, out, Options{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(filepath.Join(out, "posterior.csv"))
	if string(first) != string(second) || len(again.Posterior.Particles) != len(res.Posterior.Particles) {
		t.Error("the posterior changed when the calibration was run again with 1 job instead of 2")
	}
}

// TestRednoteSpec checks the declared calibration of rednote-2025 and
// the one of rednote-2025-posts at 4·10⁷ agents: each compiles (every
// parameter at its prior's corners, the targets read), has at least 8
// free parameters (issue floor), each with the range and scale of the
// scenario's prior of its path; the posts' calibration is the declared
// one with the posts' parameters added (the same targets and settings);
// and a parameter with neither a prior nor a [[prior]] of its path is an
// error naming it.
func TestRednoteSpec(t *testing.T) {
	load := func(path string) (*Spec, *Calibration) {
		t.Helper()
		spec, err := LoadSpec(path)
		if err != nil {
			t.Fatal(err)
		}
		c, err := spec.Compile()
		if err != nil {
			t.Fatal(err)
		}
		if len(spec.Parameters) < 8 {
			t.Errorf("%s: %d free parameters, want at least 8", path, len(spec.Parameters))
		}
		for _, p := range spec.Parameters {
			found := false
			for _, pr := range c.Base.Priors {
				if pr.Path == p.Path {
					found = p.Lo == pr.Lo && p.Hi == pr.Hi && (p.Prior == calibrate.LogUniform) == (pr.Scale == "log")
				}
			}
			if !found {
				t.Errorf("%s: parameter %s: prior %s [%v, %v] is not the scenario's", path, p.Path, p.Prior, p.Lo, p.Hi)
			}
		}
		return spec, c
	}
	spec, _ := load("../../data/rednote-2025/calibration.toml")
	posts, pc := load("../../data/rednote-2025/calibration-posts.toml")
	var paths []string
	for _, p := range posts.Parameters {
		paths = append(paths, p.Path)
	}
	want := []string{"weights.reach", "weights.story", "weights.refusal", "shocks.oral-argument.half_life"}
	for _, p := range spec.Parameters {
		want = append(want, p.Path)
	}
	slices.Sort(paths)
	slices.Sort(want)
	if !slices.Equal(paths, want) {
		t.Errorf("posts' calibration frees %q, want the declared calibration's and the posts' %q", paths, want)
	}
	if *posts.ABC != *spec.ABC || *posts.CMAES != *spec.CMAES || posts.Targets != spec.Targets || posts.Predictive != spec.Predictive {
		t.Errorf("posts' calibration: ABC %+v, CMA-ES %+v, targets %s, predictive %d; want the declared calibration's %+v, %+v, %s, %d",
			*posts.ABC, *posts.CMAES, posts.Targets, posts.Predictive, *spec.ABC, *spec.CMAES, spec.Targets, spec.Predictive)
	}
	if pc.Base.Agents != 40_000_000 || pc.Base.Weights.Reach == 0 {
		t.Errorf("posts' calibration: %d agents, reach %v; want 4·10⁷ agents (TRIALS.md: the size at which the posts' wave is the dynamics') with the posts on", pc.Base.Agents, pc.Base.Weights.Reach)
	}
	spec.Parameters = append(spec.Parameters, calibrate.Parameter{Path: "weights.appeal"})
	if _, err := spec.Compile(); err == nil || !strings.Contains(err.Error(), "weights.appeal: no prior given and the scenario has no [[prior]] of that path") {
		t.Errorf("a parameter without a prior: %v", err)
	}
}

// TestFitSubset checks a spec's fit list on the example calibration
// (three targets): fitting the last two holds out the first, and is the
// same calibration (the same fingerprint, so the same runs and results)
// as a targets file that declares the first a held-out fact; it is not
// the calibration of all three; and a name that is repeated, held out in
// the file or not a target at all is an error naming it.
func TestFitSubset(t *testing.T) {
	compile := func(spec *Spec, fit ...string) (*Calibration, error) {
		spec.Fit = fit
		return spec.Compile()
	}
	spec, err := LoadSpec(tinySpec)
	if err != nil {
		t.Fatal(err)
	}
	all, err := compile(spec)
	if err != nil {
		t.Fatal(err)
	}
	names := target.Names(all.Targets.Targets)
	if len(names) != 3 || len(all.Targets.HeldOut) != 0 {
		t.Fatalf("the example has targets %q and %d held-out facts, want 3 and none", names, len(all.Targets.HeldOut))
	}
	sub, err := compile(spec, names[2], names[1]) // the file's order, whatever the list's
	if err != nil {
		t.Fatal(err)
	}
	if got := target.Names(sub.Targets.Targets); !slices.Equal(got, names[1:]) {
		t.Errorf("fitted %q, want %q", got, names[1:])
	}
	if got := target.Names(sub.Targets.HeldOut); !slices.Equal(got, names[:1]) {
		t.Errorf("held out %q, want %q", got, names[:1])
	}

	// The same calibration written with the first target as a held-out fact.
	dir := t.TempDir()
	src := filepath.Dir(tinySpec)
	for _, f := range []string{"calibration.toml", "rows.csv", "targets.toml"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "targets.toml" {
			b = bytes.Replace(b, []byte("[[target]]"), []byte("[[held_out]]"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	heldSpec, err := LoadSpec(filepath.Join(dir, "calibration.toml"))
	if err != nil {
		t.Fatal(err)
	}
	held, err := compile(heldSpec)
	if err != nil {
		t.Fatal(err)
	}
	fingerprint := func(c *Calibration) string {
		f, err := c.Fingerprint()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if fingerprint(sub) != fingerprint(held) {
		t.Error("fitting two of three targets is not the calibration that holds the third out in its targets file")
	}
	if fingerprint(sub) == fingerprint(all) {
		t.Error("fitting two of three targets has the fingerprint of fitting all three")
	}

	for _, c := range []struct {
		spec *Spec
		fit  []string
		want string
	}{
		{spec, []string{names[1], names[1]}, fmt.Sprintf("fit = [%q %q]: %q named twice", names[1], names[1], names[1])},
		{spec, []string{"surge"}, fmt.Sprintf(`fit = ["surge"]: "surge" is not a target of the targets file (%s)`, strings.Join(names, ", "))},
		{heldSpec, []string{names[0]}, fmt.Sprintf("fit = [%q]: %q is a held-out fact of the targets file, never fitted", names[0], names[0])},
	} {
		if _, err := compile(c.spec, c.fit...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("fit = %q: error %v, want one containing %q", c.fit, err, c.want)
		}
	}
}

// TestFitWindow checks that the fit's runs end with the targets' last day
// (26 Jan 2025, the downloads' decay window: 21 days from the start on 6
// Jan) and give the same moments, bit for bit, as runs of the whole
// scenario: the model is causal, so cutting a run short changes none of
// its earlier days.
func TestFitWindow(t *testing.T) {
	spec, err := LoadSpec("../../data/rednote-2025/calibration.toml")
	if err != nil {
		t.Fatal(err)
	}
	spec.Set = []string{"agents=2000"}
	c, err := spec.Compile()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := time.Duration(c.Fit.Duration), 21*24*time.Hour; got != want {
		t.Errorf("fit window of %v, want %v (6 to 26 Jan)", got, want)
	}
	theta := make([]float64, len(spec.Parameters))
	for k, p := range spec.Parameters {
		theta[k] = (p.Lo + p.Hi) / 2
	}
	fit, err := c.simulator(c.Fit, false)(context.Background(), theta, 11)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := c.simulator(c.Base, true)(context.Background(), theta, 11)
	if err != nil {
		t.Fatal(err)
	}
	for k, m := range fit {
		if math.Float64bits(m) != math.Float64bits(whole[k]) {
			t.Errorf("target %s: %v in the fit window, %v in the whole run", c.Targets.Targets[k].Name, m, whole[k])
		}
	}
}
