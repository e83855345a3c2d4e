package sim

import (
	"fmt"
	"math"
)

// Kind names a network generator, for memory estimates: the names are
// those of the scenario's network kinds.
type Kind string

// The network kinds.
const (
	KindComplete      Kind = "complete"
	KindErdosRenyi    Kind = "erdos-renyi"
	KindWattsStrogatz Kind = "watts-strogatz"
	KindChungLu       Kind = "chung-lu"
	KindBlockModel    Kind = "block-model"
	KindImplicit      Kind = "implicit-block-model"
	KindEdgeList      Kind = "edge-list"
)

// Footprint is an estimate of the peak memory of a run, in bytes, by part.
type Footprint struct {
	// Agents is what the population and the engine hold per agent:
	// BytesPerAgent, the next state, the lists of switchers of a tick (4
	// bytes when every agent switches) and the stored neighbour counts.
	Agents int64
	// Network is the graph at its peak while it is made: the CSR
	// (8 bytes per node of offsets, 4 per edge end of targets) and the
	// generator's scratch (4 bytes per node of degrees in Build; 24 per
	// node of weights and ranks for chung-lu; 16 per edge read, with up
	// to 25% growth slack, and 8 per node of cursors for an edge list).
	Network int64
}

// Total returns the sum of the parts, saturating at math.MaxInt64.
func (f Footprint) Total() int64 {
	if f.Agents > math.MaxInt64-f.Network {
		return math.MaxInt64
	}
	return f.Agents + f.Network
}

// Estimate returns the footprint of running a rule with states states
// (2…MaxStates) on n agents whose network of the given kind has mean degree
// meanDegree (for watts-strogatz the lattice degree; ignored for complete).
// It counts only the arrays that grow with n and the edges, the live heap at
// the peak; the Go runtime and the per-tick tallies add a few megabytes.
// Stored counts take 1 byte per platform for mean degrees below 128, 2 below
// 32768 and else 4, and 4 for chung-lu and edge lists, whose hubs may exceed
// 65535; on the complete and implicit networks none are stored, and they
// hold no edges.
func Estimate(kind Kind, n int, meanDegree float64, states int) (Footprint, error) {
	if n < 0 || !(meanDegree >= 0 && meanDegree < math.Inf(1)) || states < 2 || states > MaxStates {
		return Footprint{}, fmt.Errorf("sim: estimate: n = %d, mean degree = %v, states = %d out of range", n, meanDegree, states)
	}
	nf := float64(n)
	width := 4.0
	switch {
	case kind == KindComplete || kind == KindImplicit:
		width = 0
	case kind == KindChungLu || kind == KindEdgeList:
	case meanDegree < 128:
		width = 1
	case meanDegree < 32768:
		width = 2
	}
	agents := nf * (BytesPerAgent + 1 + 4 + width*float64(states-1))
	ends := nf * meanDegree // edge ends: 2·edges
	csr := float64(csrBytes(int64(n), int64(math.Min(ends, math.MaxInt64/8))))
	var network float64
	switch kind {
	case KindComplete, KindImplicit:
	case KindErdosRenyi, KindWattsStrogatz, KindBlockModel:
		network = csr + 4*nf
	case KindChungLu:
		network = csr + 4*nf + 24*nf
	case KindEdgeList:
		network = csr + 1.25*16*ends/2 + 8*nf
	default:
		return Footprint{}, fmt.Errorf("sim: estimate: unknown network kind %q", kind)
	}
	return Footprint{Agents: saturate(agents), Network: saturate(network)}, nil
}

// saturate converts a byte count to int64, saturating at math.MaxInt64.
func saturate(b float64) int64 {
	if b >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(math.Ceil(b))
}

// csrBytes returns the bytes of a CSR graph on n nodes with the given edge
// ends (twice the edges): 8 per offset, 4 per target.
func csrBytes(n, ends int64) int64 { return 8*(n+1) + 4*ends }
