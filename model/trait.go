package model

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/sim"
)

// Dist is a distribution of an agent trait, written in TOML as an inline
// table such as { dist = "beta", mean = 0.02, sd = 0.01 }.
//
//	constant   value
//	uniform    min, max
//	normal     mean, sd, clamped to [min, max] when max > min
//	lognormal  mean, sd of the trait itself (not of its log), clamped to
//	           [min, max] when max > min
//	beta       mean, sd, on [0, 1]; needs sd² < mean·(1 − mean)
type Dist struct {
	Kind  string  `toml:"dist"`
	Value float64 `toml:"value,omitzero"`
	Min   float64 `toml:"min,omitzero"`
	Max   float64 `toml:"max,omitzero"`
	Mean  float64 `toml:"mean,omitzero"`
	SD    float64 `toml:"sd,omitzero"`
}

// quantiler returns the distribution's quantile function and its support,
// or an error naming the field (name) and the bad value.
func (d Dist) quantiler(name string) (q func(p float64) float64, lo, hi float64, err error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: %s", name, fmt.Sprintf(format, a...))
	}
	finite := func(vs ...float64) bool {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
		return true
	}
	if !finite(d.Value, d.Min, d.Max, d.Mean, d.SD) {
		return nil, 0, 0, bad("parameters must be finite numbers, got %+v", d)
	}
	clamp := func(q func(float64) float64) (func(float64) float64, float64, float64) {
		if d.Max > d.Min {
			return func(p float64) float64 { return min(max(q(p), d.Min), d.Max) }, d.Min, d.Max
		}
		return q, math.Inf(-1), math.Inf(1)
	}
	switch d.Kind {
	case "constant":
		v := d.Value
		return func(float64) float64 { return v }, v, v, nil
	case "uniform":
		if !(d.Max >= d.Min) {
			return nil, 0, 0, bad("uniform max = %v, want ≥ min = %v", d.Max, d.Min)
		}
		u := distuv.Uniform{Min: d.Min, Max: d.Max}
		if d.Max == d.Min {
			v := d.Min
			return func(float64) float64 { return v }, v, v, nil
		}
		return u.Quantile, d.Min, d.Max, nil
	case "normal":
		if !(d.SD > 0) {
			return nil, 0, 0, bad("normal sd = %v, want > 0", d.SD)
		}
		q, lo, hi := clamp(distuv.Normal{Mu: d.Mean, Sigma: d.SD}.Quantile)
		return q, lo, hi, nil
	case "lognormal":
		if !(d.Mean > 0 && d.SD > 0) {
			return nil, 0, 0, bad("lognormal mean = %v, sd = %v, want both > 0", d.Mean, d.SD)
		}
		// The log has variance σ² = ln(1 + sd²/mean²) and mean
		// μ = ln(mean) − σ²/2.
		s2 := math.Log1p(d.SD * d.SD / (d.Mean * d.Mean))
		ln := distuv.LogNormal{Mu: math.Log(d.Mean) - s2/2, Sigma: math.Sqrt(s2)}
		q, lo, hi := clamp(ln.Quantile)
		return q, max(lo, 0), hi, nil
	case "beta":
		if !(d.Mean > 0 && d.Mean < 1 && d.SD > 0 && d.SD*d.SD < d.Mean*(1-d.Mean)) {
			return nil, 0, 0, bad("beta mean = %v, sd = %v, want 0 < mean < 1 and 0 < sd² < mean·(1 − mean)", d.Mean, d.SD)
		}
		// Moments: mean = α/(α+β), var = mean(1−mean)/(α+β+1).
		k := d.Mean*(1-d.Mean)/(d.SD*d.SD) - 1
		b := distuv.Beta{Alpha: d.Mean * k, Beta: (1 - d.Mean) * k}
		return b.Quantile, 0, 1, nil
	case "":
		return nil, 0, 0, bad("dist is missing, want constant, uniform, normal, lognormal or beta")
	}
	return nil, 0, 0, bad("dist = %q, want constant, uniform, normal, lognormal or beta", d.Kind)
}

// traitNodes is the number of quantiles a trait table holds.
const traitNodes = 4096

// traitTable samples a trait by inverse transform: the quantile function
// at the nodes pᵢ = (i + ½)/traitNodes, interpolated linearly between
// nodes. Beyond the outer nodes it holds their values, so the extreme
// 1/(2·traitNodes) ≈ 0.012% of each tail is truncated; that is the only
// difference from exact inverse-transform sampling apart from the
// interpolation, whose error is of order (Δp)²·Q”.
type traitTable struct {
	nodes []float64 // nil for a constant
	value float64
}

// newTraitTable returns the table of d, or an error naming the field
// (name) and the bad value. Tables are read only, so the last
// traitTablesKept built are kept and shared by the runs of the process:
// the runs of a calibration or a sweep differ in a few traits at most, and
// a table costs traitNodes quantiles (about 6 ms for a beta, whose
// quantile inverts the regularized incomplete beta function).
func newTraitTable(d Dist, name string) (traitTable, error) {
	if t, ok := traitTables.get(d); ok {
		return t, nil
	}
	q, lo, hi, err := d.quantiler(name)
	if err != nil {
		return traitTable{}, err
	}
	if lo == hi {
		return traitTable{value: lo}, nil
	}
	t := traitTable{nodes: make([]float64, traitNodes)}
	for i := range t.nodes {
		t.nodes[i] = q((float64(i) + 0.5) / traitNodes)
	}
	traitTables.put(d, t)
	return t, nil
}

