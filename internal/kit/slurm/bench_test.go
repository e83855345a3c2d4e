package slurm

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// sweep512 is the sweep of the floor: rednote-2025 at 10⁴ agents,
// 64 points × 8 replicates = 512 runs.
const sweep512 = `scenario = "rednote-2025"
set = ["agents=10000"]
seed = 2025
replicates = 8
[design]
kind = "grid"
[[axis]]
path = "weights.protest"
from = 0
to = 20
steps = 64
[outputs]
series = ["share"]
`

// BenchmarkSweep512 times the 512-run sweep run locally with --jobs 2 and
// through Slurm on a single-node cluster (exodus slurm sweep --chunk 64
// --cpus-per-task 1 --submit: 8 tasks, as many at once as the node has
// CPUs, then the aggregation), from the command's start to the
// aggregation job's end, and checks that the tables are the same bytes.
// It reports both wall times and their ratio (the means over the
// iterations, which alternate which of the two goes first). Run it alone:
//
//	go test -run '^$' -bench Sweep512 -benchtime 2x -timeout 60m ./internal/kit/slurm/
func BenchmarkSweep512(b *testing.B) {
	requireSlurm(b)
	dir := b.TempDir()
	c := startCluster(b)
	exodus := buildExodus(b, dir)
	spec := filepath.Join(dir, "sweep.toml")
	if err := os.WriteFile(spec, []byte(sweep512), 0o644); err != nil {
		b.Fatal(err)
	}
	var sumLocal, sumSlurm time.Duration
	n := 0
	for i := 0; b.Loop(); i++ {
		local, cluster := filepath.Join(dir, "local", strconv.Itoa(i)), filepath.Join(dir, "slurm", strconv.Itoa(i))
		runLocal := func() time.Duration {
			start := time.Now()
			if out, err := exec.Command(exodus, "sweep", "--spec", spec, "--out", local, "--jobs", "2").CombinedOutput(); err != nil {
				b.Fatalf("local sweep: %v\n%s", err, out)
			}
			return time.Since(start)
		}
		runSlurm := func() time.Duration {
			start := time.Now()
			out, err := c.cmd(exodus, "slurm", "sweep", "--out", cluster, "--chunk", "64", "--cpus-per-task", "1", "--submit", spec).CombinedOutput()
			if err != nil {
				b.Fatalf("exodus slurm: %v\n%s", err, out)
			}
			m := regexp.MustCompile(`submitted job array (\d+) \(\d+ tasks\) and aggregation job (\d+)`).FindSubmatch(out)
			if m == nil {
				b.Fatalf("exodus slurm printed %q", out)
			}
			c.jobs = append(c.jobs, string(m[1]), string(m[2]))
			c.waitJobs(b, 30*time.Minute, string(m[1]), string(m[2]))
			return time.Since(start)
		}
		// Alternate which goes first, so that a drift in the machine's
		// load does not favour one.
		var tLocal, tSlurm time.Duration
		if i%2 == 0 {
			tLocal, tSlurm = runLocal(), runSlurm()
		} else {
			tSlurm, tLocal = runSlurm(), runLocal()
		}
		sameTables(b, local, cluster)
		b.Logf("iteration %d: local %.1f s, Slurm %.1f s", i, tLocal.Seconds(), tSlurm.Seconds())
		sumLocal += tLocal
		sumSlurm += tSlurm
		n++
	}
	b.ReportMetric(sumLocal.Seconds()/float64(n), "local-s")
	b.ReportMetric(sumSlurm.Seconds()/float64(n), "slurm-s")
	b.ReportMetric(sumSlurm.Seconds()/sumLocal.Seconds(), "slurm/local")
}
