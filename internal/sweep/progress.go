package sweep

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Progress follows a sweep. Execute calls Start once, Done from any
// goroutine each time a run finishes (successfully or not), and Finish at
// the end.
type Progress interface {
	// Start says the sweep has total runs, of which done were finished
	// before (skipped on resume).
	Start(total, done int)
	Done()
	Finish()
}

// TerminalProgress returns a progress bar with count, rate and ETA drawn
// on w if w is a terminal, and a Progress that shows nothing otherwise (a
// log file or a pipe gets no bar).
func TerminalProgress(w io.Writer) Progress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &bar{w: w}
	}
	return quiet{}
}

type quiet struct{}

func (quiet) Start(int, int) {}
func (quiet) Done()          {}
func (quiet) Finish()        {}

type bar struct {
	w   io.Writer
	bar *progressbar.ProgressBar
}

func (b *bar) Start(total, done int) {
	desc := "sweep"
	if done > 0 {
		desc = fmt.Sprintf("sweep (%d of %d done before)", done, total)
	}
	b.bar = progressbar.NewOptions(total-done,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("runs"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

func (b *bar) Done() { b.bar.Add(1) }

// Finish leaves the bar as it stands (an interrupted sweep is not shown
// complete) and ends its line.
func (b *bar) Finish() {
	b.bar.Exit()
	fmt.Fprintln(b.w)
}
