package validate

import (
	"context"
	"fmt"
	"math"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/model"
)

// irSIR (Cannarella & Spechler 2014) on the complete network against an
// RK4 solution of its equations, in shares s + i + r = 1:
//
//	ds/dt = −β·i·s,  di/dt = β·i·s − ν·i·r,  dr/dt = ν·i·r,
//
// with β = 1, ν = 2 per unit time (illustrative rates under which most
// users leave and a fifth never join) from s, i, r = 0.9, 0.05, 0.05.
// Since d(ν·ln s + β·ln r)/dt = −νβi + βνi = 0, s^ν·r^β is constant, and
// di/dt = i·(βs − νr) changes sign where βs = νr: the peak of i.
//
// Discretisation. A tick is an Euler step of size dt of these equations in
// expectation (up to O(1/N)), whose global error e obeys, to first order in
// dt, e′ = J·e − (dt/2)·x″ with x″ = J·f(x), J the Jacobian; it is
// integrated with the solution. Per tick the expected change of
// ν·ln s + β·ln r is ν·ln(1 − βi·dt) + β·ln(1 + νi·dt) =
// −νβ(β+ν)/2·i²·dt² + O(dt³), a drift of −νβ(β+ν)/2·dt·∫i²dt over the run.
// The engine's i peaks at the first tick where βs − νr ≤ 0, so there βs − νr
// lies in (−κ·dt, 0] with κ = −d(βs − νr)/dt = i(β²s + ν²r).
//
// Rows, from R replicates of N agents, each seeded with independent
// Bernoulli initial states:
//
//   - s, i and r at two times: the mean against the RK4 solution from the
//     nominal initial shares, tolerance 3·√(V/R) + |e|, V from the
//     linear-noise recursion Σ′ = A·Σ·Aᵀ + D of (s, r) along the solution (A
//     the Jacobian of the Euler step, D the binomial variances of the
//     tick's moves, Σ₀ the multinomial covariance of the initial draw);
//   - the change of ν·ln s + β·ln r from tick 0 to the end: expected 0,
//     tolerance 3·√(W/R) + |drift|, W = Σ over ticks of the variance of
//     its increment, ν²·h₁(1−h₁)/(N·s) + β²·i·h₂(1−h₂)/(N·r²) with
//     h₁ = βi·dt, h₂ = νr·dt (the invariant is conserved by the flow, so
//     earlier noise does not grow);
//   - βs − νr at each run's peak of i: expected 0, tolerance the Student
//     factor times the replicates' standard error plus κ·dt.
func irsirCheck(o Options) Check {
	const beta, nu = 1.0, 2.0
	const s0, i0, r0 = 0.9, 0.05, 0.05
	const horizon = 10.0
	n, reps, dt := 1_000_000, 40, 0.001
	if o.Quick {
		reps, dt = 6, 0.005
	}
	times := []float64{3, 6}
	return Check{Name: "irsir", Run: func(ctx context.Context) (*Result, error) {
		ticks := int(math.Round(horizon / dt))
		hists, err := replicates(ctx, o, reps, func(ctx context.Context, r int) (*model.History, error) {
			return runClassic(ctx, model.ClassicSpec{
				Rule: "irsir", Params: model.Params{"beta": beta, "nu": nu, "dt": dt, "i0": i0, "r0": r0},
				Network: model.NetworkSpec{Kind: "complete"}, Agents: n, Ticks: ticks, Seed: o.seed("irsir", r),
			})
		})
		if err != nil {
			return nil, err
		}
		path := irsirSolve(beta, nu, dt, [3]float64{s0, i0, r0}, ticks)
		cov := irsirCovariance(beta, nu, dt, n, path)
		var rows []Row
		symbols := [3]string{"s", "i", "r"}
		names := [3]string{"susceptible", "infected", "recovered"}
		for _, t := range times {
			k := int(math.Round(t / dt))
			for st := range 3 {
				got := make([]float64, reps)
				for r, h := range hists {
					got[r] = share(h, k, st)
				}
				mean, _ := meanSE(got)
				var v float64
				switch st {
				case 0:
					v = cov[k][0]
				case 1:
					v = cov[k][0] + 2*cov[k][1] + cov[k][2]
				case 2:
					v = cov[k][2]
				}
				rows = append(rows, Row{Check: "irsir",
					Quantity: fmt.Sprintf("%s(%v), %s share (RK4; β = %v, ν = %v, dt = %v, N = %d, %d runs)", symbols[st], t, names[st], beta, nu, dt, n, reps),
					Expected: path.x[k][st], Got: mean,
					Tol: 3*math.Sqrt(v/float64(reps)) + math.Abs(path.e[k][st])})
			}
		}

		inv := make([]float64, reps)
		peak := make([]float64, reps)
		for r, h := range hists {
			inv[r] = nu*math.Log(share(h, ticks, 0)/share(h, 0, 0)) + beta*math.Log(share(h, ticks, 2)/share(h, 0, 2))
			kp := 0
			for k := range ticks + 1 {
				if h.Total(k, 1) > h.Total(kp, 1) {
					kp = k
				}
			}
			peak[r] = beta*share(h, kp, 0) - nu*share(h, kp, 2)
		}
		w, drift := irsirInvariantNoise(beta, nu, dt, n, path)
		mean, _ := meanSE(inv)
		rows = append(rows, Row{Check: "irsir",
			Quantity: fmt.Sprintf("change of ν·ln s + β·ln r over t = 0…%v (invariant)", horizon),
			Expected: 0, Got: mean, Tol: 3*math.Sqrt(w/float64(reps)) + math.Abs(drift)})
		kp := 0
		for k := range path.x {
			if path.x[k][1] > path.x[kp][1] {
				kp = k
			}
		}
		x := path.x[kp]
		kappa := x[1] * (beta*beta*x[0] + nu*nu*x[2])
		mean, se := meanSE(peak)
		rows = append(rows, Row{Check: "irsir",
			Quantity: fmt.Sprintf("βs − νr at the peak of i (RK4 peak at t = %.3f)", float64(kp)*dt),
			Expected: 0, Got: mean, Tol: tCrit(reps)*se + kappa*dt})
		return &Result{Rows: rows, Figure: irsirFigure(beta, nu, dt, hists[0], path)}, nil
	}}
}

