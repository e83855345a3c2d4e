package sim

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"testing"
)

// voter is a noisy K-platform voter rule for engine tests: an active agent
// picks a state s uniformly from 0…K and moves to it with probability
// a + b·(neighbours in s)/degree, counting neighbours in state 0 as
// degree − Σ counts. With thin set, agent i is active with probability
// alpha·((i mod 4) + 1)/4. With check set, Decide verifies every count it is
// given against the population and records a mismatch in bad.
type voter struct {
	k           int
	a, b, alpha float64
	thin        bool
	check       Network // nil: the complete network
	pick, move  Source
	keep        Source
	bad         atomic.Int64
	active      atomic.Int64 // agents kept by Screen
	census      []uint32     // agents per state 1…K at the start of the tick
}

func newVoter(k int, a, b, alpha float64, seed uint64) *voter {
	return &voter{k: k, a: a, b: b, alpha: alpha,
		pick: NewSource(seed, "test/pick"), move: NewSource(seed, "test/move"), keep: NewSource(seed, "test/keep")}
}

func (r *voter) States() int { return r.k + 1 }

func (r *voter) Begin(_ int, prev *TickStats) float64 {
	r.census = r.census[:0]
	for s := 1; s <= r.k; s++ {
		r.census = append(r.census, uint32(prev.StateTotal(s)))
	}
	return r.alpha
}

func (r *voter) Decide(b *Block) {
	t := uint32(b.Tick)
	c := r.k
	for k, i := range b.Active {
		r.verify(b, k)
		s := int(r.pick.Intn(i, t, uint64(r.k+1)))
		n := b.Degree[k]
		for j := 1; j <= c; j++ {
			n -= b.Count(k, uint8(j))
		}
		if s > 0 {
			n = b.Count(k, uint8(s))
		}
		p := r.a
		if d := b.Degree[k]; d > 0 {
			p += r.b * float64(n) / float64(d)
		}
		if r.move.Float64(i, t) < p {
			b.Next[i] = uint8(s)
		}
	}
}

// neighboursOf returns the neighbours of node i of a stored or implicit
// network.
func neighboursOf(g Network, i int) []uint32 {
	if g, ok := g.(*Implicit); ok {
		return g.AppendNeighbours(uint32(i), nil)
	}
	return g.(*CSR).Neighbours(i)
}

// verify compares the counts of b.Active[k] with a recount from the
// population (CSR) or with the census of the tick's start minus the agent
// itself (complete network).
func (r *voter) verify(b *Block, k int) {
	i := int(b.Active[k])
	var want [MaxStates]uint32
	var deg uint32
	if r.check != nil {
		nb := neighboursOf(r.check, i)
		for _, v := range nb {
			want[b.Pop.State[v]]++
		}
		deg = uint32(len(nb))
	} else {
		copy(want[1:], r.census)
		want[b.Pop.State[i]]--
		deg = uint32(b.Pop.Len() - 1)
	}
	ok := deg == b.Degree[k]
	for s := 1; s <= r.k; s++ {
		ok = ok && b.Count(k, uint8(s)) == want[s]
	}
	if !ok {
		r.bad.Add(1)
	}
}

func (r *voter) Screen(b *Block) {
	if !r.thin {
		return
	}
	kept := b.Active[:0]
	for _, i := range b.Active {
		if r.keep.Float64(i, uint32(b.Tick)) < float64(i%4+1)/4 {
			kept = append(kept, i)
		}
	}
	b.Active = kept
	r.active.Add(int64(len(kept)))
}

// testPopulation returns n agents in two groups (agent i in group i mod 2)
// with states drawn uniformly from 0…k.
func testPopulation(n, k int, seed uint64) *Population {
	pop := NewPopulation(n, 2)
	src := NewSource(seed, "test/init")
	for i := range n {
		pop.State[i] = uint8(src.Intn(uint32(i), 0, uint64(k+1)))
		pop.Group[i] = uint8(i % 2)
	}
	return pop
}

// trace records every tick's statistics as text.
type trace struct{ bytes.Buffer }

func (tr *trace) Record(s *TickStats) error {
	fmt.Fprintln(&tr.Buffer, s.Tick, s.Counts, s.Flows, s.Contact, s.Active)
	return nil
}

