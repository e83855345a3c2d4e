package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"exodus/internal/version"
)

// run runs the CLI with args (args[0] is the program name), writing to
// stdout and stderr; tests call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	app := newApp(stdout, stderr)
	app.Metadata = map[string]any{argsKey: args}
	return app.RunContext(ctx, args)
}

// argsKey keys the command line in the app's Metadata.
const argsKey = "args"

// commandLine returns the command line c runs in, as a shell would read
// it back: "exodus" and the arguments, quoted where needed; a report
// shows it as the command that reproduces its folder.
func commandLine(c *cli.Context) string {
	args, _ := c.App.Metadata[argsKey].([]string)
	words := []string{"exodus"}
	for _, a := range args[min(1, len(args)):] {
		words = append(words, shellQuote(a))
	}
	return strings.Join(words, " ")
}

// shellQuote returns s as one word of a POSIX shell: unchanged when it
// holds only characters no shell treats specially, else in single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,:/@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:            "exodus",
		Usage:           "simulate users migrating between social platforms",
		Description:     exitCodesHelp,
		Version:         version.String(),
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		Commands: []*cli.Command{
			runCommand(),
			scenarioCommand(),
			benchCommand(),
			validateCommand(),
			verifyCommand(),
			sweepCommand(),
			experimentCommand(),
			calibrateCommand(),
			slurmCommand(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("unknown command %q (see exodus --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		OnUsageError: onUsageError,
		// Errors are printed once, by exitCode.
		ExitErrHandler: func(*cli.Context, error) {},
	}
	setUsageErrors(app.Commands)
	return app
}

// setUsageErrors makes a bad flag of any command a usageError.
func setUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
		setUsageErrors(c.Subcommands)
	}
}

func onUsageError(c *cli.Context, err error, _ bool) error {
	name := c.App.Name
	if c.Command != nil && c.Command.HelpName != "" {
		name = c.Command.HelpName
	}
	return usagef("%v (see %s --help)", err, name)
}

// usageError marks a bad command line or bad input: exit code 2.
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func (e usageError) Unwrap() error { return e.error }
