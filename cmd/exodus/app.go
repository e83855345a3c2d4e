package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"exodus/internal/version"
)

// run runs the CLI with args (args[0] is the program name), writing to
// stdout and stderr; tests call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return newApp(stdout, stderr).RunContext(ctx, args)
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:            "exodus",
		Usage:           "simulate users migrating between social platforms",
		Version:         version.String(),
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Commands: []*cli.Command{
			runCommand(),
			scenarioCommand(),
			benchCommand(),
			validateCommand(),
			sweepCommand(),
			experimentCommand(),
			calibrateCommand(),
		},
		// Errors are printed once, by exitCode.
		ExitErrHandler: func(*cli.Context, error) {},
	}
}

// usageError marks an error in the command line itself.
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// exitCode prints err and maps it to the process exit code: 0 success,
// 2 a bad command line, 130 interrupted, 1 anything else.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "exodus:", err)
	var ue usageError
	switch {
	case errors.As(err, &ue):
		return 2
	case errors.Is(err, context.Canceled):
		return 130
	}
	return 1
}
