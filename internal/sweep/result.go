package sweep

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Result is what a run function returns: named summary metrics (final
// shares, peak inflow, retention, …) and, optionally, named per-tick series
// (Series[name][t] is the value at tick t). In the run's JSON file the maps
// are written with sorted keys, finite floats in the shortest form that
// reads back to the same bits, and NaN and ±Inf as the strings "NaN",
// "+Inf" and "-Inf" (a metric a run could not define, such as the
// half-life of a decay that never came).
type Result struct {
	Metrics map[string]float64   `json:"metrics"`
	Series  map[string][]float64 `json:"series,omitempty"`
}

type resultJSON struct {
	Metrics map[string]jsonFloat   `json:"metrics"`
	Series  map[string][]jsonFloat `json:"series,omitempty"`
}

// MarshalJSON writes the result with non-finite values as strings.
func (r Result) MarshalJSON() ([]byte, error) {
	var j resultJSON
	if r.Metrics != nil {
		j.Metrics = make(map[string]jsonFloat, len(r.Metrics))
		for k, v := range r.Metrics {
			j.Metrics[k] = jsonFloat(v)
		}
	}
	if r.Series != nil {
		j.Series = make(map[string][]jsonFloat, len(r.Series))
		for k, s := range r.Series {
			f := make([]jsonFloat, len(s))
			for i, v := range s {
				f[i] = jsonFloat(v)
			}
			j.Series[k] = f
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error {
	var j resultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	r.Metrics, r.Series = nil, nil
	if j.Metrics != nil {
		r.Metrics = make(map[string]float64, len(j.Metrics))
		for k, v := range j.Metrics {
			r.Metrics[k] = float64(v)
		}
	}
	if j.Series != nil {
		r.Series = make(map[string][]float64, len(j.Series))
		for k, s := range j.Series {
			f := make([]float64, len(s))
			for i, v := range s {
				f[i] = float64(v)
			}
			r.Series[k] = f
		}
	}
	return nil
}

// jsonFloat is a float64 whose JSON form can be NaN or ±Inf, as a string.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN":
			*f = jsonFloat(math.NaN())
		case "+Inf":
			*f = jsonFloat(math.Inf(1))
		case "-Inf":
			*f = jsonFloat(math.Inf(-1))
		default:
			return fmt.Errorf("number %q, want a number, \"NaN\", \"+Inf\" or \"-Inf\"", s)
		}
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("number %s: %w", b, err)
	}
	*f = jsonFloat(v)
	return nil
}
