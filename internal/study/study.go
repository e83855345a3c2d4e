package study

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/sweep"
	"github.com/exodus-sim/exodus/model"
)

// Point is one scenario of a study.
type Point struct {
	// Label names the point in tables: a variant's name, or its
	// assignments.
	Label string
	// Assignments are the point's values of the design's axes; none for
	// a variant.
	Assignments design.Point
	// Plan is the point's compiled scenario; each run sets its seed.
	Plan *model.Plan
	// Replicates, if not 0, is the point's number of runs, replicates
	// 0…Replicates−1, at most the study's: fewer where runs cost more.
	// 0 means the study's Replicates.
	Replicates int
}

// Study is a set of scenario runs: Replicates runs of each point (or the
// point's own Replicates).
type Study struct {
	// Base is the base scenario the points vary, when there is one.
	Base       *model.Plan
	Points     []Point
	Replicates int
	// Seed is the root seed of the runs' seeds.
	Seed uint64
	// CommonSeeds gives replicate r of every point the seed
	// sweep.Seed(Seed, 0, r), so that points are compared on the same
	// draws; otherwise run (p, r) has sweep.Seed(Seed, p, r).
	CommonSeeds bool
	Outputs     Outputs
	// Saltelli says the points are design.Saltelli's, in its order, so
	// that Sobol indices can be estimated.
	Saltelli bool
	// Workers is the number of engine workers of each run (0: 1); it
	// changes the time, never the results.
	Workers int
	// Draws, if not nil, are edits per replicate (a posterior's draws):
	// run (p, r) runs point p's scenario with Draws[r] applied. A point
	// edits none of their paths (checkDraws), so the order of the two
	// does not matter.
	Draws [][]model.Edit
}

// plan returns the scenario of point p's replicate r: the point's, with
// draw r applied when there are draws.
func (s *Study) plan(p, r int) (*model.Plan, error) {
	pl := s.Points[p].Plan
	if s.Draws == nil {
		return pl, nil
	}
	sc, err := pl.Scenario.With(s.Draws[r]...)
	if err != nil {
		return nil, err
	}
	return model.Compile(sc)
}

// PointReplicates returns the number of runs of point p.
func (s *Study) PointReplicates(p int) int {
	if r := s.Points[p].Replicates; r != 0 {
		return r
	}
	return s.Replicates
}

// RunCount returns the number of the study's runs: the points' replicates
// summed.
func (s *Study) RunCount() int {
	n := 0
	for p := range s.Points {
		n += s.PointReplicates(p)
	}
	return n
}

