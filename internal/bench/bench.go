// Package bench measures the engine on the cross-framework benchmark: the
// flip rule on an Erdős–Rényi network.
package bench

import (
	"context"

	"github.com/exodus-sim/exodus/model"
	"github.com/exodus-sim/exodus/sim"
)

// Case is one benchmark configuration.
type Case struct {
	Agents     int
	MeanDegree float64
	Ticks      int
	Workers    int
	Seed       uint64
	Counting   sim.Counting
}

// Result is one measured case. Field names are the JSON contract of
// `exodus bench --json`.
type Result struct {
	Agents           int     `json:"agents"`
	Edges            int64   `json:"edges"`
	MeanDegree       float64 `json:"mean_degree"`
	Ticks            int     `json:"ticks"`
	Workers          int     `json:"workers"`
	Counting         string  `json:"counting"`
	GenSeconds       float64 `json:"gen_seconds"`
	RunSeconds       float64 `json:"run_seconds"`
	UpdatesPerSecond float64 `json:"updates_per_second"`
	BytesPerAgent    int     `json:"bytes_per_agent"`
	NetworkBytes     int64   `json:"network_bytes"`
	PeakRSSBytes     int64   `json:"peak_rss_bytes"`
	GoMaxProcs       int     `json:"gomaxprocs"`
}

// Run measures one case in this process. updates_per_second is
// agents·ticks/run_seconds; generation (network and population) is timed
// apart and excluded. PeakRSSBytes is left to the caller, who knows whether
// the process ran other cases before.
func Run(ctx context.Context, c Case) (Result, error) {
	run, err := model.RunClassic(ctx, model.ClassicSpec{
		Rule:     "flip",
		Network:  model.NetworkSpec{Kind: "erdos-renyi", MeanDegree: c.MeanDegree},
		Agents:   c.Agents,
		Ticks:    c.Ticks,
		Seed:     c.Seed,
		Workers:  c.Workers,
		Counting: c.Counting,
	})
	if err != nil {
		return Result{}, err
	}
	return Result{
		Agents:           run.Agents,
		Edges:            run.Edges,
		MeanDegree:       c.MeanDegree,
		Ticks:            c.Ticks,
		Workers:          c.Workers,
		Counting:         c.Counting.String(),
		GenSeconds:       run.GenSeconds,
		RunSeconds:       run.RunSeconds,
		UpdatesPerSecond: float64(run.Agents) * float64(c.Ticks) / run.RunSeconds,
		BytesPerAgent:    run.BytesPerAgent,
		NetworkBytes:     8*int64(run.Agents+1) + 8*run.Edges,
	}, nil
}
