package validate

import (
	"math"
	"testing"
)

// TestBassClosedForm pins the values issue 4 quotes for p = 0.03,
// q = 0.38 (Sultan, Farley & Lehmann 1990): t* = ln(q/p)/(p+q) ≈ 6.19,
// F(t*) = (q − p)/(2q) ≈ 0.4605, F(10) ≈ 0.813, and checks that the rate is
// largest at t*.
func TestBassClosedForm(t *testing.T) {
	const p, q = 0.03, 0.38
	ts := bassPeak(p, q)
	if math.Abs(ts-6.19) > 0.005 {
		t.Errorf("t* = %v, want 6.19 to two decimals", ts)
	}
	if f, want := bassF(p, q, ts), (q-p)/(2*q); math.Abs(f-want) > 1e-12 || math.Abs(f-0.4605) > 5e-5 {
		t.Errorf("F(t*) = %v, want (q − p)/(2q) = %v ≈ 0.4605", f, want)
	}
	if f := bassF(p, q, 10); math.Abs(f-0.813) > 5e-4 {
		t.Errorf("F(10) = %v, want 0.813 to three decimals", f)
	}
	for _, d := range []float64{-0.01, 0.01} {
		if bassRate(p, q, ts+d) >= bassRate(p, q, ts) {
			t.Errorf("F′(t* %+v) = %v ≥ F′(t*) = %v", d, bassRate(p, q, ts+d), bassRate(p, q, ts))
		}
	}
}

// bassEuler returns the exact Euler recursion x′ = x + dt(1 − x)(p + qx)
// from x = 0 at ticks 0…ticks: the expected share of the engine's rule as
// N → ∞. Only the tests use it, to pin the derived discretisation errors.
func bassEuler(p, q, dt float64, ticks int) []float64 {
	x := make([]float64, ticks+1)
	for k := range ticks {
		x[k+1] = x[k] + dt*(1-x[k])*(p+q*x[k])
	}
	return x
}

// TestBassEulerError checks the derived leading error of Euler steps,
// δ(t) = −(dt/2)F′(t)ln(F′(t)/p), against the exact recursion: the
// remainder x − F − δ is second order, so it must shrink about fourfold
// when dt halves, and stay below 1% of δ (it is 0.2% at dt = 0.02).
func TestBassEulerError(t *testing.T) {
	const p, q = 0.03, 0.38
	var prev float64
	for _, dt := range []float64{0.02, 0.01, 0.005} {
		x := bassEuler(p, q, dt, int(math.Round(12/dt)))
		var worst, scale float64
		for k, xk := range x {
			tk := float64(k) * dt
			d := bassEulerError(p, q, dt, tk)
			worst = max(worst, math.Abs(xk-bassF(p, q, tk)-d))
			scale = max(scale, math.Abs(d))
		}
		if worst > 0.01*scale {
			t.Errorf("dt = %v: remainder %.3g, want below 1%% of the leading term %.3g", dt, worst, scale)
		}
		if prev > 0 {
			if r := prev / worst; r < 3.5 || r > 4.5 {
				t.Errorf("dt = %v: remainder shrank %.2f-fold, want about 4 (second order)", dt, r)
			}
		}
		prev = worst
	}
}

// TestBassPeakShift checks the derived shift δ* = (dt/2)(1 + ln(F′(t*+h)/p))
// of the window-peak estimate under Euler steps: the centre of the window
// (k − m, k + m] holding the largest increase of the exact recursion,
// refined between ticks by a parabola through its neighbours, must be
// t* + δ* up to a second-order remainder, below 1% of δ* (it is about
// 10⁻⁵ of δ* at dt = 0.01).
func TestBassPeakShift(t *testing.T) {
	const p, q, h = 0.03, 0.38, 4.0
	for _, dt := range []float64{0.01, 0.005} {
		x := bassEuler(p, q, dt, int(math.Round(12/dt)))
		m := int(math.Round(h / dt))
		d := func(k int) float64 { return x[k+m] - x[k-m] }
		best := m
		for k := m; k+m < len(x); k++ {
			if d(k) > d(best) {
				best = k
			}
		}
		a, b, c := d(best-1), d(best), d(best+1)
		peak := (float64(best) + (a-c)/(2*(a-2*b+c))) * dt
		want := bassPeak(p, q) + bassPeakShift(p, q, dt, h)
		if shift := bassPeakShift(p, q, dt, h); math.Abs(peak-want) > 0.01*shift {
			t.Errorf("dt = %v: recursion peaks at %.6f, want t* + δ* = %.6f (δ* = %.6f)", dt, peak, want, shift)
		}
	}
}
