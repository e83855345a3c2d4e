package model

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// derivation is a scenario file made of another: it names its base
// scenario and the edits that make it from that base, so the values they
// share have one source.
//
//	base = "rednote-2025"
//	name = "rednote-2025-full"
//	description = "rednote-2025 with one agent per user"
//	set = ["agents = 840_000_000", "network.kind = implicit-block-model"]
//
// Base is read as LoadScenario reads a reference: an embedded scenario's
// name or a TOML file, relative to the derived file's folder; it may be
// derived in turn. Set holds assignments as ParseEdit reads them, applied
// in order; Name is required and Description replaces the base's. Priors
// ([[prior]] tables, as in a scenario) are added to the base's, each of a
// path the base has no prior of: the ranges of values the derivation
// frees.
type derivation struct {
	Base        string   `toml:"base"`
	Name        string   `toml:"name"`
	Description string   `toml:"description"`
	Set         []string `toml:"set"`
	Priors      []Prior  `toml:"prior"`
}

// isDerivation reports whether the scenario TOML data names a base.
func isDerivation(data []byte) bool {
	var probe struct {
		Base string `toml:"base"`
	}
	md, err := toml.Decode(string(data), &probe)
	return err == nil && md.IsDefined("base")
}

// derive returns the scenario of the derivation in data, read from the
// file at ref (an embedded name when embedded is true); seen are the
// references being derived, to refuse a cycle.
func derive(ref string, data []byte, embedded bool, seen []string) (*Scenario, error) {
	var d derivation
	if _, err := DecodeStrict(data, &d); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", ref, err)
	}
	if d.Name == "" {
		return nil, fmt.Errorf("scenario %s: name is missing: a derived scenario names itself", ref)
	}
	base := d.Base
	switch {
	case embedded && isFileRef(base):
		return nil, fmt.Errorf("scenario %s: base = %q, want an embedded scenario: %s", ref, d.Base, strings.Join(ScenarioNames(), ", "))
	case isFileRef(base) && !filepath.IsAbs(base):
		base = filepath.Join(filepath.Dir(ref), base)
	}
	if slices.Contains(seen, base) {
		return nil, fmt.Errorf("scenario %s: base = %q derives from itself (%s)", ref, d.Base, strings.Join(append(seen, base), " → "))
	}
	sc, err := loadScenario(base, seen)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: base = %q: %w", ref, d.Base, err)
	}
	edits, err := ParseEdits(d.Set)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: set: %w", ref, err)
	}
	if sc, err = sc.With(edits...); err != nil {
		return nil, fmt.Errorf("scenario %s: set: %w", ref, err)
	}
	for _, p := range d.Priors {
		if slices.ContainsFunc(sc.Priors, func(b Prior) bool { return b.Path == p.Path }) {
			return nil, fmt.Errorf("scenario %s: prior of %s: the base has one already", ref, p.Path)
		}
	}
	sc.Priors = slices.Concat(sc.Priors, d.Priors)
	sc.Name = d.Name
	if d.Description != "" {
		sc.Description = d.Description
	}
	return sc, nil
}
