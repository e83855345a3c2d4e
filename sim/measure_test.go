package sim

// triangles returns the number of triangles of g and, per node, the number
// of triangles it belongs to. Each triangle u < v < w is found once, by
// intersecting the sorted rows of u and v above v.
func triangles(g *CSR) (total int64, perNode []int64) {
	perNode = make([]int64, g.Len())
	for u := range g.Len() {
		nu := g.Neighbours(u)
		for i, v := range nu {
			if int(v) < u {
				continue
			}
			a, b := nu[i+1:], g.Neighbours(int(v))
			for len(a) > 0 && len(b) > 0 {
				switch {
				case a[0] < b[0]:
					a = a[1:]
				case a[0] > b[0]:
					b = b[1:]
				default:
					// a[0] > v > u, so u < v < w.
					w := a[0]
					total++
					perNode[u]++
					perNode[v]++
					perNode[w]++
					a, b = a[1:], b[1:]
				}
			}
		}
	}
	return total, perNode
}

// clustering returns the local clustering coefficient of each node, the
// share of pairs of its neighbours that are joined: 2t/(d(d−1)) for a node of
// degree d in t triangles, and 0 when d < 2 (the convention of SNAP and
// NetworkX).
func clustering(g *CSR) []float64 {
	_, tri := triangles(g)
	c := make([]float64, g.Len())
	for u := range c {
		if d := float64(g.Degree(u)); d >= 2 {
			c[u] = 2 * float64(tri[u]) / (d * (d - 1))
		}
	}
	return c
}
