package sweep

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestShards runs a sweep as 3 shards into one folder and whole into
// another: shard i calls exactly the runs i, i+3, …, and the run files are
// the same bytes.
func TestShards(t *testing.T) {
	runs := testRuns(t, 8)
	whole, split := t.TempDir(), t.TempDir()
	if err := Execute(context.Background(), whole, runs, model, Options{Jobs: 2, Study: testStudy}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		var c counter
		p := &progressCounter{}
		if err := Execute(context.Background(), split, runs, c.wrap(model), Options{Jobs: 2, Study: testStudy, Shard: Shard{i, 3}, Progress: p}); err != nil {
			t.Fatal(err)
		}
		if len(c.calls) != len(runs)/3 || p.total != len(runs)/3 {
			t.Errorf("shard %d/3 ran %d runs of a total %d, want %d", i, len(c.calls), p.total, len(runs)/3)
		}
		for k, r := range runs {
			if c.calls[r.Name()] != 0 && k%3 != i {
				t.Errorf("shard %d/3 ran run %d", i, k)
			}
		}
	}
	a, b := files(t, whole), files(t, split)
	if len(b) != len(runs) {
		t.Fatalf("%d files from the shards, want %d", len(b), len(runs))
	}
	for name, f := range a {
		if !bytes.Equal(f, b[name]) {
			t.Errorf("%s differs between the whole sweep and its shards", name)
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, test := range []struct {
		in   string
		want Shard
		err  bool
	}{
		{in: "0/1", want: Shard{0, 1}},
		{in: "3/4", want: Shard{3, 4}},
		{in: "4/4", err: true},
		{in: "-1/4", err: true},
		{in: "1/0", err: true},
		{in: "1", err: true},
		{in: "a/b", err: true},
	} {
		got, err := ParseShard(test.in)
		if test.err {
			if err == nil || !strings.Contains(err.Error(), test.in) {
				t.Errorf("%q: error %v, want one echoing the value", test.in, err)
			}
			continue
		}
		if err != nil || got != test.want || got.String() != test.in {
			t.Errorf("%q: %v (%s), %v; want %v", test.in, got, got, err, test.want)
		}
	}
}
