package report_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// renderBudget is the longest a report may take to render: the floor of
// issue 12 (a 10⁶-agent run's report renders in ≤ 2 s).
const renderBudget = 2 * time.Second

// TestBrowser opens the report of a small run in Debian's Chromium,
// headless, from a file:// URL, and checks that it renders within
// renderBudget with no console error and no request beyond the file, that
// every figure is an SVG of non-zero size, and saves a screenshot
// (report.png in the test's folder, and at $EXODUS_SCREENSHOT when set).
// $EXODUS_REPORT=path checks that report instead, e.g. one of a 10⁶-agent
// run. Without Chromium the test is skipped, unless CI=true.
func TestBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is missing and CI=true: install it (apt-get install -y --no-install-recommends chromium): %v", err)
		}
		t.Skipf("Chromium is missing (apt-get install -y chromium); skipped, as CI is not true: %v", err)
	}
	path := os.Getenv("EXODUS_REPORT")
	figures := -1 // any number, for a report given by path
	if path == "" {
		dir := t.TempDir()
		writeSmallRun(t, dir)
		path, figures = filepath.Join(dir, "report.html"), 4
	}
	path, err = filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}

	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	var rec recorder
	if err := chromedp.Listen(ctx, rec.add); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}

	url := "file://" + filepath.ToSlash(path)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	// Milliseconds from the start of the navigation to the second frame
	// after the load event: the page parsed, laid out and painted.
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	rendered := time.Duration(ms * float64(time.Millisecond))
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %.2f MB, rendered in %v", path, float64(info.Size())/1e6, rendered.Round(time.Millisecond))
	if rendered > renderBudget {
		t.Errorf("rendered in %v, want ≤ %v", rendered, renderBudget)
	}

	type box struct {
		W, H  float64
		Paths int
	}
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[[]box](`Array.from(document.querySelectorAll("figure"), f => {
		const s = f.querySelector("svg"), r = s ? s.getBoundingClientRect() : {width: 0, height: 0};
		return {W: r.width, H: r.height, Paths: s ? s.querySelectorAll("path").length : 0};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if figures >= 0 && len(boxes) != figures {
		t.Errorf("%d figures, want %d", len(boxes), figures)
	}
	for i, b := range boxes {
		if !(b.W > 0 && b.H > 0 && b.Paths > 0) {
			t.Errorf("figure %d: svg %g × %g px with %d paths, want a non-zero size and paths", i, b.W, b.H, b.Paths)
		}
	}

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shots := []string{filepath.Join(t.TempDir(), "report.png")}
	if p := os.Getenv("EXODUS_SCREENSHOT"); p != "" {
		shots = append(shots, p)
	}
	for _, p := range shots {
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot: %s", strings.Join(shots, ", "))

	for _, problem := range rec.problems() {
		t.Error(problem)
	}
}

// recorder keeps the events of a tab that tell of a problem: console
// errors and warnings, uncaught exceptions, log entries of level error,
// and requests for anything but a file.
type recorder struct {
	mu   sync.Mutex
	list []string
}

func (r *recorder) add(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value))
			}
			problem = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		problem = "exception: " + (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error()
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			problem = fmt.Sprintf("console error (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		if !strings.HasPrefix(ev.Request.URL, "file://") {
			problem = "request beyond the file: " + ev.Request.URL
		}
	}
	if problem != "" {
		r.mu.Lock()
		r.list = append(r.list, problem)
		r.mu.Unlock()
	}
}

func (r *recorder) problems() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.list...)
}
