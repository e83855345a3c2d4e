package slurm

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden scripts in testdata")

// testJob is a sweep of 512 runs in 16 tasks of 32 runs.
func testJob() Job {
	return Job{
		Name:        "exodus-sweep",
		Exodus:      "/home/ana/bin/exodus",
		Task:        []string{"sweep", "--spec", "/home/ana/ban study.toml", "--out", "/scratch/ana/sweep", "--shard", Shard, "--jobs", Jobs},
		Aggregate:   []string{"sweep", "--spec", "/home/ana/ban study.toml", "--out", "/scratch/ana/sweep", "--aggregate"},
		Tasks:       16,
		Logs:        "/scratch/ana/sweep/slurm",
		Partition:   "short",
		Time:        "0-02:00:00",
		Mem:         "4G",
		CPUsPerTask: 4,
		Command:     "exodus slurm sweep '/home/ana/ban study.toml' --out /scratch/ana/sweep --chunk 32 --partition short --time 0-02:00:00 --mem 4G --cpus-per-task 4",
	}
}

// TestScript compares the script of testJob with testdata/sweep.sbatch
// (go test -update rewrites it): a spec path with a space is quoted, the
// shard and CPUs come from Slurm's variables, the array has 16 tasks.
func TestScript(t *testing.T) {
	j := testJob()
	got, err := j.Script()
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sweep.sbatch")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("script differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

func TestValidate(t *testing.T) {
	for _, test := range []struct {
		edit func(*Job)
		want string
	}{
		{func(j *Job) { j.Name = "a b" }, `job name "a b"`},
		{func(j *Job) { j.Exodus = "bin/exodus" }, `exodus binary "bin/exodus"`},
		{func(j *Job) { j.Logs = "logs" }, `logs folder "logs"`},
		{func(j *Job) { j.Tasks = 0 }, "tasks = 0"},
		{func(j *Job) { j.CPUsPerTask = 0 }, "cpus-per-task = 0"},
		{func(j *Job) { j.Partition = "a;rm" }, `partition "a;rm"`},
		{func(j *Job) { j.Time = "2h" }, `time "2h"`},
		{func(j *Job) { j.Mem = "4GB" }, `mem "4GB"`},
		{func(j *Job) { j.Task = nil }, "no task"},
	} {
		j := testJob()
		test.edit(&j)
		if _, err := j.Script(); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("error %v, want one containing %s", err, test.want)
		}
	}
	for _, v := range []string{"90", "30:00", "12:00:00", "2-0", "2-12:00", "2-12:00:00"} {
		j := testJob()
		j.Time = v
		if err := j.Validate(); err != nil {
			t.Errorf("time %s: %v", v, err)
		}
	}
}