// irsirPath is the RK4 solution x = (s, i, r) and the leading Euler error e
// at ticks 0, 1, …, time k·dt.
type irsirPath struct {
	dt   float64
	x, e [][3]float64
}

// irsirSolve integrates the irSIR equations and the first-order Euler error
// equation e′ = J·e − (dt/2)·J·f(x) from x0, e = 0, by RK4 with steps of
// dt/⌈dt/10⁻³⌉, and samples them at ticks 0…ticks.
func irsirSolve(beta, nu, dt float64, x0 [3]float64, ticks int) irsirPath {
	f := func(x []float64) (fs, fi, fr float64) {
		return -beta * x[1] * x[0], beta*x[1]*x[0] - nu*x[1]*x[2], nu * x[1] * x[2]
	}
	jac := func(x, v []float64) (a, b, c float64) { // J(x)·v
		s, i, r := x[0], x[1], x[2]
		a = -beta*i*v[0] - beta*s*v[1]
		b = beta*i*v[0] + (beta*s-nu*r)*v[1] - nu*i*v[2]
		c = nu*r*v[1] + nu*i*v[2]
		return
	}
	ode := newRK4(6, func(dy, y []float64) {
		dy[0], dy[1], dy[2] = f(y)
		je0, je1, je2 := jac(y, y[3:6])
		jf0, jf1, jf2 := jac(y, dy[0:3])
		dy[3], dy[4], dy[5] = je0-dt/2*jf0, je1-dt/2*jf1, je2-dt/2*jf2
	})
	sub := int(math.Ceil(dt / 1e-3))
	y := []float64{x0[0], x0[1], x0[2], 0, 0, 0}
	p := irsirPath{dt: dt, x: make([][3]float64, ticks+1), e: make([][3]float64, ticks+1)}
	for k := range ticks + 1 {
		p.x[k] = [3]float64{y[0], y[1], y[2]}
		p.e[k] = [3]float64{y[3], y[4], y[5]}
		for range sub {
			ode.step(y, dt/float64(sub))
		}
	}
	return p
}

