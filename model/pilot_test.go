package model

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"
)

// TestRunPilot runs a pilot of rednote-2025 (20 000 agents, 1 day of
// warm-up and 2 days: 72 ticks) at 2 000 agents: the run's agent-ticks are
// 20 000 × 72, the pilot's rate is its own agent-ticks (2 000 × 72) over
// its ticks' time, and each part of the estimate is the pilot's time × 10.
func TestRunPilot(t *testing.T) {
	p, err := Compile(edited(t, base(t), "agents=20000", `warmup="1d"`, `duration="2d"`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := RunPilot(context.Background(), p, 2000, RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if e.Agents != 20000 || e.PilotAgents != 2000 || e.AgentTicks != 20000*72 {
		t.Errorf("agents %d, pilot %d, agent-ticks %v; want 20000, 2000, %d", e.Agents, e.PilotAgents, e.AgentTicks, 20000*72)
	}
	if got := e.Rate * e.TickSeconds; math.Abs(got-2000*72) > 1e-9*2000*72 {
		t.Errorf("rate × tick seconds = %v, want the pilot's agent-ticks 2000 × 72", got)
	}
	for _, c := range []struct {
		name      string
		got       time.Duration
		pilotSecs float64
	}{{"set-up", e.Setup, e.SetupSeconds}, {"ticks", e.Ticks, e.TickSeconds}} {
		if want := 10 * c.pilotSecs; math.Abs(c.got.Seconds()-want) > 1e-6 || want <= 0 {
			t.Errorf("%s: %v, want 10 × the pilot's %v s", c.name, c.got, c.pilotSecs)
		}
	}
	if _, err := RunPilot(context.Background(), p, 20000, RunOptions{}); err == nil || !strings.Contains(err.Error(), "pilot agents = 20000, want within [1, 20000)") {
		t.Errorf("a pilot as large as the run: error %v", err)
	}
}
