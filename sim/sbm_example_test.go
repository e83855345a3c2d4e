package sim_test

import (
	"context"
	"fmt"

	"github.com/exodus-sim/exodus/sim"
)

// Two groups of 7,000 and 3,000 agents, mean degree 10, 80% of contacts
// reserved for the own group: the expected share of edges within groups is
// (7000·(0.8·10 + 0.2·10·6999/9999) + 3000·(0.8·10 + 0.2·10·2999/9999))/(2·5·10⁴),
// about 0.916.
func ExampleBlockModel() {
	sizes := []int{7000, 3000}
	g, err := sim.BlockModel(context.Background(), sizes, 10, 0.8, 1, 0)
	if err != nil {
		panic(err)
	}
	within := 0
	for u := range g.Len() {
		for _, v := range g.Neighbours(u) {
			if (u < sizes[0]) == (int(v) < sizes[0]) {
				within++
			}
		}
	}
	mean, _ := sim.DegreeMoments(g)
	fmt.Printf("mean degree %.2f, share of edges within groups %.3f\n", mean, float64(within)/float64(2*g.Edges()))
	// Output:
	// mean degree 10.01, share of edges within groups 0.915
}