// irsirCovariance returns, for ticks 0…, the covariance (Σss, Σsr, Σrr) of
// the shares s and r of one run of n agents from the linear-noise
// recursion along the path, starting from the multinomial covariance of
// the initial draw.
func irsirCovariance(beta, nu, dt float64, n int, p irsirPath) [][3]float64 {
	N := float64(n)
	x := p.x[0]
	ss, sr, rr := x[0]*(1-x[0])/N, -x[0]*x[2]/N, x[2]*(1-x[2])/N
	out := make([][3]float64, len(p.x))
	for k := range p.x {
		out[k] = [3]float64{ss, sr, rr}
		s, i, r := p.x[k][0], p.x[k][1], p.x[k][2]
		// Jacobian of the Euler step of (s, r), i = 1 − s − r.
		a11, a12 := 1-beta*dt*(i-s), beta*dt*s
		a21, a22 := -nu*dt*r, 1+nu*dt*(i-r)
		h1, h2 := beta*i*dt, nu*r*dt
		nss := a11*a11*ss + 2*a11*a12*sr + a12*a12*rr + s*h1*(1-h1)/N
		nsr := a11*a21*ss + (a11*a22+a12*a21)*sr + a12*a22*rr
		nrr := a21*a21*ss + 2*a21*a22*sr + a22*a22*rr + i*h2*(1-h2)/N
		ss, sr, rr = nss, nsr, nrr
	}
	return out
}

// irsirInvariantNoise returns the variance w of the change of
// ν·ln s + β·ln r over the run of one replicate of n agents and the
// leading drift of its mean, −νβ(β+ν)/2·dt·∫i²dt (trapezoid rule on the
// ticks).
func irsirInvariantNoise(beta, nu, dt float64, n int, p irsirPath) (w, drift float64) {
	N := float64(n)
	var integral float64
	for k := range len(p.x) - 1 {
		s, i, r := p.x[k][0], p.x[k][1], p.x[k][2]
		h1, h2 := beta*i*dt, nu*r*dt
		w += nu*nu*h1*(1-h1)/(N*s) + beta*beta*i*h2*(1-h2)/(N*r*r)
		integral += (i*i + p.x[k+1][1]*p.x[k+1][1]) / 2 * dt
	}
	return w, -nu * beta * (beta + nu) / 2 * dt * integral
}

func irsirFigure(beta, nu, dt float64, h *model.History, p irsirPath) *figure.Overlay {
	var series []figure.Series
	every := int(math.Round(0.2 / dt))
	for st, name := range []string{"susceptible s", "infected (users) i", "recovered (former users) r"} {
		theory := figure.Series{Label: name + ", RK4", Style: figure.Line, Color: st}
		sim := figure.Series{Label: name + ", simulation (one run)", Style: figure.Points, Color: st}
		for k := range p.x {
			t := float64(k) * dt
			if k%(every/4) == 0 {
				theory.X, theory.Y = append(theory.X, t), append(theory.Y, p.x[k][st])
			}
			if k%every == 0 {
				sim.X, sim.Y = append(sim.X, t), append(sim.Y, share(h, k, st))
			}
		}
		series = append(series, theory, sim)
	}
	return &figure.Overlay{
		Title:  fmt.Sprintf("irSIR (Cannarella & Spechler 2014), complete network: β = %v, ν = %v, dt = %v", beta, nu, dt),
		X:      "time t (time units of β and ν)",
		Y:      "share of agents",
		Series: series,
	}
}
