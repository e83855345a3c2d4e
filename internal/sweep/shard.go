package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is share Index of Count of a sweep's runs: the runs whose index
// in run order is Index mod Count. Striding rather than cutting the run
// list into contiguous chunks gives every shard the same number of runs
// (±1) and a sample of the whole design, so that the costly corner of a
// grid (the largest populations, the longest durations) is spread over
// all shards instead of landing on the last one, which would finish
// long after the others. The zero Shard is every run.
type Shard struct {
	Index, Count int
}

// ParseShard reads a shard written i/n, 0 ≤ i < n (a Slurm array task's
// $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT).
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("shard %q, want i/n with 0 ≤ i < n, e.g. 0/4", s)
	}
	return Shard{Index: i, Count: n}, nil
}

// Has reports whether run index i (in run order) is in the shard.
func (s Shard) Has(i int) bool { return s.Count == 0 || i%s.Count == s.Index }

// String returns i/n, or "all" for the zero Shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}
