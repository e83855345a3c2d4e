package estimate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/calibrate"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/kit/target"
	"github.com/exodus-sim/exodus/model"
)

// Spec declares a calibration in TOML:
//
//	scenario = "rednote-2025"          # embedded name, or a TOML file (relative to the spec)
//	set      = ["agents=20000"]        # edits of the base scenario
//	targets  = "targets.toml"          # relative to the spec
//	fit      = ["surge", "newcomers"]  # optional: fit these targets only, hold out the rest
//	predictive = 100                   # posterior draws for the predictive bands
//
//	[[parameter]]
//	path  = "weights.protest"          # any edit path (model.Edit); alone, it takes the
//	                                   # scenario's [[prior]] of that path (range and scale)
//	[[parameter]]
//	name  = "protest"                  # or a prior of its own
//	path  = "weights.protest"
//	prior = "uniform"                  # or "log-uniform"
//	lo    = 5
//	hi    = 40
//
//	[abc]                              # calibrate.ABC; optional with [cmaes]
//	particles = 200
//	replicates = 1
//	alpha = 0.5                        # share kept by the next generation
//	stay = 0.1                         # chance a copy is never moved by a generation's steps
//	min_tolerance = 7
//	max_generations = 8
//	min_acceptance = 0.02
//	seed = 1
//
//	[cmaes]                            # calibrate.CMAES; optional with [abc]
//	replicates = 2
//	population = 20
//	generations = 30
//	seed = 1
//
//	[size_check]                       # optional: the agent count's justification
//	factor = 4                         # compare the targets at agents and factor × agents
//	replicates = 20                    # runs at each size, at the posterior medians
//	                                   # (at the point estimate without [abc])
//
//	[recovery]                         # optional: a recovery study instead (Recover)
//	truths = 20
type Spec struct {
	Scenario string   `toml:"scenario" json:"scenario"`
	Set      []string `toml:"set" json:"set,omitempty"`
	Targets  string   `toml:"targets" json:"targets"`
	// Fit names the targets of the targets file to fit, if not all: the
	// others are held out (target.File.Fitting), so that a calibration on
	// some of the facts asks whether the model can make them together.
	Fit        []string              `toml:"fit" json:"fit,omitempty"`
	Parameters []calibrate.Parameter `toml:"parameter" json:"parameters"`
	// Predictive is the number of posterior draws run for the posterior
	// predictive bands (each with ABC.Replicates runs); without ABC, the
	// number of runs at the point estimate, each on its own seed.
	Predictive int `toml:"predictive" json:"predictive"`
	// ABC sets the posterior (ABC-SMC) and CMAES the point estimate: a
	// spec asks for either or both. Without ABC a calibration is a point
	// search, for runs too costly for a posterior: its bands are then the
	// spread of the runs at the estimate, not the parameters' uncertainty.
	ABC       *calibrate.ABC   `toml:"abc" json:"abc,omitempty"`
	CMAES     *calibrate.CMAES `toml:"cmaes" json:"cmaes,omitempty"`
	SizeCheck *SizeCheck       `toml:"size_check" json:"size_check,omitempty"`
	// Recovery, if set, makes the spec a parameter-recovery study of its
	// calibration (see Recover) rather than a calibration.
	Recovery *calibrate.Recovery `toml:"recovery" json:"recovery,omitempty"`

	dir string // the folder paths are relative to
}

// SizeCheck asks for a finite-size check of the calibration's agent
// count: the targets at the posterior medians, over Replicates runs at the
// spec's agents and at Factor times as many (calibrate.SizeCheck).
type SizeCheck struct {
	Factor     int `toml:"factor" json:"factor"`
	Replicates int `toml:"replicates" json:"replicates"`
}

// LoadSpec reads the calibration spec in the TOML file at path.
func LoadSpec(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &Spec{dir: filepath.Dir(path)}
	if _, err := model.DecodeStrict(b, s); err != nil {
		return nil, fmt.Errorf("%s: calibration spec: %w", path, err)
	}
	return s, nil
}

