package stats

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestMetricsAndSeries(t *testing.T) {
	reps := []Replicate{
		{Index: 2, Metrics: map[string]float64{"peak": 4, "retention_30d": 0.5}, Series: map[string][]float64{"users": {0, 4}}},
		{Index: 0, Metrics: map[string]float64{"peak": 1, "retention_30d": 0.25}, Series: map[string][]float64{"users": {0, 1}}},
		{Index: 1, Metrics: map[string]float64{"peak": 2, "retention_30d": 0.75}, Series: map[string][]float64{"users": {0, 2}}},
	}
	m, err := Metrics(reps)
	if err != nil {
		t.Fatal(err)
	}
	// peak: {1, 2, 4} as in TestSummarize; retention: mean 0.5, SD 0.25.
	if len(m) != 2 || m[0].Name != "peak" || m[1].Name != "retention_30d" {
		t.Fatalf("metrics %+v, want peak and retention_30d in that order", m)
	}
	if m[0].N != 3 || !close(m[0].Mean, 7.0/3, 1e-15) || !close(m[1].SD, 0.25, 1e-15) {
		t.Errorf("metrics %+v", m)
	}
	s, err := Series(reps)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 1 || s[0].Name != "users" || len(s[0].Ticks) != 2 {
		t.Fatalf("series %+v", s)
	}
	// Tick 0 is 0 in every replicate: SD 0, interval of width 0.
	if s[0].Ticks[0].Mean != 0 || s[0].Ticks[0].SD != 0 || s[0].Ticks[0].Hi != 0 {
		t.Errorf("tick 0: %+v", s[0].Ticks[0])
	}
	if !reflect.DeepEqual(s[0].Ticks[1], m[0].Summary) {
		t.Errorf("tick 1 %+v, want the summary of {1, 2, 4} %+v", s[0].Ticks[1], m[0].Summary)
	}
}

// TestUndefinedLeftOut checks that a replicate's NaN is left out of the
// summary rather than making it NaN: {1, NaN, 2, 4} summarises as {1, 2,
// 4} does, with N = 3, at a metric and at a tick of a series; a value no
// replicate defines has N = 0 and a NaN mean.
func TestUndefinedLeftOut(t *testing.T) {
	nan := math.NaN()
	var reps []Replicate
	for i, v := range []float64{1, nan, 2, 4} {
		reps = append(reps, Replicate{Index: i, Metrics: map[string]float64{"x": v, "never": nan}, Series: map[string][]float64{"s": {v}}})
	}
	m, err := Metrics(reps)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Series(reps)
	if err != nil {
		t.Fatal(err)
	}
	want := Summarize([]float64{1, 2, 4})
	if !reflect.DeepEqual(m[1].Summary, want) || !reflect.DeepEqual(s[0].Ticks[0], want) {
		t.Errorf("metric %+v, series %+v; want the summary of {1, 2, 4} %+v", m[1].Summary, s[0].Ticks[0], want)
	}
	if m[0].Name != "never" || m[0].N != 0 || !math.IsNaN(m[0].Mean) {
		t.Errorf("metric no replicate defines: %+v, want N = 0 and a NaN mean", m[0])
	}
}

// TestOrderIndependent checks that the aggregates depend on the replicate
// indices, not the order the results arrive in: values chosen so that
// floating-point sums in different orders differ in the last bits.
func TestOrderIndependent(t *testing.T) {
	vals := []float64{0.1, 1e16, 0.7, -1e16, 0.3, 1.1}
	reps := make([]Replicate, len(vals))
	for i, v := range vals {
		reps[i] = Replicate{Index: i, Metrics: map[string]float64{"x": v}}
	}
	want, _ := Metrics(reps)
	rev := make([]Replicate, len(reps))
	for i := range reps {
		rev[i] = reps[len(reps)-1-i]
	}
	got, _ := Metrics(rev)
	if math.Float64bits(got[0].Mean) != math.Float64bits(want[0].Mean) || math.Float64bits(got[0].SD) != math.Float64bits(want[0].SD) {
		t.Errorf("reversed arrival: %+v, want %+v", got[0], want[0])
	}
}

func TestReplicateErrors(t *testing.T) {
	for i, test := range []struct {
		reps []Replicate
		want string
	}{
		{[]Replicate{{Index: 1, Metrics: map[string]float64{"a": 1}}, {Index: 1, Metrics: map[string]float64{"a": 2}}}, "replicate 1 appears twice"},
		{[]Replicate{{Index: 0, Metrics: map[string]float64{"a": 1, "b": 2}}, {Index: 3, Metrics: map[string]float64{"a": 2}}}, `metric "b": missing from replicate 3`},
		{[]Replicate{{Index: 0, Metrics: map[string]float64{"a": 1}}, {Index: 3, Metrics: map[string]float64{"a": 2, "c": 1}}}, `metric "c": in replicate 3 but not in replicate 0`},
	} {
		_, err := Metrics(test.reps)
		if err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: error %v, want it to contain %q", i, err, test.want)
		}
	}
	_, err := Series([]Replicate{{Index: 0, Series: map[string][]float64{"u": {1, 2}}}, {Index: 1, Series: map[string][]float64{"u": {1}}}})
	if want := `series "u": replicate 1 has 1 ticks, replicate 0 has 2`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("unequal series: error %v, want %q", err, want)
	}
}
