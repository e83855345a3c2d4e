package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
)

// Bass (1969) on the complete network against the closed form, at the
// Sultan, Farley & Lehmann (1990) meta-analysis means p = 0.03, q = 0.38
// per period.
//
// Theory. With F(0) = 0 the Bass equation dF/dt = (1 − F)(p + qF) has the
// solution (Bass 1969)
//
//	F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}),
//
// whose adoption rate F′ = (p+q)²/(4q)·sech²((p+q)(t − t*)/2) is symmetric
// about its peak at t* = ln(q/p)/(p+q) ≈ 6.1914, where F(t*) = (q − p)/(2q)
// ≈ 0.4605; F(10) ≈ 0.8130.
//
// Discretisation. Given the share x at the start of a tick, the expected
// share after it is x + dt·(1 − x)(p + q·x·N/(N−1)): the Euler step of the
// equation (the factor N/(N−1), an agent not counting itself, and the
// curvature of the step in x shift the mean by O(1/N) < 10⁻⁵ here). The
// global error e = x − F of Euler's method obeys, to first order in dt,
// e′ = f′(F)·e − (dt/2)·F″ with e(0) = 0, and since F″ = f′(F)·F′ its
// solution is
//
//	δ(t) = −(dt/2)·F′(t)·ln(F′(t)/F′(0)),  F′(0) = p.
//
// The peak estimate (below) at half-width h is shifted by
// δ* = (dt/2)·(1 + ln(F′(t*+h)/p)). The tests pin both against the exact
// recursion.
//
// Rows. F at the ticks nearest t* and at t = 10: the mean of R replicates,
// tolerance 3·√(V/R) + |δ|, V the variance of one replicate's share from the
// linear-noise recursion V′ = g′(F)²·V + (1 − F)·h·(1 − h)/N along the
// closed form (g the Euler step, h = (p + qF)·dt the adoption probability).
// The peak time: each replicate's estimate is the centre k·dt of the window
// (k − m, k + m], m = h/dt ticks, with the most adoptions (the first such
// k). By the symmetry of F′ this is t* for any h; its noise, the adoptions
// at the window's ends against the curvature 2F″(t*+h) of the window count,
// is least where sech·tanh of (p+q)h/2 is largest, tanh² = 1/2, h ≈ 4.3;
// we take h = 4 periods. Its tolerance is the Student factor times the
// replicates' standard error plus |δ*|.
func bassCheck(o Options) Check {
	const p, q = 0.03, 0.38 // Sultan, Farley & Lehmann (1990)
	const horizon, halfWidth = 12.0, 4.0
	n, reps, dt := 1_000_000, 100, 0.001
	if o.Quick {
		reps, dt = 10, 0.005
	}
	return Check{Name: "bass", Run: func(ctx context.Context) (*Result, error) {
		ticks := int(math.Round(horizon / dt))
		m := int(math.Round(halfWidth / dt))
		hists, err := replicates(ctx, o, reps, func(ctx context.Context, r int) (*model.History, error) {
			return runClassic(ctx, model.ClassicSpec{
				Rule: "bass", Params: model.Params{"p": p, "q": q, "dt": dt, "f0": 0},
				Network: model.NetworkSpec{Kind: "complete"}, Agents: n, Ticks: ticks, Seed: o.seed("bass", r),
			})
		})
		if err != nil {
			return nil, err
		}
		variance := bassVariance(p, q, dt, n, ticks)
		tStar := bassPeak(p, q)
		var rows []Row
		for _, k := range []int{int(math.Round(tStar / dt)), int(math.Round(10 / dt))} {
			t := float64(k) * dt
			got := make([]float64, reps)
			for r, h := range hists {
				got[r] = share(h, k, 1)
			}
			mean, _ := meanSE(got)
			rows = append(rows, Row{Check: "bass",
				Quantity: fmt.Sprintf("F(%.4g), adopted share (closed form; t* = %.4f)", t, tStar),
				Expected: bassF(p, q, t), Got: mean,
				Tol: 3*math.Sqrt(variance[k]/float64(reps)) + math.Abs(bassEulerError(p, q, dt, t))})
		}
		peaks := make([]float64, reps)
		for r, h := range hists {
			peaks[r] = float64(windowPeak(h, m)) * dt
		}
		mean, se := meanSE(peaks)
		rows = append([]Row{{Check: "bass",
			Quantity: fmt.Sprintf("t* = ln(q/p)/(p+q), peak of the adoption rate (periods; p = %v, q = %v, dt = %v, N = %d, %d runs)", p, q, dt, n, reps),
			Expected: tStar, Got: mean,
			Tol: tCrit(reps)*se + math.Abs(bassPeakShift(p, q, dt, halfWidth))}}, rows...)
		return &Result{Rows: rows, Figure: bassFigure(p, q, dt, hists[0], ticks)}, nil
	}}
}