// Calibration is a checked spec, ready to run.
type Calibration struct {
	Spec    *Spec
	Base    *model.Scenario
	Targets *target.File
	Data    calibrate.Data
	// Fit is Base ending with the last day a target reads (its fit
	// window): the runs of the fit stop there, since a run's days do not
	// depend on when it ends. The posterior predictive runs Base whole.
	Fit *model.Scenario
	// Large is Fit with SizeCheck.Factor times its agents (nil without
	// a size check).
	Large *model.Scenario
	// Days are the days of a run of Base, in the zone of its start.
	Days []output.Date
}

// resolve returns path relative to the spec's folder.
func (s *Spec) resolve(path string) string {
	if filepath.IsAbs(path) || s.dir == "" {
		return path
	}
	return filepath.Join(s.dir, path)
}

// Seed keys the predictive's draws and seeds and the finite-size check's
// seeds: [abc]'s seed, or [cmaes]'s without it.
func (s *Spec) Seed() uint64 {
	if s.ABC != nil {
		return s.ABC.Seed
	}
	return s.CMAES.Seed
}

// PredictiveReplicates is the number of runs of each predictive draw:
// [abc]'s replicates, or 1 without it (each draw is then the point
// estimate, on a seed of its own).
func (s *Spec) PredictiveReplicates() int {
	if s.ABC != nil {
		return s.ABC.Replicates
	}
	return 1
}

// Compile checks the spec: the base scenario and its edits, the targets
// file, each parameter's prior and path (applied at both corners of its
// box, the scenario compiled), and the settings. The first problem is an
// error naming it.
func (s *Spec) Compile() (*Calibration, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("calibration spec: %s", fmt.Sprintf(format, a...))
	}
	base, err := loadBase(s)
	if err != nil {
		return nil, err
	}
	if s.Targets == "" {
		return nil, bad("targets is empty, want a targets file")
	}
	tf, err := target.Load(s.resolve(s.Targets))
	if err != nil {
		return nil, bad("targets = %q: %v", s.Targets, err)
	}
	if tf, err = tf.Fitting(s.Fit); err != nil {
		return nil, bad("fit = %q: %v", s.Fit, err)
	}
	if len(s.Parameters) == 0 {
		return nil, bad("no [[parameter]]")
	}
	days, err := output.ParseDates(base.Days)
	if err != nil {
		return nil, bad("scenario %q: %v", s.Scenario, err)
	}
	c := &Calibration{Spec: s, Base: base.Scenario, Days: days, Targets: tf}
	if c.Fit, err = fitWindow(c.Base, tf.LastDay()); err != nil {
		return nil, bad("targets = %q: %v", s.Targets, err)
	}
	for i := range s.Parameters {
		if err := fromPrior(&s.Parameters[i], base.Priors); err != nil {
			return nil, bad("parameter[%d]: %v", i, err)
		}
	}
	for i, p := range s.Parameters {
		if err := p.Validate(); err != nil {
			return nil, bad("parameter[%d]: %v", i, err)
		}
		for j, q := range s.Parameters[:i] {
			if q.Name == p.Name || q.Path == p.Path {
				return nil, bad("parameter[%d] (%s, %s) repeats parameter[%d] (%s, %s)", i, p.Name, p.Path, j, q.Name, q.Path)
			}
		}
		for _, x := range []float64{p.Lo, p.Hi} {
			theta := make([]float64, len(s.Parameters))
			for k, q := range s.Parameters {
				theta[k] = (q.Lo + q.Hi) / 2
			}
			theta[i] = x
			if _, err := c.plan(c.Base, theta, 1); err != nil {
				return nil, bad("parameter[%d] %s = %g (a corner of its prior): %v", i, p.Name, x, err)
			}
		}
	}
	switch {
	case s.ABC == nil && s.CMAES == nil:
		return nil, bad("neither [abc] nor [cmaes]: want a posterior, a point estimate or both")
	case s.ABC == nil && s.Recovery != nil:
		return nil, bad("[recovery] without [abc]: a recovery study calibrates each truth by ABC-SMC")
	case s.ABC != nil:
		if err := s.ABC.Validate(); err != nil {
			return nil, bad("%v", err)
		}
	}
	if s.CMAES != nil {
		if err := s.CMAES.Validate(); err != nil {
			return nil, bad("%v", err)
		}
	}
	if z := s.SizeCheck; z != nil {
		switch {
		case z.Factor < 2:
			return nil, bad("size_check: factor = %d, want ≥ 2", z.Factor)
		case z.Replicates < 2:
			return nil, bad("size_check: replicates = %d, want ≥ 2 for a standard error", z.Replicates)
		}
		e, err := model.NumberEdit("agents", float64(base.Agents)*float64(z.Factor))
		if err == nil {
			c.Large, err = c.Fit.With(e)
		}
		if err == nil {
			_, err = model.Compile(c.Large)
		}
		if err != nil {
			return nil, bad("size_check: factor = %d: %v", z.Factor, err)
		}
	}
	if s.Recovery != nil && s.Recovery.Truths < 1 {
		return nil, bad("recovery: truths = %d, want ≥ 1", s.Recovery.Truths)
	}
	if s.Predictive < 1 {
		return nil, bad("predictive = %d, want ≥ 1 posterior draws", s.Predictive)
	}
	c.Data.Values, c.Data.SD = tf.Values()
	return c, nil
}

