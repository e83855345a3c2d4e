package model

import (
	"context"
	"math"
	"testing"
)

// TestEntrants checks the market entry of Group.Entry against its closed
// form: with no other decisions (activity 0) and platform P out of group
// A's stores for the whole run, an agent of A stays on P until it enters
// the market (a new phone), which happens with probability e per day, and
// then cannot reinstall P. So after D days Binomial(N_P, (1 − e)^D) agents
// are left on P, where N_P were at the start; the tolerance is 4 binomial
// SE. The others leave for Q or none, and nobody installs P.
func TestEntrants(t *testing.T) {
	const entry, days = 0.05, 10.0
	p := loadTest(t, "two-platforms.toml", "agents=40000", "groups.A.entry=0.05", "groups.B.entry=0.05",
		"groups.A.traits.activity.value=0", "groups.B.traits.activity.value=0",
		`shocks=[{kind="store_removal", platform="P", groups=["A"], start=2025-01-01T00:00:00Z}]`)
	if got := p.Scenario.Duration.D().Hours() / 24; got != days {
		t.Fatalf("duration %v days, want %v", got, days)
	}
	m, err := NewMigration(context.Background(), p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	count := func() (onP, all float64) {
		for i, g := range m.Pop.Group {
			if g == 0 {
				all++
				if m.Pop.State[i] == 1 {
					onP++
				}
			}
		}
		return onP, all
	}
	start, _ := count()
	run, err := m.Complete(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	left, all := count()
	q := math.Pow(1-entry, days)
	if se := math.Sqrt(start * q * (1 - q)); math.Abs(left-start*q) > 4*se {
		t.Errorf("%v of %v agents of A left on P after %v days at entry %v, want %v ± %v", left, start, days, entry, start*q, 4*se)
	}
	if left > start-0.2*start { // (1 − 0.05)^10 = 0.60: about 40% must have left
		t.Errorf("only %v of %v agents left P", start-left, start)
	}
	_, installs, err := Daily(p, run.History, "installs", "A", "P")
	if err != nil {
		t.Fatal(err)
	}
	for d, n := range installs {
		if n != 0 {
			t.Errorf("day %d: %v installs of P by A, out of its stores", d, n)
		}
	}
	if all == 0 {
		t.Fatal("no agents in group A")
	}
}

// TestEntrantsInstall checks that an entrant installs what it chooses,
// even the platform it was on: with P in the stores and every other choice
// of group A 30 logits worse (outside and Q's appeal at −30), each entry
// of an agent of A ends with an install of P, so A's installs of P over D
// days are Binomial(N_A·D·24, p) with p the hourly entry probability
// 1 − (1 − e)^(1/24); tolerance 4 SE.
func TestEntrantsInstall(t *testing.T) {
	const entry, days = 0.05, 10.0
	p := loadTest(t, "two-platforms.toml", "agents=40000", "groups.A.entry=0.05",
		"groups.A.traits.activity.value=0", "groups.B.traits.activity.value=0",
		"groups.A.outside=-30", "platforms.Q.appeal.A=-30")
	run, err := RunScenario(context.Background(), p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, installs, err := Daily(p, run.History, "installs", "A", "P")
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, n := range installs {
		total += n
	}
	hourly := 1 - math.Pow(1-entry, 1.0/24)
	trials := float64(p.Sizes[0]) * days * 24
	want, se := trials*hourly, math.Sqrt(trials*hourly*(1-hourly))
	if math.Abs(total-want) > 4*se {
		t.Errorf("%v installs of P by A in %v days, want %v ± %v (every entry)", total, days, want, 4*se)
	}
}
