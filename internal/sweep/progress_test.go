package sweep

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestTerminalProgress checks that a writer that is not a terminal (a
// buffer, or stderr under go test, which captures it) gets no bar, and that
// the bar itself shows the count of the runs left.
func TestTerminalProgress(t *testing.T) {
	if _, ok := TerminalProgress(&bytes.Buffer{}).(quiet); !ok {
		t.Error("a buffer got a progress bar")
	}
	if f, err := os.CreateTemp(t.TempDir(), "log"); err == nil {
		if _, ok := TerminalProgress(f).(quiet); !ok {
			t.Error("a regular file got a progress bar")
		}
		f.Close()
	}
	var buf bytes.Buffer
	b := &bar{w: &buf}
	b.Start(10, 2)
	for range 8 {
		b.Done()
	}
	b.Finish()
	out := buf.String()
	for _, want := range []string{"sweep (2 of 10 done before)", "8/8", "runs"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar output %q lacks %q", out, want)
		}
	}
}
