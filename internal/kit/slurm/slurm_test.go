package slurm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// sweepSpec is 4 points × 2 replicates of rednote-2025 at 200000 agents
// over 30 days: runs of about 2.3 s of CPU each (exodus run --workers 1 on
// a 2-core machine; 0.5 s at 20000 agents), so that a task of two runs is
// still running when the test has seen it run and cancels it (at 20000
// agents, on a loaded machine, a task could end between two polls of the
// queue).
const sweepSpec = `scenario = "rednote-2025"
set = ["agents=200000", 'duration="30d"']
seed = 2025
replicates = 2
[design]
kind = "grid"
[[axis]]
path = "weights.protest"
values = [0, 5, 10, 15]
[outputs]
series = ["share", "flows"]
`

// buildExodus builds the exodus binary into dir.
func buildExodus(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "exodus")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/exodus-sim/exodus/cmd/exodus").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sameTables checks that every table of want (a sweep's folder: all its
// files but manifest.json and report.html, which hold the wall time) is
// in got with the same bytes.
func sameTables(t testing.TB, want, got string) {
	t.Helper()
	entries, err := os.ReadDir(want)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || e.Name() == "manifest.json" || e.Name() == "report.html" {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(want, e.Name()))
		b, err := os.ReadFile(filepath.Join(got, e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from the local sweep's (%v)", filepath.Join(got, e.Name()), err)
		}
		n++
	}
	if n < 6 {
		t.Errorf("%d tables compared, want points, metrics, shares and flows (CSV and Parquet)", n)
	}
}

