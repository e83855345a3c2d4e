package main

import (
	"encoding/json"
	"io"

	"github.com/urfave/cli/v2"

	"exodus/internal/sweep"
)

// The flags that choose what a command prints: by default its results in
// words on stdout and progress on a terminal's stderr; --quiet nothing
// but errors; --json its results as one JSON object on stdout and no
// progress.
var (
	quietFlag = &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors"}
	jsonFlag  = &cli.BoolFlag{Name: "json", Usage: "print the results as one JSON object on stdout, and no progress"}
)

// text returns where the command prints its results in words: stdout, or
// nowhere with --quiet or --json.
func text(c *cli.Context) io.Writer {
	if c.Bool("quiet") || c.Bool("json") {
		return io.Discard
	}
	return c.App.Writer
}

// progress returns the progress bar of a study's runs: on stderr when it
// is a terminal, none with --quiet or --json.
func progress(c *cli.Context) sweep.Progress {
	if c.Bool("quiet") || c.Bool("json") {
		return nil
	}
	return sweep.TerminalProgress(c.App.ErrWriter)
}

// printJSON writes v as indented JSON on stdout when --json is set.
func printJSON(c *cli.Context, v any) error {
	if !c.Bool("json") {
		return nil
	}
	enc := json.NewEncoder(c.App.Writer)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