// bassF returns the Bass (1969) adopted share F(t) with F(0) = 0.
func bassF(p, q, t float64) float64 {
	e := math.Exp(-(p + q) * t)
	return (1 - e) / (1 + q/p*e)
}

// bassRate returns dF/dt = (1 − F)(p + qF) at time t.
func bassRate(p, q, t float64) float64 {
	f := bassF(p, q, t)
	return (1 - f) * (p + q*f)
}

// bassPeak returns t* = ln(q/p)/(p+q), the time of the largest adoption
// rate (Bass 1969).
func bassPeak(p, q float64) float64 { return math.Log(q/p) / (p + q) }

// bassEulerError returns the leading term of the error of Euler steps of
// size dt at time t: −(dt/2)·F′(t)·ln(F′(t)/p).
func bassEulerError(p, q, dt, t float64) float64 {
	r := bassRate(p, q, t)
	return -dt / 2 * r * math.Log(r/p)
}

// bassPeakShift returns the leading shift of the window-peak estimate
// under Euler steps of size dt: (dt/2)·(1 + ln(F′(t*+h)/p)).
func bassPeakShift(p, q, dt, h float64) float64 {
	return dt / 2 * (1 + math.Log(bassRate(p, q, bassPeak(p, q)+h)/p))
}

// bassVariance returns the variance of the adopted share of one run of n
// agents at ticks 0…ticks from the linear-noise recursion along the closed
// form.
func bassVariance(p, q, dt float64, n, ticks int) []float64 {
	v := make([]float64, ticks+1)
	for k := range ticks {
		x := bassF(p, q, float64(k)*dt)
		g := 1 + dt*(q-p-2*q*x)
		h := (p + q*x) * dt
		v[k+1] = g*g*v[k] + (1-x)*h*(1-h)/float64(n)
	}
	return v
}

// windowPeak returns the tick k in [m, ticks−m] whose window (k−m, k+m]
// holds the most adoptions, the first one if several do.
func windowPeak(h *model.History, m int) int {
	best, at := int64(-1), m
	for k := m; k+m <= h.Ticks(); k++ {
		if d := h.Total(k+m, 1) - h.Total(k-m, 1); d > best {
			best, at = d, k
		}
	}
	return at
}

func bassFigure(p, q, dt float64, h *model.History, ticks int) *figure.Overlay {
	var sim, theory figure.Series
	sim = figure.Series{Label: "simulation (one run)", Style: figure.Points}
	theory = figure.Series{Label: "closed form (Bass 1969)", Style: figure.Line}
	every := int(math.Round(0.25 / dt))
	for k := 0; k <= ticks; k += every {
		t := float64(k) * dt
		sim.X, sim.Y = append(sim.X, t), append(sim.Y, share(h, k, 1))
	}
	for j := 0; j <= 240; j++ {
		t := float64(j) * float64(ticks) * dt / 240
		theory.X, theory.Y = append(theory.X, t), append(theory.Y, bassF(p, q, t))
	}
	return &figure.Overlay{
		Title:  fmt.Sprintf("Bass diffusion, complete network: p = %v, q = %v, dt = %v", p, q, dt),
		X:      "time t (periods)",
		Y:      "adopted share F",
		Series: []figure.Series{theory, sim},
	}
}
