package model

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/exodus-sim/exodus/sim"
)

// NetworkSpec says which network the agents live on. Build makes it from a
// seed; every generator is deterministic in (spec, seed) whatever the
// number of workers.
type NetworkSpec struct {
	// Kind is complete, erdos-renyi (er), watts-strogatz (ws), chung-lu
	// (cl), block-model (sbm), implicit-block-model (implicit: the block
	// model with neighbours computed, not stored) or edge-list.
	Kind string `toml:"kind"`
	// MeanDegree is the expected number of neighbours (not for complete
	// and edge-list; for watts-strogatz the even lattice degree k).
	MeanDegree float64 `toml:"mean_degree"`
	// Rewire is the Watts–Strogatz rewiring probability β.
	Rewire float64 `toml:"rewire"`
	// Exponent is the Chung–Lu power-law exponent γ > 2 of the expected
	// degrees.
	Exponent float64 `toml:"exponent"`
	// Homophily is the block model's h ∈ [0, 1]: the share of a node's
	// expected ties kept within its group beyond random mixing (0 = none,
	// 1 = groups never mix).
	Homophily float64 `toml:"homophily"`
	// Path is the SNAP edge list to load; ids 0…agents−1.
	Path string `toml:"path"`
}

// DefaultNetwork is Erdős–Rényi with mean degree 10.
var DefaultNetwork = NetworkSpec{Kind: "erdos-renyi", MeanDegree: 10, Rewire: 0.1, Exponent: 2.5, Homophily: 0.8}

var networkAliases = map[string]string{
	"complete": "complete", "mean-field": "complete",
	"erdos-renyi": "erdos-renyi", "er": "erdos-renyi",
	"watts-strogatz": "watts-strogatz", "ws": "watts-strogatz",
	"chung-lu": "chung-lu", "cl": "chung-lu",
	"block-model": "block-model", "sbm": "block-model",
	"implicit-block-model": "implicit-block-model", "implicit": "implicit-block-model",
	"edge-list": "edge-list", "snap": "edge-list",
}

// NetworkKinds lists the canonical network kinds.
var NetworkKinds = []string{"complete", "erdos-renyi", "watts-strogatz", "chung-lu", "block-model", "implicit-block-model", "edge-list"}

// Canonical returns the spec with its kind's canonical name, or an error
// naming an unknown kind.
func (s NetworkSpec) Canonical() (NetworkSpec, error) {
	k, ok := networkAliases[strings.ToLower(s.Kind)]
	if !ok {
		return s, sim.Invalidf("network kind = %q, want one of %s", s.Kind, strings.Join(NetworkKinds, ", "))
	}
	s.Kind = k
	return s, nil
}

// check returns an error naming the first parameter of the spec that
// does not fit its kind on n agents.
func (s NetworkSpec) check(n int) error {
	s, err := s.Canonical()
	if err != nil {
		return err
	}
	switch s.Kind {
	case "erdos-renyi", "block-model", "implicit-block-model", "chung-lu":
		if !(s.MeanDegree >= 0 && s.MeanDegree <= float64(n-1)) {
			return sim.Invalidf("network mean_degree = %v, want within [0, agents − 1 = %d]", s.MeanDegree, n-1)
		}
	case "watts-strogatz":
		if k := int(s.MeanDegree); float64(k) != s.MeanDegree || k%2 != 0 || k < 0 || k >= n {
			return sim.Invalidf("network mean_degree = %v, want an even integer within [0, agents) for watts-strogatz", s.MeanDegree)
		}
		if !(s.Rewire >= 0 && s.Rewire <= 1) {
			return sim.Invalidf("network rewire = %v, want within [0, 1]", s.Rewire)
		}
	case "edge-list":
		if s.Path == "" {
			return sim.Invalidf("network path is missing: the edge list to load")
		}
	}
	switch {
	case s.Kind == "chung-lu" && (!(s.Exponent > 2) || math.IsInf(s.Exponent, 0)):
		return sim.Invalidf("network exponent = %v, want > 2", s.Exponent)
	case (s.Kind == "block-model" || s.Kind == "implicit-block-model") && !(s.Homophily >= 0 && s.Homophily <= 1):
		return sim.Invalidf("network homophily = %v, want within [0, 1]", s.Homophily)
	}
	return nil
}

// Build makes the network on sizes[g] agents of each group g (groups are
// contiguous id ranges, in order), from seed with up to workers goroutines.
// Only the block models use the groups; the others see one population. It
// stops with ctx's error once ctx is done.
func (s NetworkSpec) Build(ctx context.Context, sizes []int, seed uint64, workers int) (sim.Network, error) {
	return s.build(ctx, sizes, seed, workers, 0)
}

// build is Build with an edge list read in at most maxBytes (0: no limit).
func (s NetworkSpec) build(ctx context.Context, sizes []int, seed uint64, workers int, maxBytes int64) (sim.Network, error) {
	n := 0
	for _, m := range sizes {
		n += m
	}
	if err := s.check(n); err != nil {
		return nil, err
	}
	s, _ = s.Canonical()
	switch s.Kind {
	case "complete":
		return sim.Complete{N: n}, nil
	case "erdos-renyi":
		return sim.ErdosRenyi(ctx, n, s.MeanDegree, seed, workers)
	case "watts-strogatz":
		return sim.WattsStrogatz(ctx, n, int(s.MeanDegree), s.Rewire, seed, workers)
	case "chung-lu":
		w, err := sim.PowerLawWeights(ctx, n, s.MeanDegree, s.Exponent)
		if err != nil {
			return nil, err
		}
		return sim.ChungLu(ctx, w, seed, workers)
	case "block-model":
		return sim.BlockModel(ctx, sizes, s.MeanDegree, s.Homophily, seed, workers)
	case "implicit-block-model":
		return sim.ImplicitBlockModel(ctx, sizes, s.MeanDegree, s.Homophily, seed, workers)
	default: // edge-list
		g, _, err := sim.LoadEdgeList(ctx, s.Path, sim.EdgeListOptions{Nodes: n, MaxBytes: maxBytes})
		return g, err
	}
}

// CheckMemory returns a *sim.MemoryError if a run of a rule with the given
// number of states on n agents of the network spec (canonical), of the given
// mean degree, is estimated (sim.Estimate) to need more than maxBytes, no
// limit if 0. An edge list of unknown size (n = 0) passes: its reader checks
// as it reads.
func (spec NetworkSpec) CheckMemory(n int, meanDegree float64, states int, maxBytes int64) error {
	if maxBytes <= 0 || n == 0 {
		return nil
	}
	if spec.Kind == "complete" {
		meanDegree = 0
	}
	f, err := sim.Estimate(sim.Kind(spec.Kind), n, meanDegree, states)
	if err != nil {
		return err
	}
	if f.Total() <= maxBytes {
		return nil
	}
	what := fmt.Sprintf("a run of %d agents on network %s", n, spec.Kind)
	hint := "use fewer agents"
	if spec.Kind != "complete" && spec.Kind != "edge-list" {
		what += fmt.Sprintf(" of mean degree %v", meanDegree)
		hint += " or a lower mean degree"
	}
	// The agents that fit: the footprint grows in proportion to n.
	if fit := int64(float64(n) * float64(maxBytes) / float64(f.Total())); fit > 0 && spec.Kind != "edge-list" {
		hint += fmt.Sprintf(" (about %d fit)", fit)
	}
	return &sim.MemoryError{What: what, Need: f.Total(), Limit: maxBytes, Hint: hint}
}
