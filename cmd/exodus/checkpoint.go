package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/version"
	"github.com/exodus-sim/exodus/model"
	"github.com/exodus-sim/exodus/sim"
)

// A run's checkpoint is the file DIR.checkpoint beside its output folder
// DIR: not inside it, because DIR holds the previous run's outputs, whole,
// until the run commits its own in one step, and the temporary folder it
// writes them to is removed when the process stops. The file is replaced
// as a unit (output.WriteStream), holds a header (checkpointHeader, JSON)
// and the run's state (model.Migration.WriteState), and is removed once DIR
// is committed: a checkpoint beside a folder is an unfinished run.

// checkpointFormat names the layout of the checkpoint file.
const checkpointFormat = "exodus checkpoint 1"

// checkpointPath returns the checkpoint file of output folder dir.
func checkpointPath(dir string) string { return filepath.Clean(dir) + ".checkpoint" }

// checkpointHeader says which run a checkpoint belongs to and how it was
// started: a resumed run takes its scenario, seed and options from it, and
// only the binary that wrote it may continue it.
type checkpointHeader struct {
	Format       string `json:"format"`
	Exodus       string `json:"exodus_version"`
	Binary       string `json:"binary_sha256"`
	Scenario     string `json:"scenario"`
	ScenarioHash string `json:"scenario_hash"`
	ScenarioTOML string `json:"scenario_toml"`
	Seed         uint64 `json:"seed"`
	// EdgesHash is the SHA-256 of the edge list of an edge-list network.
	EdgesHash string `json:"edges_sha256,omitempty"`
	// Every is --checkpoint-every; Workers --workers; Command the command
	// line that started the run, shown in its report.
	Every   string `json:"checkpoint_every"`
	Workers int    `json:"workers"`
	Command string `json:"command"`
	// Tick is the engine tick the state is at (warm-up included), of
	// Ticks; At is its time in the scenario ("warm-up" before the start).
	Tick  int    `json:"tick"`
	Ticks int    `json:"ticks"`
	At    string `json:"at"`
	// WallSeconds and RunSeconds add up the wall time of the command and
	// of its ticks over the processes that ran it so far.
	WallSeconds float64 `json:"wall_seconds"`
	RunSeconds  float64 `json:"run_seconds"`
}

// newCheckpointHeader returns the header of a fresh run of plan p.
func newCheckpointHeader(p *model.Plan, every model.Duration, workers int, command string) (*checkpointHeader, error) {
	bin, err := version.Binary()
	if err != nil {
		return nil, err
	}
	canon, hash, err := p.Identity()
	if err != nil {
		return nil, err
	}
	edges, err := edgesHash(p)
	if err != nil {
		return nil, err
	}
	return &checkpointHeader{
		Format: checkpointFormat, Exodus: version.String(), Binary: bin,
		Scenario: p.Name, ScenarioHash: hash, ScenarioTOML: string(canon), Seed: p.Seed, EdgesHash: edges,
		Every: time.Duration(every).String(), Workers: workers, Command: command,
		Ticks: p.WarmupTicks() + p.Ticks(),
	}, nil
}

