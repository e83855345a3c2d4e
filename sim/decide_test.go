package sim

import (
	"slices"
	"testing"
)

// TestMergeTail checks the merge of the agents kept in a tier into those
// kept in the tiers before: the result is the sorted union.
func TestMergeTail(t *testing.T) {
	for i, test := range []struct {
		a  []uint32
		n0 int
	}{
		{[]uint32{}, 0},
		{[]uint32{3, 7}, 2},
		{[]uint32{3, 7}, 0},
		{[]uint32{1, 5, 9, 2, 3, 10}, 3},
		{[]uint32{4, 6, 1, 2}, 2},
		{[]uint32{1, 2, 8, 3}, 3},
		{[]uint32{9, 0, 4, 5, 12}, 1},
	} {
		want := slices.Sorted(slices.Values(test.a))
		got := slices.Clone(test.a)
		mergeTail(got, test.n0, nil)
		if !slices.Equal(got, want) {
			t.Errorf("%d: mergeTail(%v, %d) = %v, want %v", i, test.a, test.n0, got, want)
		}
	}
}
