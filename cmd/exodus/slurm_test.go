package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/estimate"
)

// TestSlurmCommand writes the script of examples/sweep.toml (2 × 2 points
// × 2 replicates = 8 runs) in 3 tasks (chunk 3: ⌈8/3⌉) and checks its
// array, shard and paths; the same for the experiment rednote-2025 in 4
// tasks of 2 CPUs; the calibration of rednote-2025 in tasks of 32 runs
// of a round, a point search (no [abc]) in rounds of a CMA-ES generation,
// and the calibration as the experiment calibration in 3 tasks, each
// running it whole; then the command line's errors.
func TestSlurmCommand(t *testing.T) {
	dir := t.TempDir()
	spec, _ := filepath.Abs("../../examples/sweep.toml")
	out := filepath.Join(dir, "sweep")
	stdout, stderr, code := exodus(t, "slurm", "sweep", "--out", out, "--chunk", "3", "--exodus", "/opt/exodus", spec)
	if code != 0 || !strings.Contains(stdout, "8 runs in 3 array tasks of 1 CPUs (≤ 3 runs each)") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "slurm", "exodus.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"--array=0-2 ",
		"exec /opt/exodus sweep --spec " + spec + " --out " + out + ` --shard "${SLURM_ARRAY_TASK_ID}/3"`,
		"exec /opt/exodus sweep --spec " + spec + " --out " + out + " --aggregate",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("script lacks %q:\n%s", want, b)
		}
	}
	// From here on, the repository's root, where experiments run: they
	// read the calibration's spec and posterior.
	t.Chdir("../..")
	cache := filepath.Join(dir, "cache")
	stdout, stderr, code = exodus(t, "slurm", "experiment", "--out", dir, "--cache", cache, "--tasks", "4", "--cpus-per-task", "2", "--exodus", "/opt/exodus", "rednote-2025")
	if code != 0 || !strings.Contains(stdout, "in 4 array tasks of 2 CPUs") {
		t.Fatalf("experiment: exit %d: %s%s", code, stdout, stderr)
	}
	b, err = os.ReadFile(filepath.Join(cache, "rednote-2025", "slurm", "exodus.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "exec /opt/exodus experiment run --out " + dir + " --cache " + cache + ` --shard "${SLURM_ARRAY_TASK_ID}/4" --jobs "${SLURM_CPUS_PER_TASK:-1}" rednote-2025`; !strings.Contains(string(b), want) {
		t.Errorf("experiment script lacks %q:\n%s", want, b)
	}
	calSpec, _ := filepath.Abs("data/rednote-2025/calibration.toml")
	calOut := filepath.Join(dir, "cal")
	sp, err := estimate.LoadSpec(calSpec)
	if err != nil {
		t.Fatal(err)
	}
	// A round is particles × replicates runs, in ⌈round/32⌉ tasks of
	// --chunk 32 (the default).
	round := sp.ABC.Particles * sp.ABC.Replicates
	tasks := (round + 31) / 32
	stdout, stderr, code = exodus(t, "slurm", "calibrate", "--out", calOut, "--exodus", "/opt/exodus", calSpec)
	if want := fmt.Sprintf("%d runs a round in %d array tasks of 1 CPUs (≤ %d runs each a round)", round, tasks, (round+tasks-1)/tasks); code != 0 || !strings.Contains(stdout, want) {
		t.Fatalf("calibrate: exit %d, want %q: %s%s", code, want, stdout, stderr)
	}
	b, err = os.ReadFile(filepath.Join(calOut, "slurm", "exodus.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("--array=0-%d ", tasks-1),
		"exec /opt/exodus calibrate --spec " + calSpec + " --out " + calOut + ` --jobs "${SLURM_CPUS_PER_TASK:-1}"`,
		"exec /opt/exodus calibrate --spec " + calSpec + " --out " + calOut + " --jobs 1",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("calibration script lacks %q:\n%s", want, b)
		}
	}
	// The example point search (no [abc]): a round is a CMA-ES generation,
	// population × replicates runs.
	pointSpec, _ := filepath.Abs("examples/calibration/point-search.toml")
	stdout, stderr, code = exodus(t, "slurm", "calibrate", "--out", filepath.Join(dir, "point"), "--exodus", "/opt/exodus", pointSpec)
	if want := "12 runs a round in 1 array tasks of 1 CPUs (≤ 12 runs each a round)"; code != 0 || !strings.Contains(stdout, want) {
		t.Fatalf("point search: exit %d, want %q: %s%s", code, want, stdout, stderr)
	}
	// The calibration experiment: every task runs it whole, no shard.
	stdout, stderr, code = exodus(t, "slurm", "experiment", "--out", dir, "--cache", cache, "--tasks", "3", "--exodus", "/opt/exodus", "calibration")
	if want := fmt.Sprintf("%d runs a round in 3 array tasks", round); code != 0 || !strings.Contains(stdout, want) {
		t.Fatalf("calibration experiment: exit %d, want %q: %s%s", code, want, stdout, stderr)
	}
	b, err = os.ReadFile(filepath.Join(cache, "calibration", "slurm", "exodus.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "exec /opt/exodus experiment run --out " + dir + " --cache " + cache + ` --jobs "${SLURM_CPUS_PER_TASK:-1}" calibration`; !strings.Contains(string(b), want) {
		t.Errorf("calibration experiment script lacks %q:\n%s", want, b)
	}
	for i, test := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"slurm", "sweep", "--tasks", "2", "--chunk", "3", spec}, 2, "--tasks and --chunk"},
		{[]string{"slurm", "sweep", "--out", out, "--time", "2h", spec}, 2, `time "2h"`},
		{[]string{"slurm", "sweep", spec, "--out", out}, 2, "flags go first"},
		{[]string{"slurm", "experiment", "--out", dir, "validation"}, 2, "run it on one machine"},
		{[]string{"slurm", "calibrate", "--out", calOut, spec}, 2, "calibration spec"},
	} {
		if _, stderr, code := exodus(t, test.args...); code != test.code || !strings.Contains(stderr, test.want) {
			t.Errorf("case %d: exit %d, stderr %q; want %d and %q", i, code, stderr, test.code, test.want)
		}
	}
}

