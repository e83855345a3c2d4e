package sensitivity_test

import (
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/design"
	"github.com/exodus-sim/exodus/internal/kit/sensitivity"
)

// The additive model y = x1 + 2·x2 with x1, x2 uniform on [0, 1] has
// V1 = 1/12 and V2 = 4/12: S1 = ST1 = 0.2 and S2 = ST2 = 0.8.
func ExampleBootstrap() {
	axes := []design.Axis{design.LinearAxis("x1", 0, 1, 0), design.LinearAxis("x2", 0, 1, 0)}
	points, _ := design.Saltelli(axes, 1024)
	y := make([]float64, len(points))
	for i, p := range points {
		y[i] = p[0].Value + 2*p[1].Value
	}
	fA, fB, fAB, _ := sensitivity.Split(y, len(axes))
	r, _ := sensitivity.Bootstrap(fA, fB, fAB, 500, 1)
	for i, a := range axes {
		fmt.Printf("%s: S = %.2f, ST = %.2f\n", a.Path, r.First[i].Value, r.Total[i].Value)
	}
	// Output:
	// x1: S = 0.20, ST = 0.20
	// x2: S = 0.80, ST = 0.80
}
