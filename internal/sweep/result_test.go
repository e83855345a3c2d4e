package sweep

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestResultJSON round-trips non-finite and awkward floats bit for bit.
func TestResultJSON(t *testing.T) {
	r := Result{
		Metrics: map[string]float64{"half_life": math.NaN(), "b": math.Inf(1), "c": math.Inf(-1), "d": 0.1, "e": 1e-300, "f": math.Copysign(0, -1)},
		Series:  map[string][]float64{"s": {1.0 / 3, math.NaN(), 5e21}},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"metrics":{"b":"+Inf","c":"-Inf","d":0.1,"e":1e-300,"f":-0,"half_life":"NaN"},"series":{"s":[0.3333333333333333,"NaN",5e+21]}}`
	if string(b) != want {
		t.Errorf("json %s, want %s", b, want)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for k, v := range r.Metrics {
		if math.Float64bits(back.Metrics[k]) != math.Float64bits(v) && !(math.IsNaN(v) && math.IsNaN(back.Metrics[k])) {
			t.Errorf("metric %s: read %v, wrote %v", k, back.Metrics[k], v)
		}
	}
	if back.Series["s"][0] != 1.0/3 || !math.IsNaN(back.Series["s"][1]) || back.Series["s"][2] != 5e21 {
		t.Errorf("series read back as %v", back.Series["s"])
	}
	err = json.Unmarshal([]byte(`{"metrics":{"a":"Infinity"}}`), &back)
	if err == nil || !strings.Contains(err.Error(), `"Infinity"`) {
		t.Errorf("bad number: error %v, want it to name the value", err)
	}
}
