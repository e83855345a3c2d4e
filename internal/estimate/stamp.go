package estimate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/model"
)

// Fingerprint returns the SHA-256 of what a calibration's runs and
// results depend on: the canonical base scenario and fit window, each
// with every free parameter at its prior's lower bound (seed left out:
// every run sets its own; the free parameters' values too, so that
// moving a scenario's defaults to the posterior's medians keeps its
// calibration's runs), the targets and held-out facts (names,
// observables, values and sd; not their notes and sources) and
// predictions, the free parameters with their priors, and the settings
// of ABC-SMC, CMA-ES and the posterior predictive. Two calibrations with
// the same fingerprint ask for the same runs and compute the same
// results.
func (c *Calibration) Fingerprint() (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	lo := make([]float64, len(c.Spec.Parameters))
	for k, p := range c.Spec.Parameters {
		lo[k] = p.Lo
	}
	for _, sc := range []*model.Scenario{c.Base, c.Fit, c.Large} {
		if sc == nil {
			continue // no size check
		}
		p, err := c.plan(sc, lo, 0)
		if err != nil {
			return "", err
		}
		canon, _, err := p.Identity()
		if err != nil {
			return "", err
		}
		if err := enc.Encode(string(canon)); err != nil {
			return "", err
		}
	}
	for _, t := range c.Targets.Targets {
		if err := enc.Encode([]any{t.Name, t.Observable, t.Value, t.SD}); err != nil {
			return "", err
		}
	}
	for _, p := range c.Targets.Predictions {
		if err := enc.Encode([]any{p.Name, p.Observable}); err != nil {
			return "", err
		}
	}
	for _, t := range c.Targets.HeldOut {
		if err := enc.Encode([]any{"held_out", t.Name, t.Observable, t.Value, t.SD}); err != nil {
			return "", err
		}
	}
	s := c.Spec
	if err := enc.Encode([]any{c.Targets.Series(), s.Parameters, s.ABC, s.CMAES, s.SizeCheck, s.Predictive}); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stampName is the file in a calibration's folder that names the
// calibration its runs belong to.
const stampName = "calibration.json"

type stampFile struct {
	Fingerprint string `json:"fingerprint"`
	Scenario    string `json:"scenario"`
	Targets     string `json:"targets"`
}

// stamp stamps the calibration folder dir with c's fingerprint, by a
// file created exclusively (output.WriteNew) before any run is stored,
// or checks that it bears it: a folder holding another calibration's
// runs is refused rather than mixed in, even when two calibrations start
// on it at once. A folder holding runs but no stamp was written by an
// older exodus and is refused too, the error giving the stamp to write if
// its runs are this calibration's.
func (c *Calibration) stamp(dir string) error {
	fp, err := c.Fingerprint()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, stampName)
	b, err := json.MarshalIndent(stampFile{fp, c.Spec.Scenario, c.Spec.Targets}, "", "  ")
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if runs, _ := os.ReadDir(filepath.Join(dir, evalsDir)); len(runs) > 0 {
			return fmt.Errorf("calibrate: %s holds runs but no %s (written by an older exodus): remove it or choose another folder; or, if every run there is of this very calibration (the same spec, scenario and targets), stamp it as this one's by writing %s holding\n%s", filepath.Join(dir, evalsDir), stampName, path, b)
		}
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
		return fmt.Errorf("calibrate: %s: %w", path, err)
	}
	if st.Fingerprint != fp {
		return fmt.Errorf("calibrate: %s holds the runs of another calibration (of %s against %s, fingerprint %.12s; this one %.12s): remove it or choose another folder", dir, st.Scenario, st.Targets, st.Fingerprint, fp)
	}
	return nil
}
