package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/sim"
)

// TestExitCode checks the one mapping of errors to exit codes, by type and
// errors.Is through wrapping, and what it prints.
func TestExitCode(t *testing.T) {
	for i, test := range []struct {
		err  error
		code int
		want string
	}{
		{nil, 0, ""},
		{errors.New("run broke"), 1, "exodus: run broke"},
		{usagef("--x = 1"), 2, "exodus: --x = 1"},
		{fmt.Errorf("scenario: %w", sim.Invalidf("network mean_degree = -1")), 2, "network mean_degree = -1"},
		{fmt.Errorf("out: %w", output.ErrNotResults), 2, "not a results folder"},
		{fmt.Errorf("run: %w", &sim.MemoryError{What: "x", Need: 2 << 30, Limit: 1 << 30}), 3, "x needs about 2 GiB"},
		{fmt.Errorf("network: %w", context.Canceled), 130, "exodus: interrupted: network: context canceled"},
		{interrupted(context.Canceled, "out/run"), 130, "exodus: interrupted: out/run is left as it was"},
	} {
		var stderr bytes.Buffer
		code := exitCode(test.err, &stderr)
		if code != test.code || !strings.Contains(stderr.String(), test.want) || test.err == nil && stderr.Len() > 0 {
			t.Errorf("case %d (%v): exit %d, stderr %q; want %d and %q", i, test.err, code, stderr.String(), test.code, test.want)
		}
	}
}
