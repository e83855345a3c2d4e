package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestEngineState stops the voter rule after k ticks, writes the engine's
// state, reads it into a new engine and runs the remaining ticks: the
// trace must be the one of an uninterrupted run, and every neighbour
// count the rule is given (stored counts rebuilt when they were in use)
// must match a recount, for stored and complete networks and every way
// of keeping counts.
func TestEngineState(t *testing.T) {
	const n, ticks = 20_000, 20
	g := mustER(t, n, 8, 1)
	for _, net := range []Network{g, Complete{N: n}} {
		for _, counting := range []Counting{CountAuto, CountPull, CountPush} {
			cfg := Config{Seed: 9, Workers: 2, Contact: true, Counting: counting}
			newRule := func() *voter {
				rule := newVoter(3, 0.02, 0.5, 0.3, 5)
				if _, ok := net.(Complete); !ok {
					rule.check = net
				}
				return rule
			}
			want := runTrace(t, net, newRule(), cfg, ticks)
			for _, k := range []int{1, 7, ticks - 1} {
				name := fmt.Sprintf("%T counting=%d stopped after %d ticks", net, counting, k)
				var tr trace
				e, err := New(testPopulation(n, 3, 11), net, newRule(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				if err := e.Run(context.Background(), k, &tr); err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				w := NewStateWriter(&buf)
				e.WriteState(w)
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				rule := newRule()
				e, err = New(testPopulation(n, 3, 99), net, rule, cfg) // another initial state, overwritten
				if err != nil {
					t.Fatal(err)
				}
				r := NewStateReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
				if err := e.ReadState(r); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := r.Close(); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := e.Run(context.Background(), ticks-k, &tr); err != nil {
					t.Fatal(err)
				}
				if tr.String() != want {
					t.Errorf("%s: the resumed trace differs from the uninterrupted one", name)
				}
				if bad := rule.bad.Load(); bad > 0 {
					t.Errorf("%s: %d agents were given wrong counts", name, bad)
				}
			}
		}
	}
}

// TestStateErrors checks that a truncated, corrupted or misfitting
// checkpoint is refused with ErrCheckpoint.
func TestStateErrors(t *testing.T) {
	const n = 5000
	e, err := New(testPopulation(n, 3, 11), Complete{N: n}, newVoter(3, 0.02, 0.5, 0.3, 5), Config{Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Run(context.Background(), 3, RecorderFunc(func(*TickStats) error { return nil })); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := NewStateWriter(&buf)
	e.WriteState(w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	for i, test := range []struct {
		name   string
		data   []byte
		agents int
	}{
		{"truncated", good[:len(good)-9], n},
		{"one bit flipped", flipped, n},
		{"another population size", good, n + 1},
		{"empty", nil, n},
	} {
		e, err := New(testPopulation(test.agents, 3, 11), Complete{N: test.agents}, newVoter(3, 0.02, 0.5, 0.3, 5), Config{Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		r := NewStateReader(bytes.NewReader(test.data), int64(len(test.data)))
		err = e.ReadState(r)
		if err == nil {
			err = r.Close()
		}
		if !errors.Is(err, ErrCheckpoint) {
			t.Errorf("case %d (%s): error %v, want ErrCheckpoint", i, test.name, err)
		}
	}
}

// TestStateByteOrder checks that the element-wise path of big-endian
// machines writes the same bytes as the memory copy of little-endian ones,
// and reads them back.
func TestStateByteOrder(t *testing.T) {
	if !asLittleEndian {
		t.Skip("the memory copy is not used on this machine")
	}
	u16 := []uint16{1, 0xfffe, 0x1234}
	u32 := []uint32{7, 0xdeadbeef}
	i64 := []int64{-1, 1 << 40}
	f64 := []float64{0.1, -3e300}
	write := func() []byte {
		var buf bytes.Buffer
		w := NewStateWriter(&buf)
		w.Uint16s(u16)
		w.Uint32s(u32)
		w.Int64s(i64)
		w.Float64s(f64)
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	native := write()
	asLittleEndian = false
	defer func() { asLittleEndian = true }()
	if portable := write(); !bytes.Equal(portable, native) {
		t.Fatalf("element-wise bytes %x, want %x", portable, native)
	}
	r := NewStateReader(bytes.NewReader(native), int64(len(native)))
	g16, g32, g64, gf := r.Uint16s(nil), r.Uint32s(nil), r.Int64s(nil), r.Float64s(nil)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(g16, g32, g64, gf) != fmt.Sprint(u16, u32, i64, f64) {
		t.Errorf("read back %v %v %v %v, want %v %v %v %v", g16, g32, g64, gf, u16, u32, i64, f64)
	}
	if native[8] != 1 || native[9] != 0 { // the first uint16, after its length, little-endian
		t.Errorf("the first element is stored as % x, want 01 00", native[8:10])
	}
}
