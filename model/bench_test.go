package model

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/sim"
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

// BenchmarkFitWindow runs what each of the calibration's evaluations runs
// (data/rednote-2025/calibration.toml): rednote-2025 at 40 000 agents for
// 21 days after its 14-day warm-up, network and start included, a new
// seed each op, and reports agent-ticks per second.
func BenchmarkFitWindow(b *testing.B) {
	sc := mustLoad(b, DefaultScenario, "agents=40000", `duration="21d"`)
	for i := range b.N {
		sc.Seed = uint64(i + 1)
		if _, err := RunScenario(context.Background(), sc, RunOptions{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	ticks := sc.WarmupTicks() + sc.Ticks()
	b.ReportMetric(float64(sc.Agents)*float64(ticks)*float64(b.N)/b.Elapsed().Seconds(), "agent-ticks/s")
}

// BenchmarkCheckpoint runs rednote-2025 (14 days of warm-up, 60 days
// hourly) side by side without checkpoints and with one per simulated day,
// written to a file as `exodus run --checkpoint-every 1` writes it
// (output.WriteStream: a temporary file, synced, renamed over the last);
// each op is one run of each, in alternating order, network generation
// untimed. It reports both runs' wall seconds and their ratio
// (daily/none), the same in CPU seconds of the process (user + system:
// less disturbed by other processes, blind to waiting for the disk), and
// the wall seconds spent writing checkpoints as a share of the rest of
// their run (ckpt-%), which the load of a shared machine disturbs least.
func BenchmarkCheckpoint(b *testing.B) {
	for _, n := range []string{"1e5", "1e6", "1e7"} {
		p := mustLoad(b, DefaultScenario, "agents="+n)
		daily := 24 * int(time.Hour/p.Tick.D())
		b.Run("agents="+n, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "run.checkpoint")
			var spent, took, cpu [2]time.Duration // by every: none, daily
			count := 0
			opt := RunOptions{Checkpoint: func(m *Migration) error {
				start := time.Now()
				err := output.WriteStream(path, func(w io.Writer) error {
					sw := sim.NewStateWriter(w)
					m.WriteState(sw)
					return sw.Close()
				})
				spent[1] += time.Since(start)
				count++
				return err
			}}
			for op := range b.N {
				for k := range 2 {
					with := (op + k) % 2 // 0: none, 1: daily
					opt.CheckpointEvery = with * daily
					m, err := NewMigration(context.Background(), p, opt)
					if err != nil {
						b.Fatal(err)
					}
					start, used := time.Now(), cpuTime(b)
					if _, err := m.Complete(context.Background()); err != nil {
						b.Fatal(err)
					}
					took[with] += time.Since(start)
					cpu[with] += cpuTime(b) - used
				}
			}
			b.ReportMetric(took[0].Seconds()/float64(b.N), "none-s/op")
			b.ReportMetric(took[1].Seconds()/float64(b.N), "daily-s/op")
			b.ReportMetric(took[1].Seconds()/took[0].Seconds(), "ratio")
			b.ReportMetric(cpu[0].Seconds()/float64(b.N), "none-cpu-s/op")
			b.ReportMetric(cpu[1].Seconds()/float64(b.N), "daily-cpu-s/op")
			b.ReportMetric(cpu[1].Seconds()/cpu[0].Seconds(), "cpu-ratio")
			b.ReportMetric(float64(count)/float64(b.N), "checkpoints/op")
			b.ReportMetric(100*spent[1].Seconds()/(took[1]-spent[1]).Seconds(), "ckpt-%")
		})
	}
}

// cpuTime returns the CPU time (user + system) the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
