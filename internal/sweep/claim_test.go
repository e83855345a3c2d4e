package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/kit/output"
)

// The tests below start copies of the test binary as separate processes
// (TestMain runs worker instead of the tests when workerDir is set): each
// executes the 200-run sweep of bigRuns on one folder, as processes on
// the machines of a cluster would.
const (
	workerDir   = "EXODUS_SWEEP_WORKER_DIR"
	workerDelay = "EXODUS_SWEEP_WORKER_DELAY"
)

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

// bigRuns is 40 points × 5 replicates = 200 runs.
func bigRuns() []Run {
	pts, err := design.Grid([]design.Axis{design.LinearAxis("weights.protest", 0, 1, 40)})
	if err != nil {
		panic(err)
	}
	runs, err := Runs(pts, 5, 17)
	if err != nil {
		panic(err)
	}
	return runs
}

// worker executes bigRuns into dir with 2 jobs. Each execution first
// creates dir/exec/RUN.PID exclusively (a second execution of a run in
// one process is an error), then sleeps the delay of workerDelay.
func worker(dir string) error {
	delay, err := time.ParseDuration(os.Getenv(workerDelay))
	if err != nil {
		return err
	}
	fn := func(ctx context.Context, r Run) (Result, error) {
		f, err := os.OpenFile(filepath.Join(dir, "exec", fmt.Sprintf("%s.%d", r.Name(), os.Getpid())), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return Result{}, err
		}
		f.Close()
		select {
		case <-ctx.Done():
			return Result{}, ctx.Err()
		case <-time.After(delay):
		}
		return model(ctx, r)
	}
	return Execute(context.Background(), dir, bigRuns(), fn, Options{Jobs: 2, Study: testStudy})
}

// startWorkers starts n worker processes on dir.
func startWorkers(t *testing.T, dir string, n int, delay time.Duration) []*exec.Cmd {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "exec"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmds := make([]*exec.Cmd, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^$")
		cmds[i].Env = append(os.Environ(), workerDir+"="+dir, workerDelay+"="+delay.String())
		cmds[i].Stderr = os.Stderr
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	return cmds
}

// executions returns, by run name, the PIDs of the processes that
// started it.
func executions(t *testing.T, dir string) map[string][]int {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "exec"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]int{}
	for _, e := range entries {
		name, pid, _ := strings.Cut(e.Name(), ".")
		p, err := strconv.Atoi(pid)
		if err != nil {
			t.Fatalf("execution file %s", e.Name())
		}
		out[name] = append(out[name], p)
	}
	return out
}

// claimPID returns the PID of the holder of the claim file at path.
func claimPID(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var cl struct {
		PID int `json:"pid"`
	}
	err = json.Unmarshal(b, &cl)
	return cl.PID, err
}

// checkComplete checks that every run has a successful record and that no
// claim is left.
func checkComplete(t *testing.T, dir string, runs []Run) {
	t.Helper()
	recs, err := Load(dir, testStudy, runs)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if !rec.OK() {
			t.Errorf("run %s: %s", rec.Name(), rec.Error)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, ClaimsDir))
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("claim %s left behind", e.Name())
		}
	}
}

// TestConcurrentProcesses runs 4 processes of 2 jobs on one 200-run
// sweep: every run is started exactly once, by one of them, and all of
// them finish with every run recorded.
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 4 processes")
	}
	dir := t.TempDir()
	runs := bigRuns()
	cmds := startWorkers(t, dir, 4, 2*time.Millisecond)
	by := map[int]int{} // runs started by PID
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v", cmd.Process.Pid, err)
		}
	}
	ex := executions(t, dir)
	for _, r := range runs {
		if pids := ex[r.Name()]; len(pids) != 1 {
			t.Errorf("run %s started %d times (by %v), want once", r.Name(), len(pids), pids)
		} else {
			by[pids[0]]++
		}
	}
	if len(ex) != len(runs) {
		t.Errorf("%d runs started, want %d", len(ex), len(runs))
	}
	checkComplete(t, dir, runs)
	t.Logf("runs by process: %v", by)
}

