package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/report"
	"github.com/exodus-sim/exodus/internal/runfiles"
	"github.com/exodus-sim/exodus/model"
)

var small struct {
	once sync.Once
	run  *model.MigrationRun
	err  error
}

// smallRun returns a run of the default scenario with 2000 agents over
// 20 days (the blackout and restore included), made once.
func smallRun(t *testing.T) *model.MigrationRun {
	t.Helper()
	small.once.Do(func() {
		edits, err := model.ParseEdits([]string{"agents=2000", `duration="20d"`})
		if err != nil {
			small.err = err
			return
		}
		p, err := model.Load(model.DefaultScenario, edits...)
		if err != nil {
			small.err = err
			return
		}
		small.run, small.err = model.RunScenario(context.Background(), p, model.RunOptions{Workers: 1})
	})
	if small.err != nil {
		t.Fatal(small.err)
	}
	return small.run
}

// writeSmallRun writes, as exodus run does, the tables and report.html of
// smallRun to dir, with a manifest.
func writeSmallRun(t *testing.T, dir string) {
	t.Helper()
	r := smallRun(t)
	if err := runfiles.Write(dir, r.Plan, r.History); err != nil {
		t.Fatal(err)
	}
	m := output.NewManifest(map[string]any{"scenario": r.Plan.Name}, r.Plan.Seed, 1, 0)
	if err := report.WriteRun(dir, r, `exodus run --agents 2000 --set 'duration="20d"'`, m); err != nil {
		t.Fatal(err)
	}
}

// TestRenderEscapes renders a page whose every text, and a table's
// cells, hold markup, and checks that all of it is escaped and that the
// page refers to nothing outside itself.
func TestRenderEscapes(t *testing.T) {
	dir := t.TempDir()
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	csv := "name,value\n\"" + strings.ReplaceAll(evil, `"`, `""`) + "\",1\n"
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	p := report.Page{
		Title: evil, Description: evil,
		Facts:   []report.Fact{{evil, evil}},
		Summary: []report.Term{{evil, evil, evil}},
		Notes:   []string{evil},
		Command: evil,
	}
	b, err := report.Render(dir, p, map[string]string{"note": evil})
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, bad := range []string{"<script", "<img", "<link", "@import", "url(", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	// Title ×2 (<title> and <h1>), description, fact ×2, term ×3, note,
	// table cell, manifest, command: 12 escaped copies.
	if n := strings.Count(page, "&lt;script&gt;"); n != 12 {
		t.Errorf("%d escaped copies of the markup, want 12", n)
	}
}

// TestHeads checks the head of a table: its header, its first HeadRows
// rows, a quoted cell read whole, and its row count.
func TestHeads(t *testing.T) {
	dir := t.TempDir()
	csv := "a,b\n\"x, y\",0\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n"
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := report.Render(dir, report.Page{Title: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<h3>t.csv</h3>", "5 of 7 rows", "<th>a</th><th>b</th>", "<td>x, y</td><td>0</td>", "<td>4</td><td>4</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<td>5</td>") {
		t.Error("page shows row 6 of the table")
	}
}

// TestWriteRunDeterministic writes the report of the same run twice and
// checks the bytes are equal, and that it holds the scenario, the
// summary, four figures (two groups' shares, the report group on the
// destination, its daily joins), the table's head, the manifest and the command.
func TestWriteRunDeterministic(t *testing.T) {
	var pages [][]byte
	for range 2 {
		dir := t.TempDir()
		writeSmallRun(t, dir)
		b, err := os.ReadFile(filepath.Join(dir, report.Name))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b)
	}
	if !bytes.Equal(pages[0], pages[1]) {
		t.Error("two reports of one run differ")
	}
	page := string(pages[0])
	r := smallRun(t)
	_, hash, _ := r.Plan.Identity()
	for _, want := range []string{hash, "peak excess", "retention", "one stochastic run", "14 days (336 ticks)", "series.csv",
		`id="figure-shares-US"`, `id="figure-shares-CN"`, `id="figure-users-US-RedNote"`, `id="figure-daily-joins-US"`, "exodus_version", "exodus run --agents 2000"} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if n := strings.Count(page, "<svg"); n != 4 {
		t.Errorf("%d figures, want 4", n)
	}
}

// TestTerms checks numbers of the summary's terms against the run's
// history, counted here from the counts: the peak excess is the largest
// count of the report group on the destination minus its count at tick 0,
// and the contact per agent the cross-group edges of every platform summed
// over the ticks, times the tick's hours, over the agents.
func TestTerms(t *testing.T) {
	r := smallRun(t)
	p, h := r.Plan, r.History
	g, dest := p.ReportGroup, p.Destination
	var top int64
	for tick := range h.Ticks() + 1 {
		top = max(top, h.Count(tick, g, dest))
	}
	var edgeHours float64
	for tick := 1; tick <= h.Ticks(); tick++ {
		for st := 1; st < len(p.States); st++ {
			edgeHours += float64(h.Contact[tick][st]) * p.Tick.D().Hours()
		}
	}
	terms := map[string]string{}
	for _, term := range report.Terms(r) {
		if term.Meaning == "" {
			t.Errorf("%s has no meaning", term.Name)
		}
		terms[term.Name] = term.Value
	}
	if want := fmt.Sprintf("%d agents", top-h.Count(0, g, dest)); terms["peak excess"] != want {
		t.Errorf("peak excess %q, want %q", terms["peak excess"], want)
	}
	perAgent, _, _ := strings.Cut(terms["cross-group contact"], " ")
	got, err := strconv.ParseFloat(perAgent, 64)
	want := edgeHours / float64(p.Agents)
	// Written with 3 significant digits: off by at most half a unit of
	// the third, a relative 5e-3.
	if err != nil || !(want > 0) || got < want*(1-5e-3) || got > want*(1+5e-3) {
		t.Errorf("cross-group contact %q (%v), want %.4g edge·hours per agent", terms["cross-group contact"], err, want)
	}
	for _, name := range []string{"final shares of US", "final shares of CN", "retention", "peak daily inflow", "decay half-life"} {
		if terms[name] == "" {
			t.Errorf("no term %q", name)
		}
	}
}
