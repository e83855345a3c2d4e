package sensitivity

import (
	"strings"
	"testing"
)

// TestJansenHand checks the estimators on N = 2 rows of one factor worked
// by hand: f(A) = (0, 2), f(B) = (2, 4), f(A_B) = (1, 3). The pooled mean
// of (0, 2, 2, 4) is 2 and V(Y) = (4+0+0+4)/4 = 2; Σ(f(B) − f(A_B))² = 2
// and Σ(f(A) − f(A_B))² = 2, so S = 1 − (2/4)/2 = 3/4 and ST = (2/4)/2 =
// 1/4.
func TestJansenHand(t *testing.T) {
	first, total, err := Jansen([]float64{0, 2}, []float64{2, 4}, [][]float64{{1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if first[0] != 0.75 || total[0] != 0.25 {
		t.Errorf("S = %v, ST = %v, want 0.75 and 0.25", first[0], total[0])
	}
}

func TestSplit(t *testing.T) {
	// Two rows of k = 2: A, AB1, AB2, B.
	y := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	fA, fB, fAB, err := Split(y, 2)
	if err != nil {
		t.Fatal(err)
	}
	if fA[0] != 1 || fA[1] != 5 || fB[0] != 4 || fB[1] != 8 ||
		fAB[0][0] != 2 || fAB[0][1] != 6 || fAB[1][0] != 3 || fAB[1][1] != 7 {
		t.Errorf("Split = %v %v %v", fA, fB, fAB)
	}
}

func TestErrors(t *testing.T) {
	for i, test := range []struct {
		err  func() error
		want string
	}{
		{func() error { _, _, _, err := Split(make([]float64, 7), 2); return err }, "7 outputs, want a positive multiple of k+2 = 4"},
		{func() error { _, _, _, err := Split(nil, 0); return err }, "factors = 0"},
		{func() error { _, _, err := Jansen([]float64{1}, []float64{1}, [][]float64{{1}}); return err }, "N = 1"},
		{func() error { _, _, err := Jansen([]float64{1, 2}, []float64{1}, [][]float64{{1, 2}}); return err }, "len(f(B)) = 1"},
		{func() error { _, _, err := Jansen([]float64{1, 2}, []float64{1, 2}, [][]float64{{1}}); return err }, "len(f(A_B^(0))) = 1"},
		{func() error { _, _, err := Jansen([]float64{3, 3}, []float64{3, 3}, [][]float64{{3, 3}}); return err }, "constant"},
		{func() error {
			_, err := Bootstrap([]float64{0, 2}, []float64{2, 4}, [][]float64{{1, 3}}, 1, 1)
			return err
		}, "resamples = 1"},
	} {
		err := test.err()
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
}
