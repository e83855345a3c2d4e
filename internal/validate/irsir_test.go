package validate

import (
	"math"
	"testing"
)

// TestIrSIRSolve checks the RK4 solution: it keeps ν·ln s + β·ln r (Cannarella
// & Spechler 2014) and s + i + r = 1 to 10⁻¹¹ over t = 0…10, and its peak of
// i is where βs = νr, to the first order of the tick spacing.
func TestIrSIRSolve(t *testing.T) {
	const beta, nu, dt = 1.0, 2.0, 0.001
	p := irsirSolve(beta, nu, dt, [3]float64{0.9, 0.05, 0.05}, 10_000)
	inv := func(x [3]float64) float64 { return nu*math.Log(x[0]) + beta*math.Log(x[2]) }
	kp := 0
	for k, x := range p.x {
		if d := inv(x) - inv(p.x[0]); math.Abs(d) > 1e-11 {
			t.Fatalf("tick %d: invariant moved by %.3g", k, d)
		}
		if d := x[0] + x[1] + x[2] - 1; math.Abs(d) > 1e-11 {
			t.Fatalf("tick %d: s + i + r − 1 = %.3g", k, d)
		}
		if x[1] > p.x[kp][1] {
			kp = k
		}
	}
	x := p.x[kp]
	kappa := x[1] * (beta*beta*x[0] + nu*nu*x[2])
	if g := beta*x[0] - nu*x[2]; math.Abs(g) > kappa*dt {
		t.Errorf("at the peak of i, βs − νr = %.3g, want within κ·dt = %.3g of 0", g, kappa*dt)
	}
}

// irsirEuler returns the exact Euler recursion s′ = s − βis·dt,
// r′ = r + νir·dt, i = 1 − s − r: the expected shares of the engine's rule
// as N → ∞. Only the tests use it, to pin the derived discretisation
// errors.
func irsirEuler(beta, nu, dt float64, x0 [3]float64, ticks int) [][3]float64 {
	x := make([][3]float64, ticks+1)
	x[0] = x0
	for k := range ticks {
		s, i, r := x[k][0], x[k][1], x[k][2]
		ds, dr := beta*i*s*dt, nu*i*r*dt
		x[k+1] = [3]float64{s - ds, i + ds - dr, r + dr}
	}
	return x
}

// TestIrSIREulerError checks the integrated first-order Euler error e and
// the invariant's drift −νβ(β+ν)/2·dt·∫i²dt against the exact recursion:
// the remainders are second order, shrinking about fourfold when dt halves,
// and below 2% of the leading terms.
func TestIrSIREulerError(t *testing.T) {
	const beta, nu = 1.0, 2.0
	x0 := [3]float64{0.9, 0.05, 0.05}
	inv := func(x [3]float64) float64 { return nu*math.Log(x[0]) + beta*math.Log(x[2]) }
	var prev, prevDrift float64
	for _, dt := range []float64{0.01, 0.005, 0.0025} {
		ticks := int(math.Round(10 / dt))
		p := irsirSolve(beta, nu, dt, x0, ticks)
		x := irsirEuler(beta, nu, dt, x0, ticks)
		var worst, scale float64
		for k := range x {
			for j := range 3 {
				worst = max(worst, math.Abs(x[k][j]-p.x[k][j]-p.e[k][j]))
				scale = max(scale, math.Abs(p.e[k][j]))
			}
		}
		_, drift := irsirInvariantNoise(beta, nu, dt, 1, p)
		driftRest := math.Abs(inv(x[ticks]) - inv(x[0]) - drift)
		if worst > 0.02*scale || driftRest > 0.02*math.Abs(drift) {
			t.Errorf("dt = %v: remainders %.3g (error, leading %.3g) and %.3g (drift, leading %.3g), want below 2%%",
				dt, worst, scale, driftRest, drift)
		}
		if prev > 0 {
			if r := prev / worst; r < 3.5 || r > 4.5 {
				t.Errorf("dt = %v: error remainder shrank %.2f-fold, want about 4", dt, r)
			}
			if r := prevDrift / driftRest; r < 3.5 || r > 4.5 {
				t.Errorf("dt = %v: drift remainder shrank %.2f-fold, want about 4", dt, r)
			}
		}
		prev, prevDrift = worst, driftRest
	}
}
