package sim

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

// allocated returns the bytes f allocates on the heap (all of them, garbage
// included: the peak can be no higher).
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// TestEstimate checks Estimate against the bytes that building each kind of
// network and an engine on it allocate, at 2·10⁵ agents: the estimate must
// cover them, up to the scratch that does not grow with n (1 MiB: per
// worker, BlockSize·(4 + 4 + 4·states + 8) bytes; on the implicit network
// BlockSize·8z more per worker for its rows), and be within 15% for
// the network and 25% for the engine (whose switcher lists are counted
// at their largest, every agent switching, and whose stored counts are
// counted 4 bytes wide for chung-lu although 2 suffice at this size).
func TestEstimate(t *testing.T) {
	const n, d, states = 200_000, 10.0, 3
	ctx := context.Background()
	for _, test := range []struct {
		kind  Kind
		build func() (Network, error)
	}{
		{KindComplete, func() (Network, error) { return Complete{N: n}, nil }},
		{KindErdosRenyi, func() (Network, error) { return ErdosRenyi(ctx, n, d, 1, 2) }},
		{KindWattsStrogatz, func() (Network, error) { return WattsStrogatz(ctx, n, int(d), 0.1, 1, 2) }},
		{KindBlockModel, func() (Network, error) { return BlockModel(ctx, []int{n / 2, n / 2}, d, 0.5, 1, 2) }},
		{KindChungLu, func() (Network, error) { return ChungLu(ctx, powerLaw(t, n, d, 2.5), 1, 2) }},
		{KindImplicit, func() (Network, error) { return ImplicitBlockModel(ctx, []int{n / 2, n / 2}, d, 0.5, 1, 2) }},
	} {
		var net Network
		var err error
		gen := allocated(func() { net, err = test.build() })
		if err != nil {
			t.Fatalf("%s: %v", test.kind, err)
		}
		mean, _ := DegreeMoments(net)
		want, err := Estimate(test.kind, n, mean, states)
		if err != nil {
			t.Fatal(err)
		}
		if test.kind == KindComplete {
			want, _ = Estimate(test.kind, n, 0, states)
		}
		t.Logf("%s: network allocated %d, estimate %d", test.kind, gen, want.Network)
		if float64(gen) > float64(want.Network)*1.001+1<<20 || float64(gen) < 0.85*float64(want.Network) {
			t.Errorf("%s: building allocated %d bytes, estimate %d", test.kind, gen, want.Network)
		}
		engine := allocated(func() {
			e, err := New(testPopulation(n, states-1, 1), net, newVoter(states-1, 0.01, 0.4, 0.5, 1), Config{Seed: 1, Workers: 2, Counting: CountPush})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Run(ctx, 2, RecorderFunc(func(*TickStats) error { return nil })); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: engine allocated %d, estimate %d", test.kind, engine, want.Agents)
		scratch := float64(1 << 20)
		if test.kind == KindImplicit {
			scratch += 2 * BlockSize * 8 * d // the rows of 2 workers
		}
		if float64(engine) > float64(want.Agents)+scratch || float64(engine) < 0.75*float64(want.Agents) && test.kind != KindChungLu {
			t.Errorf("%s: the engine allocated %d bytes, estimate %d", test.kind, engine, want.Agents)
		}
	}
}

func TestEstimateErrors(t *testing.T) {
	for i, test := range []struct {
		kind   Kind
		n      int
		d      float64
		states int
	}{{"ring", 10, 2, 2}, {KindErdosRenyi, -1, 2, 2}, {KindErdosRenyi, 10, -1, 2}, {KindErdosRenyi, 10, 2, 1}, {KindErdosRenyi, 10, 2, MaxStates + 1}} {
		if _, err := Estimate(test.kind, test.n, test.d, test.states); err == nil {
			t.Errorf("case %d: %+v: no error", i, test)
		}
	}
	// 4·10⁹ agents at degree 10⁹ overflows int64 bytes: saturates.
	if f, err := Estimate(KindErdosRenyi, 4e9, 1e9, 3); err != nil || f.Total() <= 0 {
		t.Errorf("huge estimate %+v, %v", f, err)
	}
}

// TestMemoryErrorIs checks the error categories.
func TestMemoryErrorIs(t *testing.T) {
	var err error = &MemoryError{What: "x", Need: 2 << 30, Limit: 1 << 30, Hint: "use less"}
	if !errors.Is(err, ErrRefused) || errors.Is(err, ErrInvalid) {
		t.Errorf("%v: ErrRefused %v, ErrInvalid %v", err, errors.Is(err, ErrRefused), errors.Is(err, ErrInvalid))
	}
	if want := "x needs about 2 GiB of memory, more than the 1 GiB allowed: use less"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if err := Invalidf("bad %d", 3); !errors.Is(err, ErrInvalid) || err.Error() != "bad 3" {
		t.Errorf("Invalidf: %v", err)
	}
}
