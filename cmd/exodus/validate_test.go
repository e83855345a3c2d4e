package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateQuick runs `exodus validate --quick` in-process: it must
// succeed, print a PASS row per compared quantity and no FAIL, and write
// checks.csv with the same rows, one figure per check and the manifest.
func TestValidateQuick(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"exodus", "validate", "--quick", "--out", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("validate --quick: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String()
	if strings.Contains(out, "FAIL") || strings.Count(out, "PASS") < 10 {
		t.Errorf("printed table has a FAIL or fewer than 10 PASS rows:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "checks.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0] != "name,quantity,expected,got,tolerance,result" {
		t.Errorf("checks.csv header %q", lines[0])
	}
	if got, want := len(lines)-1, strings.Count(out, "PASS"); got != want {
		t.Errorf("checks.csv has %d rows, the table %d", got, want)
	}
	for _, name := range []string{"bass", "granovetter", "watts", "irsir", "flip"} {
		if !strings.Contains(string(b), "\n"+name+",") {
			t.Errorf("checks.csv has no row of check %s", name)
		}
		if _, err := os.Stat(filepath.Join(dir, name+".svg")); err != nil {
			t.Errorf("figure of check %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Error(err)
	}
}

func TestValidateUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"exodus", "validate", "extra"}, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != 2 {
		t.Errorf("validate extra: exit code %d (%v), want 2", code, err)
	}
}