// edgesHash returns the SHA-256 of p's edge list, or "" if p's network is
// generated.
func edgesHash(p *model.Plan) (string, error) {
	if spec, err := p.Network.Canonical(); err != nil || spec.Kind != "edge-list" {
		return "", err
	}
	f, err := os.Open(p.Network.Path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("edge list %s: %w", p.Network.Path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkpointer writes the checkpoints of a run.
type checkpointer struct {
	ctx    context.Context // an interrupt abandons a checkpoint half-written, keeping the last
	path   string
	header *checkpointHeader
	start  time.Time // of this process's command
	ticks  time.Time // of this process's ticks
	base   checkpointHeader
	last   *checkpointHeader // the last written, nil before the first
}

// write writes the checkpoint of m, between two ticks.
func (k *checkpointer) write(m *model.Migration) error {
	h := k.header
	h.Tick = m.Engine.Tick()
	h.At = "warm-up"
	if warm := m.Plan.WarmupTicks(); h.Tick >= warm {
		h.At = m.Plan.TimeOf(h.Tick - warm).Format(time.RFC3339)
	}
	h.WallSeconds = k.base.WallSeconds + time.Since(k.start).Seconds()
	h.RunSeconds = k.base.RunSeconds + time.Since(k.ticks).Seconds()
	head, err := json.Marshal(h)
	if err != nil {
		return err
	}
	err = output.WriteStream(k.path, func(w io.Writer) error {
		sw := sim.NewStateWriter(ctxWriter{k.ctx, w})
		sw.Bytes(head)
		m.WriteState(sw)
		return sw.Close()
	})
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	last := *h
	k.last = &last
	return nil
}

// ctxWriter is a Writer that fails with ctx's error once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(b)
}

// removeStaleCheckpoints removes the temporary files a killed writer of
// path's checkpoints left.
func removeStaleCheckpoints(path string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp"))
	for _, f := range stale {
		os.Remove(f)
	}
}

// openCheckpoint opens the checkpoint at path and reads its header; the
// reader is positioned at the run's state.
func openCheckpoint(path string) (*checkpointHeader, *sim.StateReader, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	r := sim.NewStateReader(f, fi.Size())
	var h checkpointHeader
	head := r.Bytes(nil)
	if err := json.Unmarshal(head, &h); err != nil || h.Format != checkpointFormat {
		f.Close()
		return nil, nil, nil, fmt.Errorf("%s is not an exodus checkpoint (%s): %w", path, checkpointFormat, sim.ErrCheckpoint)
	}
	return &h, r, f, nil
}

// unfinished returns an error if output folder dir has a checkpoint: a
// fresh run would leave it behind, so it says how to continue it or to
// remove it.
func unfinished(dir string) error {
	path := checkpointPath(dir)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	at := ""
	if h, _, f, err := openCheckpoint(path); err == nil {
		f.Close()
		at = fmt.Sprintf(" (%s, tick %d of %d, %s)", h.Scenario, h.Tick, h.Ticks, h.At)
	}
	return usagef("%s holds the checkpoint of an unfinished run%s: continue it with `exodus run --resume %s`, or delete the file to start afresh",
		path, at, dir)
}

// checkpointTicks returns the value of --checkpoint-every in ticks of p (0
// if "") and as a duration.
func checkpointTicks(p *model.Plan, value string) (int, model.Duration, error) {
	if value == "" {
		return 0, 0, nil
	}
	d, err := model.ParseDuration(value)
	if err != nil {
		return 0, 0, usagef("--checkpoint-every = %q: %v", value, err)
	}
	tick := p.Tick.D()
	if d.D() <= 0 || d.D()%tick != 0 {
		return 0, 0, usagef("--checkpoint-every = %q, want a positive whole number of ticks of %s, such as 6h, or 1 for a day", value, tick)
	}
	return int(d.D() / tick), d, nil
}

// resumePlan reads the checkpoint of output folder dir and returns its
// header, the plan it records and the reader of its state, after checking
// that this binary wrote it, that its scenario compiles to the hash
// recorded, that its edge list, if any, is the one it ran on, and that
// the scenario flags given, if any, make the same scenario and seed.
func resumePlan(c *cli.Context, dir string) (*checkpointHeader, *model.Plan, *sim.StateReader, io.Closer, error) {
	path := checkpointPath(dir)
	h, r, f, err := openCheckpoint(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil, nil, usagef("--resume %s: no checkpoint %s to continue from (a run writes one with --checkpoint-every)", dir, path)
	}
	if err != nil {
		return nil, nil, nil, nil, usagef("--resume %s: %v", dir, err)
	}
	fail := func(err error) (*checkpointHeader, *model.Plan, *sim.StateReader, io.Closer, error) {
		f.Close()
		return nil, nil, nil, nil, err
	}
	bin, err := version.Binary()
	if err != nil {
		return fail(err)
	}
	if h.Binary != bin {
		return fail(usagef("--resume %s: %s was written by another exodus binary (%s, SHA-256 %.12s…) than this one (%s, %.12s…), whose results may differ: continue it with that binary, or delete it to start afresh",
			dir, path, h.Exodus, h.Binary, version.String(), bin))
	}
	sc, err := model.ParseScenario([]byte(h.ScenarioTOML))
	if err != nil {
		return fail(usagef("--resume %s: the scenario recorded in %s: %v", dir, path, err))
	}
	sc.Seed = h.Seed
	p, err := model.Compile(sc)
	if err != nil {
		return fail(usagef("--resume %s: the scenario recorded in %s: %v", dir, path, err))
	}
	if _, hash, err := p.Identity(); err != nil || hash != h.ScenarioHash {
		return fail(usagef("--resume %s: the scenario recorded in %s compiles to hash %s, not the %s recorded: the checkpoint is damaged", dir, path, hash, h.ScenarioHash))
	}
	edges, err := edgesHash(p)
	if err != nil {
		return fail(usagef("--resume %s: %v", dir, err))
	}
	if edges != h.EdgesHash {
		return fail(usagef("--resume %s: the edge list %s has changed since the run started (SHA-256 %.12s…, was %.12s…)", dir, p.Network.Path, edges, h.EdgesHash))
	}
	for _, flag := range []string{"scenario", "set", "agents", "seed"} {
		if !c.IsSet(flag) {
			continue
		}
		given, err := scenarioPlan(c)
		if err != nil {
			return fail(err)
		}
		_, hash, err := given.Identity()
		if err != nil {
			return fail(err)
		}
		if hash != h.ScenarioHash || given.Seed != h.Seed {
			return fail(usagef("--resume %s: the scenario of --scenario, --set, --agents and --seed (hash %.12s…, seed %d) is not the one of the checkpoint (hash %.12s…, seed %d): drop those flags to continue the checkpoint's run",
				dir, hash, given.Seed, h.ScenarioHash, h.Seed))
		}
		break
	}
	return h, p, r, f, nil
}
