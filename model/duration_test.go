package model

import (
	"strings"
	"testing"
	"time"
)

// TestDurationUnmarshalText checks the durations a scenario accepts and the
// errors, naming the value, for those it refuses. The largest is 106,751
// days: ⌊(2⁶³ − 1) ns / 86,400·10⁹ ns⌋.
func TestDurationUnmarshalText(t *testing.T) {
	for i, test := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"1h", time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"60d", 60 * 24 * time.Hour, ""},
		{"0.5d", 12 * time.Hour, ""},
		{"1e2d", 100 * 24 * time.Hour, ""},
		{"106751d", 106751 * 24 * time.Hour, ""},
		{"1e12d", 0, `duration "1e12d": want at most 106751 days`},
		{"106752d", 0, `duration "106752d": want at most 106751 days`},
		{"-1e12d", 0, `duration "-1e12d": want at most 106751 days`},
		{"NaNd", 0, `duration "NaNd": want a number of days`},
		{"Infd", 0, `duration "Infd": want a number of days`},
		{"d", 0, `duration "d": want a number of days`},
		{"3 d", 0, `duration "3 d": want a number of days`},
		{"2562048h", 0, `duration "2562048h": want such as`},
		{"1y", 0, `duration "1y": want such as`},
	} {
		var d Duration
		err := d.UnmarshalText([]byte(test.in))
		switch {
		case test.err == "" && (err != nil || d.D() != test.want):
			t.Errorf("case %d %q: %v, %v; want %v", i, test.in, d.D(), err, test.want)
		case test.err != "" && (err == nil || !strings.Contains(err.Error(), test.err)):
			t.Errorf("case %d %q: error %v, want one containing %q", i, test.in, err, test.err)
		}
	}
}

// TestParseDuration checks the durations of a flag: a number is days, as
// in --set; text is read as in a scenario.
func TestParseDuration(t *testing.T) {
	for i, test := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"6h", 6 * time.Hour, ""},
		{"1", 24 * time.Hour, ""},
		{"0.25", 6 * time.Hour, ""},
		{"2d", 48 * time.Hour, ""},
		{"1e6", 0, "want a finite number of days within ±100000"},
		{"six hours", 0, `duration "six hours": want such as`},
	} {
		d, err := ParseDuration(test.in)
		switch {
		case test.err == "" && (err != nil || d.D() != test.want):
			t.Errorf("case %d %q: %v, %v; want %v", i, test.in, d.D(), err, test.want)
		case test.err != "" && (err == nil || !strings.Contains(err.Error(), test.err)):
			t.Errorf("case %d %q: error %v, want one containing %q", i, test.in, err, test.err)
		}
	}
}
