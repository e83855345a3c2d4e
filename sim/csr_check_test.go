package sim

import (
	"fmt"
	"slices"
)

// checkCSR returns an error describing the first way g fails to be a valid
// simple undirected graph in CSR form: Offsets start at 0, are monotone and
// end at len(Targets); every row is strictly ascending (so has no repeated
// edge), holds no self-loop and no target ≥ n; and every edge is stored at
// both ends.
func checkCSR(g *CSR) error {
	if g == nil {
		return fmt.Errorf("nil graph")
	}
	if len(g.Offsets) == 0 {
		return fmt.Errorf("len(Offsets) = 0, want n+1 ≥ 1")
	}
	n := g.Len()
	if g.Offsets[0] != 0 {
		return fmt.Errorf("Offsets[0] = %d, want 0", g.Offsets[0])
	}
	if g.Offsets[n] != len(g.Targets) {
		return fmt.Errorf("Offsets[n = %d] = %d, want len(Targets) = %d", n, g.Offsets[n], len(g.Targets))
	}
	for u := range n {
		if g.Offsets[u+1] < g.Offsets[u] {
			return fmt.Errorf("Offsets[%d] = %d < Offsets[%d] = %d", u+1, g.Offsets[u+1], u, g.Offsets[u])
		}
	}
	for u := range n {
		nb := g.Neighbours(u)
		for i, v := range nb {
			switch {
			case int(v) >= n:
				return fmt.Errorf("row %d: target %d ≥ n = %d", u, v, n)
			case int(v) == u:
				return fmt.Errorf("row %d: self-loop", u)
			case i > 0 && nb[i-1] >= v:
				return fmt.Errorf("row %d: targets %d, %d not strictly ascending", u, nb[i-1], v)
			}
			if _, ok := slices.BinarySearch(g.Neighbours(int(v)), uint32(u)); !ok {
				return fmt.Errorf("edge %d–%d stored in row %d but not in row %d", u, v, u, v)
			}
		}
	}
	return nil
}