func mustER(t testing.TB, n int, z float64, seed uint64) *CSR {
	t.Helper()
	g, err := ErdosRenyi(context.Background(), n, z, seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// runTrace runs the voter rule for ticks ticks and returns its trace.
func runTrace(t *testing.T, net Network, rule *voter, cfg Config, ticks int) string {
	t.Helper()
	pop := testPopulation(net.Len(), rule.k, 11)
	e, err := New(pop, net, rule, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var tr trace
	if err := e.Run(context.Background(), ticks, &tr); err != nil {
		t.Fatal(err)
	}
	return tr.String()
}

// TestDeterministic checks that a run's recorded series is byte-identical
// for 1, 2 and 8 workers and for every way of keeping neighbour counts,
// and that every count a rule is given matches a recount.
func TestDeterministic(t *testing.T) {
	const n, ticks = 30_000, 25 // 8 blocks
	g := mustER(t, n, 8, 1)
	// Chung–Lu hubs have degrees above 255: their blocks are counted in
	// full words rather than byte lanes, and stored counts take 2 bytes.
	hubs, err := ChungLu(context.Background(), powerLaw(t, n, 8, 2.2), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if hubs.MaxDegree() <= 255 {
		t.Fatalf("Chung–Lu max degree %d, want > 255 for this test", hubs.MaxDegree())
	}
	implicit := mustImplicit(t, []int{n / 3, n - n/3}, 8, 0.6, 1)
	for _, net := range []Network{g, hubs, implicit, Complete{N: n}} {
		for _, alpha := range []float64{1, 0.2} {
			var want string
			for _, counting := range []Counting{CountAuto, CountPull, CountPush} {
				for _, workers := range []int{1, 2, 8} {
					rule := newVoter(3, 0.02, 0.5, alpha, 5)
					rule.thin = alpha < 1
					if _, ok := net.(Complete); !ok {
						rule.check = net
					}
					cfg := Config{Seed: 9, Workers: workers, Contact: true, Counting: counting}
					got := runTrace(t, net, rule, cfg, ticks)
					name := fmt.Sprintf("%T alpha=%v counting=%d workers=%d", net, alpha, counting, workers)
					if bad := rule.bad.Load(); bad > 0 {
						t.Errorf("%s: %d agents were given wrong counts", name, bad)
					}
					if want == "" {
						want = got
					} else if got != want {
						t.Errorf("%s: trace differs from the first run", name)
					}
				}
			}
		}
	}
}

// TestCountsAndContact checks, after every tick, that the recorded counts
// equal a census of the population, that flows turn one tick's counts into
// the next, that the stored counts (push) equal a recount and that the
// tracked contact equals a scan of all edges, on a stored and on an
// implicit network (which pulls whatever the counting asked).
func TestCountsAndContact(t *testing.T) {
	const n, ticks = 20_000, 30
	hubs, err := ChungLu(context.Background(), powerLaw(t, n, 6, 2.2), 2, 0) // hubs above degree 255
	if err != nil {
		t.Fatal(err)
	}
	implicit := mustImplicit(t, []int{n / 2, n / 2}, 6, 0.5, 2)
	for _, test := range []struct {
		g        Network
		counting Counting
		grouped  bool // groups contiguous (the contact phase knows them by index), else alternating
	}{
		{hubs, CountAuto, false}, {hubs, CountPull, false}, {hubs, CountPush, false}, {implicit, CountPush, false},
		{hubs, CountPush, true}, {implicit, CountPush, true},
	} {
		g, counting := test.g, test.counting
		pop := testPopulation(n, 2, 3)
		if test.grouped {
			for i := range pop.Group {
				pop.Group[i] = uint8(2 * i / n)
			}
		}
		e, err := New(pop, g, newVoter(2, 0.01, 0.4, 0.5, 4), Config{Seed: 1, Contact: true, Counting: counting})
		if err != nil {
			t.Fatal(err)
		}
		var prev []int64
		rec := RecorderFunc(func(s *TickStats) error {
			census := make([]int64, len(s.Counts))
			contact := make([]int64, s.States)
			for i, st := range pop.State {
				census[int(pop.Group[i])*s.States+int(st)]++
				if pop.Accounts[i]&accountBit(st) != accountBit(st) {
					return fmt.Errorf("tick %d: agent %d in state %d lacks its account bit", s.Tick, i, st)
				}
				for _, v := range neighboursOf(g, i) {
					if int(v) > i && st != 0 && pop.State[v] == st && pop.Group[v] != pop.Group[i] {
						contact[st]++
					}
				}
			}
			if fmt.Sprint(census) != fmt.Sprint(s.Counts) {
				return fmt.Errorf("tick %d: counts %v, census %v", s.Tick, s.Counts, census)
			}
			if fmt.Sprint(contact) != fmt.Sprint(s.Contact) {
				return fmt.Errorf("tick %d: contact %v, scan %v", s.Tick, s.Contact, contact)
			}
			if prev != nil {
				for gr := range s.Groups {
					for st := range s.States {
						want := prev[gr*s.States+st]
						for o := range s.States {
							want += s.Flow(gr, o, st) - s.Flow(gr, st, o)
						}
						if want != s.Count(gr, st) {
							return fmt.Errorf("tick %d: group %d state %d: count %d, previous + flows %d", s.Tick, gr, st, s.Count(gr, st), want)
						}
					}
				}
			}
			prev = append(prev[:0], s.Counts...)
			if stored, ok := e.StoredCounts(); ok {
				want := make([]uint32, len(stored))
				for i := range n {
					tally(want[i*2:i*2+2], neighboursOf(g, i), pop.State)
				}
				if fmt.Sprint(want) != fmt.Sprint(stored) {
					return fmt.Errorf("tick %d: stored counts differ from a recount", s.Tick)
				}
			} else if _, stored := g.(*CSR); stored && counting == CountPush {
				return fmt.Errorf("tick %d: push counting without stored counts", s.Tick)
			}
			return nil
		})
		if err := e.Run(context.Background(), ticks, rec); err != nil {
			t.Errorf("%T counting %d: %v", g, counting, err)
		}
	}
}

// TestImplicitWideRows runs the voter on an implicit network whose rows can
// exceed 255 neighbours (mean degree 130: 260 permutations, up to 520
// neighbours), so that counts are tallied in full words rather than byte
// lanes, and checks every count against a recount and the trace against
// another worker count.
func TestImplicitWideRows(t *testing.T) {
	const n, ticks = 2*BlockSize + 100, 4
	g := mustImplicit(t, []int{n}, 130, 0, 3)
	if g.MaxDegree() <= 255 {
		t.Fatalf("max degree bound %d, want > 255 for this test", g.MaxDegree())
	}
	var want string
	for _, workers := range []int{1, 2} {
		rule := newVoter(2, 0.02, 0.5, 0.5, 5)
		rule.check = g
		got := runTrace(t, g, rule, Config{Seed: 9, Workers: workers, Contact: true}, ticks)
		if bad := rule.bad.Load(); bad > 0 {
			t.Errorf("workers %d: %d agents were given wrong counts", workers, bad)
		}
		if want == "" {
			want = got
		} else if got != want {
			t.Errorf("workers %d: trace differs from 1 worker's", workers)
		}
	}
}

// TestActivation checks the number of deciding agents per tick: Binomial(n,
// alpha) without thinning, and with the voter's thinning each agent i active
// with probability alpha·((i mod 4)+1)/4, so the mean is n·alpha·5/8. The
// mean over ticks must be within 4 standard errors and the variance within 4
// standard errors of its binomial value (SE of a sample variance of a nearly
// normal variable: σ²·√(2/(T−1))).
func TestActivation(t *testing.T) {
	const n, ticks, alpha = 40_000, 400, 0.1
	for _, thin := range []bool{false, true} {
		rule := newVoter(2, 0, 0, alpha, 1)
		rule.thin = thin
		e, err := New(testPopulation(n, 2, 1), Complete{N: n}, rule, Config{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var s, s2 float64
		rec := RecorderFunc(func(st *TickStats) error {
			if st.Tick > 0 {
				a := float64(st.Active)
				if thin {
					a = float64(rule.active.Swap(0))
				}
				s += a
				s2 += a * a
			}
			return nil
		})
		if err := e.Run(context.Background(), ticks, rec); err != nil {
			t.Fatal(err)
		}
		// Each agent is active with probability pᵢ; the count has mean Σpᵢ
		// and variance Σpᵢ(1−pᵢ).
		var mu, v float64
		for i := range n {
			p := alpha
			if thin {
				p *= float64(i%4+1) / 4
			}
			mu += p
			v += p * (1 - p)
		}
		mean := s / ticks
		variance := (s2 - s*s/ticks) / (ticks - 1)
		if se := math.Sqrt(v / ticks); math.Abs(mean-mu) > 4*se {
			t.Errorf("thin=%v: mean active %.1f, want %.1f ± %.1f", thin, mean, mu, 4*se)
		}
		if se := v * math.Sqrt(2.0/(ticks-1)); math.Abs(variance-v) > 4*se {
			t.Errorf("thin=%v: variance of active %.1f, want %.1f ± %.1f", thin, variance, v, 4*se)
		}
	}
}

// TestSince checks that Since holds the tick of each agent's last switch.
func TestSince(t *testing.T) {
	const n = 5_000
	pop := testPopulation(n, 2, 1)
	before := append([]uint8(nil), pop.State...)
	last := make([]uint32, n)
	e, err := New(pop, Complete{N: n}, newVoter(2, 0.05, 0, 1, 2), Config{})
	if err != nil {
		t.Fatal(err)
	}
	rec := RecorderFunc(func(s *TickStats) error {
		for i, st := range pop.State {
			if st != before[i] {
				last[i] = uint32(s.Tick)
				before[i] = st
			}
		}
		return nil
	})
	if err := e.Run(context.Background(), 20, rec); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if pop.Since[i] != last[i] {
			t.Fatalf("agent %d: Since = %d, last switch at tick %d", i, pop.Since[i], last[i])
		}
	}
}

type badRule struct {
	states int
	alpha  float64
	write  uint8
}

func (r badRule) States() int                   { return r.states }
func (r badRule) Begin(int, *TickStats) float64 { return r.alpha }
func (r badRule) Decide(b *Block) {
	for _, i := range b.Active {
		b.Next[i] = r.write
	}
}

// TestEngineErrors checks that bad set-ups and misbehaving rules give errors
// that name the value.
func TestEngineErrors(t *testing.T) {
	ok := NewPopulation(10, 1)
	for i, test := range []struct {
		pop  *Population
		net  Network
		rule Rule
		want string
	}{
		{ok, Complete{N: 10}, badRule{states: 1}, "rule has 1 states"},
		{ok, Complete{N: 10}, badRule{states: 10}, "rule has 10 states"},
		{ok, Complete{N: 11}, badRule{states: 2}, "network has 11 nodes but population 10"},
		{&Population{State: []uint8{3}, Group: []uint8{0}, Accounts: []uint8{0}, Since: []uint32{0}, Groups: 1},
			Complete{N: 1}, badRule{states: 2}, "agent 0 has state 3"},
		{&Population{State: []uint8{0}, Group: []uint8{2}, Accounts: []uint8{0}, Since: []uint32{0}, Groups: 2},
			Complete{N: 1}, badRule{states: 2}, "agent 0 has group 2"},
		{ok, Complete{N: 10}, badRule{states: 2, alpha: 1.5}, "activation = 1.5"},
		{ok, Complete{N: 10}, badRule{states: 2, alpha: math.NaN()}, "activation = NaN"},
		{ok, Complete{N: 10}, badRule{states: 2, alpha: 1, write: 7}, "rule wrote state 7, want < 2"},
	} {
		e, err := New(test.pop, test.net, test.rule, Config{})
		if err == nil {
			err = e.Run(context.Background(), 1, RecorderFunc(func(*TickStats) error { return nil }))
		}
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want one containing %q", i, err, test.want)
		}
	}
}

// TestStop checks that a Recorder ends a run with Stop and the context
// cancels one.
func TestStop(t *testing.T) {
	e, err := New(testPopulation(100, 2, 1), Complete{N: 100}, newVoter(2, 0.1, 0, 1, 1), Config{})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Run(context.Background(), 50, RecorderFunc(func(s *TickStats) error {
		if s.Tick == 3 {
			return Stop
		}
		return nil
	}))
	if err != nil || e.Tick() != 3 {
		t.Errorf("after Stop at tick 3: err %v, tick %d", err, e.Tick())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.Run(ctx, 5, RecorderFunc(func(*TickStats) error { return nil })); err != context.Canceled || e.Tick() != 3 {
		t.Errorf("cancelled: err %v, tick %d; want context.Canceled at tick 3", err, e.Tick())
	}
}

// TestGroupEnds checks the group bounds the contact phase uses: one past
// each group's last agent when groups are contiguous and in order (an
// empty group ends where the one before it does), none otherwise.
func TestGroupEnds(t *testing.T) {
	for _, test := range []struct {
		groups []uint8
		n      int
		want   []uint32
	}{
		{[]uint8{0, 0, 1, 1, 1}, 2, []uint32{2, 5}},
		{[]uint8{0, 2, 2}, 3, []uint32{1, 1, 3}},
		{[]uint8{1, 1}, 3, []uint32{0, 2, 2}},
		{[]uint8{0, 1, 0}, 2, nil},
		{[]uint8{1, 0}, 2, nil},
	} {
		pop := NewPopulation(len(test.groups), test.n)
		copy(pop.Group, test.groups)
		if got := groupEnds(pop); fmt.Sprint(got) != fmt.Sprint(test.want) {
			t.Errorf("groups %v: ends %v, want %v", test.groups, got, test.want)
		}
	}
}
