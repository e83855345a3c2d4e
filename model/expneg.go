package model

import "math"

// expNeg returns e^x for x ≤ 0 within a few ulp of math.Exp, in basic
// arithmetic only, so that choices are the same on every architecture
// (math.Exp is assembly on some and Go on others): x = k·ln 2 + r with
// |r| ≤ ln 2/2, e^r by its Taylor series to r¹³/13! (the first omitted
// term is below 2·10⁻¹⁸ of the sum), evaluated by Estrin's scheme, then
// scaled by 2^k. Explicit conversions keep the compiler from fusing
// multiply-adds. Below −708 it returns 0 (e^x < 10⁻³⁰⁷).
func expNeg(x float64) float64 {
	if x < -708 {
		return 0
	}
	const ln2hi, ln2lo = 6.93147180369123816490e-01, 1.90821492927058770002e-10 // fdlibm's split of ln 2
	k := math.Floor(float64(x*math.Log2E) + 0.5)
	r := float64(x-float64(k*ln2hi)) - float64(k*ln2lo)
	r2 := float64(r * r)
	r4 := float64(r2 * r2)
	r8 := float64(r4 * r4)
	// e^r = Σ rⁿ/n!, n ≤ 13, grouped in pairs and quadruples.
	p01 := 1 + r
	p23 := float64(1.0/2) + float64(r*(1.0/6))
	p45 := float64(1.0/24) + float64(r*(1.0/120))
	p67 := float64(1.0/720) + float64(r*(1.0/5040))
	p89 := float64(1.0/40320) + float64(r*(1.0/362880))
	pab := float64(1.0/3628800) + float64(r*(1.0/39916800))
	pcd := float64(1.0/479001600) + float64(r*(1.0/6227020800))
	q0 := p01 + float64(r2*p23)
	q1 := p45 + float64(r2*p67)
	q2 := p89 + float64(r2*pab)
	q3 := pcd
	e := float64(q0+float64(r4*q1)) + float64(r8*float64(q2+float64(r4*q3)))
	return e * math.Float64frombits(uint64(int64(k)+1023)<<52)
}
