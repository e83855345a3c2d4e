package design

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSobolPublished compares the sequence with the points printed by Joe &
// Kuo's own sobol.cc (testdata/sobol-joe-kuo-50d.txt, which says where they
// come from) in every tabulated dimension. Rows 1…16 exercise the initial
// direction numbers m_1…m_5 and the recurrence; rows 32 and 64 bring in
// m_6 and m_7, the last of dimensions 20…32. The values are dyadic
// rationals, so they must match exactly.
func TestSobolPublished(t *testing.T) {
	f, err := os.Open("testdata/sobol-joe-kuo-50d.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Sobol(65, MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		idx, vals, _ := strings.Cut(line, ": ")
		i, err := strconv.Atoi(idx)
		if err != nil {
			t.Fatal(err)
		}
		for d, s := range strings.Fields(vals)[:MaxSobolDim] {
			want, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			if got[i][d] != want {
				t.Errorf("point %d, dimension %d: got %v, want %v", i, d+1, got[i][d], want)
			}
		}
		rows++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows != 19 {
		t.Errorf("read %d reference rows, want 19", rows)
	}
}

// TestSobolNet checks the (0, m, 1)-net property of every one-dimensional
// projection of a Sobol sequence (Sobol' 1967): the first 2^m points hold
// each multiple of 2^−m exactly once.
func TestSobolNet(t *testing.T) {
	const m = 10
	pts, err := Sobol(1<<m, MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	for d := range MaxSobolDim {
		col := make([]float64, len(pts))
		for i, p := range pts {
			col[i] = p[d] * (1 << m)
		}
		slices.Sort(col)
		for i, v := range col {
			if v != float64(i) {
				t.Errorf("dimension %d: sorted value %d is %v·2^-%d, want %d·2^-%d", d+1, i, v, m, i, m)
				break
			}
		}
	}
}

func TestSobolErrors(t *testing.T) {
	for i, test := range []struct {
		n, dim int
		want   string
	}{
		{10, 0, "dimensions = 0"},
		{10, MaxSobolDim + 1, "dimensions = 33"},
		{-1, 2, "points = -1"},
	} {
		_, err := Sobol(test.n, test.dim)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: Sobol(%d, %d) error %v, want it to name %q", i, test.n, test.dim, err, test.want)
		}
	}
}
