package model

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/exodus-sim/exodus/sim"
)

// flipGroupRun runs the flip rule (A = 0.01, B = 0.3) on net, two groups of
// the given sizes, group 0 starting on platform 1 and group 1 on platform
// 2, and returns, per recorded tick, the share of group 0 on platform 1 and
// the share of all agents that switched.
func flipGroupRun(t *testing.T, net sim.Network, sizes []int, ticks []int, seed uint64) (share, switched []float64) {
	t.Helper()
	pop := sim.NewPopulation(net.Len(), 2)
	for i := range pop.State {
		if i < sizes[0] {
			pop.State[i] = 1
		} else {
			pop.Group[i], pop.State[i] = 1, 2
		}
	}
	rule, err := NewFlip(DefaultFlip.A, DefaultFlip.B, seed)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.New(pop, net, rule, sim.Config{Seed: seed, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	rec := sim.RecorderFunc(func(s *sim.TickStats) error {
		if k < len(ticks) && s.Tick == ticks[k] {
			share = append(share, float64(s.Count(0, 1))/float64(sizes[0]))
			switched = append(switched, float64(s.Switches())/float64(net.Len()))
			k++
		}
		return nil
	})
	if err := e.Run(context.Background(), ticks[len(ticks)-1], rec); err != nil {
		t.Fatal(err)
	}
	return share, switched
}

// welch returns Welch's two-sample t statistic of a and b.
func welch(a, b []float64) float64 {
	meanVar := func(x []float64) (m, v float64) {
		for _, y := range x {
			m += y
		}
		m /= float64(len(x))
		for _, y := range x {
			v += (y - m) * (y - m)
		}
		return m, v / float64(len(x)-1)
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	return (ma - mb) / math.Sqrt(va/float64(len(a))+vb/float64(len(b)))
}

// TestImplicitFlipMatchesBlockModel runs the flip rule at 10⁵ agents on the
// stored block model and on the implicit one with the same parameters (two
// groups of 60,000 and 40,000, mean degree 10, homophily 0.8), each with R
// = 10 seeds (network and rule), starting from group 0 on platform 1 and
// group 1 on platform 2, so that the trajectories hinge on the ties between
// groups and on the local correlations the network builds. Statistics: the
// share of group 0 still on platform 1 and the share of agents that
// switched, at ticks 2, 5, 10, 20 and 50 (10 in all). Test: Welch's t for
// each; |t| ≤ 4 (two-sided p ≈ 8·10⁻⁴ at 18 degrees of freedom, so about
// 1% for the family of 10). The mean-field step x' = x + A(1 − 2x) is blind
// to the network, so as a check that the statistics can tell networks
// apart, the same test must reject the implicit model at homophily 0.75.
func TestImplicitFlipMatchesBlockModel(t *testing.T) {
	if testing.Short() {
		t.Skip("20 runs of 10⁵ agents")
	}
	sizes := []int{60_000, 40_000}
	ticks := []int{2, 5, 10, 20, 50}
	const z, h, reps = 10, 0.8, 10
	type runs struct{ share, switched [][]float64 }
	collect := func(build func(seed uint64) (sim.Network, error)) runs {
		var r runs
		for rep := range reps {
			seed := sim.Derive(14, uint64(rep))
			net, err := build(seed)
			if err != nil {
				t.Fatal(err)
			}
			share, switched := flipGroupRun(t, net, sizes, ticks, seed)
			r.share = append(r.share, share)
			r.switched = append(r.switched, switched)
		}
		return r
	}
	column := func(x [][]float64, k int) []float64 {
		var c []float64
		for _, row := range x {
			c = append(c, row[k])
		}
		return c
	}
	// worst returns the largest |t| over the statistics, logging each.
	worst := func(name string, a, b runs) float64 {
		m := 0.0
		for k, tick := range ticks {
			for _, stat := range []struct {
				name string
				a, b [][]float64
			}{{"share of group 0 on 1", a.share, b.share}, {"share switching", a.switched, b.switched}} {
				tt := welch(column(stat.a, k), column(stat.b, k))
				t.Logf("%s: tick %d, %s: t = %.2f", name, tick, stat.name, tt)
				m = max(m, math.Abs(tt))
			}
		}
		return m
	}
	stored := collect(func(seed uint64) (sim.Network, error) {
		return sim.BlockModel(context.Background(), sizes, z, h, seed, 0)
	})
	implicit := collect(func(seed uint64) (sim.Network, error) {
		return sim.ImplicitBlockModel(context.Background(), sizes, z, h, seed, 0)
	})
	if m := worst("stored vs implicit", stored, implicit); m > 4 {
		t.Errorf("stored and implicit block models differ: max |t| = %.2f, want ≤ 4", m)
	}
	other := collect(func(seed uint64) (sim.Network, error) {
		return sim.ImplicitBlockModel(context.Background(), sizes, z, 0.75, seed, 0)
	})
	if m := worst(fmt.Sprintf("stored h=%v vs implicit h=0.75", h), stored, other); m <= 4 {
		t.Errorf("the test cannot tell homophily 0.8 from 0.75: max |t| = %.2f, want > 4", m)
	}
}

// BenchmarkFlipNetwork runs the flip benchmark (A = 0.01, B = 0.3, 50 ticks
// per op, GOMAXPROCS workers) on the stored block model (CSR) and on the
// implicit one, mean degree 10, one group, network generation excluded. It
// reports agent-updates per second, the engine's bytes per agent and the
// network's (CSR: an int offset per node and 4 bytes per edge end).
func BenchmarkFlipNetwork(b *testing.B) {
	const ticks = 50
	for _, n := range []int{1_000_000, 10_000_000} {
		for _, kind := range []string{"csr", "implicit"} {
			b.Run(fmt.Sprintf("agents=%d/network=%s", n, kind), func(b *testing.B) {
				var net sim.Network
				var err error
				netBytes := 0.0
				if kind == "csr" {
					net, err = sim.BlockModel(context.Background(), []int{n}, 10, 0, 1, 0)
					netBytes = float64(8*(n+1)) + 8*float64(net.Edges())
				} else {
					net, err = sim.ImplicitBlockModel(context.Background(), []int{n}, 10, 0, 1, 0)
				}
				if err != nil {
					b.Fatal(err)
				}
				benchFlip(b, net, ticks)
				b.ReportMetric(netBytes/float64(n), "network-bytes/agent")
			})
		}
	}
}
