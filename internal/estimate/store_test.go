package estimate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/target"
	"github.com/exodus-sim/exodus/model"
)

// The kill test starts a copy of the test binary as a separate process
// (TestMain runs worker instead of the tests when workerDir is set): it
// runs the tiny calibration into the folder, as a process of a cluster
// would.
const workerDir = "EXODUS_CALIBRATE_WORKER_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(workerDir); dir != "" {
		if err := worker(dir); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func worker(dir string) error {
	spec, err := LoadSpec(tinySpec)
	if err != nil {
		return err
	}
	c, err := spec.Compile()
	if err != nil {
		return err
	}
	_, err = Run(context.Background(), c, filepath.Join(dir, "out"), Options{Jobs: 2})
	return err
}

// tinySpec is the example calibration of rednote-2025 at 3000 agents over
// 14 days, two parameters, 8 particles and 2 generations, 4 posterior
// draws: about 30 runs of a fraction of a second, against targets the
// model made at known parameters.
const tinySpec = "../../examples/calibration/calibration.toml"

// tiny returns tinySpec compiled.
func tiny(t *testing.T) *Calibration {
	t.Helper()
	spec, err := LoadSpec(tinySpec)
	if err != nil {
		t.Fatal(err)
	}
	c, err := spec.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runs counts model runs by their parameters and seed (which keys
// derive, so that no two runs of a calibration share them).
type runs struct {
	mu sync.Mutex
	n  map[string]int
}

// count returns sim counting its runs in r.
func (r *runs) count(sim calibrate.Simulator) calibrate.Simulator {
	return func(ctx context.Context, theta []float64, seed uint64) ([]float64, error) {
		r.mu.Lock()
		r.n[fmt.Sprint(theta, seed)]++
		r.mu.Unlock()
		return sim(ctx, theta, seed)
	}
}

// calibrateWith runs the posterior and the posterior predictive of c as
// Run does, through stores of dir whose runs r counts, and returns the
// posterior's particle table (CSV) and the predictive sample.
func calibrateWith(ctx context.Context, c *Calibration, dir string, r *runs) ([]byte, [][]float64, error) {
	fit := store{dir: dir, next: calibrate.Local{Sim: r.count(c.simulator(c.Fit, false)), Jobs: 2}}
	predict := store{dir: dir, next: calibrate.Local{Sim: r.count(c.simulator(c.Base, true)), Jobs: 2}}
	s := c.Spec
	p, err := calibrate.SMC(ctx, s.Parameters, c.Data, fit, *s.ABC, nil)
	if err != nil {
		return nil, nil, err
	}
	sample, err := calibrate.Predictive(ctx, predict, p.Draws(s.Predictive, s.ABC.Seed), s.ABC.Replicates, s.ABC.Seed)
	if err != nil {
		return nil, nil, err
	}
	b, err := output.RowsCSV(p.ParticleRows())
	return b, sample, err
}

// TestConcurrentStores runs the tiny calibration alone into one folder,
// then as 3 concurrent calibrations (goroutines, each with its own
// stores, hence its own claims) sharing another: all 3 give the posterior
// of the one alone, byte for byte, and the predictive sample bit for bit;
// every run is done exactly once among them, and they do the same runs as
// the one alone.
func TestConcurrentStores(t *testing.T) {
	if testing.Short() {
		t.Skip("dozens of scenario runs")
	}
	dir := t.TempDir()
	c := tiny(t)
	ctx := context.Background()
	alone := &runs{n: map[string]int{}}
	want, wantSample, err := calibrateWith(ctx, c, filepath.Join(dir, "alone"), alone)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3
	shared := filepath.Join(dir, "shared")
	by := make([]*runs, n)
	got := make([][]byte, n)
	samples := make([][][]float64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		by[i] = &runs{n: map[string]int{}}
		wg.Go(func() { got[i], samples[i], errs[i] = calibrateWith(ctx, c, shared, by[i]) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("calibration %d: %v", i, errs[i])
		}
		if !bytes.Equal(got[i], want) {
			t.Errorf("calibration %d's posterior differs from the one run alone:\n%s\nwant\n%s", i, got[i], want)
		}
		if g, w := fmt.Sprint(samples[i]), fmt.Sprint(wantSample); g != w {
			t.Errorf("calibration %d's predictive sample differs from the one run alone:\n%s\nwant\n%s", i, g, w)
		}
	}
	total := map[string]int{}
	each := make([]int, n)
	for i, r := range by {
		for k, v := range r.n {
			total[k] += v
			each[i] += v
		}
	}
	for k, v := range total {
		if v != 1 || alone.n[k] != 1 {
			t.Errorf("run %s done %d times by the 3 calibrations, %d times alone; want once", k, v, alone.n[k])
		}
	}
	if len(total) != len(alone.n) {
		t.Errorf("the 3 calibrations did %d runs, the one alone %d", len(total), len(alone.n))
	}
	if claims := claimFiles(shared); len(claims) != 0 {
		t.Errorf("claims left: %v", claims)
	}
	t.Logf("%d runs, by calibration: %v", len(total), each)
}

// TestKilledCalibration starts the tiny calibration in a separate process
// and kills it (SIGKILL) while it holds claims on runs it has not
// stored; the calibration run again here takes those runs over (their
// holder's PID is gone from this host) and writes the posterior of the
// calibration run whole in another folder, byte for byte, leaving no
// claim behind.
func TestKilledCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("dozens of scenario runs")
	}
	dir := t.TempDir()
	c := tiny(t)
	ctx := context.Background()
	whole := filepath.Join(dir, "whole")
	if _, err := Run(ctx, c, whole, Options{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	evals := func() int { // stored runs, not the temporary files of a write
		runs, _ := filepath.Glob(filepath.Join(out, evalsDir, "[a-z]*.json"))
		return len(runs)
	}
	// heldBy returns the runs the worker holds: claim files with its PID
	// and no stored run.
	heldBy := func(pid int) []string {
		var held []string
		for _, e := range claimFiles(out) {
			b, err := os.ReadFile(filepath.Join(out, claimsDir, e.Name()))
			var cl struct {
				PID int `json:"pid"`
			}
			if err != nil || json.Unmarshal(b, &cl) != nil || cl.PID != pid {
				continue
			}
			key, _, _ := strings.Cut(e.Name(), ".")
			if _, err := os.Stat(filepath.Join(out, evalsDir, key+".json")); err != nil {
				held = append(held, key)
			}
		}
		return held
	}
	// The worker may store the run it held between the check and the
	// kill, a race of the test's own: then it starts again, afresh.
	var held []string
	for attempt := 1; len(held) == 0; attempt++ {
		if attempt > 5 {
			t.Fatal("the killed calibration held no claim on an unstored run, 5 times: nothing to take over")
		}
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), workerDir+"="+dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, time.Minute, "the worker storing 3 runs and holding one", func() bool {
			return evals() >= 3 && len(heldBy(cmd.Process.Pid)) > 0
		})
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		held = heldBy(cmd.Process.Pid)
	}
	stored := evals()
	if _, err := Run(ctx, c, out, Options{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	for _, key := range held {
		if _, err := os.Stat(filepath.Join(out, evalsDir, key+".json")); err != nil {
			t.Errorf("run %s, held by the killed process, not taken over: %v", key, err)
		}
	}
	for _, name := range []string{"posterior.csv", "generations.csv", "summary.csv", "fit.csv"} {
		a, _ := os.ReadFile(filepath.Join(whole, name))
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs from the calibration run whole (%v)", name, err)
		}
	}
	if claims := claimFiles(out); len(claims) != 0 {
		t.Errorf("claims left: %v", claims)
	}
	t.Logf("killed after %d runs stored, holding %d; %d runs in all", stored, len(held), evals())
}

// TestStamp checks that a folder holding one calibration's runs refuses
// another's (other targets' sd), naming both, and accepts its own again.
func TestStamp(t *testing.T) {
	dir := t.TempDir()
	c := tiny(t)
	out := filepath.Join(dir, "out")
	if err := c.stamp(out); err != nil {
		t.Fatal(err)
	}
	if err := c.stamp(out); err != nil {
		t.Errorf("a calibration refused its own folder: %v", err)
	}
	other := *c
	targets := *c.Targets
	targets.Targets = append(targets.Targets[:0:0], c.Targets.Targets...)
	targets.Targets[0].SD *= 2
	other.Targets = &targets
	if err := other.stamp(out); err == nil || !strings.Contains(err.Error(), "holds the runs of another calibration") {
		t.Errorf("another calibration's folder accepted: %v", err)
	}
	// A scenario's defaults of the free parameters (protest and threat)
	// do not change its runs: every run sets them. Another default does.
	for _, e := range []struct {
		path  string
		value float64
		same  bool
	}{{"weights.protest", 33, true}, {"weights.threat", 3.5, true}, {"weights.culture", 0.25, false}} {
		edited := *c
		for _, sc := range []**model.Scenario{&edited.Base, &edited.Fit, &edited.Large} {
			if *sc == nil {
				continue
			}
			ed, err := model.NumberEdit(e.path, e.value)
			if err != nil {
				t.Fatal(err)
			}
			if *sc, err = (*sc).With(ed); err != nil {
				t.Fatal(err)
			}
		}
		err := edited.stamp(out)
		if e.same && err != nil {
			t.Errorf("%s = %g: the calibration refused its own folder: %v", e.path, e.value, err)
		}
		if !e.same && (err == nil || !strings.Contains(err.Error(), "holds the runs of another calibration")) {
			t.Errorf("%s = %g: another calibration's folder accepted: %v", e.path, e.value, err)
		}
	}
	old := filepath.Join(dir, "old")
	if err := os.MkdirAll(filepath.Join(old, evalsDir), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(old, evalsDir, "abc-g000-i00000-a0000-r00.json"), []byte("{}\n"), 0o644)
	if err := c.stamp(old); err == nil || !strings.Contains(err.Error(), "older exodus") {
		t.Errorf("a folder of runs without a stamp accepted: %v", err)
	}
}

// claimFiles returns the claim files of the calibration folder dir,
// leaving out the temporary files of claims whose writer was killed
// (.KEY.GEN.*.tmp, output.WriteNew).
func claimFiles(dir string) []os.DirEntry {
	var out []os.DirEntry
	entries, _ := os.ReadDir(filepath.Join(dir, claimsDir))
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e)
		}
	}
	return out
}

