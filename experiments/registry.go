package experiments

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/exodus-sim/exodus/internal/study"
)

//go:embed specs/*.toml
var specFS embed.FS

// Names lists the declared experiments (specs/NAME.toml), sorted.
func Names() []string {
	entries, _ := specFS.ReadDir("specs")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	slices.Sort(names)
	return names
}

// Lookup returns the declared experiment called name.
func Lookup(name string) (*study.Spec, error) {
	data, err := specFS.ReadFile(path.Join("specs", name+".toml"))
	if err != nil {
		return nil, fmt.Errorf("experiment %q: not declared, want one of %s, or a TOML file", name, strings.Join(Names(), ", "))
	}
	s, err := study.ParseSpec(data, "")
	if err != nil {
		return nil, fmt.Errorf("experiment %s: %w", name, err)
	}
	return s, nil
}

// Load returns the experiment ref: a declared name, or the TOML file at
// ref when it contains a path separator or ends in .toml.
func Load(ref string) (*study.Spec, error) {
	if strings.ContainsRune(ref, '/') || strings.HasSuffix(ref, ".toml") {
		s, err := study.LoadSpec(ref)
		if err != nil {
			return nil, err
		}
		if s.Name == "" {
			return nil, fmt.Errorf("%s: name is missing: an experiment writes OUT/NAME", ref)
		}
		return s, nil
	}
	return Lookup(ref)
}

// All returns the declared experiments, sorted by name.
func All() ([]*study.Spec, error) {
	var all []*study.Spec
	for _, name := range Names() {
		s, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		all = append(all, s)
	}
	return all, nil
}
