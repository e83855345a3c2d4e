package claim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/output"
)

// DefaultLease is how long a claim holds unless renewed; its holder
// renews it every quarter of it while it works.
const DefaultLease = 2 * time.Minute

// file is the content of a claim file.
type file struct {
	Holder  string    `json:"holder"`
	Host    string    `json:"host"`
	PID     int       `json:"pid"`
	Start   time.Time `json:"start"`
	Expires time.Time `json:"expires"`
}

// Claimer claims work for one process (or one part of it: two Claimers
// in one process are two holders) in a folder of claim files.
type Claimer struct {
	dir   string
	self  file // Holder, Host and PID
	lease time.Duration
}

// New returns a Claimer of the claim files in dir with the given lease
// (0: DefaultLease; else at least a millisecond).
func New(dir string, lease time.Duration) (*Claimer, error) {
	switch {
	case lease == 0:
		lease = DefaultLease
	case lease < time.Millisecond:
		return nil, fmt.Errorf("lease = %v, want ≥ 1ms", lease)
	}
	host, err := os.Hostname()
	if err != nil {
		return nil, err
	}
	var id [6]byte
	rand.Read(id[:])
	pid := os.Getpid()
	return &Claimer{dir: dir, lease: lease, self: file{
		Holder: fmt.Sprintf("%s/%d/%s", host, pid, hex.EncodeToString(id[:])),
		Host:   host,
		PID:    pid,
	}}, nil
}

// Poll is how long a process waiting for work others hold waits before
// it looks again: a quarter of the lease, at most a second.
func (c *Claimer) Poll() time.Duration { return min(time.Second, c.lease/4) }

func (c *Claimer) path(name string, gen int) string {
	return filepath.Join(c.dir, fmt.Sprintf("%s.%d", name, gen))
}

// Held is a claim this process holds.
type Held struct {
	c     *Claimer
	name  string
	gen   int
	start time.Time
}

// Acquire claims the work name: it returns the claim, or nil if a live
// holder has it. It reads before it writes, so that polling work another
// process holds writes nothing. The caller checks, once it holds the
// claim, that the work is still not recorded: another process may have
// recorded it and released its claim in the meantime.
func (c *Claimer) Acquire(name string) (*Held, error) {
	for gen := 0; ; gen++ {
		path := c.path(name, gen)
		now := time.Now()
		cl, err := read(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			h := &Held{c: c, name: name, gen: gen, start: now}
			err := output.WriteNew(path, h.content(now))
			if err == nil {
				return h, nil
			}
			if !errors.Is(err, fs.ErrExist) {
				return nil, err
			}
			gen-- // another process claimed it first: look at its claim
		case err != nil:
			return nil, err
		case c.alive(cl, now):
			return nil, nil
		}
	}
}

// alive reports whether the holder of cl may still be working at time
// now: its lease has not expired and, on this host, its process exists.
func (c *Claimer) alive(cl file, now time.Time) bool {
	if !now.Before(cl.Expires) {
		return false
	}
	if cl.Host != c.self.Host {
		return true
	}
	err := syscall.Kill(cl.PID, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func read(path string) (file, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return file{}, err
	}
	var cl file
	if err := json.Unmarshal(b, &cl); err != nil {
		return file{}, fmt.Errorf("claim %s: %w", path, err)
	}
	return cl, nil
}

// content returns the claim file with a lease from now.
func (h *Held) content(now time.Time) []byte {
	cl := h.c.self
	cl.Start, cl.Expires = h.start.UTC(), now.Add(h.c.lease).UTC()
	b, _ := json.Marshal(cl) // a struct of strings, ints and times
	return append(b, '\n')
}

// errLost says another process has taken a claim over or recorded its
// work.
var errLost = errors.New("claim taken over")

// renew extends the lease, or returns errLost if the claim is no longer
// this process's: the work is recorded (recorded says so) or a later
// generation exists.
func (h *Held) renew(recorded func() bool) error {
	if recorded() {
		return errLost
	}
	if _, err := os.Stat(h.c.path(h.name, h.gen+1)); err == nil {
		return errLost
	}
	cl, err := read(h.c.path(h.name, h.gen))
	if errors.Is(err, fs.ErrNotExist) || err == nil && cl.Holder != h.c.self.Holder {
		return errLost
	}
	if err != nil {
		return err
	}
	return output.WriteFile(h.c.path(h.name, h.gen), h.content(time.Now()))
}

// Keep runs work under the claim: it renews the lease every quarter of
// it while work runs, and if the claim is lost (recorded reports the work
// recorded by another process, or a later generation took it over) it
// cancels work's context and returns lost = true once work has returned;
// the caller then records nothing. An error renewing other than a lost
// claim (a passing I/O failure) is tried again at the next renewal.
func (h *Held) Keep(ctx context.Context, recorded func() bool, work func(ctx context.Context)) (lost bool) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var gone bool
	wg.Go(func() {
		t := time.NewTicker(h.c.lease / 4)
		defer t.Stop()
		for {
			select {
			case <-wctx.Done():
				return
			case <-t.C:
				if err := h.renew(recorded); errors.Is(err, errLost) {
					gone = true
					cancel()
					return
				}
			}
		}
	})
	work(wctx)
	cancel()
	wg.Wait()
	return gone
}

// Release removes the claim and the dead ones it took over.
func (h *Held) Release() error {
	var errs []error
	for gen := h.gen; gen >= 0; gen-- {
		if err := os.Remove(h.c.path(h.name, gen)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
