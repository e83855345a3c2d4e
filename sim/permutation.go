package sim

import (
	"math"
	"math/bits"
)

// permutation is a keyed pseudo-random bijection of [0, n), n ≥ 1, that is
// computed in both directions in O(1) time and memory: a four-round Feistel
// network on Z_a × Z_b (Black & Rogaway 2002, "Ciphers with arbitrary finite
// domains", method FE2), a = ⌈√n⌉, b = ⌈n/a⌉, so that a·b − n < a, with
// cycle walking into [0, n).
//
// x = l·b + r with l ∈ Z_a, r ∈ Z_b; round k maps (l, r) to (r, (l + f_k(r))
// mod m_k), m_k = a for even k and b for odd k, so that the halves swap
// their moduli each round and four rounds return to Z_a × Z_b. The round
// function is f_k(v) = ⌊h·m_k / 2³²⌋ with h the top 32 bits of mum(v ⊕ key_k,
// key'_k), where mum(x, y) is the xor of the two halves of the 128-bit
// product x·y (the mixing step of wyhash): one wide multiplication per
// round. A bijection of [0, a·b) becomes one of [0, n) by applying it
// again while the image is ≥ n (cycle walking); since a·b < n + a, that takes
// 1 + O(1/√n) steps on average.
type permutation struct {
	n, a, b uint32
	key     [8]uint64 // key_k, key'_k = key[2k], key[2k+1]
}

// newPermutation returns the permutation of [0, n) with the given round keys.
func newPermutation(n uint32, key [8]uint64) permutation {
	a := uint32(math.Ceil(math.Sqrt(float64(n))))
	for uint64(a)*uint64(a) < uint64(n) { // guard against rounding
		a++
	}
	b := (n + a - 1) / a
	return permutation{n: n, a: a, b: b, key: key}
}

// round returns f_k(v) in [0, m).
func (p *permutation) round(k int, v, m uint32) uint32 {
	hi, lo := bits.Mul64(uint64(v)^p.key[2*k], p.key[2*k+1])
	return uint32(((hi ^ lo) >> 32) * uint64(m) >> 32)
}

// addMod returns (x + y) mod m for x, y < m.
func addMod(x, y, m uint32) uint32 {
	s := x + y
	if s >= m {
		s -= m
	}
	return s
}

// subMod returns (x − y) mod m for x, y < m.
func subMod(x, y, m uint32) uint32 {
	if x < y {
		x += m
	}
	return x - y
}

// encrypt is the Feistel bijection of [0, a·b).
func (p *permutation) encrypt(x uint32) uint32 {
	a, b := p.a, p.b
	l, r := x/b, x%b
	l, r = r, addMod(l, p.round(0, r, a), a)
	l, r = r, addMod(l, p.round(1, r, b), b)
	l, r = r, addMod(l, p.round(2, r, a), a)
	l, r = r, addMod(l, p.round(3, r, b), b)
	return l*b + r
}

// decrypt is the inverse of encrypt.
func (p *permutation) decrypt(x uint32) uint32 {
	a, b := p.a, p.b
	l, r := x/b, x%b
	l, r = subMod(r, p.round(3, l, b), b), l
	l, r = subMod(r, p.round(2, l, a), a), l
	l, r = subMod(r, p.round(1, l, b), b), l
	l, r = subMod(r, p.round(0, l, a), a), l
	return l*b + r
}

// forward returns π(x) for x < n.
func (p *permutation) forward(x uint32) uint32 {
	x = p.encrypt(x)
	for x >= p.n {
		x = p.encrypt(x)
	}
	return x
}

// inverse returns π⁻¹(x) for x < n.
func (p *permutation) inverse(x uint32) uint32 {
	x = p.decrypt(x)
	for x >= p.n {
		x = p.decrypt(x)
	}
	return x
}
