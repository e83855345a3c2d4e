package design

import (
	"strings"
	"testing"
)

func TestGridOrder(t *testing.T) {
	pts, err := Grid([]Axis{ListAxis("a", 1, 2), LinearAxis("b", 0, 1, 3)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a=1, b=0", "a=1, b=0.5", "a=1, b=1",
		"a=2, b=0", "a=2, b=0.5", "a=2, b=1",
	}
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d", len(pts), len(want))
	}
	for i, p := range pts {
		if p.String() != want[i] {
			t.Errorf("point %d: %s, want %s", i, p, want[i])
		}
	}
}

func TestGridErrors(t *testing.T) {
	for i, test := range []struct {
		axes []Axis
		want string
	}{
		{nil, "no axes"},
		{[]Axis{ListAxis("a", 1), ListAxis("a", 2)}, `axis "a": path repeats axis 0`},
		{[]Axis{ListAxis("a", 1), LogAxis("b", 1, 10, 0)}, `axis "b": steps = 0`},
		{[]Axis{LinearAxis("a", 0, 1, 5000), LinearAxis("b", 0, 1, 5000)}, "more than 1048576 points"},
	} {
		_, err := Grid(test.axes)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
}
