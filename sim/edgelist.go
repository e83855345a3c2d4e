package sim

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"unsafe"
)

// EdgeListOptions controls ReadEdgeList. The zero value reads a strict edge
// list whose largest id sets the number of nodes.
type EdgeListOptions struct {
	// Nodes, if > 0, is the number of nodes, and every id must be below it;
	// if 0, the graph has (largest id read) + 1 nodes, self-loops included.
	Nodes int
	// Clean drops self-loops and repeated edges (in either orientation),
	// keeping the first occurrence and counting the rest in the report. If
	// false they are errors. Malformed lines are errors either way.
	Clean bool
	// MaxBytes, if > 0, bounds the memory of reading: once the edges read,
	// or the graph they make with its scratch, would take more, reading
	// stops with a *MemoryError, before the graph is allocated. (A single
	// id of 4·10⁹ makes a graph of as many nodes: 32 GB of offsets.)
	MaxBytes int64
}

// EdgeListReport says what ReadEdgeList read.
type EdgeListReport struct {
	Lines      int   // lines read, comments and blank lines included
	Edges      int64 // undirected edges kept
	SelfLoops  int64 // self-loops dropped (Clean only)
	Duplicates int64 // repeated edges dropped (Clean only)
}

// maxLineBytes is the longest line ReadEdgeList accepts.
const maxLineBytes = 1 << 20

// ReadEdgeList reads an undirected graph from a SNAP-style edge list: one
// edge "u v" per line, u and v non-negative decimal integers separated by
// spaces or tabs; lines whose first non-blank character is '#' and blank
// lines are skipped. A line with any other number of fields or an id that is
// not a non-negative integer below the number of nodes (at most 2³²−1) is an
// error "line N: …", N counting every line from 1, and so are self-loops and
// repeated edges unless opt.Clean. The error reported is the first in file
// order, and matches ErrInvalid. The graph does not depend on the order of
// the lines. Reading checks ctx every 65536 lines and stops with its error
// once it is done.
func ReadEdgeList(ctx context.Context, r io.Reader, opt EdgeListOptions) (*CSR, EdgeListReport, error) {
	return readEdgeList(ctx, r, opt, "sim: edge list")
}

// LoadEdgeList reads the edge list in the named file, decompressing it if
// its name ends in .gz; see ReadEdgeList. A file that cannot be opened is an
// error that matches ErrInvalid.
func LoadEdgeList(ctx context.Context, path string, opt EdgeListOptions) (*CSR, EdgeListReport, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, EdgeListReport{}, Invalidf("sim: edge list: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, EdgeListReport{}, Invalidf("sim: edge list %s: %w", path, err)
		}
		defer z.Close()
		r = z
	}
	return readEdgeList(ctx, r, opt, "sim: edge list "+path)
}

// listedEdge is an edge as read: its ends a < b and its line.
type listedEdge struct {
	a, b uint32
	line int
}

// edgeBytes is the memory of an edge as read.
const edgeBytes = int64(unsafe.Sizeof(listedEdge{}))

