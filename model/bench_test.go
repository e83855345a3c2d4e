package model

import (
	"context"
	"fmt"
	"testing"

	"exodus/sim"
)

// BenchmarkFlipER is the cross-framework benchmark as a size ladder: the
// flip rule on Erdős–Rényi networks of mean degree 10, 50 ticks per op,
// network generation excluded. It reports agent-updates per second and the
// engine's bytes per agent besides the network. `exodus bench` runs the
// same case at 10⁷ agents and measures peak memory.
func BenchmarkFlipER(b *testing.B) {
	const ticks = 50
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("agents=%d", n), func(b *testing.B) {
			g, err := sim.ErdosRenyi(context.Background(), n, 10, 1, 0)
			if err != nil {
				b.Fatal(err)
			}
			benchFlip(b, g, ticks)
		})
	}
}

// benchFlip runs the flip rule on net for ticks ticks from an even split
// of states 1 and 2, b.N times (set-up untimed), and reports updates per
// second and the engine's bytes per agent.
func benchFlip(b *testing.B, net sim.Network, ticks int) {
	n := net.Len()
	var bytes int
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		pop := sim.NewPopulation(n, 1)
		SeedShares(pop, []float64{0, 0.5, 0.5}, 1)
		rule, _ := NewFlip(DefaultFlip.A, DefaultFlip.B, 1)
		e, err := sim.New(pop, net, rule, sim.Config{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := e.Run(context.Background(), ticks, sim.RecorderFunc(func(*sim.TickStats) error { return nil })); err != nil {
			b.Fatal(err)
		}
		bytes = e.BytesPerAgent()
	}
	b.ReportMetric(float64(n)*float64(ticks)*float64(b.N)/b.Elapsed().Seconds(), "updates/s")
	b.ReportMetric(float64(bytes), "bytes/agent")
}

// BenchmarkRednote runs the default scenario, 60 days hourly after its
// 14-day warm-up, at 10⁵ agents, network included, and reports agent-ticks
// per second, warm-up ticks included.
func BenchmarkRednote(b *testing.B) {
	sc := mustLoad(b, DefaultScenario, "agents=100000")
	for range b.N {
		if _, err := RunScenario(context.Background(), sc, RunOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	ticks := sc.WarmupTicks() + sc.Ticks()
	b.ReportMetric(float64(sc.Agents)*float64(ticks)*float64(b.N)/b.Elapsed().Seconds(), "agent-ticks/s")
}
