package model

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/sim"
)

func TestNewIrSIRErrors(t *testing.T) {
	for i, test := range []struct {
		beta, nu, dt float64
		want         string // the field and value the error must name
	}{
		{-1, 2, 0.1, "beta = -1"},
		{math.NaN(), 2, 0.1, "beta = NaN"},
		{1, -0.5, 0.1, "nu = -0.5"},
		{1, 2, 0, "dt = 0"},
		{20, 2, 0.1, "beta·dt = 2"},
		{1, 20, 0.1, "nu·dt = 2"},
	} {
		_, err := NewIrSIR(test.beta, test.nu, test.dt, 1)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: NewIrSIR(%v, %v, %v) = %v, want an error naming %q", i, test.beta, test.nu, test.dt, err, test.want)
		}
	}
}

func TestIrSIRInitialSharesError(t *testing.T) {
	info, err := LookupRule("irsir")
	if err != nil {
		t.Fatal(err)
	}
	p, err := info.Resolve(Params{"i0": 0.7, "r0": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	_, err = info.build(p, sim.NewPopulation(10, 1), 1)
	if err == nil || !strings.Contains(err.Error(), "i0 + r0 = 1.2") {
		t.Errorf("i0 = 0.7, r0 = 0.5: %v, want an error naming i0 + r0 = 1.2", err)
	}
}

// TestIrSIRFlows runs irSIR on an Erdős–Rényi network tick by tick and
// compares each tick's S → I and I → R moves with their law given the state
// before the tick (see stepFlows): χ² with two degrees of freedom per tick.
func TestIrSIRFlows(t *testing.T) {
	const n, z, ticks = 50_000, 8, 30
	const beta, nu, dt = 1, 2, 0.2
	g, err := sim.ErdosRenyi(context.Background(), n, z, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	pop := sim.NewPopulation(n, 1)
	SeedShares(pop, []float64{0.9, 0.05, 0.05}, 2)
	rule, err := NewIrSIR(beta, nu, dt, 3)
	if err != nil {
		t.Fatal(err)
	}
	chi2, dof := stepFlows(t, pop, g, rule, ticks, func(i int, m []int, d int) (uint8, float64) {
		if d == 0 {
			return 0, 0
		}
		switch pop.State[i] {
		case 0:
			return 1, beta * float64(m[1]) / float64(d) * dt
		case 1:
			return 2, nu * float64(m[2]) / float64(d) * dt
		}
		return 0, 0
	})
	if dof != 2*ticks {
		t.Errorf("%d (tick, move) pairs possible, want %d", dof, 2*ticks)
	}
	if lim := (distuv.ChiSquared{K: float64(dof)}).Quantile(1 - 1e-3); chi2 > lim {
		t.Errorf("Σz² = %.1f over %d ticks, want < %.1f (χ², level 10⁻³)", chi2, ticks, lim)
	}
}
