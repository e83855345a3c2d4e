package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/output"
)

// Name is the file name of a report.
const Name = "report.html"

// Page is what a report shows besides what it reads from its folder.
type Page struct {
	// Title heads the page, e.g. "rednote-2025: one run".
	Title string
	// Description says what was simulated, in the words of the scenario
	// or the study.
	Description string
	// Facts say what was run: scenario, agents, period, warm-up, seed …
	Facts []Fact
	// Summary holds the numbers, each with its definition in plain words,
	// under SummaryTitle (default "Summary").
	Summary      []Term
	SummaryTitle string
	// Notes are paragraphs after the summary: how to read it.
	Notes []string
	// Figures are drawn inline, in order.
	Figures []Figure
	// Command is the command line that reproduces the folder.
	Command string
}

// Fact is a named description of what was run.
type Fact struct{ Name, Value string }

// Term is a number of a summary, or a column of a table, with its meaning
// in plain words; Value may be empty when a term is only defined.
type Term struct{ Name, Value, Meaning string }

// Figure is a figure of a report, its Name the anchor of its link.
type Figure struct {
	Name    string
	Caption string
	figure.Figure
}

// HeadRows is the number of rows a report shows of each table.
const HeadRows = 5

// head is the head of a CSV table of a report's folder.
type head struct {
	File   string
	Header []string
	Rows   [][]string
	// Total is the number of rows of the table.
	Total int
}

// drawn is a figure rendered as inline SVG, at most Width CSS pixels
// wide.
type drawn struct {
	Name, Caption string
	SVG           template.HTML
	Width         int
}

// zoom is the scale of figures on the page: a Page-wide figure (7 in,
// 672 CSS px at 96 px per inch) fills the 900 px of the text column, and
// a Column-wide one half of it, its fonts as large.
const zoom = 900 / (7 * 96.0)

//go:embed page.tmpl
var pageText string

var pageTemplate = template.Must(template.New("page").Parse(pageText))

// Write writes dir/report.html: p, the heads of the CSV tables in dir
// (by file name) and manifest m, which is any value that encodes as JSON:
// the output.Manifest a folder is about to be committed with (without its
// list of files, which holds the report itself), or, for a folder whose
// manifest is written, json.RawMessage of it. Write it after the tables.
func Write(dir string, p Page, m any) error {
	b, err := Render(dir, p, m)
	if err != nil {
		return err
	}
	return output.WriteFile(filepath.Join(dir, Name), b)
}

// Render returns the report Write writes.
func Render(dir string, p Page, m any) ([]byte, error) {
	figs := make([]drawn, len(p.Figures))
	for i, f := range p.Figures {
		svg, err := figure.Render(f.Figure, figure.SVG)
		if err != nil {
			return nil, fmt.Errorf("report: figure %s: %w", f.Name, err)
		}
		w, _ := f.Size()
		figs[i] = drawn{f.Name, f.Caption, inline(svg), int(math.Round(float64(w/vg.Inch) * 96 * zoom))}
	}
	heads, err := heads(dir)
	if err != nil {
		return nil, err
	}
	var manifest bytes.Buffer
	if m != nil {
		// As manifest.json is written (output.WriteJSON), left for the
		// template to escape.
		enc := json.NewEncoder(&manifest)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			return nil, fmt.Errorf("report: manifest: %w", err)
		}
	}
	var b bytes.Buffer
	err = pageTemplate.Execute(&b, struct {
		Page
		Drawn    []drawn
		Heads    []head
		HeadRows int
		Manifest string
	}{p, figs, heads, HeadRows, manifest.String()})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return b.Bytes(), nil
}

// inline returns an SVG document as an element to put in HTML: from its
// <svg tag on, without the XML declaration and comments before it.
func inline(svg []byte) template.HTML {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	// Made by figure.Render, whose text is escaped (gonum's vgsvg).
	return template.HTML(s)
}
