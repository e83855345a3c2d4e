package design

import (
	"strings"
	"testing"
)

// TestSaltelliLayout checks the N(k+2) layout against the Sobol rows it is
// built from: block j holds A_j (row j+1's first k coordinates), A_B^(i)_j
// (A_j with coordinate i from B_j) and B_j (the last k coordinates).
func TestSaltelliLayout(t *testing.T) {
	const n, k = 16, 3
	axes := []Axis{LinearAxis("a", 0, 1, 0), LinearAxis("b", 0, 1, 0), LinearAxis("c", 0, 1, 0)}
	pts, err := Saltelli(axes, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != n*(k+2) {
		t.Fatalf("%d points, want N(k+2) = %d", len(pts), n*(k+2))
	}
	seq, _ := Sobol(n+1, 2*k)
	for j := range n {
		a, b := seq[j+1][:k], seq[j+1][k:]
		block := pts[j*(k+2) : (j+1)*(k+2)]
		for i := range k + 2 {
			for c := range k {
				want := a[c]
				if i == k+1 || i == c+1 {
					want = b[c]
				}
				if got := block[i][c].Value; got != want {
					t.Errorf("row %d, point %d, axis %d: %v, want %v", j, i, c, got, want)
				}
				if block[i][c].Path != axes[c].Path {
					t.Errorf("row %d, point %d, axis %d: path %q, want %q", j, i, c, block[i][c].Path, axes[c].Path)
				}
			}
		}
	}
}

func TestSaltelliErrors(t *testing.T) {
	many := make([]Axis, MaxSaltelliAxes+1)
	for i := range many {
		many[i] = LinearAxis(string(rune('a'+i)), 0, 1, 0)
	}
	for i, test := range []struct {
		axes []Axis
		n    int
		want string
	}{
		{many, 8, "17 axes, want at most 16"},
		{[]Axis{LinearAxis("a", 0, 1, 0)}, 0, "base points = 0"},
		{[]Axis{ListAxis("a")}, 8, `axis "a": empty list`},
	} {
		_, err := Saltelli(test.axes, test.n)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
}
