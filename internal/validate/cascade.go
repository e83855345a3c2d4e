package validate

import "math"

// cascade holds the tree-like (branching-process) predictions for the
// threshold rule with one fixed threshold φ on a random network with a given
// degree distribution pₖ and mean z, started from one random adopter, as the
// number of agents goes to infinity with pₖ fixed. A neighbour of degree k
// is vulnerable, adopting once one of its neighbours has, when 1/k ≥ φ; a
// neighbour reached along an edge has degree k with probability
// qₖ = k·pₖ/z.
type cascade struct {
	// Condition is Σₖ k(k−1)·pₖ·vₖ / z, vₖ = 1 when degree k is vulnerable:
	// global cascades are possible when it exceeds 1, the cascade condition
	// of Watts (2002).
	Condition float64
	// Frequency is the probability that one random adopter triggers a
	// global cascade: the share of agents in or next to the giant
	// vulnerable cluster (Watts 2002), 1 − Σₖ pₖ·uᵏ with u the smallest
	// root in [0, 1] of u = 1 − Σₖ qₖ·vₖ·(1 − u^{k−1}), the probability that
	// an edge does not lead into that cluster.
	Frequency float64
	// Size is the share of agents that a global cascade makes adopt, from
	// the analysis of Gleeson & Cahalane (2007, Phys. Rev. E 75, 056103) in
	// the limit of a vanishing seed share: Σₖ pₖ·P(Bin(k, w) ≥ ⌈φk⌉), w the
	// smallest positive fixed point of w = Σₖ qₖ·P(Bin(k−1, w) ≥ ⌈φk⌉).
	// 0 when Condition ≤ 1.
	Size float64
	// Mean and Var are the mean and variance of the number of adopters
	// when Condition < 1 and the vulnerable clusters are finite (a
	// subcritical branching process): with a = V₁/(1 − V₂) and
	// b = (V₁ + 2a·V₂ + a²·V₃)/(1 − V₂) the first two moments of the number
	// of adopters reached along one edge, where V₁ = Σₖ qₖvₖ,
	// V₂ = Σₖ qₖvₖ(k−1) and V₃ = Σₖ qₖvₖ(k−1)(k−2), and K the first
	// adopter's degree, Mean = 1 + z·a and Var = z·(b − a²) + Var(K)·a².
	// +Inf when V₂ ≥ 1.
	Mean, Var float64
}

// poissonDegrees returns the Poisson(z) degree distribution, z > 0, up to
// a tail below 10⁻¹⁶.
func poissonDegrees(z float64) []float64 {
	pk := make([]float64, int(z+12*math.Sqrt(z)+40))
	for k := range pk {
		lg, _ := math.Lgamma(float64(k + 1))
		pk[k] = math.Exp(float64(k)*math.Log(z) - z - lg)
	}
	return pk
}

// erdosRenyiDegrees returns the degree distribution of sim.ErdosRenyi(n, z):
// Binomial(n−1, z/(n−1)), up to a tail below 10⁻¹⁶. Its size-biased form
// k·pₖ/z is exactly the degree of a neighbour in G(n, p).
func erdosRenyiDegrees(n int, z float64) []float64 {
	m := float64(n - 1)
	p := z / m
	pk := make([]float64, min(n, int(z+12*math.Sqrt(z)+40)))
	pk[0] = math.Exp(m * math.Log1p(-p))
	for k := 1; k < len(pk); k++ {
		pk[k] = pk[k-1] * (m - float64(k-1)) / float64(k) * p / (1 - p)
	}
	return pk
}

// cascadeTheory returns the predictions for the degree distribution pk
// (pk[k] = P(degree = k), mean > 0) and threshold phi > 0.
func cascadeTheory(pk []float64, phi float64) cascade {
	kmax := len(pk) - 1
	var z, k2 float64
	for k, p := range pk {
		z += float64(k) * p
		k2 += float64(k*k) * p
	}
	// need[k] = ⌈φk⌉: the adopted neighbours an agent of degree k needs,
	// found with the comparison the rule makes, m/k ≥ φ.
	need := make([]int, kmax+1)
	for k := 1; k <= kmax; k++ {
		m := 0
		for float64(m)/float64(k) < phi {
			m++
		}
		need[k] = m
	}
	vul := func(k int) float64 {
		if need[k] <= 1 {
			return 1
		}
		return 0
	}
	var v1, v2, v3 float64
	for k := 1; k <= kmax; k++ {
		qk := float64(k) * pk[k] / z
		v1 += qk * vul(k)
		v2 += qk * vul(k) * float64(k-1)
		v3 += qk * vul(k) * float64((k-1)*(k-2))
	}
	c := cascade{Condition: v2}
	if v2 < 1 {
		a := v1 / (1 - v2)
		b := (v1 + 2*a*v2 + a*a*v3) / (1 - v2)
		c.Mean, c.Var = 1+z*a, z*(b-a*a)+(k2-z*z)*a*a
	} else {
		c.Mean, c.Var = math.Inf(1), math.Inf(1)
	}
	if c.Condition <= 1 {
		return c
	}
	u := fixedPoint(0, func(u float64) float64 {
		s := 0.0
		for k := 1; k <= kmax; k++ {
			s += float64(k) * pk[k] / z * vul(k) * (1 - math.Pow(u, float64(k-1)))
		}
		return 1 - s
	})
	c.Frequency = 1
	for k, p := range pk {
		c.Frequency -= p * math.Pow(u, float64(k))
	}
	w := fixedPoint(1e-9, func(w float64) float64 {
		s := 0.0
		for k := 1; k <= kmax; k++ {
			s += float64(k) * pk[k] / z * binomialTail(k-1, w, need[k])
		}
		return s
	})
	for k := 1; k <= kmax; k++ {
		c.Size += pk[k] * binomialTail(k, w, need[k])
	}
	return c
}

// fixedPoint iterates x ← f(x) from x0 until it moves by less than 10⁻¹⁴,
// at most 10⁶ times, and returns x.
func fixedPoint(x0 float64, f func(float64) float64) float64 {
	x := x0
	for range 1_000_000 {
		y := f(x)
		if math.Abs(y-x) < 1e-14 {
			return y
		}
		x = y
	}
	return x
}

// binomialTail returns P(Bin(n, p) ≥ m), summed over the pmf from m up.
func binomialTail(n int, p float64, m int) float64 {
	if m <= 0 {
		return 1
	}
	if m > n {
		return 0
	}
	if p >= 1 {
		return 1
	}
	lc, _ := math.Lgamma(float64(n + 1))
	s := 0.0
	for j := m; j <= n; j++ {
		lj, _ := math.Lgamma(float64(j + 1))
		lr, _ := math.Lgamma(float64(n - j + 1))
		s += math.Exp(lc - lj - lr + float64(j)*math.Log(p) + float64(n-j)*math.Log1p(-p))
	}
	return s
}
