package design

import "fmt"

// MaxSobolDim is the number of dimensions of the Sobol sequence: the
// direction numbers of Joe & Kuo (2008) for dimensions 2…32 are tabulated
// in joeKuo (dimension 1 is van der Corput's sequence).
const MaxSobolDim = 32

// sobolBits is the precision of the sequence: coordinates are multiples of
// 2⁻³², and at most 2³² − 1 points are distinct.
const sobolBits = 32

// Sobol returns the first n points of the dim-dimensional Sobol sequence
// with the direction numbers of Joe & Kuo (2008) ("new-joe-kuo-6.21201"),
// in Antonov & Saleev's Gray-code order, starting with the origin: point
// 0 is all zeros and
//
//	x_i = x_{i−1} ⊕ v_c,  c = position of the lowest zero bit of i − 1,
//
// per dimension, with 32-bit direction numbers v_k = m_k·2^{32−k} for
// k ≤ s and, from the primitive polynomial x^s + a_1x^{s−1} + … + a_{s−1}x
// + 1 of the dimension,
//
//	v_k = v_{k−s} ⊕ (v_{k−s} ≫ s) ⊕ a_1v_{k−1} ⊕ … ⊕ a_{s−1}v_{k−s+1}.
//
// The points are those printed by Joe & Kuo's sobol.cc.
func Sobol(n, dim int) ([][]float64, error) {
	if dim < 1 || dim > MaxSobolDim {
		return nil, fmt.Errorf("sobol: dimensions = %d, want 1…%d", dim, MaxSobolDim)
	}
	if n < 0 || uint64(n) >= 1<<sobolBits {
		return nil, fmt.Errorf("sobol: points = %d, want 0…%d", n, uint64(1)<<sobolBits-1)
	}
	v := directions(dim)
	x := make([]uint32, dim)
	points := make([][]float64, n)
	for i := range points {
		if i > 0 {
			c := lowestZero(uint32(i - 1))
			for d := range x {
				x[d] ^= v[d][c]
			}
		}
		p := make([]float64, dim)
		for d := range p {
			p[d] = float64(x[d]) * 0x1p-32
		}
		points[i] = p
	}
	return points, nil
}

// lowestZero returns the 0-based position of the lowest zero bit of i.
func lowestZero(i uint32) int {
	c := 0
	for i&1 == 1 {
		i >>= 1
		c++
	}
	return c
}

// directions returns the direction numbers v[d][k] (bit k+1 in Joe & Kuo's
// 1-based numbering) of the first dim dimensions.
func directions(dim int) [][sobolBits]uint32 {
	v := make([][sobolBits]uint32, dim)
	for k := range sobolBits {
		v[0][k] = 1 << (sobolBits - 1 - k)
	}
	for d := 1; d < dim; d++ {
		jk := joeKuo[d-1]
		s := len(jk.m)
		for k := 0; k < s; k++ {
			v[d][k] = jk.m[k] << (sobolBits - 1 - k)
		}
		for k := s; k < sobolBits; k++ {
			w := v[d][k-s] ^ v[d][k-s]>>s
			for j := 1; j < s; j++ {
				if jk.a>>(s-1-j)&1 == 1 {
					w ^= v[d][k-j]
				}
			}
			v[d][k] = w
		}
	}
	return v
}

// joeKuo holds, for dimensions 2…32, the coefficients a (the interior
// coefficients of the primitive polynomial as bits, highest first) and the
// initial direction numbers m_1…m_s from the file new-joe-kuo-6.21201 of
// S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635–2654.
var joeKuo = [MaxSobolDim - 1]struct {
	a uint32
	m []uint32
}{
	{0, []uint32{1}},                        // 2
	{1, []uint32{1, 3}},                     // 3
	{1, []uint32{1, 3, 1}},                  // 4
	{2, []uint32{1, 1, 1}},                  // 5
	{1, []uint32{1, 1, 3, 3}},               // 6
	{4, []uint32{1, 3, 5, 13}},              // 7
	{2, []uint32{1, 1, 5, 5, 17}},           // 8
	{4, []uint32{1, 1, 5, 5, 5}},            // 9
	{7, []uint32{1, 1, 7, 11, 19}},          // 10
	{11, []uint32{1, 1, 5, 1, 1}},           // 11
	{13, []uint32{1, 1, 1, 3, 11}},          // 12
	{14, []uint32{1, 3, 5, 5, 31}},          // 13
	{1, []uint32{1, 3, 3, 9, 7, 49}},        // 14
	{13, []uint32{1, 1, 1, 15, 21, 21}},     // 15
	{16, []uint32{1, 3, 1, 13, 27, 49}},     // 16
	{19, []uint32{1, 1, 1, 15, 7, 5}},       // 17
	{22, []uint32{1, 3, 1, 15, 13, 25}},     // 18
	{25, []uint32{1, 1, 5, 5, 19, 61}},      // 19
	{1, []uint32{1, 3, 7, 11, 23, 15, 103}}, // 20
	{4, []uint32{1, 3, 7, 13, 13, 15, 69}},  // 21
	{7, []uint32{1, 1, 3, 13, 7, 35, 63}},   // 22
	{8, []uint32{1, 3, 5, 9, 1, 25, 53}},    // 23
	{14, []uint32{1, 3, 1, 13, 9, 35, 107}}, // 24
	{19, []uint32{1, 3, 1, 5, 27, 61, 31}},  // 25
	{21, []uint32{1, 1, 5, 11, 19, 41, 61}}, // 26
	{28, []uint32{1, 3, 5, 3, 3, 13, 69}},   // 27
	{31, []uint32{1, 1, 7, 13, 1, 19, 1}},   // 28
	{32, []uint32{1, 3, 7, 5, 13, 19, 59}},  // 29
	{37, []uint32{1, 1, 3, 9, 25, 29, 41}},  // 30
	{41, []uint32{1, 3, 5, 13, 23, 1, 55}},  // 31
	{42, []uint32{1, 3, 7, 3, 13, 59, 17}},  // 32
}
