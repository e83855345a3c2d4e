package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/exodus-sim/exodus/internal/sweep"
	"github.com/exodus-sim/exodus/model"
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

// runProgress returns a progress line for a scenario run — ticks done,
// the simulated time, ticks per second and the time left — rewritten at
// most twice a second on stderr when it is a terminal; nil (no progress)
// when it is not, or with --quiet or --json.
func runProgress(c *cli.Context, p *model.Plan) func(done, total int) {
	f, ok := c.App.ErrWriter.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || c.Bool("quiet") || c.Bool("json") {
		return nil
	}
	var start, last time.Time // start: the first tick seen, once the network is built
	first := 0                // that tick: 0, or the tick a resumed run starts after
	warm := p.WarmupTicks()
	return func(done, total int) {
		now := time.Now()
		if start.IsZero() {
			start, last, first = now, now, done
			return
		}
		if now.Sub(last) < 500*time.Millisecond && done < total {
			return
		}
		last = now
		rate := float64(done-first) / now.Sub(start).Seconds()
		left := time.Duration(float64(total-done) / max(rate, 1e-9) * float64(time.Second)).Round(time.Second)
		at := "warm-up"
		if done >= warm {
			at = p.TimeOf(done - warm).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(f, "\r\x1b[Ktick %d/%d (%s), %.0f ticks/s, %s left", done, total, at, rate, left)
		if done >= total {
			fmt.Fprintln(f)
		}
	}
}
