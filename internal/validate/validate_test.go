package validate

import (
	"context"
	"slices"
	"testing"
)

// TestQuick runs the quick set, as `exodus validate --quick` does in CI, and
// wants every row to pass.
func TestQuick(t *testing.T) {
	rep, err := Run(context.Background(), Options{Quick: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.Rows {
		if !row.Pass() {
			t.Errorf("%s: %s: got %v, expected %v ± %v", row.Check, row.Quantity, row.Got, row.Expected, row.Tol)
		}
	}
	names := map[string]bool{}
	for _, f := range rep.Figures {
		names[f.Name] = true
	}
	for _, c := range Checks(Options{Quick: true}) {
		if !names[c.Name] {
			t.Errorf("check %s drew no figure", c.Name)
		}
		if !slices.ContainsFunc(rep.Rows, func(r Row) bool { return r.Check == c.Name }) {
			t.Errorf("check %s has no row", c.Name)
		}
	}
}
