// Command exodus simulates users migrating between social platforms.
//
// Run `exodus help` for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// The exit codes, documented in `exodus --help` (exitCodesHelp) and the
// README.
const (
	exitOK          = 0   // success
	exitFailed      = 1   // the run failed, or its checks did
	exitInput       = 2   // bad command line or input
	exitRefused     = 3   // refused before starting: beyond the memory allowed
	exitInterrupted = 130 // SIGINT or SIGTERM (128 + SIGINT, as shells report it)
)

// exitCodesHelp is the exit codes' section of `exodus --help`.
const exitCodesHelp = `EXIT CODES:
   0    success
   1    the run failed (validate, verify: a check failed)
   2    bad command line or input: a flag, a scenario, a spec or an edge list
   3    refused before starting: the run would need more memory than allowed (--max-memory)
   130  interrupted by SIGINT or SIGTERM; output folders are left as they were (a run with
        --checkpoint-every continues with --resume)`

// exitCode prints err and maps it to the process exit code (see the
// constants above). This is the one place where errors become codes: by type
// (usageError), or by what they match with errors.Is.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	msg := err.Error()
	if errors.Is(err, context.Canceled) && !strings.HasPrefix(msg, "interrupted") {
		msg = "interrupted: " + msg
	}
	fmt.Fprintln(stderr, "exodus:", msg)
	var ue usageError
	switch {
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, sim.ErrRefused):
		return exitRefused
	case errors.As(err, &ue), errors.Is(err, sim.ErrInvalid), errors.Is(err, output.ErrNotResults):
		return exitInput
	}
	return exitFailed
}
