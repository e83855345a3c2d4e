package exodus_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// layers are the strata of the code, bottom up; a package may import
// packages of its own layer or of layers below, never above. A package
// not listed fails the test, so that a new one is placed on purpose.
var layers = []struct {
	name     string
	packages []string
}{
	// Leaves that import no package of exodus and that the engine uses:
	// the machine's memory and byte sizes.
	{"base", []string{"internal/kit/memory"}},
	// The engine: knows no platform, group or scenario.
	{"engine", []string{"sim"}},
	// Helpers that know nothing of the model (they may draw from sim's
	// counter-based streams).
	{"kit", []string{"internal/kit/version", "internal/kit/output", "internal/kit/stats", "internal/kit/design",
		"internal/kit/sensitivity", "internal/kit/figure", "internal/kit/target", "internal/kit/calibrate", "internal/kit/slurm", "internal/kit/claim"}},
	// The domain.
	{"model", []string{"model"}},
	// Runners that know the model: studies, sweeps, run files,
	// validation, benchmarks, reports.
	{"runners", []string{"internal/sweep", "internal/study", "internal/runfiles", "internal/validate", "internal/bench", "internal/estimate", "internal/report"}},
	// Declared experiments.
	{"experiments", []string{"experiments"}},
	// The command line: parses, calls, prints; the benchmark peer (a plain
	// Go flip loop, imports nothing of exodus); a Go user's program (a
	// module of its own, using only the public packages).
	{"cli", []string{"cmd/exodus", "bench/peers/flipgo", "examples/gouser"}},
}

// TestLayers checks every package's imports (tests included) against the
// layers: an import of a package from a higher layer is an error naming
// the file and both packages.
func TestLayers(t *testing.T) {
	layerOf := map[string]int{}
	for i, l := range layers {
		for _, p := range l.packages {
			layerOf[p] = i
		}
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "results" || d.Name() == "out") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || filepath.Dir(path) == "." {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		from, ok := layerOf[pkg]
		if !ok {
			t.Errorf("%s: package %s is in no layer: add it to layers in layers_test.go", path, pkg)
			return nil
		}
		seen[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			dep, ok := strings.CutPrefix(p, "github.com/exodus-sim/exodus/")
			if !ok {
				continue
			}
			to, ok := layerOf[dep]
			switch {
			case !ok:
				t.Errorf("%s imports %s, which is in no layer", path, p)
			case to > from:
				t.Errorf("%s (%s, layer %s) imports %s (layer %s): imports point down", path, pkg, layers[from].name, p, layers[to].name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layers {
		for _, p := range l.packages {
			if !seen[p] {
				t.Errorf("layer %s lists %s, which has no Go files", l.name, p)
			}
		}
	}
}
