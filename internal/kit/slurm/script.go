package slurm

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// Placeholders in Job.Task: the task's shard (i/n) and its number of runs
// at once.
const (
	Shard = "{shard}"
	Jobs  = "{jobs}"
)

// Job is a study run as a Slurm job array and an aggregation job.
type Job struct {
	// Name is the jobs' name (sbatch --job-name).
	Name string
	// Exodus is the absolute path of the exodus binary, on a filesystem
	// the compute nodes share.
	Exodus string
	// Task is the exodus arguments of an array task; Shard and Jobs stand
	// for its shard and its number of runs at once.
	Task []string
	// Aggregate is the exodus arguments of the aggregation job.
	Aggregate []string
	// Tasks is the number of array tasks (≥ 1).
	Tasks int
	// Logs is the absolute folder of the jobs' output files.
	Logs string
	// Partition, Time and Mem are sbatch's --partition, --time (minutes,
	// [D-]HH:MM[:SS] or MM:SS) and --mem (a size such as 4G) of every
	// job; empty leaves the cluster's default.
	Partition, Time, Mem string
	// CPUsPerTask is sbatch's --cpus-per-task of an array task (≥ 1): its
	// runs at once. The aggregation job takes one CPU.
	CPUsPerTask int
	// Command is the command line that wrote the script, for its header.
	Command string
}

var (
	timeRE = regexp.MustCompile(`^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+|\d+-\d+:\d{2}|\d+-\d+:\d{2}:\d{2})$`)
	memRE  = regexp.MustCompile(`^\d+[KMGT]?$`)
	nameRE = regexp.MustCompile(`^[A-Za-z0-9_.,-]+$`)
)

// Validate returns an error naming the first bad field and its value.
func (j *Job) Validate() error {
	switch {
	case !nameRE.MatchString(j.Name):
		return fmt.Errorf("slurm: job name %q, want letters, digits, _ . , -", j.Name)
	case !filepath.IsAbs(j.Exodus):
		return fmt.Errorf("slurm: exodus binary %q, want an absolute path", j.Exodus)
	case !filepath.IsAbs(j.Logs):
		return fmt.Errorf("slurm: logs folder %q, want an absolute path", j.Logs)
	case j.Tasks < 1:
		return fmt.Errorf("slurm: tasks = %d, want ≥ 1", j.Tasks)
	case j.CPUsPerTask < 1:
		return fmt.Errorf("slurm: cpus-per-task = %d, want ≥ 1", j.CPUsPerTask)
	case j.Partition != "" && !nameRE.MatchString(j.Partition):
		return fmt.Errorf("slurm: partition %q, want letters, digits, _ . , -", j.Partition)
	case j.Time != "" && !timeRE.MatchString(j.Time):
		return fmt.Errorf("slurm: time %q, want minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS", j.Time)
	case j.Mem != "" && !memRE.MatchString(j.Mem):
		return fmt.Errorf("slurm: mem %q, want a size such as 4000, 500M or 4G", j.Mem)
	case len(j.Task) == 0 || len(j.Aggregate) == 0:
		return fmt.Errorf("slurm: no task or aggregation command")
	}
	return nil
}

// Script returns the sbatch script of the job (see the package comment).
func (j *Job) Script() ([]byte, error) {
	if err := j.Validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	p("#!/bin/bash")
	p("# %s: %d array tasks, then the aggregation; written by", j.Name, j.Tasks)
	p("#   %s", j.Command)
	p("#")
	p("#   bash THIS                              submit the array, then the aggregation after it")
	p("#   sbatch --array=I THIS task             run task I again (a cancelled or failed one):")
	p("#                                          runs already recorded are skipped")
	p("#   sbatch --cpus-per-task=1 THIS aggregate")
	p("#                                          write the tables once every task has succeeded")
	p("#")
	p("#SBATCH --job-name=%s", j.Name)
	p("#SBATCH --output=%s", filepath.Join(j.Logs, "task-%A_%a.out"))
	p("#SBATCH --cpus-per-task=%d", j.CPUsPerTask)
	if j.Partition != "" {
		p("#SBATCH --partition=%s", j.Partition)
	}
	if j.Time != "" {
		p("#SBATCH --time=%s", j.Time)
	}
	if j.Mem != "" {
		p("#SBATCH --mem=%s", j.Mem)
	}
	p("set -euo pipefail")
	p("case \"${1:-submit}\" in")
	p("task)")
	p("\texec %s", j.command(j.Task))
	p("\t;;")
	p("aggregate)")
	p("\texec %s", j.command(j.Aggregate))
	p("\t;;")
	p("submit)")
	p("\tarray=$(sbatch --parsable --array=0-%d \"$0\" task)", j.Tasks-1)
	p("\tarray=${array%%%%;*}")
	p("\taggregate=$(sbatch --parsable --dependency=afterok:\"$array\" --cpus-per-task=1 --output=%s \"$0\" aggregate)", quote(filepath.Join(j.Logs, "aggregate-%j.out")))
	p("\techo \"array_job=$array\"")
	p("\techo \"aggregate_job=${aggregate%%%%;*}\"")
	p("\t;;")
	p("*)")
	p("\techo \"usage: bash $0 | sbatch [--array=I] $0 task | sbatch $0 aggregate\" >&2")
	p("\texit 2")
	p("\t;;")
	p("esac")
	return b.Bytes(), nil
}

// command returns the shell command of exodus with args, the
// placeholders replaced by the task's shard and CPUs.
func (j *Job) command(args []string) string {
	words := []string{quote(j.Exodus)}
	for _, a := range args {
		switch a {
		case Shard:
			words = append(words, fmt.Sprintf("\"${SLURM_ARRAY_TASK_ID}/%d\"", j.Tasks))
		case Jobs:
			words = append(words, "\"${SLURM_CPUS_PER_TASK:-1}\"")
		default:
			words = append(words, quote(a))
		}
	}
	return strings.Join(words, " ")
}

var plain = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// quote returns s as one shell word: as it is if it holds no character
// the shell would interpret, else in single quotes.
func quote(s string) string {
	if plain.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