// TestExperimentShards runs an experiment of 3 points × 2 replicates as
// 2 shards into one cache, then `experiment run` aggregates it (every run
// recorded, none redone: the run files keep their times); its tables are
// the same bytes as those of the experiment run in one go.
func TestExperimentShards(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tiny.toml")
	os.WriteFile(file, []byte(`name = "tiny"
scenario = "rednote-2025"
set = ["agents=2000", 'duration="10d"']
replicates = 2
seed = 5
[design]
kind = "grid"
[[axis]]
path = "weights.protest"
values = [0, 10, 20]
[outputs]
metrics = ["peak_users"]
`), 0o644)
	whole, split, cache := filepath.Join(dir, "whole"), filepath.Join(dir, "split"), filepath.Join(dir, "cache")
	if stdout, stderr, code := exodus(t, "experiment", "run", "--out", whole, "--cache", filepath.Join(dir, "cache-whole"), file); code != 0 {
		t.Fatalf("whole: exit %d: %s%s", code, stdout, stderr)
	}
	for _, shard := range []string{"0/2", "1/2"} {
		if stdout, stderr, code := exodus(t, "experiment", "run", "--cache", cache, "--shard", shard, file); code != 0 || !strings.Contains(stdout, "tiny: shard "+shard+" done") {
			t.Fatalf("shard %s: exit %d: %s%s", shard, code, stdout, stderr)
		}
	}
	runs, _ := filepath.Glob(filepath.Join(cache, "tiny", "runs", "p*.json"))
	before := map[string]int64{}
	for _, r := range runs {
		fi, _ := os.Stat(r)
		before[r] = fi.ModTime().UnixNano()
	}
	if len(runs) != 6 {
		t.Fatalf("%d run files after both shards, want 6", len(runs))
	}
	if stdout, stderr, code := exodus(t, "experiment", "run", "--out", split, "--cache", cache, file); code != 0 || !strings.Contains(stdout, "6 runs (0 failed)") {
		t.Fatalf("aggregation: exit %d: %s%s", code, stdout, stderr)
	}
	for _, r := range runs {
		if fi, _ := os.Stat(r); fi.ModTime().UnixNano() != before[r] {
			t.Errorf("%s rewritten by the aggregation", r)
		}
	}
	for _, name := range []string{"points.csv", "metrics.csv", "metrics.parquet"} {
		a, _ := os.ReadFile(filepath.Join(whole, "tiny", name))
		b, err := os.ReadFile(filepath.Join(split, "tiny", name))
		if err != nil || len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the experiment in one go and in 2 shards (%v)", name, err)
		}
	}
	if _, stderr, code := exodus(t, "experiment", "run", "--cache", cache, "--shard", "0/2", "--fresh", file); code != 2 || !strings.Contains(stderr, "--fresh") {
		t.Errorf("--shard with --fresh: exit %d, %q", code, stderr)
	}
}
