package claim

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestRenew checks the lease of a claim held by another host: unrenewed
// it expires and the claim is taken over (the next generation); renewed
// it is not; and its old holder then learns it has lost it.
func TestRenew(t *testing.T) {
	const lease = time.Second
	dir := t.TempDir()
	a, _ := New(dir, lease)
	b, _ := New(dir, lease)
	a.self.Host, b.self.Host = "a", "b"
	notRecorded := func() bool { return false }

	ha, err := a.Acquire("w")
	if ha == nil || err != nil {
		t.Fatalf("a: claim %v, %v", ha, err)
	}
	if hb, err := b.Acquire("w"); hb != nil || err != nil {
		t.Fatalf("b took a live claim: %v, %v", hb, err)
	}
	for range 3 {
		time.Sleep(lease / 2)
		if err := ha.renew(notRecorded); err != nil {
			t.Fatal(err)
		}
	}
	if hb, err := b.Acquire("w"); hb != nil || err != nil {
		t.Fatalf("b took a renewed claim after %v: %v, %v", 3*lease/2, hb, err)
	}
	time.Sleep(lease + lease/4)
	hb, err := b.Acquire("w")
	if hb == nil || err != nil || hb.gen != 1 {
		t.Fatalf("b: expired claim not taken over: %+v, %v", hb, err)
	}
	if err := ha.renew(notRecorded); !errors.Is(err, errLost) {
		t.Errorf("a renewed a claim taken over: %v", err)
	}
	if err := hb.renew(func() bool { return true }); !errors.Is(err, errLost) {
		t.Errorf("b renewed the claim of a recorded work: %v", err)
	}
	if err := hb.Release(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("release left %d claim files", len(entries))
	}
}

// TestDeadHolder checks that a claim whose holder's process is gone from
// this host is taken over at once, lease running or not, and that a
// claim of a live process of this host (this one) is not.
func TestDeadHolder(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot start a process to get a dead PID:", err)
	}
	dead, _ := New(dir, time.Hour)
	dead.self.PID = cmd.Process.Pid // exited and reaped: no such process
	if h, err := dead.Acquire("w"); h == nil || err != nil {
		t.Fatalf("first claim: %v, %v", h, err)
	}
	live, _ := New(dir, time.Hour)
	h, err := live.Acquire("w")
	if h == nil || err != nil || h.gen != 1 {
		t.Fatalf("the claim of a dead process was not taken over: %+v, %v", h, err)
	}
	other, _ := New(dir, time.Hour)
	if h2, err := other.Acquire("w"); h2 != nil || err != nil {
		t.Fatalf("the claim of a live process of this host was taken over: %+v, %v", h2, err)
	}
	if err := h.Release(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("release left %d claim files (both generations should go)", len(entries))
	}
}

// TestKeep checks that Keep renews a claim while its work runs (another
// host cannot take it over after two leases) and cancels the work as soon
// as the work is recorded elsewhere.
func TestKeep(t *testing.T) {
	const lease = 200 * time.Millisecond
	dir := t.TempDir()
	a, _ := New(dir, lease)
	b, _ := New(dir, lease)
	b.self.Host = "elsewhere"
	h, err := a.Acquire("w")
	if h == nil || err != nil {
		t.Fatalf("claim: %v, %v", h, err)
	}
	lost := h.Keep(context.Background(), func() bool { return false }, func(ctx context.Context) {
		time.Sleep(2 * lease)
		if hb, err := b.Acquire("w"); hb != nil || err != nil {
			t.Errorf("another host took over a claim kept alive: %+v, %v", hb, err)
		}
	})
	if lost {
		t.Error("a kept claim reported lost")
	}
	recorded := make(chan struct{})
	start := time.Now()
	lost = h.Keep(context.Background(), func() bool {
		select {
		case <-recorded:
			return true
		default:
			return false
		}
	}, func(ctx context.Context) {
		close(recorded)
		<-ctx.Done()
	})
	// The first renewal, a quarter of the lease in, sees the record.
	if !lost || time.Since(start) > lease {
		t.Errorf("work recorded elsewhere: lost %v after %v, want true within a lease (%v)", lost, time.Since(start), lease)
	}
	if err := h.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "w.0")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("claim file after release: %v", err)
	}
}
