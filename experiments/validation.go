package experiments

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/exodus-sim/exodus/internal/study"
	"github.com/exodus-sim/exodus/internal/validate"
)

// runValidation runs the checks under the spec's seed with o.Jobs runs
// at once, writes checks.csv and checks.parquet to dir and returns the
// overlays. Failed checks are written, then reported as an error.
func runValidation(ctx context.Context, spec *study.Spec, o Options, dir string) ([]Figure, map[string]any, error) {
	rep, err := validate.Run(ctx, validate.Options{Seed: spec.Seed, Workers: o.Jobs})
	if err != nil {
		return nil, nil, err
	}
	if err := rep.WriteChecks(dir); err != nil {
		return nil, nil, err
	}
	var figs []Figure
	for _, f := range rep.Figures {
		figs = append(figs, Figure{f.Name, f.Overlay})
	}
	params := map[string]any{"command": "validate", "quick": false, "checks": len(rep.Rows), "failed": rep.Failed()}
	if n := rep.Failed(); n > 0 {
		return figs, params, fmt.Errorf("validate: %d of %d checks failed (see %s)", n, len(rep.Rows), filepath.Join(dir, "checks.csv"))
	}
	return figs, params, nil
}