// waitFor polls cond every 10 ms until it holds, or fails the test after
// d, naming what it waited for.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestHeldOut calibrates the tiny calibration (with a prediction) twice:
// as it is, and with a held-out fact that repeats its first target (same
// observable, value and sd). The fact must not move the posterior (the
// fit never sees it), and its row must be the target's but for its name
// and fitted = false: the same observable on the same posterior
// predictive runs, read from its own place among each run's outputs
// (after the predictions).
func TestHeldOut(t *testing.T) {
	// Both have a prediction, so that the held-out fact's place among the
	// outputs is not the predictions'.
	c, held := tiny(t), tiny(t)
	predicted := *c.Targets
	predicted.Predictions = []target.Prediction{{Name: "surge-later", Observable: predicted.Targets[1].Observable, Note: "test"}}
	c.Targets = &predicted
	tf := predicted
	again := tf.Targets[0]
	again.Name += "-held-out"
	tf.HeldOut = []target.Target{again}
	held.Targets = &tf
	dir := t.TempDir()
	res, err := Fit(context.Background(), c, filepath.Join(dir, "fitted"), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	resHeld, err := Fit(context.Background(), held, filepath.Join(dir, "held"), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := output.RowsCSV(res.Posterior.ParticleRows())
	b, _ := output.RowsCSV(resHeld.Posterior.ParticleRows())
	if !bytes.Equal(a, b) {
		t.Error("a held-out fact moved the posterior")
	}
	k := len(c.Targets.Targets)
	if len(res.Fit) != k || len(resHeld.Fit) != k+1 {
		t.Fatalf("%d and %d fit rows, want %d and %d", len(res.Fit), len(resHeld.Fit), k, k+1)
	}
	for i, f := range resHeld.Fit[:k] {
		if f != res.Fit[i] || !f.Fitted {
			t.Errorf("target row %d: %+v with the held-out fact, %+v without", i, f, res.Fit[i])
		}
	}
	got, want := resHeld.Fit[k], res.Fit[0]
	want.Target, want.Fitted = again.Name, false
	if got != want {
		t.Errorf("held-out row %+v, want the first target's %+v", got, want)
	}
	if len(resHeld.Daily) != len(res.Daily) || resHeld.Daily[0] != res.Daily[0] {
		t.Error("the daily bands moved with the held-out fact")
	}
}

// TestReachCounts calibrates the tiny calibration and checks the reach
// table's counts of each target alone against its runs as stored (the
// files of OUT/evals of the posterior's runs, read back here): the runs
// with the target's moment defined, and those within the data's 90%
// interval.
func TestReachCounts(t *testing.T) {
	c := tiny(t)
	out := filepath.Join(t.TempDir(), "out")
	res, err := Fit(context.Background(), c, out, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(out, evalsDir, "abc-*.json"))
	k := len(c.Targets.Targets)
	runs, within := make([]int, k), make([]int, k)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r record
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		for j, m := range r.Moments[:k] {
			if m == nil {
				continue
			}
			runs[j]++
			tg := c.Targets.Targets[j]
			if math.Abs(*m-tg.Value) <= 1.6448536269514722*tg.SD { // z₀.₉₅ (R: qnorm(0.95))
				within[j]++
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no runs stored")
	}
	rows := map[string]calibrate.ReachRow{}
	for _, r := range res.Reach {
		rows[r.Target+"|"+r.Other] = r
	}
	if len(res.Reach) != k*(k+1)/2 {
		t.Errorf("%d reach rows, want %d (every pair, each target with itself)", len(res.Reach), k*(k+1)/2)
	}
	for j, tg := range c.Targets.Targets {
		r := rows[tg.Name+"|"+tg.Name]
		if r.Runs != runs[j] || r.Within != within[j] {
			t.Errorf("%s: reach %d runs, %d within; the stored runs give %d and %d", tg.Name, r.Runs, r.Within, runs[j], within[j])
		}
	}
}

// TestPointSearch runs the example point search (the tiny calibration
// without [abc]: CMA-ES, 3 generations of 6 points on 2 seeds, then the
// predictive at the point estimate). It writes the estimate, the fit and
// the daily bands but no posterior, every predictive run is at the
// estimate on a seed of its own, and the manifest counts the estimate's
// runs.
func TestPointSearch(t *testing.T) {
	spec, err := LoadSpec("../../examples/calibration/point-search.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := spec.Compile()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	res, err := Run(context.Background(), c, out, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Posterior != nil || res.Estimate == nil || res.Estimate.Evaluations != 36 {
		t.Fatalf("posterior %v, estimate %+v: want no posterior and an estimate of 3 × 6 × 2 runs", res.Posterior, res.Estimate)
	}
	for _, name := range []string{"estimate.json", "fit.csv", "prediction.csv", "daily.csv", "reach.csv", "fit.svg", "daily.svg", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	for _, name := range []string{"posterior.csv", "generations.csv", "summary.csv", "corner.svg"} {
		if _, err := os.Stat(filepath.Join(out, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v, want no such file without a posterior", name, err)
		}
	}
	paths, err := filepath.Glob(filepath.Join(out, evalsDir, calibrate.StagePredict+"-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != spec.Predictive {
		t.Fatalf("%d predictive runs, want %d", len(paths), spec.Predictive)
	}
	seeds := map[uint64]bool{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var r record
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Theta, res.Estimate.Theta) {
			t.Errorf("%s: theta %v, want the estimate's %v", filepath.Base(p), r.Theta, res.Estimate.Theta)
		}
		seeds[r.Seed] = true
	}
	if len(seeds) != len(paths) {
		t.Errorf("%d seeds for %d predictive runs, want one each", len(seeds), len(paths))
	}
	for _, f := range res.Fit {
		if f.Defined == 0 || f.Defined > spec.Predictive {
			t.Errorf("%s defined in %d runs, want 1 to %d", f.Target, f.Defined, spec.Predictive)
		}
	}
	var m struct {
		Parameters map[string]any `json:"parameters"`
	}
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil {
		t.Fatal(err)
	}
	if m.Parameters["estimate_runs"] != float64(spec.Predictive) || m.Parameters["posterior_draws"] != nil {
		t.Errorf("manifest: estimate_runs %v, posterior_draws %v: want %d and none", m.Parameters["estimate_runs"], m.Parameters["posterior_draws"], spec.Predictive)
	}
}

// TestSpecSearches checks that a spec asks for a posterior, a point
// estimate or both, and that a recovery study has its ABC-SMC.
func TestSpecSearches(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Spec)
		want string
	}{
		{"neither", func(s *Spec) { s.ABC = nil }, "neither [abc] nor [cmaes]"},
		{"recovery", func(s *Spec) {
			s.ABC, s.CMAES, s.Recovery = nil, &calibrate.CMAES{Replicates: 1, Generations: 1}, &calibrate.Recovery{Truths: 2}
		}, "[recovery] without [abc]"},
	} {
		spec, err := LoadSpec(tinySpec)
		if err != nil {
			t.Fatal(err)
		}
		tc.edit(spec)
		if _, err := spec.Compile(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}
