package experiments

import (
	"context"
	"fmt"
	"path/filepath"

	"exodus/internal/output"
	"exodus/internal/validate"
)

// CheckRow is a row of the validation's checks table.
type CheckRow struct {
	Name      string  `parquet:"name"`
	Quantity  string  `parquet:"quantity"`
	Expected  float64 `parquet:"expected"`
	Got       float64 `parquet:"got"`
	Tolerance float64 `parquet:"tolerance"`
	Result    string  `parquet:"result"`
}

// validationSeed is the root seed of the validation's runs, that of
// `exodus validate`.
const validationSeed = 1

// validation is `exodus validate` (the full set) as an experiment: the
// checks table and the overlay of each check.
func validation() *Experiment {
	return &Experiment{
		Name: "validation",
		Description: "Every classic rule (Bass, Granovetter, Watts, irSIR, the linear flip rule) against its closed form, ODE or " +
			"published result, as `exodus validate` runs them (the full set): one row per compared quantity with its tolerance, " +
			"and an overlay of simulation and theory per check.",
		Seed:   validationSeed,
		Custom: runValidation,
	}
}

// runValidation runs the checks with o.Jobs runs at once, writes
// checks.csv and checks.parquet to dir and returns the overlays. Failed
// checks are written, then reported as an error.
func runValidation(ctx context.Context, o Options, dir string) ([]Figure, map[string]any, error) {
	rep, err := validate.Run(ctx, validate.Options{Seed: validationSeed, Workers: o.Jobs})
	if err != nil {
		return nil, nil, err
	}
	rows := make([]CheckRow, len(rep.Rows))
	for i, r := range rep.Rows {
		rows[i] = CheckRow{r.Check, r.Quantity, r.Expected, r.Got, r.Tol, r.Verdict()}
	}
	if err := output.WriteTidy(filepath.Join(dir, "checks"), rows); err != nil {
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