// TestKilledHolders starts 4 processes on one 200-run sweep of 40 ms runs
// and kills two of them with SIGKILL while they hold claims: the
// survivors take those runs over (the holders' PIDs are gone from this
// host) and every run ends recorded; a run is started twice only if a
// killed process held it when it died, and then once by a survivor.
func TestKilledHolders(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 4 processes")
	}
	dir := t.TempDir()
	runs := bigRuns()
	cmds := startWorkers(t, dir, 4, 40*time.Millisecond)
	// Kill when each victim has started 3 runs: it is working, and holds
	// claims.
	deadline := time.Now().Add(time.Minute)
	for {
		started := map[int]int{}
		for _, pids := range executions(t, dir) {
			for _, p := range pids {
				started[p]++
			}
		}
		if started[cmds[0].Process.Pid] >= 3 && started[cmds[1].Process.Pid] >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the processes have not started 3 runs each after a minute: %v", started)
		}
		time.Sleep(10 * time.Millisecond)
	}
	killed := map[int]bool{}
	for _, cmd := range cmds[:2] {
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		killed[cmd.Process.Pid] = true
	}
	held := map[string]bool{} // runs claimed by the killed processes
	entries, _ := os.ReadDir(filepath.Join(dir, ClaimsDir))
	for _, e := range entries {
		if pid, err := claimPID(filepath.Join(dir, ClaimsDir, e.Name())); err == nil && killed[pid] {
			name, _, _ := strings.Cut(e.Name(), ".")
			held[name] = true
		}
	}
	if len(held) == 0 {
		t.Fatalf("the killed processes held no claim: nothing to take over")
	}
	for _, cmd := range cmds[2:] {
		if err := cmd.Wait(); err != nil {
			t.Errorf("process %d: %v", cmd.Process.Pid, err)
		}
	}
	checkComplete(t, dir, runs)
	ex := executions(t, dir)
	taken := 0 // held runs started again by a survivor
	for _, r := range runs {
		pids := ex[r.Name()]
		survivors := 0
		for _, p := range pids {
			if !killed[p] {
				survivors++
			}
		}
		switch {
		case len(pids) == 0:
			t.Errorf("run %s never started", r.Name())
		case survivors > 1:
			t.Errorf("run %s started by %v: %d survivors, want 1 at most", r.Name(), pids, survivors)
		case len(pids) > 1 && !held[r.Name()]:
			t.Errorf("run %s started by %v, but no killed process held it", r.Name(), pids)
		}
		if held[r.Name()] && survivors == 1 {
			taken++
		}
	}
	// A held run is not started again only if its holder had written its
	// record when it died, before removing its claim.
	if taken == 0 {
		t.Errorf("none of the %d runs the killed processes held was taken over", len(held))
	}
	t.Logf("%d of the %d claims of the killed processes taken over", taken, len(held))
}

// TestLeaseExpired puts a claim file of run 0 by a process of another host
// (whose PID cannot be checked from here) in the folder: while its lease
// runs Execute waits for it, and once it has expired Execute takes the run
// over and completes the sweep.
func TestLeaseExpired(t *testing.T) {
	runs := testRuns(t, 4)
	dir := t.TempDir()
	const lease = 2 * time.Second
	expires := time.Now().Add(lease)
	b, _ := json.Marshal(map[string]any{"holder": "elsewhere/1/0", "host": "elsewhere", "pid": 1, "start": time.Now(), "expires": expires})
	if err := output.WriteNew(filepath.Join(dir, ClaimsDir, runs[0].Name()+".0"), b); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &progressCounter{onDone: func(n int64) {
		if n == int64(len(runs)-1) {
			cancel() // every run done but the claimed one
		}
	}}
	var c1 counter
	err := Execute(ctx, dir, runs, c1.wrap(model), Options{Jobs: 2, Study: testStudy, Lease: lease, Progress: p})
	if !errors.Is(err, context.Canceled) || c1.calls[runs[0].Name()] != 0 || len(c1.calls) != len(runs)-1 {
		t.Fatalf("under a live claim: error %v, calls %v; want run 0 left waiting and the rest done", err, c1.calls)
	}
	var c2 counter
	var took time.Time
	fn := func(ctx context.Context, r Run) (Result, error) {
		took = time.Now() // only run 0 is left
		return model(ctx, r)
	}
	if err := Execute(context.Background(), dir, runs, c2.wrap(fn), Options{Jobs: 2, Study: testStudy, Lease: lease}); err != nil {
		t.Fatal(err)
	}
	if len(c2.calls) != 1 || c2.calls[runs[0].Name()] != 1 {
		t.Errorf("calls %v, want run 0 once, taken over", c2.calls)
	}
	if took.Before(expires) {
		t.Errorf("run 0 taken over %v before its lease expired", expires.Sub(took))
	}
	checkComplete(t, dir, runs)
}
