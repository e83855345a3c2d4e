package model

import (
	"embed"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
)

//go:embed scenarios/*.toml
var scenarioFS embed.FS

// DefaultScenario is the scenario `exodus run` runs without arguments.
const DefaultScenario = "rednote-2025"

// ScenarioNames lists the embedded scenarios, sorted.
func ScenarioNames() []string {
	entries, _ := scenarioFS.ReadDir("scenarios")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	slices.Sort(names)
	return names
}

// ScenarioSource returns the TOML of the embedded scenario name.
func ScenarioSource(name string) ([]byte, error) {
	data, err := scenarioFS.ReadFile(path.Join("scenarios", name+".toml"))
	if err != nil {
		return nil, fmt.Errorf("scenario %q: not embedded, want one of %s", name, strings.Join(ScenarioNames(), ", "))
	}
	return data, nil
}

// LoadScenario reads the embedded scenario called ref, or the TOML file at
// path ref when ref names a file (it contains a path separator or ends in
// .toml), and parses it (ParseScenario), or derives it from its base if it
// names one (see derivation).
func LoadScenario(ref string) (*Scenario, error) { return loadScenario(ref, nil) }

// loadScenario is LoadScenario within the derivations of seen.
func loadScenario(ref string, seen []string) (*Scenario, error) {
	var data []byte
	var err error
	embedded := !isFileRef(ref)
	if embedded {
		data, err = ScenarioSource(ref)
	} else {
		data, err = os.ReadFile(ref)
	}
	if err != nil {
		return nil, err
	}
	if isDerivation(data) {
		return derive(ref, data, embedded, append(seen, ref))
	}
	return ParseScenario(data)
}

// isFileRef reports whether a scenario reference names a file rather than
// an embedded scenario.
func isFileRef(ref string) bool {
	return strings.ContainsRune(ref, '/') || strings.HasSuffix(ref, ".toml")
}

// Load reads the scenario ref (LoadScenario), applies the edits and
// compiles it.
func Load(ref string, edits ...Edit) (*Plan, error) {
	sc, err := LoadScenario(ref)
	if err != nil {
		return nil, err
	}
	if sc, err = sc.With(edits...); err != nil {
		return nil, err
	}
	return Compile(sc)
}
