package sweep

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"exodus/internal/kit/output"
)

// ClaimsDir is the folder of the claim files under a sweep's folder.
const ClaimsDir = "claims"

// DefaultLease is how long a claim holds unless renewed; its holder
// renews it every quarter of it while the run goes on.
const DefaultLease = 2 * time.Minute

// A claim says that a process is running a run. Run p, r is claimed by
// creating dir/claims/p<point>-r<replicate>.<generation> exclusively
// (output.WriteNew); the live claim of a run is its highest generation.
// A claim whose holder died, because its process is gone from its host
// or because its lease expired unrenewed, is taken over by creating the
// next generation, which only one process can do; generations only grow,
// so a claim judged dead can never be mistaken for its successor. Claims
// are removed, every generation, once the run's record is written or the
// holder gives the run up. Leases compare wall clocks: the hosts sharing a
// folder must keep their clocks in step (NTP), as clusters do.
type claim struct {
	Holder  string    `json:"holder"`
	Host    string    `json:"host"`
	PID     int       `json:"pid"`
	Start   time.Time `json:"start"`
	Expires time.Time `json:"expires"`
}

// claimer claims runs for one Execute.
type claimer struct {
	dir   string
	self  claim // Holder, Host and PID
	lease time.Duration
}

func newClaimer(dir string, lease time.Duration) (*claimer, error) {
	host, err := os.Hostname()
	if err != nil {
		return nil, err
	}
	var id [6]byte
	rand.Read(id[:])
	pid := os.Getpid()
	return &claimer{dir: dir, lease: lease, self: claim{
		Holder: fmt.Sprintf("%s/%d/%s", host, pid, hex.EncodeToString(id[:])),
		Host:   host,
		PID:    pid,
	}}, nil
}

func (c *claimer) path(r Run, gen int) string {
	return filepath.Join(c.dir, ClaimsDir, fmt.Sprintf("%s.%d", r.Name(), gen))
}

// held is a claim this process holds.
type held struct {
	c     *claimer
	run   Run
	gen   int
	start time.Time
}

// acquire claims run r: it returns the claim, or nil if a live holder has
// it. It reads before it writes, so that polling a run another process
// holds writes nothing.
func (c *claimer) acquire(r Run) (*held, error) {
	for gen := 0; ; gen++ {
		path := c.path(r, gen)
		now := time.Now()
		cl, err := readClaim(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			h := &held{c: c, run: r, gen: gen, start: now}
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

// alive reports whether the holder of cl may still be running its run at
// time now: its lease has not expired and, on this host, its process
// exists.
func (c *claimer) alive(cl claim, now time.Time) bool {
	if !now.Before(cl.Expires) {
		return false
	}
	if cl.Host != c.self.Host {
		return true
	}
	err := syscall.Kill(cl.PID, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func readClaim(path string) (claim, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return claim{}, err
	}
	var cl claim
	if err := json.Unmarshal(b, &cl); err != nil {
		return claim{}, fmt.Errorf("claim %s: %w", path, err)
	}
	return cl, nil
}

// content returns the claim file with a lease from now.
func (h *held) content(now time.Time) []byte {
	cl := h.c.self
	cl.Start, cl.Expires = h.start.UTC(), now.Add(h.c.lease).UTC()
	b, _ := json.Marshal(cl) // a struct of strings, ints and times
	return append(b, '\n')
}

// errLost says another process has taken a claim over or recorded its
// run.
var errLost = errors.New("claim taken over")

// renew extends the lease, or returns errLost if the claim is no longer
// this process's: the run has a record (reading it is the caller's
// check, done) or a later generation exists.
func (h *held) renew(recorded func() bool) error {
	if recorded() {
		return errLost
	}
	if _, err := os.Stat(h.c.path(h.run, h.gen+1)); err == nil {
		return errLost
	}
	cl, err := readClaim(h.c.path(h.run, h.gen))
	if errors.Is(err, fs.ErrNotExist) || err == nil && cl.Holder != h.c.self.Holder {
		return errLost
	}
	if err != nil {
		return err
	}
	return output.WriteFile(h.c.path(h.run, h.gen), h.content(time.Now()))
}

// release removes the claim and the dead ones it took over.
func (h *held) release() error {
	var errs []error
	for gen := h.gen; gen >= 0; gen-- {
		if err := os.Remove(h.c.path(h.run, gen)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