func readEdgeList(ctx context.Context, r io.Reader, opt EdgeListOptions, prefix string) (*CSR, EdgeListReport, error) {
	var rep EdgeListReport
	if opt.Nodes < 0 || int64(opt.Nodes) > math.MaxUint32 {
		return nil, rep, Invalidf("%s: Nodes = %d, want within [0, %d]", prefix, opt.Nodes, uint32(math.MaxUint32))
	}
	limit := uint64(math.MaxUint32) // ids must be < limit
	if opt.Nodes > 0 {
		limit = uint64(opt.Nodes)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	var edges []listedEdge
	n := uint64(0)
	// fail returns the first error in file order: a repeated edge before
	// the current line (strict mode) or else err at the current line.
	fail := func(err error) (*CSR, EdgeListReport, error) {
		if !opt.Clean {
			sortEdges(edges)
			if dup := firstDuplicate(edges); dup != nil {
				return nil, rep, Invalidf("%s: %w", prefix, dup)
			}
		}
		return nil, rep, Invalidf("%s: line %d: %w", prefix, rep.Lines, err)
	}
	refuse := func(need int64) error {
		return &MemoryError{
			What: fmt.Sprintf("%s (%d nodes, ids 0 to %d, in %d lines read)", prefix, n, int64(n)-1, rep.Lines),
			Need: need, Limit: opt.MaxBytes,
			Hint: "ids should number the nodes from 0; a larger id makes a graph of as many nodes",
		}
	}
	for sc.Scan() {
		rep.Lines++
		if rep.Lines%(1<<16) == 0 {
			if err := ctx.Err(); err != nil {
				return nil, rep, err
			}
		}
		var fields [2][]byte
		nf := 0
		line := sc.Bytes()
		for i := 0; i < len(line); {
			if isBlank(line[i]) {
				i++
				continue
			}
			if nf == 0 && line[i] == '#' {
				break
			}
			j := i
			for j < len(line) && !isBlank(line[j]) {
				j++
			}
			if nf < 2 {
				fields[nf] = line[i:j]
			}
			nf++
			i = j
		}
		switch nf {
		case 0:
			continue
		case 2:
		default:
			return fail(fmt.Errorf("want 2 fields \"u v\", got %d in %q", nf, clip(line)))
		}
		var id [2]uint32
		for k, f := range fields {
			v, ok := parseID(f)
			switch {
			case !ok:
				return fail(fmt.Errorf("node id %q is not a non-negative integer", clip(f)))
			case v >= limit && opt.Nodes > 0:
				return fail(fmt.Errorf("node id %s ≥ Nodes = %d", clip(f), opt.Nodes))
			case v >= limit:
				return fail(fmt.Errorf("node id %s too large, want < %d", clip(f), limit))
			}
			id[k] = uint32(v)
			n = max(n, v+1)
		}
		if id[0] == id[1] {
			if !opt.Clean {
				return fail(fmt.Errorf("self-loop %d–%d", id[0], id[1]))
			}
			rep.SelfLoops++
			continue
		}
		edges = append(edges, listedEdge{min(id[0], id[1]), max(id[0], id[1]), rep.Lines})
		if opt.MaxBytes > 0 && int64(cap(edges))*edgeBytes > opt.MaxBytes {
			return nil, rep, refuse(int64(cap(edges)) * edgeBytes)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			rep.Lines++
			return fail(fmt.Errorf("longer than %d bytes", maxLineBytes))
		}
		return nil, rep, fmt.Errorf("%s: reading line %d: %w", prefix, rep.Lines+1, err)
	}
	if opt.Nodes > 0 {
		n = uint64(opt.Nodes)
	}
	// The peak: the edges read, the graph and csrFromSorted's cursors.
	need := int64(cap(edges))*edgeBytes + csrBytes(int64(n), 2*int64(len(edges))) + 8*int64(n)
	if opt.MaxBytes > 0 && need > opt.MaxBytes {
		return nil, rep, refuse(need)
	}
	if err := ctx.Err(); err != nil {
		return nil, rep, err
	}
	sortEdges(edges)
	if !opt.Clean {
		if dup := firstDuplicate(edges); dup != nil {
			return nil, rep, Invalidf("%s: %w", prefix, dup)
		}
	}
	kept := edges[:0]
	for i, e := range edges {
		if i > 0 && e.a == edges[i-1].a && e.b == edges[i-1].b {
			rep.Duplicates++
			continue
		}
		kept = append(kept, e)
	}
	rep.Edges = int64(len(kept))
	return csrFromSorted(int(n), kept), rep, nil
}

// isBlank reports whether c separates fields: ASCII space, tab, CR, VT, FF.
func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// parseID parses a non-negative decimal integer, digits only; values above
// 2³² − 1 saturate there.
func parseID(f []byte) (uint64, bool) {
	if len(f) == 0 {
		return 0, false
	}
	var v uint64
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = min(10*v+uint64(c-'0'), math.MaxUint32)
	}
	return v, true
}

// clip returns s, shortened to at most 40 bytes for an error message.
func clip(s []byte) string {
	if len(s) > 40 {
		return string(s[:40]) + "…"
	}
	return string(s)
}

// sortEdges sorts edges by (a, b, line).
func sortEdges(edges []listedEdge) {
	slices.SortFunc(edges, func(x, y listedEdge) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b), cmp.Compare(x.line, y.line))
	})
}

// firstDuplicate returns an error for the repeated edge that occurs
// earliest in the file (by the line of its second occurrence), or nil if no
// edge repeats. The edges must be sorted by sortEdges.
func firstDuplicate(edges []listedEdge) error {
	var dup, first *listedEdge
	for i := 1; i < len(edges); i++ {
		e, prev := &edges[i], &edges[i-1]
		if e.a != prev.a || e.b != prev.b {
			continue
		}
		if i >= 2 && edges[i-2].a == e.a && edges[i-2].b == e.b {
			continue // a third or later occurrence comes after the second
		}
		if dup == nil || e.line < dup.line {
			dup, first = e, prev
		}
	}
	if dup == nil {
		return nil
	}
	return fmt.Errorf("line %d: repeated edge %d–%d, first on line %d", dup.line, dup.a, dup.b, first.line)
}

// csrFromSorted returns the graph on n nodes with the given distinct edges,
// sorted by (a, b), a < b < n. Row u receives its neighbours v < u in a
// first pass and v > u in a second, each in ascending order.
func csrFromSorted(n int, edges []listedEdge) *CSR {
	offsets := make([]int, n+1)
	for _, e := range edges {
		offsets[e.a+1]++
		offsets[e.b+1]++
	}
	for u := range n {
		offsets[u+1] += offsets[u]
	}
	targets := make([]uint32, offsets[n])
	cursor := slices.Clone(offsets[:n])
	for _, e := range edges {
		targets[cursor[e.b]] = e.a
		cursor[e.b]++
	}
	for _, e := range edges {
		targets[cursor[e.a]] = e.b
		cursor[e.a]++
	}
	return &CSR{Offsets: offsets, Targets: targets}
}
