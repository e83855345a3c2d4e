package design_test

import (
	"fmt"

	"exodus/internal/design"
)

func ExampleGrid() {
	points, err := design.Grid([]design.Axis{
		design.ListAxis("weights.protest", 0, 1),
		design.LogAxis("shocks.blackout.hours", 12, 1200, 3),
	})
	if err != nil {
		panic(err)
	}
	for i, p := range points {
		fmt.Println(i, p)
	}
	// Output:
	// 0 weights.protest=0, shocks.blackout.hours=12
	// 1 weights.protest=0, shocks.blackout.hours=120
	// 2 weights.protest=0, shocks.blackout.hours=1200
	// 3 weights.protest=1, shocks.blackout.hours=12
	// 4 weights.protest=1, shocks.blackout.hours=120
	// 5 weights.protest=1, shocks.blackout.hours=1200
}
