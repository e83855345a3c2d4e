package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/exodus-sim/exodus/internal/kit/version"
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
		Name:                 "exodus",
		Usage:                "simulate users migrating between social platforms",
		Description:          exitCodesHelp,
		Version:              version.String(),
		Writer:               stdout,
		ErrWriter:            stderr,
		Suggest:              true,
		EnableBashCompletion: true,
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
			completionCommand(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				if cli.SuggestCommand != nil {
					return usagef("unknown command %q. %s (see exodus --help)", c.Args().First(), cli.SuggestCommand(c.App.Commands, c.Args().First()))
				}
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
	name, flags := c.App.Name, c.App.Flags
	if c.Command != nil && c.Command.HelpName != "" {
		name, flags = c.Command.HelpName, c.Command.Flags
	}
	if _, bad, ok := strings.Cut(err.Error(), "flag provided but not defined: "); ok && cli.SuggestFlag != nil {
		bad = strings.TrimLeft(bad, "-")
		if s := cli.SuggestFlag(flags, bad, true); s != "" && edits(strings.TrimLeft(s, "-"), bad) <= max(2, len(bad)/3) {
			return usagef("%v: did you mean %s? (see %s --help)", err, s, name)
		}
	}
	return usagef("%v (see %s --help)", err, name)
}

// usageError marks a bad command line or bad input: exit code 2.
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func (e usageError) Unwrap() error { return e.error }

// edits returns the Levenshtein distance between a and b: the fewest
// insertions, deletions and substitutions of bytes that turn a into b.
func edits(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev = cur
	}
	return prev[len(b)]
}
