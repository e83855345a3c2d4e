package model

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// installingRun pins the calibrated parameters at the posterior medians
// of the calibration of 2026-11-29 (before the start's offsets were fitted
// over every agent), with RedNote's US primaries at that day's 0.0025, at
// which TestCheckpointResume's short run installs apps and turns them
// down; at the later calibration's medians (the defaults) it installs
// none.
var installingRun = []string{"groups.US.initial.RedNote=0.0025",
	"weights.trial=0.609", "weights.novelty=2.86", `use.novelty="57h7m"`, "use.secondary=0.0164",
	"weights.word_of_mouth=0.854", "weights.chart=0.429", "weights.news=0.0386", "weights.aware_taste=0.864",
	"platforms.RedNote.aware.US=0.0272", "shocks.oral-argument.level=0.568", "shocks.shutdown-news.level=0.642",
	"weights.protest=6.45", "groups.US.traits.activity.mean=0.0156", "groups.US.taste=2.01", "weights.dark=0.753",
	"weights.attention=4.24", "use.chart=0.141", "weights.chart_scale=0.000235", "weights.chart_exponent=1.81",
}

// TestCheckpointResume stops runs of rednote-2025 (warm-up, blackout,
// restore, trials, awareness and the daily census included) at random
// ticks by cancelling their context, twice per run, resumes each from its
// last checkpoint, and wants the history of an uninterrupted run, with 1
// and 2 workers. Checkpoints every 7 ticks fall mid-day; one stop of each
// worker count is in the warm-up and one within the 14 hours of TikTok's
// blackout (from 2025-01-18 22:30 EST), so that the resumed run must know
// what was dark. Newcomers' posts and the memory of apps turned down are
// on (weights.reach, weights.refusal, at installingRun), so that the resumed
// run must know who turned what down: clearing them on reading makes it
// fail. So are the chart's memory, the displaced use and the ban's story
// (use.chart_memory, use.displaced, weights.story), so that it must know
// the chart's remembered visibility, the day's dark ticks and the story.
func TestCheckpointResume(t *testing.T) {
	p := mustLoad(t, "rednote-2025", append([]string{"agents=20000", `duration="16d"`, `warmup="1d"`, "weights.reach=1000", "weights.refusal=0.5",
		`use.chart_memory="2d"`, "use.displaced=0.5", `weights.story="4d"`}, installingRun...)...)
	want, err := RunScenario(context.Background(), p, RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	const every = 7
	total := p.WarmupTicks() + p.Ticks()
	blackout := p.WarmupTicks() + p.TickOf(time.Date(2025, 1, 18, 22, 30, 0, 0, time.FixedZone("EST", -5*3600)))
	rng := rand.New(rand.NewPCG(13, 1))
	for _, workers := range []int{1, 2} {
		for trial := range 3 {
			kills := []int{every + rng.IntN(total-every), every + rng.IntN(total-every)}
			switch trial {
			case 0:
				kills[0] = every + rng.IntN(p.WarmupTicks()-every)
			case 1: // a checkpoint within the blackout: one of 7 ticks after its start
				kills[0] = blackout + every + rng.IntN(14-every)
			}
			slices.Sort(kills)
			var last []byte // the last checkpoint written
			from := 0       // the tick it holds
			run := func(kill int) (*MigrationRun, error) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				opt := RunOptions{Workers: workers, CheckpointEvery: every,
					Progress: func(done, _ int) {
						if done == kill {
							cancel()
						}
					},
					Checkpoint: func(m *Migration) error {
						var buf bytes.Buffer
						w := sim.NewStateWriter(&buf)
						m.WriteState(w)
						err := w.Close()
						last = buf.Bytes()
						return err
					}}
				m, err := NewMigration(context.Background(), p, opt)
				if err != nil {
					t.Fatal(err)
				}
				if last != nil {
					if err := m.ReadState(sim.NewStateReader(bytes.NewReader(last), int64(len(last)))); err != nil {
						t.Fatalf("workers %d, kills %v: %v", workers, kills, err)
					}
					if m.Engine.Tick() != from {
						t.Fatalf("workers %d, kills %v: resumed at tick %d, want %d", workers, kills, m.Engine.Tick(), from)
					}
				}
				return m.Complete(ctx)
			}
			for _, kill := range kills {
				if _, err := run(kill); !errors.Is(err, context.Canceled) {
					t.Fatalf("workers %d, kills %v: the run stopped at tick %d with %v, want context.Canceled", workers, kills, kill, err)
				}
				from = kill / every * every // the checkpoint of the tick of the kill is written
			}
			got, err := run(-1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.History, want.History) || !reflect.DeepEqual(got.Summary, want.Summary) {
				t.Errorf("workers %d, stopped at ticks %v: the resumed run differs from the uninterrupted one", workers, kills)
			}
		}
	}
	if s := want.Summary; s.Installs == 0 || s.PeakDAU == 0 {
		t.Errorf("installs %d, peak DAU %d: want both > 0 for the test to mean anything", s.Installs, s.PeakDAU)
	}
}
