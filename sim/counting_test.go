package sim

import (
	"strings"
	"testing"
)

// TestCountingNames checks that every Counting reads back from its name
// and that an unknown name is refused, naming the choices.
func TestCountingNames(t *testing.T) {
	for _, c := range []Counting{CountAuto, CountPull, CountPush} {
		if got, err := ParseCounting(c.String()); err != nil || got != c {
			t.Errorf("ParseCounting(%q) = %v, %v; want %d", c.String(), got, err, c)
		}
	}
	if _, err := ParseCounting("both"); err == nil || !strings.Contains(err.Error(), `counting = "both", want one of auto, pull, push`) {
		t.Errorf("ParseCounting(both): %v", err)
	}
}