// loadBase returns the spec's base scenario with its edits, compiled.
func loadBase(s *Spec) (*model.Plan, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("calibration spec: %s", fmt.Sprintf(format, a...))
	}
	if s.Scenario == "" {
		return nil, bad("scenario is empty, want a scenario name or path")
	}
	ref := s.Scenario
	if strings.ContainsRune(ref, '/') || strings.HasSuffix(ref, ".toml") {
		ref = s.resolve(ref)
	}
	base, err := model.LoadScenario(ref)
	if err != nil {
		return nil, bad("scenario = %q: %v", s.Scenario, err)
	}
	edits, err := model.ParseEdits(s.Set)
	if err != nil {
		return nil, bad("set: %v", err)
	}
	if base, err = base.With(edits...); err != nil {
		return nil, bad("set: %v", err)
	}
	p, err := model.Compile(base)
	if err != nil {
		return nil, bad("scenario %q with set = %q: %v", s.Scenario, s.Set, err)
	}
	return p, nil
}

// fitWindow returns base ending at the end of day last ("2006-01-02", in
// the zone of base's start), or base itself if it ends earlier.
func fitWindow(base *model.Scenario, last string) (*model.Scenario, error) {
	d, err := time.ParseInLocation(time.DateOnly, last, base.Start.Location())
	if err != nil {
		return nil, fmt.Errorf("last day read %q: %v", last, err)
	}
	end := d.AddDate(0, 0, 1)
	if !end.After(base.Start) {
		return nil, fmt.Errorf("the targets end on %s, before the scenario starts (%s)", last, base.Start.Format(time.RFC3339))
	}
	fit, err := base.With()
	if err != nil {
		return nil, err
	}
	fit.Duration = min(fit.Duration, model.Duration(end.Sub(base.Start)))
	return fit, nil
}

// plan returns the scenario base with the parameters at theta and the
// seed, compiled.
func (c *Calibration) plan(base *model.Scenario, theta []float64, seed uint64) (*model.Plan, error) {
	edits := make([]model.Edit, len(theta))
	for k, p := range c.Spec.Parameters {
		e, err := model.NumberEdit(p.Path, theta[k])
		if err != nil {
			return nil, err
		}
		edits[k] = e
	}
	sc, err := base.With(edits...)
	if err != nil {
		return nil, err
	}
	p, err := model.Compile(sc)
	if err != nil {
		return nil, err
	}
	return p.WithSeed(seed), nil
}

// fromPrior gives a parameter declared by its path alone (no prior, lo or
// hi) the range and scale of the scenario's prior of that path, and its
// path as name.
func fromPrior(p *calibrate.Parameter, priors []model.Prior) error {
	if p.Name == "" {
		p.Name = p.Path
	}
	if p.Prior != "" || p.Lo != 0 || p.Hi != 0 {
		return nil
	}
	for _, pr := range priors {
		if pr.Path == p.Path {
			p.Lo, p.Hi, p.Prior = pr.Lo, pr.Hi, calibrate.Uniform
			if pr.Scale == "log" {
				p.Prior = calibrate.LogUniform
			}
			return nil
		}
	}
	return fmt.Errorf("%s: no prior given and the scenario has no [[prior]] of that path", p.Path)
}
