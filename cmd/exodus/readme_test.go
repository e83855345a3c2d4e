package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadme runs every example of README.md, in a fresh folder holding a
// copy of examples/, data/ and results/calibration/ (the posterior the
// rednote-2025 experiment draws from): each `exodus` command line of its sh blocks
// (run, sweep, experiment run and calibrate with --check, so that they check their inputs
// and stop; scenario commands as they are, a > redirection written to its
// file; for validate and bench, whose runs take minutes, and verify, which
// needs a results folder, that every flag given is one the command has), and each toml block as a sweep spec. A
// README example that no longer works fails here.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	for _, dir := range []string{"examples", "data", "results/calibration"} {
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, dir))); err != nil {
			t.Fatal(err)
		}
	}
	blocks := codeBlocks(string(readme))
	n := 0
	for _, b := range blocks {
		switch b.lang {
		case "toml":
			if err := os.WriteFile("readme.toml", []byte(b.text), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, errs, code := exodus(t, "sweep", "--spec", "readme.toml", "--check"); code != 0 {
				t.Errorf("README toml block, as a sweep spec: exit %d: %s\n%s", code, errs, b.text)
			}
			n++
		case "sh":
			for _, line := range strings.Split(b.text, "\n") {
				args := shellWords(line)
				switch {
				case len(args) >= 2 && args[0] == "go" && args[1] == "run":
					args = append([]string{"exodus"}, args[3:]...) // go run ./cmd/exodus …
				case len(args) == 0 || args[0] != "exodus":
					continue // make, comments
				}
				readmeCommand(t, line, args[1:])
				n++
			}
		}
	}
	if n < 10 {
		t.Errorf("ran %d README examples, want every one (at least 10): did the README's code blocks change form?", n)
	}
}

// readmeCommand runs one README command line (args after "exodus").
func readmeCommand(t *testing.T, line string, args []string) {
	t.Helper()
	var redirect string
	if i := slices.Index(args, ">"); i >= 0 {
		redirect, args = args[i+1], args[:i]
	}
	switch args[0] {
	case "run", "sweep", "experiment", "calibrate":
		at := 1
		if args[0] == "experiment" {
			at = 2 // after "experiment run"
		}
		if !slices.Contains(args, "--check") && (args[0] != "experiment" || args[1] == "run") {
			args = slices.Insert(slices.Clone(args), at, "--check")
		}
	case "validate", "bench", "verify":
		help, _, code := exodus(t, args[0], "--help")
		for _, a := range args[1:] {
			if flag, _, _ := strings.Cut(a, "="); strings.HasPrefix(flag, "--") && (code != 0 || !strings.Contains(help, flag+" ")) {
				t.Errorf("README: %s: %s has no flag %s", line, args[0], flag)
			}
		}
		return
	}
	out, errs, code := exodus(t, args...)
	if code != 0 {
		t.Errorf("README: %s: exit %d: %s", line, code, errs)
	}
	if redirect != "" {
		if err := os.WriteFile(redirect, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// block is a fenced code block of a Markdown text.
type block struct{ lang, text string }

// codeBlocks returns the fenced code blocks of md.
func codeBlocks(md string) []block {
	var out []block
	var cur *block
	for _, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &block{lang: strings.TrimPrefix(line, "```")}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return out
}

// shellWords splits a shell command line into words: white space
// separates them, single and double quotes group, # starts a comment.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			return words
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}