// TestSlurmSweep starts a single-node Slurm cluster and runs a sweep of 8
// runs as a job array of 4 tasks (exodus slurm sweep --chunk 2 --submit):
// the aggregated tables are the same bytes as the sweep run locally. Then
// it submits the sweep again into another folder, cancels task 1 while it
// runs (the aggregation, which needs every task to succeed, never starts
// and is cancelled), resubmits task 1 alone and the aggregation, and gets
// the same tables again.
func TestSlurmSweep(t *testing.T) {
	requireSlurm(t)
	c := startCluster(t)
	dir := t.TempDir()
	exodus := buildExodus(t, dir)
	spec := filepath.Join(dir, "sweep.toml")
	if err := os.WriteFile(spec, []byte(sweepSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(dir, "local")
	if out, err := exec.Command(exodus, "sweep", "--spec", spec, "--out", local, "--jobs", "2").CombinedOutput(); err != nil {
		t.Fatalf("local sweep: %v\n%s", err, out)
	}

	submit := func(out string) (array, aggregate string) {
		cmd := c.cmd(exodus, "slurm", "sweep", "--out", out, "--chunk", "2", "--submit", spec)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("exodus slurm: %v\n%s", err, b)
		}
		m := regexp.MustCompile(`submitted job array (\d+) \(4 tasks\) and aggregation job (\d+)`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("exodus slurm printed %q, want the job ids of 4 tasks and the aggregation", b)
		}
		c.jobs = append(c.jobs, string(m[1]), string(m[2]))
		return string(m[1]), string(m[2])
	}

	first := filepath.Join(dir, "first")
	array, aggregate := submit(first)
	c.waitJobs(t, 5*time.Minute, array, aggregate)
	if st := c.state(t, aggregate); st != "COMPLETED" {
		log, _ := os.ReadFile(filepath.Join(first, "slurm", "aggregate-"+aggregate+".out"))
		t.Fatalf("aggregation job %s: %s\n%s", aggregate, st, log)
	}
	sameTables(t, local, first)

	second := filepath.Join(dir, "second")
	array, aggregate = submit(second)
	task := array + "_1"
	waitFor(t, 2*time.Minute, "task "+task+" running", func() bool {
		q := c.queued(t, task)
		return len(q) == 1 && strings.Contains(q[0], ":RUNNING:")
	})
	c.run(t, "scancel", task)
	c.waitJobs(t, 5*time.Minute, array)
	if st := c.state(t, task); st != "CANCELLED" {
		t.Fatalf("task %s: %s, want CANCELLED", task, st)
	}
	// Shard 1/4 is runs 1 and 5: p00000-r001 and p00002-r001.
	missing := 0
	for _, name := range []string{"p00000-r001", "p00002-r001"} {
		if _, err := os.Stat(filepath.Join(second, "runs", name+".json")); err != nil {
			missing++
		}
	}
	if missing == 0 {
		t.Fatalf("task %s recorded both its runs before it was cancelled: runs too short to test a resubmission", task)
	}
	if q := c.queued(t, aggregate); len(q) != 1 || !strings.Contains(q[0], ":PENDING:Dependency") {
		t.Fatalf("aggregation job after a cancelled task: %q, want it pending on its dependency", q)
	}
	c.run(t, "scancel", aggregate)
	script := filepath.Join(second, "slurm", "exodus.sbatch")
	again := c.sbatch(t, "--array=1", script, "task")
	c.waitJobs(t, 5*time.Minute, again)
	if st := c.state(t, again+"_1"); st != "COMPLETED" {
		t.Fatalf("resubmitted task %s_1: %s", again, st)
	}
	aggregate = c.sbatch(t, "--cpus-per-task=1", "--output="+filepath.Join(second, "slurm", "aggregate-%j.out"), script, "aggregate")
	c.waitJobs(t, 5*time.Minute, aggregate)
	if st := c.state(t, aggregate); st != "COMPLETED" {
		t.Fatalf("aggregation job %s: %s", aggregate, st)
	}
	sameTables(t, local, second)
	if claims, _ := os.ReadDir(filepath.Join(second, "claims")); len(claims) != 0 {
		t.Errorf("%d claims left in %s", len(claims), second)
	}
	t.Logf("%d of task 1's 2 runs were done by its resubmission", missing)
}

// TestSlurmCalibrate runs the example calibration (examples/calibration:
// 3000 agents, 8 particles, 2 generations) as a job array of 2 tasks
// (exodus slurm calibrate --tasks 2 --submit), both running it on the
// shared folder, then the aggregation: its tables are the same bytes as
// the calibration run locally, and no claim is left. Then it submits it
// again into another folder and cancels task 1 while it runs: task 0
// completes the calibration alone, with the same tables.
func TestSlurmCalibrate(t *testing.T) {
	requireSlurm(t)
	c := startCluster(t)
	dir := t.TempDir()
	exodus := buildExodus(t, dir)
	spec, err := filepath.Abs("../../../examples/calibration/calibration.toml")
	if err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(dir, "local")
	if out, err := exec.Command(exodus, "calibrate", "--spec", spec, "--out", local, "--jobs", "2").CombinedOutput(); err != nil {
		t.Fatalf("local calibration: %v\n%s", err, out)
	}
	submit := func(out string) (array, aggregate string) {
		b, err := c.cmd(exodus, "slurm", "calibrate", "--out", out, "--tasks", "2", "--submit", spec).CombinedOutput()
		if err != nil {
			t.Fatalf("exodus slurm: %v\n%s", err, b)
		}
		m := regexp.MustCompile(`submitted job array (\d+) \(2 tasks\) and aggregation job (\d+)`).FindSubmatch(b)
		if m == nil {
			t.Fatalf("exodus slurm printed %q, want the job ids of 2 tasks and the aggregation", b)
		}
		c.jobs = append(c.jobs, string(m[1]), string(m[2]))
		return string(m[1]), string(m[2])
	}
	completed := func(out string, ids ...string) {
		t.Helper()
		for _, id := range ids {
			if st := c.state(t, id); st != "COMPLETED" {
				logs, _ := filepath.Glob(filepath.Join(out, "slurm", "*.out"))
				var all []byte
				for _, l := range logs {
					b, _ := os.ReadFile(l)
					all = append(append(all, l+":\n"...), b...)
				}
				t.Fatalf("job %s: %s\n%s", id, st, all)
			}
		}
	}
	same := func(out string) {
		t.Helper()
		for _, name := range []string{"posterior.csv", "posterior.parquet", "generations.csv", "summary.csv", "fit.csv", "prediction.csv", "daily.csv", "fit.svg", "corner.svg", "daily.svg"} {
			a, _ := os.ReadFile(filepath.Join(local, name))
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil || len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("%s differs from the local calibration's (%v)", filepath.Join(out, name), err)
			}
		}
		if claims, _ := filepath.Glob(filepath.Join(out, "claims", "[a-z]*")); len(claims) != 0 {
			t.Errorf("claims left in %s: %v", out, claims)
		}
	}

	first := filepath.Join(dir, "first")
	array, aggregate := submit(first)
	start := time.Now()
	c.waitJobs(t, 5*time.Minute, array, aggregate)
	completed(first, array+"_0", array+"_1", aggregate)
	same(first)
	t.Logf("array and aggregation done in %v", time.Since(start).Round(time.Second))

	// Task 1 cancelled while it works: task 0 finishes the calibration
	// alone, taking over what task 1 held, and writes the same tables;
	// the aggregation, which needs both, never starts.
	second := filepath.Join(dir, "second")
	array, aggregate = submit(second)
	waitFor(t, 2*time.Minute, "task "+array+"_1 running with runs stored", func() bool {
		q := c.queued(t, array+"_1")
		runs, _ := filepath.Glob(filepath.Join(second, "evals", "*.json"))
		return len(q) == 1 && strings.Contains(q[0], ":RUNNING:") && len(runs) >= 2
	})
	c.run(t, "scancel", array+"_1")
	stored, _ := filepath.Glob(filepath.Join(second, "evals", "*.json"))
	c.waitJobs(t, 5*time.Minute, array)
	all, _ := filepath.Glob(filepath.Join(second, "evals", "*.json"))
	t.Logf("task 1 cancelled with %d of the %d runs stored", len(stored), len(all))
	if st := c.state(t, array+"_1"); st != "CANCELLED" {
		t.Fatalf("task %s_1: %s, want CANCELLED", array, st)
	}
	completed(second, array+"_0")
	same(second)
	c.run(t, "scancel", aggregate)
}
