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

// TestEntrantsInstall checks what an entrant installs: its new phone
// restores the apps the stores offer, which is not an install, and loses
// the others. With Q out of group A's stores for the whole run, no other
// decisions (activity 0) and none 30 logits worse than any platform, an
// agent of A on P that enters restores P and stays, one on Q loses Q and
// moves to P, and one on none installs P (moving or trying it). So no
// agent of A leaves P, A's accounts on P grow each day by exactly its
// installs of P (the census counts at the end of the day), and the agents
// of A that left Q are Binomial(N_Q, 1 − (1 − e)^D) after D days; the
// tolerance is 4 binomial SE.
func TestEntrantsInstall(t *testing.T) {
	const entry, days = 0.05, 10.0
	p := loadTest(t, "two-platforms.toml", "agents=40000", "groups.A.entry=0.05",
		"groups.A.traits.activity.value=0", "groups.B.traits.activity.value=0", "groups.A.outside=-30",
		`shocks=[{kind="store_removal", platform="Q", groups=["A"], start=2025-01-01T00:00:00Z}]`)
	run, err := RunScenario(context.Background(), p, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := run.History
	_, installs, err := Daily(p, h, "installs", "A", "P")
	if err != nil {
		t.Fatal(err)
	}
	_, accounts, err := Daily(p, h, "accounts", "A", "P")
	if err != nil {
		t.Fatal(err)
	}
	prev := float64(h.Count(0, 0, 1)) // an account on its state only
	for d, n := range installs {
		if accounts[d]-prev != n {
			t.Errorf("day %d: A's accounts on P grew by %v, its installs of P were %v", d, accounts[d]-prev, n)
		}
		prev = accounts[d]
	}
	for tick := 1; tick <= h.Ticks(); tick++ {
		if n := h.Leaves(tick, 0, 1); n != 0 {
			t.Errorf("tick %d: %d agents of A left P, in its stores", tick, n)
		}
	}
	onQ, q := float64(h.Count(0, 0, 2)), 1-math.Pow(1-entry, days)
	left := onQ - float64(h.Count(h.Ticks(), 0, 2))
	if se := math.Sqrt(onQ * q * (1 - q)); math.Abs(left-onQ*q) > 4*se {
		t.Errorf("%v of %v agents of A left Q in %v days at entry %v, want %v ± %v", left, onQ, days, entry, onQ*q, 4*se)
	}
}
