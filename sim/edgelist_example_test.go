package sim_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/exodus-sim/exodus/sim"
)

func ExampleReadEdgeList() {
	const list = `# FromNodeId	ToNodeId
0	1
1	2
2	0
2	1
3	3
`
	// Strict mode rejects the repeated edge and the self-loop.
	_, _, err := sim.ReadEdgeList(context.Background(), strings.NewReader(list), sim.EdgeListOptions{})
	fmt.Println(err)

	// Clean mode drops and counts them.
	g, rep, err := sim.ReadEdgeList(context.Background(), strings.NewReader(list), sim.EdgeListOptions{Clean: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d nodes, %d edges; %+v\n", g.Len(), g.Edges(), rep)
	for u := range g.Len() {
		fmt.Println(u, g.Neighbours(u))
	}
	// Output:
	// sim: edge list: line 5: repeated edge 1–2, first on line 3
	// 4 nodes, 3 edges; {Lines:6 Edges:3 SelfLoops:1 Duplicates:1}
	// 0 [1 2]
	// 1 [0 2]
	// 2 [0 1]
	// 3 []
}
