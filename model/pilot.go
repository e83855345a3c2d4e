package model

import (
	"context"
	"fmt"
	"time"
)

// Pilot is the estimate of a run's time from a pilot run: the same
// scenario, all its ticks (warm-up included), at fewer agents, on this
// machine as loaded now. Set-up and ticks cost in proportion to the
// agents, so each is scaled by Agents/PilotAgents; the pilot's fixed costs
// (the initial offsets, the workers' start) are scaled too, which errs on
// the long side, and so does nothing else: the run's neighbour reads miss
// the caches more often than the pilot's (BENCHMARKS.md measures by how
// much).
type Pilot struct {
	// Agents are the run's agents, PilotAgents the pilot's, AgentTicks
	// the run's agents × ticks, warm-up included.
	Agents, PilotAgents int
	AgentTicks          float64
	// SetupSeconds and TickSeconds are the pilot's wall times of set-up
	// (network and population) and of its ticks; Rate its agent-ticks per
	// second of the ticks.
	SetupSeconds, TickSeconds, Rate float64
	// Setup and Ticks are the run's estimated wall times.
	Setup, Ticks time.Duration
}

// Total returns the run's estimated wall time.
func (e Pilot) Total() time.Duration { return e.Setup + e.Ticks }

// String says the estimate and how it was measured.
func (e Pilot) String() string {
	return fmt.Sprintf("about %s (set-up %s, %.3g agent-ticks at %.3g a second), from a pilot run of the whole scenario at %d agents (set-up %.1f s, ticks %.1f s)",
		e.Total().Round(time.Minute), e.Setup.Round(time.Second), e.AgentTicks, e.Rate, e.PilotAgents, e.SetupSeconds, e.TickSeconds)
}

// RunPilot runs plan p at agents agents (fewer than p's) with the options
// opt, and estimates the time of p's run from it.
func RunPilot(ctx context.Context, p *Plan, agents int, opt RunOptions) (Pilot, error) {
	if agents < 1 || agents >= p.Agents {
		return Pilot{}, fmt.Errorf("pilot agents = %d, want within [1, %d): fewer than the run's", agents, p.Agents)
	}
	e, err := NumberEdit("agents", float64(agents))
	if err != nil {
		return Pilot{}, err
	}
	sc, err := p.Scenario.With(e)
	if err != nil {
		return Pilot{}, err
	}
	q, err := Compile(sc)
	if err != nil {
		return Pilot{}, err
	}
	opt.Progress, opt.Checkpoint = nil, nil
	r, err := RunScenario(ctx, q, opt)
	if err != nil {
		return Pilot{}, err
	}
	ticks := float64(p.WarmupTicks() + p.Ticks())
	scale := float64(p.Agents) / float64(agents)
	seconds := func(s float64) time.Duration { return time.Duration(s * scale * float64(time.Second)) }
	return Pilot{
		Agents: p.Agents, PilotAgents: agents, AgentTicks: float64(p.Agents) * ticks,
		SetupSeconds: r.GenSeconds, TickSeconds: r.RunSeconds, Rate: float64(agents) * ticks / r.RunSeconds,
		Setup: seconds(r.GenSeconds), Ticks: seconds(r.RunSeconds),
	}, nil
}