// ReplicatesText says how many runs each point has: "20", or "3–20" when
// points differ.
func (s *Study) ReplicatesText() string {
	lo, hi := s.Replicates, 0
	for p := range s.Points {
		lo, hi = min(lo, s.PointReplicates(p)), max(hi, s.PointReplicates(p))
	}
	if lo == hi {
		return strconv.Itoa(hi)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// Validate returns an error naming the first bad field.
func (s *Study) Validate() error {
	switch {
	case len(s.Points) == 0:
		return fmt.Errorf("study: no points")
	case s.Replicates < 1:
		return fmt.Errorf("study: replicates = %d, want ≥ 1", s.Replicates)
	case s.Workers < 0:
		return fmt.Errorf("study: workers = %d, want ≥ 0", s.Workers)
	case s.Draws != nil && len(s.Draws) != s.Replicates:
		return fmt.Errorf("study: %d draws for %d replicates", len(s.Draws), s.Replicates)
	}
	for p, pt := range s.Points {
		if pt.Replicates < 0 || pt.Replicates > s.Replicates {
			return fmt.Errorf("study: point %s: replicates = %d, want within [1, %d] (the study's), or 0 for the study's", pt.Label, pt.Replicates, s.Replicates)
		}
		for r := range s.Draws {
			if _, err := s.plan(p, r); err != nil {
				return fmt.Errorf("study: point %s, draw %d: %w", pt.Label, r, err)
			}
		}
	}
	if err := s.Outputs.Validate(); err != nil {
		return fmt.Errorf("study: %w", err)
	}
	if s.Saltelli {
		k := len(s.Points[0].Assignments)
		if k == 0 || len(s.Points)%(k+2) != 0 {
			return fmt.Errorf("study: %d points of %d axes are not a Saltelli design (a multiple of k+2 = %d)", len(s.Points), k, k+2)
		}
	}
	return nil
}

// Runs returns the study's runs, point by point, replicate by replicate,
// each with its point's scenario hash (model.Plan.Identity).
func (s *Study) Runs() ([]sweep.Run, error) {
	pts := make([]design.Point, len(s.Points))
	for p, pt := range s.Points {
		pts[p] = pt.Assignments
	}
	all, err := sweep.Runs(pts, s.Replicates, s.Seed)
	if err != nil {
		return nil, fmt.Errorf("study: %w", err)
	}
	runs := slices.DeleteFunc(all, func(r sweep.Run) bool { return r.Replicate >= s.PointReplicates(r.Point) })
	for i := range runs {
		p, err := s.plan(runs[i].Point, runs[i].Replicate)
		if err == nil {
			_, runs[i].Scenario, err = p.Identity()
		}
		if err != nil {
			return nil, fmt.Errorf("study: point %d (%s): %w", runs[i].Point, s.Points[runs[i].Point].Label, err)
		}
		if s.CommonSeeds {
			runs[i].Seed = sweep.Seed(s.Seed, 0, uint64(runs[i].Replicate))
		}
	}
	return runs, nil
}

// Seeds returns the seeds of the replicates: replicate r's of every point
// with common seeds, else point 0's.
func (s *Study) Seeds() []uint64 {
	seeds := make([]uint64, s.Replicates)
	for r := range seeds {
		seeds[r] = sweep.Seed(s.Seed, 0, uint64(r))
	}
	return seeds
}

// run runs one run: its point's scenario (with its draw) and its seed.
func (s *Study) run(ctx context.Context, r sweep.Run) (sweep.Result, error) {
	p, err := s.plan(r.Point, r.Replicate)
	if err != nil {
		return sweep.Result{}, err
	}
	p = p.WithSeed(r.Seed)
	mr, err := model.RunScenario(ctx, p, model.RunOptions{Workers: max(s.Workers, 1)})
	if err != nil {
		return sweep.Result{}, err
	}
	all := mr.Summary.Metrics()
	res := sweep.Result{Metrics: make(map[string]float64, len(all)), Series: s.Outputs.series(p, mr.History)}
	for _, name := range s.Outputs.KeptMetrics() {
		res.Metrics[name] = all[name] // Validate checked the names
	}
	return res, nil
}

// Fingerprint returns the SHA-256 of what the runs' results depend on:
// each point's label, assignments and canonical scenario (seed left out);
// the replicates, root seed, seeding and the replicates' seeds (Seeds: so
// that run files made under another derivation of seeds are refused as
// another study's); the outputs; and the draws.
func (s *Study) Fingerprint() (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, pt := range s.Points {
		canon, _, err := pt.Plan.Identity()
		if err != nil {
			return "", err
		}
		fields := []any{pt.Label, pt.Assignments, string(canon)}
		if pt.Replicates != 0 && pt.Replicates != s.Replicates {
			fields = append(fields, pt.Replicates) // a study whose points run alike keeps its fingerprint
		}
		if err := enc.Encode(fields); err != nil {
			return "", err
		}
	}
	if err := enc.Encode([]any{s.Replicates, s.Seed, s.CommonSeeds, s.Outputs, s.Saltelli, s.Seeds()}); err != nil {
		return "", err
	}
	for _, d := range s.Draws {
		if err := enc.Encode(d); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stamp is the file in a study's runs folder that names the study.
const stamp = "study.json"

type stampFile struct {
	Fingerprint string `json:"fingerprint"`
	Points      int    `json:"points"`
	Replicates  int    `json:"replicates"`
}

// Execute runs the study's runs into dir with o (see sweep.Execute: one
// file per run under dir/runs, finished runs skipped, failed runs
// recorded and reported as a *sweep.FailedError, interrupted sweeps
// resumable, runs claimed so that any number of processes can share dir,
// o.Shard's share only); o.Study is set to the study's fingerprint, which
// every run file carries. The runs folder is stamped with the
// fingerprint by a file created exclusively (output.WriteNew): a folder
// holding another study's runs (another scenario, other outputs) is
// refused rather than mixed in, even when two studies start on it at
// once.
func (s *Study) Execute(ctx context.Context, dir string, o sweep.Options) error {
	if err := s.Validate(); err != nil {
		return err
	}
	runs, err := s.Runs()
	if err != nil {
		return err
	}
	fp, err := s.Fingerprint()
	if err != nil {
		return err
	}
	if err := s.stamp(dir, fp); err != nil {
		return err
	}
	o.Study = fp
	return sweep.Execute(ctx, dir, runs, s.run, o)
}

// stamp stamps dir's runs folder with the fingerprint fp, or checks that
// it bears it.
func (s *Study) stamp(dir, fp string) error {
	path := filepath.Join(dir, sweep.RunsDir, stamp)
	b, err := json.MarshalIndent(stampFile{fp, len(s.Points), s.Replicates}, "", "  ")
	if err != nil {
		return err
	}
	err = output.WriteNew(path, append(b, '\n'))
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	if b, err = os.ReadFile(path); err != nil {
		return err
	}
	var st stampFile
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("study: %s: %w", path, err)
	}
	if st.Fingerprint != fp {
		runs := filepath.Join(dir, sweep.RunsDir)
		return fmt.Errorf("study: %s holds the runs of another study (fingerprint %.12s, this one %.12s): remove %s or choose another folder", runs, st.Fingerprint, fp, runs)
	}
	return nil
}