// traitTablesKept is the number of trait tables kept, 32 KiB each.
const traitTablesKept = 32

// traitTables are the tables last used, the least recently used first.
var traitTables recentTables

type recentTables struct {
	mu     sync.Mutex
	recent []keptTable
}

type keptTable struct {
	dist  Dist
	table traitTable
}

// get returns the table of d if it is kept, and makes it the most recently
// used.
func (r *recentTables) get(d Dist) (traitTable, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, k := range r.recent {
		if k.dist == d {
			copy(r.recent[i:], r.recent[i+1:])
			r.recent[len(r.recent)-1] = k
			return k.table, true
		}
	}
	return traitTable{}, false
}

// put keeps the table t of d, dropping the least recently used beyond
// traitTablesKept.
func (r *recentTables) put(d Dist, t traitTable) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recent = append(r.recent, keptTable{d, t})
	if len(r.recent) > traitTablesKept {
		r.recent = append(r.recent[:0], r.recent[1:]...)
	}
}

// at returns the trait at uniform draw u ∈ [0, 1).
func (t *traitTable) at(u float64) float64 {
	if t.nodes == nil {
		return t.value
	}
	x := u*traitNodes - 0.5
	if x <= 0 {
		return t.nodes[0]
	}
	i := int(x)
	if i >= traitNodes-1 {
		return t.nodes[traitNodes-1]
	}
	f := x - float64(i)
	return t.nodes[i] + f*(t.nodes[i+1]-t.nodes[i])
}

// traitNames are the traits in Traits' order.
var traitNames = [...]string{"activity", "switching_cost", "moderation_sensitivity", "protest", "language_barrier", "privacy", "tenure"}

const (
	traitActivity = iota
	traitSwitching
	traitSensitivity
	traitProtest
	traitBarrier
	traitPrivacy
	traitTenure
	numTraits
)

func (t *Traits) list() [numTraits]Dist {
	return [numTraits]Dist{t.Activity, t.SwitchingCost, t.ModerationSensitivity, t.Protest, t.LanguageBarrier, t.Privacy, t.Tenure}
}

// traitSampler draws every agent's traits on demand: trait k of agent i in
// group g is tables[g][k].at(U), U the (k mod 4)-th 16-bit quarter of the
// draw of stream "trait" at (agent i, tick k div 4) (see quarter). Two draws
// give all seven; nothing per agent is stored.
type traitSampler struct {
	tables [][numTraits]traitTable
	src    sim.Source
}

func newTraitSampler(groups []Group, seed uint64) (*traitSampler, error) {
	ts := &traitSampler{tables: make([][numTraits]traitTable, len(groups)), src: sim.NewSource(seed, "trait")}
	for g, gr := range groups {
		for k, d := range gr.Traits.list() {
			if k == traitTenure && d == (Dist{}) {
				d = Dist{Kind: "constant"} // a steady start's: unused
			}
			t, err := newTraitTable(d, fmt.Sprintf("groups[%s].traits.%s", gr.Name, traitNames[k]))
			if err != nil {
				return nil, err
			}
			ts.tables[g][k] = t
		}
	}
	return ts, nil
}

// trait returns trait k of agent i in group g.
func (ts *traitSampler) trait(k int, g uint8, i uint32) float64 {
	return ts.tables[g][k].at(unit16(ts.bits(k, i)))
}

// bits returns the 16 random bits from which trait k of agent i is drawn
// (the trait is tables[g][k].at(unit16(bits))).
func (ts *traitSampler) bits(k int, i uint32) uint16 {
	return quarterBits(ts.src.Uint64(i, uint32(k/4)), k%4)
}

// decision returns every trait of agent i in group g but its activity
// (left 0), which only the activation reads, and the bits its activity is
// drawn from (see bits).
func (ts *traitSampler) decision(g uint8, i uint32) (t [numTraits]float64, activity uint16) {
	x := [2]uint64{ts.src.Uint64(i, 0), ts.src.Uint64(i, 1)}
	for k := traitActivity + 1; k < numTraits; k++ {
		t[k] = ts.tables[g][k].at(quarter(x[k/4], k%4))
	}
	return t, quarterBits(x[traitActivity/4], traitActivity%4)
}

// quarter returns the q-th 16-bit quarter of x as a uniform in (0, 1):
// (bits + ½)/2¹⁶. Sixteen bits resolve a trait table of 4096 nodes to a
// sixteenth of a node.
func quarter(x uint64, q int) float64 {
	return unit16(quarterBits(x, q))
}

// quarterBits returns the q-th 16-bit quarter of x.
func quarterBits(x uint64, q int) uint16 {
	return uint16(x >> (16 * q))
}

// unit16 returns 16 bits as a uniform in (0, 1): (bits + ½)/2¹⁶.
func unit16(bits uint16) float64 {
	return (float64(bits) + 0.5) * 0x1p-16
}
