package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync/atomic"
)

// Network is the graph the agents live on. The engine has a fast path for
// each implementation: *CSR (edges stored), *Implicit (neighbours computed)
// and Complete (mean field).
type Network interface {
	// Len returns the number of nodes, one per agent.
	Len() int
	// Edges returns the number of undirected edges.
	Edges() int64
}

// Complete is the complete graph on N nodes: every agent neighbours every
// other, so neighbour counts are population counts and no edge is stored.
type Complete struct{ N int }

// Len returns the number of nodes.
func (g Complete) Len() int { return g.N }

// Edges returns N(N−1)/2.
func (g Complete) Edges() int64 { return int64(g.N) * int64(g.N-1) / 2 }

// CSR is an undirected simple graph in compressed sparse row form: the
// neighbours of node u are Targets[Offsets[u]:Offsets[u+1]] in ascending
// order, every edge is stored at both ends, and there are no self-loops or
// repeated edges.
type CSR struct {
	Offsets []int    // len n+1, Offsets[0] = 0
	Targets []uint32 // len 2·edges
}

// Len returns the number of nodes.
func (g *CSR) Len() int { return len(g.Offsets) - 1 }

// Edges returns the number of undirected edges.
func (g *CSR) Edges() int64 { return int64(len(g.Targets) / 2) }

// check verifies the invariants the engine relies on for memory safety:
// offsets that start at 0, never decrease and end at len(Targets), and
// targets that name nodes. It does not check order, symmetry or
// repetition.
func (g *CSR) check() error {
	n := g.Len()
	if len(g.Offsets) == 0 || g.Offsets[0] != 0 || g.Offsets[n] != len(g.Targets) || int64(n) > math.MaxUint32 {
		return fmt.Errorf("sim: CSR offsets do not span the targets")
	}
	for u := range n {
		if g.Offsets[u+1] < g.Offsets[u] {
			return fmt.Errorf("sim: CSR offsets decrease at node %d", u)
		}
	}
	for j, v := range g.Targets {
		if int(v) >= n {
			return fmt.Errorf("sim: CSR target %d at position %d, want < %d nodes", v, j, n)
		}
	}
	return nil
}

// Neighbours returns the neighbours of u, ascending. The slice aliases the
// graph and must not be modified.
func (g *CSR) Neighbours(u int) []uint32 { return g.Targets[g.Offsets[u]:g.Offsets[u+1]] }

// Degree returns the number of neighbours of u.
func (g *CSR) Degree(u int) int { return g.Offsets[u+1] - g.Offsets[u] }

// DegreeMoments returns the mean and the population variance of the degree
// sequence, summed serially in node order.
func DegreeMoments(g Network) (mean, variance float64) {
	n := g.Len()
	if n == 0 {
		return 0, 0
	}
	var degree func(u int) int
	switch g := g.(type) {
	case *CSR:
		degree = g.Degree
	case *Implicit:
		degree = g.Degree
	default:
		return float64(n - 1), 0
	}
	mean = 2 * float64(g.Edges()) / float64(n)
	for u := range n {
		d := float64(degree(u)) - mean
		variance += d * d
	}
	return mean, variance / float64(n)
}

// RowFunc appends to dst the neighbours that node u contributes and returns
// the extended slice. Together the rows must name every undirected edge once,
// at one of its two ends; the builder stores both directions. A RowFunc must
// be a pure function of u: it is called twice per node, from any goroutine.
type RowFunc func(u uint32, dst []uint32) []uint32

// buildChunk is the number of consecutive rows a builder worker claims at once.
const buildChunk = 1 << 12

// Build assembles the CSR graph on n nodes from its rows, using up to workers
// goroutines (0 means GOMAXPROCS). Edges are counted, placed and then sorted
// within each row, so the result does not depend on scheduling. Self-loops
// and repeated edges that rows emit are dropped; dropped returns how many
// undirected edges (self-loops counted once each) were removed. Workers check
// ctx between rows: when it is done, Build returns its error.
func Build(ctx context.Context, n int, workers int, row RowFunc) (g *CSR, dropped int64, err error) {
	if n < 0 || int64(n) > math.MaxUint32 {
		return nil, 0, Invalidf("sim: network size %d outside [0, %d]", n, uint32(math.MaxUint32))
	}
	// stop is set when ctx is done: a load per row, where ctx.Err would
	// take a lock (and a chunk of hub rows can take seconds).
	var stop atomic.Bool
	defer context.AfterFunc(ctx, func() { stop.Store(true) })()
	deg := make([]uint32, n)
	Chunks(ctx, n, buildChunk, workers, func(lo, hi int) {
		var buf []uint32
		for u := lo; u < hi && !stop.Load(); u++ {
			buf = row(uint32(u), buf[:0])
			atomic.AddUint32(&deg[u], uint32(len(buf)))
			for _, v := range buf {
				atomic.AddUint32(&deg[v], 1)
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	offsets := make([]int, n+1)
	for u, d := range deg {
		offsets[u+1] = offsets[u] + int(d)
		deg[u] = 0
	}
	targets := make([]uint32, offsets[n])
	cursor := deg
	Chunks(ctx, n, buildChunk, workers, func(lo, hi int) {
		var buf []uint32
		for u := lo; u < hi && !stop.Load(); u++ {
			buf = row(uint32(u), buf[:0])
			at := atomic.AddUint32(&cursor[u], uint32(len(buf))) - uint32(len(buf))
			copy(targets[offsets[u]+int(at):], buf)
			for _, v := range buf {
				at := atomic.AddUint32(&cursor[v], 1) - 1
				targets[offsets[v]+int(at)] = uint32(u)
			}
		}
	})
	cursor = nil
	g = &CSR{Offsets: offsets, Targets: targets}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	var unclean atomic.Bool
	Chunks(ctx, n, buildChunk, workers, func(lo, hi int) {
		for u := lo; u < hi && !stop.Load(); u++ {
			nb := g.Neighbours(u)
			if !slices.IsSorted(nb) {
				slices.Sort(nb)
			}
			for i, v := range nb {
				if int(v) == u || i > 0 && nb[i-1] == v {
					unclean.Store(true)
				}
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if unclean.Load() {
		dropped = g.compact()
	}
	return g, dropped, nil
}

// compact removes self-loops and repeated entries from the sorted rows of g,
// in place and serially, and returns the number of undirected edges removed.
func (g *CSR) compact() int64 {
	n := g.Len()
	w, loops := 0, 0
	start := 0
	for u := range n {
		end := g.Offsets[u+1]
		row0 := w
		for i := start; i < end; i++ {
			v := g.Targets[i]
			switch {
			case int(v) == u:
				loops++
			case w > row0 && g.Targets[w-1] == v:
			default:
				g.Targets[w] = v
				w++
			}
		}
		start = end
		g.Offsets[u+1] = w
	}
	before := int64(len(g.Targets))
	g.Targets = slices.Clip(g.Targets[:w])
	// A self-loop (u, u) was stored twice in row u; a repeated edge
	// once more at each end.
	return (before-int64(w)-int64(loops))/2 + int64(loops)/2
}

// MaxDegree returns the largest degree, 0 for a graph without nodes.
func (g *CSR) MaxDegree() int {
	m := 0
	for u := range g.Len() {
		m = max(m, g.Degree(u))
	}
	return m
}
