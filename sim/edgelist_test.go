package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadEdgeListSmall(t *testing.T) {
	g, rep, err := LoadEdgeList(context.Background(), filepath.Join("testdata", "edgelist_small.txt"), EdgeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkCSR(g); err != nil {
		t.Fatalf("invalid CSR: %v", err)
	}
	// The file: 8 lines, edges 0–1, 1–2, 2–0, 3–5; largest id 5.
	if want := (EdgeListReport{Lines: 8, Edges: 4}); rep != want {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	want := [][]uint32{{1, 2}, {0, 2}, {0, 1}, {5}, nil, {3}}
	if g.Len() != len(want) {
		t.Fatalf("%d nodes, want %d", g.Len(), len(want))
	}
	for u, nb := range want {
		if got := g.Neighbours(u); !slices.Equal(got, nb) {
			t.Errorf("neighbours of %d = %v, want %v", u, got, nb)
		}
	}
	// Nodes > largest id adds isolated nodes.
	g, _, err = LoadEdgeList(context.Background(), filepath.Join("testdata", "edgelist_small.txt"), EdgeListOptions{Nodes: 10})
	if err != nil || g.Len() != 10 || g.Edges() != 4 {
		t.Errorf("Nodes: 10 gives %d nodes, %v edges, %v; want 10, 4, nil", g.Len(), g.Edges(), err)
	}
}

// TestReadEdgeListClean reads testdata/edgelist_messy.txt: self-loops on
// lines 4 (3 3) and 8 (7 7); edge 1–2 on lines 2, 3 and 5; edge 0–4 on
// lines 6 and 7. Clean keeps 1–2 and 0–4 and drops 2 loops and 3 repeats;
// the 7–7 loop still makes node 7 exist. Strict mode stops at the first
// error in the file: the repeat on line 3, not the loop on line 4.
func TestReadEdgeListClean(t *testing.T) {
	path := filepath.Join("testdata", "edgelist_messy.txt")
	g, rep, err := LoadEdgeList(context.Background(), path, EdgeListOptions{Clean: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkCSR(g); err != nil {
		t.Fatalf("invalid CSR: %v", err)
	}
	if want := (EdgeListReport{Lines: 8, Edges: 2, SelfLoops: 2, Duplicates: 3}); rep != want {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	want := [][]uint32{{4}, {2}, {1}, nil, {0}, nil, nil, nil}
	if g.Len() != len(want) {
		t.Fatalf("%d nodes, want %d", g.Len(), len(want))
	}
	for u, nb := range want {
		if got := g.Neighbours(u); !slices.Equal(got, nb) {
			t.Errorf("neighbours of %d = %v, want %v", u, got, nb)
		}
	}
	_, _, err = LoadEdgeList(context.Background(), path, EdgeListOptions{})
	if wantErr := "edgelist_messy.txt: line 3: repeated edge 1–2, first on line 2"; err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Errorf("strict: error = %v, want one containing %q", err, wantErr)
	}
}

func TestReadEdgeListErrors(t *testing.T) {
	long := "0 1\n" + strings.Repeat(" ", maxLineBytes+1) + "1 2\n"
	for i, test := range []struct {
		in    string
		opt   EdgeListOptions
		want  string
		lines int // report.Lines at the error
	}{
		{"0 1\n1 2 3\n", EdgeListOptions{}, `line 2: want 2 fields "u v", got 3 in "1 2 3"`, 2},
		{"0\n", EdgeListOptions{}, `line 1: want 2 fields "u v", got 1 in "0"`, 1},
		{"0 1 # a trailing comment\n", EdgeListOptions{}, "line 1: want 2 fields", 1},
		{"# c\n\n0 -1\n", EdgeListOptions{}, `line 3: node id "-1" is not a non-negative integer`, 3},
		{"0 x\n", EdgeListOptions{}, `line 1: node id "x" is not`, 1},
		{"1.5 2\n", EdgeListOptions{}, `line 1: node id "1.5" is not`, 1},
		{"+1 2\n", EdgeListOptions{}, `line 1: node id "+1" is not`, 1},
		{"0 1\n4 5\n", EdgeListOptions{Nodes: 5}, "line 2: node id 5 ≥ Nodes = 5", 2},
		{"0 1\n4 5\n", EdgeListOptions{Nodes: 5, Clean: true}, "line 2: node id 5 ≥ Nodes = 5", 2},
		// Ids must leave room for n = id + 1 ≤ 2³² − 1.
		{"0 4294967295\n", EdgeListOptions{}, "line 1: node id 4294967295 too large, want < 4294967295", 1},
		{"0 99999999999999999999999\n", EdgeListOptions{}, "line 1: node id 99999999999999999999999 too large", 1},
		{"0 1\n\n2 2\n", EdgeListOptions{}, "line 3: self-loop 2–2", 3},
		{"0 1\n1 2\n0 1\n", EdgeListOptions{}, "line 3: repeated edge 0–1, first on line 1", 3},
		{"# h\n5 3\n3 5\n", EdgeListOptions{}, "line 3: repeated edge 3–5, first on line 2", 3},
		{"0 1\n0 1\n0 1\n", EdgeListOptions{}, "line 2: repeated edge 0–1, first on line 1", 3},
		// The first error in file order wins.
		{"0 1\n2 3\n2 3\n0 1\n", EdgeListOptions{}, "line 3: repeated edge 2–3, first on line 2", 4},
		{"0 1\n1 0\nfoo\n", EdgeListOptions{}, "line 2: repeated edge 0–1, first on line 1", 3},
		{"0 1\nfoo\n1 0\n", EdgeListOptions{}, `line 2: want 2 fields "u v", got 1 in "foo"`, 2},
		{"0 1\n3 3\n1 0\n", EdgeListOptions{}, "line 2: self-loop 3–3", 2},
		// Clean mode drops loops and repeats but not malformed lines.
		{"0 1\n0 1\n1 2 3\n", EdgeListOptions{Clean: true}, "line 3: want 2 fields", 3},
		{"0 1\n1 1\n1 z\n", EdgeListOptions{Clean: true}, `line 3: node id "z" is not`, 3},
		{long, EdgeListOptions{}, "line 2: longer than 1048576 bytes", 2},
		{"0 1\n", EdgeListOptions{Nodes: -1}, "Nodes = -1, want within [0, 4294967295]", 0},
		{"0 1\n", EdgeListOptions{Nodes: math.MaxUint32 + 1}, "Nodes = 4294967296", 0},
	} {
		g, rep, err := ReadEdgeList(context.Background(), strings.NewReader(test.in), test.opt)
		if err == nil || !strings.Contains(err.Error(), test.want) || !strings.HasPrefix(err.Error(), "sim: edge list: ") {
			t.Errorf("case %d: error = %v, want one containing %q", i, err, test.want)
		}
		if g != nil {
			t.Errorf("case %d: got a graph with an error", i)
		}
		if rep.Lines != test.lines {
			t.Errorf("case %d: report.Lines = %d, want %d", i, rep.Lines, test.lines)
		}
	}
}

func TestReadEdgeListReadError(t *testing.T) {
	r := iotest.DataErrReader(iotest.TimeoutReader(strings.NewReader("0 1\n1 2\n")))
	_, _, err := ReadEdgeList(context.Background(), r, EdgeListOptions{})
	if err == nil || !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("error = %v, want one wrapping %v", err, iotest.ErrTimeout)
	}
	_, _, err = LoadEdgeList(context.Background(), filepath.Join("testdata", "no-such-file.txt"), EdgeListOptions{})
	if err == nil || !strings.Contains(err.Error(), "no-such-file.txt") {
		t.Errorf("missing file: error = %v, want one naming the file", err)
	}
}

// TestReadEdgeListOrder checks that the graph does not depend on the order
// of the lines or of the two ends within a line.
func TestReadEdgeListOrder(t *testing.T) {
	g, err := ErdosRenyi(context.Background(), 2000, 6, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var fwd, rev bytes.Buffer
	var lines []string
	for u := range g.Len() {
		for _, v := range g.Neighbours(u) {
			if int(v) > u {
				lines = append(lines, strconv.Itoa(u)+" "+strconv.Itoa(int(v))+"\n")
			}
		}
	}
	for i, l := range lines {
		fwd.WriteString(l)
		f := strings.Fields(lines[len(lines)-1-i])
		rev.WriteString(f[1] + "\t" + f[0] + "\n")
	}
	for _, test := range []struct {
		name string
		in   *bytes.Buffer
	}{
		{"forward", &fwd},
		{"reversed and swapped", &rev},
	} {
		name := test.name
		h, rep, err := ReadEdgeList(context.Background(), test.in, EdgeListOptions{Nodes: g.Len()})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !sameCSR(g, h) || rep.Edges != g.Edges() {
			t.Errorf("%s: the edge list of G(2000, 6/1999) reads back as a different graph", name)
		}
	}
}

// facebookPath is the SNAP ego-Facebook network (McAuley & Leskovec 2012),
// gzip-compressed; testdata/README.md gives its source and licence.
const facebookPath = "testdata/facebook_combined.txt.gz"

// TestReadEdgeListFacebook loads the SNAP ego-Facebook network and checks
// SNAP's published statistics (https://snap.stanford.edu/data/ego-Facebook.html):
// 4,039 nodes, 88,234 edges, 1,612,010 triangles and average clustering
// coefficient 0.6055 (to 4 decimals, so within 0.00005; nodes of degree < 2
// count 0).
func TestReadEdgeListFacebook(t *testing.T) {
	g, rep, err := LoadEdgeList(context.Background(), facebookPath, EdgeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkCSR(g); err != nil {
		t.Fatalf("invalid CSR: %v", err)
	}
	if g.Len() != 4039 || g.Edges() != 88_234 || rep.Edges != 88_234 {
		t.Errorf("%d nodes, %d edges (report %d), want 4039 and 88234", g.Len(), g.Edges(), rep.Edges)
	}
	if tri, _ := triangles(g); tri != 1_612_010 {
		t.Errorf("%d triangles, want 1612010", tri)
	}
	var sum float64
	for _, c := range clustering(g) {
		sum += c
	}
	avg := sum / float64(g.Len())
	t.Logf("average clustering %.6f", avg)
	if math.Abs(avg-0.6055) > 0.00005 {
		t.Errorf("average clustering %.6f, want 0.6055 to 4 decimals", avg)
	}
}

// FuzzReadEdgeList checks that the parser never panics, that every graph it
// accepts is a valid CSR agreeing with its report, and that Clean mode
// accepts whatever strict mode does, with the same graph.
func FuzzReadEdgeList(f *testing.F) {
	for _, name := range []string{"edgelist_small.txt", "edgelist_messy.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint16(0))
		f.Add(data, uint16(9))
	}
	for _, s := range []string{"", "0 1", "# c\n1\t0\r\n", "0 1\n1 0\n", "2 2\n", "a b\n", "0 1 2\n", "-1 0",
		"1 4000000000\n", "0 4294967294\n", "0 99999999999\n", "5 1048575\n"} {
		f.Add([]byte(s), uint16(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, nodes uint16) {
		// Without Nodes a large id sizes the graph: MaxBytes refuses
		// those above a few million nodes instead of allocating them.
		opt := EdgeListOptions{Nodes: int(nodes), MaxBytes: fuzzMaxBytes}
		g, rep, err := ReadEdgeList(context.Background(), bytes.NewReader(data), opt)
		opt.Clean = true
		gc, repc, errc := ReadEdgeList(context.Background(), bytes.NewReader(data), opt)
		for _, err := range []error{err, errc} {
			if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrRefused) {
				t.Fatalf("error neither ErrInvalid nor ErrRefused: %v", err)
			}
		}
		if errors.Is(errc, ErrRefused) {
			if err == nil {
				t.Fatalf("Clean refuses for memory what strict mode reads: %v", errc)
			}
			return
		}
		if errc != nil {
			if err == nil {
				t.Fatalf("Clean rejects what strict mode accepts: %v", errc)
			}
			return
		}
		if err := checkCSR(gc); err != nil {
			t.Fatalf("invalid CSR (Clean): %v", err)
		}
		if gc.Edges() != repc.Edges || nodes > 0 && gc.Len() != int(nodes) {
			t.Fatalf("Clean: %d nodes, %d edges, report %+v, Nodes %d", gc.Len(), gc.Edges(), repc, nodes)
		}
		if err != nil {
			return
		}
		if !sameCSR(g, gc) || rep != repc || rep.SelfLoops != 0 || rep.Duplicates != 0 {
			t.Fatalf("strict and Clean differ on an input strict mode accepts: %+v vs %+v", rep, repc)
		}
	})
}

// fuzzMaxBytes bounds the memory of a fuzzed edge list: 64 MiB, about
// 3·10⁶ nodes.
const fuzzMaxBytes = 64 << 20

// TestReadEdgeListLargeIDs checks that an id that would make a graph too
// large for MaxBytes is refused with a *MemoryError naming the nodes, before
// the graph is allocated, and that the same list is read when it fits.
func TestReadEdgeListLargeIDs(t *testing.T) {
	for i, test := range []struct {
		list     string
		maxBytes int64
		nodes    int // 0: refused
	}{
		{"1 4000000000\n", 8 << 30, 0},    // 4·10⁹ nodes: 48 GB of offsets and cursors
		{"0 1\n1 2000000\n", 16 << 20, 0}, // 2·10⁶ nodes: 32 MB > 16 MiB
		{"0 1\n1 2000000\n", 64 << 20, 2000001},
	} {
		g, _, err := ReadEdgeList(context.Background(), strings.NewReader(test.list), EdgeListOptions{MaxBytes: test.maxBytes})
		var me *MemoryError
		switch {
		case test.nodes == 0 && !errors.As(err, &me):
			t.Errorf("case %d: error %v, want a *MemoryError", i, err)
		case test.nodes == 0 && (me.Need <= test.maxBytes || !strings.Contains(err.Error(), "nodes")):
			t.Errorf("case %d: %v: need %d, limit %d", i, err, me.Need, test.maxBytes)
		case test.nodes > 0 && (err != nil || g.Len() != test.nodes):
			t.Errorf("case %d: %v, want %d nodes", i, err, test.nodes)
		}
	}
}

// TestEdgeListErrorsInvalid checks that malformed lists and missing files
// are errors matching ErrInvalid.
func TestEdgeListErrorsInvalid(t *testing.T) {
	for i, list := range []string{"0 1 2\n", "a b\n", "1 1\n", "0 1\n1 0\n", "0 99999999999\n"} {
		_, _, err := ReadEdgeList(context.Background(), strings.NewReader(list), EdgeListOptions{})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("case %d %q: error %v, want ErrInvalid", i, list, err)
		}
	}
	if _, _, err := LoadEdgeList(context.Background(), "testdata/no-such-file.txt", EdgeListOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("missing file: error %v, want ErrInvalid", err)
	}
}

// TestReadEdgeListCancel checks that reading stops with the context's error.
func TestReadEdgeListCancel(t *testing.T) {
	var b strings.Builder
	for u := range 1 << 17 {
		fmt.Fprintf(&b, "%d %d\n", u, u+1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := ReadEdgeList(ctx, strings.NewReader(b.String()), EdgeListOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
