package validate

import (
	"context"
	"strings"
	"testing"
)

// TestQuick runs the quick set, as `exodus validate --quick` does in CI, and
// wants every row to pass.
func TestQuick(t *testing.T) {
	rep, err := Run(context.Background(), Options{Quick: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep.Table().CSV())
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
		if !strings.Contains(string(rep.Table().CSV()), "\n"+c.Name+",") {
			t.Errorf("check %s has no row", c.Name)
		}
	}
}
