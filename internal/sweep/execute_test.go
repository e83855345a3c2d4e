package sweep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/sim"
)

// testStudy is the identity of the test sweeps.
const testStudy = "study-1"

// testRuns is a sweep of 6 points × 3 replicates = 18 runs.
func testRuns(t *testing.T, root uint64) []Run {
	t.Helper()
	pts, err := design.Grid([]design.Axis{design.ListAxis("weights.protest", 0, 1, 2), design.LinearAxis("x", 0, 1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	runs, err := Runs(pts, 3, root)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// model is a stand-in run function: its result is a pure function of the
// run's seed and assignments, drawn from the counter-based source.
func model(_ context.Context, r Run) (Result, error) {
	src := sim.NewSource(r.Seed, "test/model")
	series := make([]float64, 5)
	for t := range series {
		series[t] = src.Float64(0, uint32(t)) + r.Assignments[0].Value
	}
	return Result{
		Metrics: map[string]float64{"peak": series[2], "final": series[4]},
		Series:  map[string][]float64{"users": series},
	}, nil
}

// counter counts calls of a run function per run.
type counter struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *counter) wrap(fn Func) Func {
	return func(ctx context.Context, r Run) (Result, error) {
		c.mu.Lock()
		if c.calls == nil {
			c.calls = map[string]int{}
		}
		c.calls[r.Name()]++
		c.mu.Unlock()
		return fn(ctx, r)
	}
}

// progressCounter records what Execute tells its Progress.
type progressCounter struct {
	total, before int
	done          atomic.Int64
	finished      bool
	onDone        func(n int64)
}

func (p *progressCounter) Start(total, done int) { p.total, p.before = total, done }
func (p *progressCounter) Done() {
	n := p.done.Add(1)
	if p.onDone != nil {
		p.onDone(n)
	}
}
func (p *progressCounter) Finish() { p.finished = true }

// files returns the run files of dir and fails on a temporary file left
// behind or a file that does not parse as a record.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, RunsDir))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, RunsDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// TestInterruptResume cancels the sweep when the 7th run has finished, then
// runs it again: the second pass must call exactly the runs without a file
// and none of those the first pass recorded.
func TestInterruptResume(t *testing.T) {
	for _, jobs := range []int{1, 4} {
		t.Run(fmt.Sprint("jobs=", jobs), func(t *testing.T) {
			const k = 7
			runs := testRuns(t, 42)
			dir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			p1 := &progressCounter{onDone: func(n int64) {
				if n == k {
					cancel()
				}
			}}
			var c1 counter
			err := Execute(ctx, dir, runs, c1.wrap(model), Options{Jobs: jobs, Study: testStudy, Progress: p1})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted sweep: error %v, want context.Canceled", err)
			}
			first := files(t, dir)
			if len(first) < k || len(first) >= len(runs) {
				t.Fatalf("%d run files after the interrupt, want %d…%d", len(first), k, len(runs)-1)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("%d of %d runs done", len(first), len(runs))) {
				t.Errorf("error %q does not say %d of %d runs are done", err, len(first), len(runs))
			}

			var c2 counter
			p2 := &progressCounter{}
			if err := Execute(context.Background(), dir, runs, c2.wrap(model), Options{Jobs: jobs, Study: testStudy, Progress: p2}); err != nil {
				t.Fatal(err)
			}
			for name, n := range c2.calls {
				if _, ok := first[name+".json"]; ok {
					t.Errorf("run %s was redone after it was recorded", name)
				}
				if n != 1 {
					t.Errorf("run %s called %d times", name, n)
				}
			}
			if len(c2.calls) != len(runs)-len(first) {
				t.Errorf("resume ran %d runs, want %d", len(c2.calls), len(runs)-len(first))
			}
			if p2.total != len(runs) || p2.before != len(first) || int(p2.done.Load()) != len(runs)-len(first) || !p2.finished {
				t.Errorf("progress: start(%d, %d), %d done, finished %v", p2.total, p2.before, p2.done.Load(), p2.finished)
			}
			if all := files(t, dir); len(all) != len(runs) {
				t.Errorf("%d run files, want %d", len(all), len(runs))
			}
		})
	}
}

// TestJobsIdentical checks that the run files are byte-identical for 1 and
// 4 jobs, and equal to a sweep that was interrupted and resumed.
func TestJobsIdentical(t *testing.T) {
	runs := testRuns(t, 9)
	d1, d4 := t.TempDir(), t.TempDir()
	if err := Execute(context.Background(), d1, runs, model, Options{Jobs: 1, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	if err := Execute(context.Background(), d4, runs, model, Options{Jobs: 4, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	f1, f4 := files(t, d1), files(t, d4)
	if len(f1) != len(runs) {
		t.Fatalf("%d files, want %d", len(f1), len(runs))
	}
	for name, b := range f1 {
		if !bytes.Equal(b, f4[name]) {
			t.Errorf("%s differs between 1 and 4 jobs", name)
		}
	}
	recs, err := Load(d4, testStudy, runs)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		want, _ := model(context.Background(), runs[i])
		if !rec.OK() || rec.Result.Metrics["peak"] != want.Metrics["peak"] || rec.Seed != sim.Derive(9, uint64(rec.Point), uint64(rec.Replicate))>>1 {
			t.Errorf("record %d: %+v", i, rec)
		}
	}
}

// TestFailures checks that a failing and a panicking run are recorded with
// their errors while the rest complete, that Execute reports the count,
// and that a rerun retries only the failed runs.
func TestFailures(t *testing.T) {
	runs := testRuns(t, 3)
	bad := func(ctx context.Context, r Run) (Result, error) {
		switch r.Name() {
		case "p00002-r001":
			return Result{}, fmt.Errorf("weights.protest = %g: diverged", r.Assignments[0].Value)
		case "p00004-r000":
			var m map[string]int
			m["x"]++ // panics: assignment to a nil map
		}
		return model(ctx, r)
	}
	dir := t.TempDir()
	err := Execute(context.Background(), dir, runs, bad, Options{Jobs: 3, Study: testStudy})
	var fe *FailedError
	if !errors.As(err, &fe) || fe.Failed != 2 || fe.Total != len(runs) || fe.First.Name() != "p00002-r001" {
		t.Fatalf("error %v, want 2 of %d runs failed, first p00002-r001", err, len(runs))
	}
	if !strings.Contains(err.Error(), "2 of 18 runs failed") || !strings.Contains(err.Error(), "weights.protest = 1: diverged") {
		t.Errorf("error %q does not give the count and the first error", err)
	}
	recs, err := Load(dir, testStudy, runs)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, rec := range recs {
		switch rec.Name() {
		case "p00002-r001":
			if rec.OK() || rec.Error != "weights.protest = 1: diverged" {
				t.Errorf("failed run recorded as %+v", rec)
			}
		case "p00004-r000":
			if rec.OK() || !strings.HasPrefix(rec.Error, "panic: assignment to entry in nil map") {
				t.Errorf("panicking run recorded with error %q", rec.Error)
			}
		default:
			if rec.OK() {
				ok++
			}
		}
	}
	if ok != len(runs)-2 {
		t.Errorf("%d runs succeeded, want %d", ok, len(runs)-2)
	}
	var c counter
	if err := Execute(context.Background(), dir, runs, c.wrap(model), Options{Jobs: 2, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	if len(c.calls) != 2 || c.calls["p00002-r001"] != 1 || c.calls["p00004-r000"] != 1 {
		t.Errorf("rerun called %v, want only the two failed runs", c.calls)
	}
}

// TestOtherSweep checks that a folder holding another sweep's runs is
// refused, naming the file, rather than reused: runs of another root seed,
// of another scenario (same seeds and assignments), or of another study.
func TestOtherSweep(t *testing.T) {
	dir := t.TempDir()
	if err := Execute(context.Background(), dir, testRuns(t, 1), model, Options{Jobs: 2, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	otherScenario := testRuns(t, 1)
	for i := range otherScenario {
		otherScenario[i].Scenario = "0123abcd"
	}
	for i, test := range []struct {
		runs  []Run
		study string
	}{
		{testRuns(t, 2), testStudy},
		{otherScenario, testStudy},
		{testRuns(t, 1), "another"},
	} {
		var c counter
		err := Execute(context.Background(), dir, test.runs, c.wrap(model), Options{Jobs: 2, Study: test.study})
		if err == nil || !strings.Contains(err.Error(), "p00000-r000.json") || !strings.Contains(err.Error(), "another sweep") {
			t.Errorf("case %d: error %v, want it to name the file and say it is another sweep's", i, err)
		}
		if len(c.calls) != 0 {
			t.Errorf("case %d: %d runs done in another sweep's folder", i, len(c.calls))
		}
		if _, err := Load(dir, test.study, test.runs); err == nil {
			t.Errorf("case %d: Load read another sweep's runs", i)
		}
	}
}

// TestInvalidFileRedone checks that a run file that is not a record (here:
// truncated by hand) does not count as done: the run is redone.
func TestInvalidFileRedone(t *testing.T) {
	runs := testRuns(t, 5)
	dir := t.TempDir()
	if err := Execute(context.Background(), dir, runs, model, Options{Jobs: 2, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	path := Path(dir, runs[3])
	good, _ := os.ReadFile(path)
	os.WriteFile(path, good[:len(good)/2], 0o644)
	if _, err := Load(dir, testStudy, runs); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Load of a torn file: error %v, want it to name %s", err, path)
	}
	var c counter
	if err := Execute(context.Background(), dir, runs, c.wrap(model), Options{Jobs: 2, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	if len(c.calls) != 1 || c.calls[runs[3].Name()] != 1 {
		t.Errorf("calls %v, want only %s", c.calls, runs[3].Name())
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, good) {
		t.Errorf("redone file differs from the first run's")
	}
}

func TestExecuteErrors(t *testing.T) {
	if err := Execute(context.Background(), t.TempDir(), nil, model, Options{Jobs: 0, Study: testStudy}); err == nil || !strings.Contains(err.Error(), "jobs = 0") {
		t.Errorf("jobs 0: error %v", err)
	}
	if err := Execute(context.Background(), t.TempDir(), nil, model, Options{Jobs: 1, Lease: -time.Second}); err == nil || !strings.Contains(err.Error(), "lease = -1s") {
		t.Errorf("lease -1s: error %v", err)
	}
	if err := Execute(context.Background(), t.TempDir(), nil, model, Options{Jobs: 1, Shard: Shard{3, 2}}); err == nil || !strings.Contains(err.Error(), "shard 3/2") {
		t.Errorf("shard 3/2: error %v", err)
	}
	if _, err := Runs(nil, 0, 1); err == nil || !strings.Contains(err.Error(), "replicates = 0") {
		t.Errorf("replicates 0: error %v", err)
	}
	if _, err := Load(t.TempDir(), testStudy, testRuns(t, 1)[:1]); err == nil || !strings.Contains(err.Error(), "p00000-r000") {
		t.Errorf("missing run: error %v", err)
	}
}
