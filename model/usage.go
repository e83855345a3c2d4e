package model

import (
	"context"
	"math"
	"time"

	"github.com/exodus-sim/exodus/sim"
)

// usage takes the daily census of a run: at the end of each recorded day,
// per group g and platform j, the agents holding an account on j and the
// agents active on j that day (see Use). An agent's primary platform for
// the day is its state at the start of the day or at its end, so a forced
// move late in the day (a blackout at 22:30) does not hide a day spent on
// the platform it left. A platform dark for the group in every tick of the
// day has no active users; one dark in a share f of them displaces f of
// its users' day to the other apps they hold (Use.Displaced). Agent i's
// draw for platform j on day d is the uniform of stream "use/daily" at
// (agent i, tick d·S + j): a pure function of (seed, agent, day,
// platform), stored nowhere.
type usage struct {
	rule     *PPM
	pop      *sim.Population
	src      sim.Source
	states   int
	groups   int
	workers  int
	dayStart []uint8 // the agents' states at the start of the day
	// dark counts, by g·S + j, the ticks of the day so far in which j was
	// dark for g, of ticks.
	dark   []int64
	ticks  int
	newDay bool
}

// censusChunk is the number of consecutive agents a census worker counts
// at a time.
const censusChunk = 1 << 16

func newUsage(rule *PPM, pop *sim.Population, seed uint64, workers int) *usage {
	return &usage{
		rule: rule, pop: pop, src: sim.NewSource(seed, "use/daily"),
		states: rule.k, groups: rule.groups, workers: max(1, workers),
		dayStart: append([]uint8(nil), pop.State...), dark: make([]int64, rule.groups*rule.k), newDay: true,
	}
}

// tick notes the shock state of a tick of the day.
func (u *usage) tick() {
	if u.newDay {
		clear(u.dark)
		u.ticks = 0
	}
	for i, d := range u.rule.ts.dark {
		if d {
			u.dark[i]++
		}
	}
	u.ticks++
	u.newDay = false
}

// census counts the day d (numbered from the start of the recording) that
// ends with engine tick t, in which each group g installed platform j
// installs[g·S + j] times, into accounts and active, by g·S + j, and starts
// the next day.
func (u *usage) census(d, t int, installs, accounts, active []int64) {
	r := u.rule
	k := u.states
	today := r.day(t)
	w := &r.sc.Weights
	att := w.Attention
	use := r.sc.Use
	// chart[gj] = Chart·c_gj, the share of j's holders in g that open it
	// because it tops the chart (or, with a memory, climbs it).
	chart := make([]float64, len(installs))
	r.aw.rise(installs, chart)
	for gj := range chart {
		chart[gj] *= use.Chart
	}
	// away[gj] = Displaced·f_gj, the use displaced from j by its dark ticks.
	away := make([]float64, len(installs))
	if use.Displaced > 0 {
		for gj, n := range u.dark {
			away[gj] = use.Displaced * float64(n) / float64(u.ticks)
		}
	}
	novelty := float64(use.Novelty.D()) / float64(24*time.Hour) // H in days
	boosts := make([]float64, u.groups)
	for g := range boosts {
		boosts[g] = 1 + att*r.ts.groupSalience[g]
	}
	// fresh[a] = 2^(−a/H), the novelty left after a days.
	var fresh []float64
	if novelty > 0 {
		fresh = make([]float64, today+1)
		for a := range fresh {
			fresh[a] = math.Exp2(-float64(a) / novelty)
		}
	}
	n, gk := u.pop.Len(), u.groups*k
	tallies := make([]int64, (n+censusChunk-1)/censusChunk*2*gk) // by chunk: accounts, then active
	sim.Chunks(context.Background(), n, censusChunk, u.workers, func(lo, hi int) {
		tl := tallies[lo/censusChunk*2*gk:][:2*gk]
		acc, act := tl[:gk], tl[gk:]
		for i := lo; i < hi; i++ {
			bits := u.pop.Accounts[i]
			if bits == 0 {
				continue
			}
			g := int(u.pop.Group[i])
			s, s0 := int(u.pop.State[i]), int(u.dayStart[i])
			nu, nday := r.lastInstall(uint32(i))
			for j := 1; j < k; j++ {
				if bits&(1<<(j-1)) == 0 {
					continue
				}
				gj := g*k + j
				acc[gj]++
				if u.dark[gj] == int64(u.ticks) {
					continue
				}
				q, primary := use.Secondary, j == s || j == s0
				if primary {
					q = use.Primary
				}
				if j == nu && novelty > 0 {
					q += (1 - q) * fresh[today-nday]
				}
				q += (1 - q) * chart[gj]
				if f := max(away[g*k+s], away[g*k+s0]); f > 0 && !primary {
					q += (1 - q) * f
				}
				if u.src.Float64(uint32(i), uint32(d*k+j)) < q*boosts[g] {
					act[gj]++
				}
			}
		}
	})
	for c := 0; c < len(tallies); c += 2 * gk { // integer sums: the order does not matter
		for i := range accounts {
			accounts[i] += tallies[c+i]
			active[i] += tallies[c+gk+i]
		}
	}
	copy(u.dayStart, u.pop.State)
	u.newDay = true
}
