package figure

import (
	"strings"
	"testing"
	"time"
)

// TestDateTicks checks the labelled days of a few spans: 6 Jan 2025 is a
// Monday, so weekly labels start there; a span of 3 days is labelled
// daily; a span from a Wednesday labels the next Monday first.
func TestDateTicks(t *testing.T) {
	est := time.FixedZone("UTC-5", -5*3600)
	at := func(s string) float64 {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return float64(v.Unix())
	}
	for i, test := range []struct {
		from, to string
		labels   string
		ticks    int // labelled and unlabelled
	}{
		{"2025-01-06T00:00:00-05:00", "2025-03-07T00:00:00-05:00", "6 Jan,20 Jan,3 Feb,17 Feb,3 Mar", 61},
		{"2025-01-06T00:00:00-05:00", "2025-02-05T00:00:00-05:00", "6 Jan,13 Jan,20 Jan,27 Jan,3 Feb", 31},
		{"2025-01-18T06:00:00-05:00", "2025-01-21T00:00:00-05:00", "19 Jan,20 Jan,21 Jan", 3},
		{"2025-01-08T00:00:00-05:00", "2025-01-30T00:00:00-05:00", "13 Jan,20 Jan,27 Jan", 23},
	} {
		ticks := dateTicks{est}.Ticks(at(test.from), at(test.to))
		var labels []string
		for _, tk := range ticks {
			if !tk.IsMinor() {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, ","); got != test.labels || len(ticks) != test.ticks {
			t.Errorf("case %d: labels %s and %d ticks, want %s and %d", i, got, len(ticks), test.labels, test.ticks)
		}
	}
}
