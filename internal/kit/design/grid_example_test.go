package design_test

import (
	"fmt"

	"github.com/exodus-sim/exodus/internal/kit/design"
)

func ExampleGrid() {
	points, err := design.Grid([]design.Axis{
		design.ListAxis("weights.protest", 0, 1),
		design.LogAxis("shocks.tiktok-blackout.duration", 0.5, 50, 3), // days,
	})
	if err != nil {
		panic(err)
	}
	for i, p := range points {
		fmt.Println(i, p)
	}
	// Output:
	// 0 weights.protest=0, shocks.tiktok-blackout.duration=0.5
	// 1 weights.protest=0, shocks.tiktok-blackout.duration=5
	// 2 weights.protest=0, shocks.tiktok-blackout.duration=50
	// 3 weights.protest=1, shocks.tiktok-blackout.duration=0.5
	// 4 weights.protest=1, shocks.tiktok-blackout.duration=5
	// 5 weights.protest=1, shocks.tiktok-blackout.duration=50
}
