package sim

import (
	"hash/fnv"
	"math"
	"math/bits"
)

// Source is a counter-based random number generator: Uint64(agent, tick) is a
// pure function of (seed, stream, agent, tick). It holds no state, so any
// goroutine may draw any agent's numbers in any order and get the same values.
//
// The derivation path is
//
//	key  = (mix(seed ⊕ h(stream)), mix(h(stream) + mix(seed)))
//	draw = mix(mix((agent<<32 | tick) ⊕ key₀) + key₁)
//
// where h is 64-bit FNV-1a of the stream name and mix is the SplitMix64
// finaliser (Stafford's variant 13). For fixed keys the map from counter to
// draw is a bijection, so within one stream no two (agent, tick) pairs share a
// draw.
type Source struct {
	k0, k1 uint64
}

// NewSource returns the source of the named stream under seed. Streams are
// named by purpose ("activation", "flip/switch", "network/er"), never by
// goroutine or worker.
func NewSource(seed uint64, stream string) Source {
	h := fnv.New64a()
	h.Write([]byte(stream))
	s := h.Sum64()
	return Source{k0: mix(seed ^ s), k1: mix(s + mix(seed))}
}

// Derive returns a child seed that is a pure function of the parent seed and
// the path, used for replicate r of sweep point p: Derive(root, p, r).
func Derive(seed uint64, path ...uint64) uint64 {
	for _, p := range path {
		seed = mix(mix(seed) ^ (p + 0x9e3779b97f4a7c15))
	}
	return seed
}

// Uint64 returns the 64 random bits of (agent, tick).
func (s Source) Uint64(agent, tick uint32) uint64 {
	return mix(mix((uint64(agent)<<32|uint64(tick))^s.k0) + s.k1)
}

// Float64 returns a uniform draw in [0, 1) with 53 random bits.
func (s Source) Float64(agent, tick uint32) float64 {
	return float64(s.Uint64(agent, tick)>>11) * 0x1p-53
}

// Intn returns a uniform draw in [0, n) by Lemire's multiply-shift; the bias
// is below n/2⁶⁴.
func (s Source) Intn(agent, tick uint32, n uint64) uint64 {
	hi, _ := bits.Mul64(s.Uint64(agent, tick), n)
	return hi
}

// Geometric returns the number of failures before the first success of
// Bernoulli trials with success probability p, 0 < p < 1, by inversion:
// ⌊ln U / ln(1−p)⌋ with U uniform in (0, 1], the logarithm by lnUnit. lnq
// must be ln(1−p), computed once by the caller (math.Log1p(-p)).
func (s Source) Geometric(agent, tick uint32, lnq float64) uint64 {
	u := float64(s.Uint64(agent, tick)>>11+1) * 0x1p-53 // (0, 1]
	g := lnUnit(u) / lnq
	if g >= 1<<62 {
		return 1 << 62
	}
	return uint64(g)
}

// lnUnit returns ln u for u in (0, 1], within a few ulp of math.Log,
// in basic arithmetic only: u = m·2ᵉ with m in [√½, √2), and
// ln m = 2·atanh(t) = 2(t + t³/3 + … + t²¹/21), t = (m−1)/(m+1), |t| < 0.172,
// where the first omitted term, t²²/23 of the sum, is below 1e-18. The explicit
// conversions keep the compiler from fusing multiply-adds, so the result,
// and so every geometric draw, is the same on every architecture (math.Log
// is assembly on some and Go on others) and several times faster.
func lnUnit(u float64) float64 {
	b := math.Float64bits(u)
	e := int(b>>52) - 1023
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52) // [1, 2)
	if m > math.Sqrt2 {
		m /= 2
		e++
	}
	t := (m - 1) / (m + 1)
	t2 := float64(t * t)
	p := float64(1.0 / 21)
	p = float64(p*t2) + 1.0/19
	p = float64(p*t2) + 1.0/17
	p = float64(p*t2) + 1.0/15
	p = float64(p*t2) + 1.0/13
	p = float64(p*t2) + 1.0/11
	p = float64(p*t2) + 1.0/9
	p = float64(p*t2) + 1.0/7
	p = float64(p*t2) + 1.0/5
	p = float64(p*t2) + 1.0/3
	p = float64(p*t2) + 1
	return float64(float64(e)*math.Ln2) + float64(2*t*p)
}

// mix is the SplitMix64 finaliser (Stafford's "Mix13").
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
