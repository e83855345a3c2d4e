package slurm

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Submission is what Submit submitted: the job ids of the array and of
// the aggregation job.
type Submission struct {
	Array, Aggregate string
}

// Submit submits the script at path (Job.Script) as the cluster's sbatch
// allows from this machine: it runs it with bash, which submits the array
// and the aggregation job after it. An sbatch failure is an error quoting
// its message.
func Submit(ctx context.Context, path string) (Submission, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "bash", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Submission{}, fmt.Errorf("slurm: submitting %s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	var s Submission
	for line := range strings.Lines(stdout.String()) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "array_job":
			s.Array = v
		case "aggregate_job":
			s.Aggregate = v
		}
	}
	if s.Array == "" || s.Aggregate == "" {
		return Submission{}, fmt.Errorf("slurm: submitting %s printed %q, want array_job=ID and aggregate_job=ID", path, stdout.String())
	}
	return s, nil
}
