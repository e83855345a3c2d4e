package memory

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for i, test := range []struct {
		in   string
		want int64
	}{
		{"8GiB", 8 << 30}, {"8G", 8 << 30}, {"8GB", 8e9}, {"512MiB", 512 << 20},
		{"1.5TiB", 3 << 39}, {"2e9", 2e9}, {" 100 B", 100}, {"4096", 4096}, {"1K", 1024},
	} {
		got, err := Parse(test.in)
		if err != nil || got != test.want {
			t.Errorf("case %d: Parse(%q) = %d, %v; want %d", i, test.in, got, err, test.want)
		}
	}
	for i, in := range []string{"", "GiB", "-1G", "0", "0.1", "1e30", "NaN", "8 gigs", "inf"} {
		if got, err := Parse(in); err == nil || !strings.Contains(err.Error(), in) {
			t.Errorf("case %d: Parse(%q) = %d, %v; want an error echoing it", i, in, got, err)
		}
	}
}

func TestFormat(t *testing.T) {
	for i, test := range []struct {
		in   int64
		want string
	}{
		{12, "12 B"}, {1536, "1.5 KiB"}, {3 << 29, "1.5 GiB"}, {980 << 20, "980 MiB"}, {100e9, "93.1 GiB"},
	} {
		if got := Format(test.in); got != test.want {
			t.Errorf("case %d: Format(%d) = %q, want %q", i, test.in, got, test.want)
		}
	}
}

func TestMeminfo(t *testing.T) {
	b := []byte("MemTotal:       24576000 kB\nMemFree:  100 kB\nMemAvailable:   20000000 kB\n")
	if got, ok := meminfo(b, "MemAvailable"); !ok || got != 20000000*1024 {
		t.Errorf("MemAvailable = %d, %v; want %d", got, ok, 20000000*1024)
	}
	if _, ok := meminfo(b, "SwapTotal"); ok {
		t.Error("found a key that is not there")
	}
	if got, _, ok := Available(); ok && got <= 0 {
		t.Errorf("Available = %d", got)
	}
}
