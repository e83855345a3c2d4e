package output

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeGeneration writes a folder whose every file says it is generation
// gen: a.csv, b.csv and sub/c.json, b.csv large enough that writing it
// takes a while.
func writeGeneration(ctx context.Context, dir string, gen int) error {
	f, err := NewFolder(dir)
	if err != nil {
		return err
	}
	defer f.Discard()
	tag := fmt.Sprintf("generation %d\n", gen)
	for _, file := range []struct {
		name string
		data string
	}{
		{"a.csv", tag},
		{"b.csv", tag + strings.Repeat("x", 1<<16*(1+gen%4))},
		{"sub/c.json", tag},
	} {
		if err := WriteFile(f.Path(file.name), []byte(file.data)); err != nil {
			return err
		}
	}
	return f.Commit(ctx, NewManifest(map[string]int{"generation": gen}, 1, 1, 0))
}

// generation returns the generation of the folder dir if it is whole: it
// verifies against its manifest and every file names the same generation.
func generation(dir string) (int, error) {
	if err := Verify(dir); err != nil {
		return 0, err
	}
	gen := -1
	for _, name := range []string{"a.csv", "b.csv", "sub/c.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return 0, err
		}
		line, _, _ := bytes.Cut(b, []byte("\n"))
		g, err := strconv.Atoi(strings.TrimPrefix(string(line), "generation "))
		if err != nil {
			return 0, fmt.Errorf("%s: %q", name, line)
		}
		if gen >= 0 && g != gen {
			return 0, fmt.Errorf("mixed: %s is generation %d, others %d", name, g, gen)
		}
		gen = g
	}
	return gen, nil
}

func TestFolderCommitAndVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	for gen := range 3 {
		if err := writeGeneration(context.Background(), dir, gen); err != nil {
			t.Fatal(err)
		}
		if got, err := generation(dir); err != nil || got != gen {
			t.Fatalf("after writing generation %d: generation %d, %v", gen, got, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".run.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
	for i, test := range []struct {
		change func() error
		want   string
	}{
		{func() error { return os.WriteFile(filepath.Join(dir, "a.csv"), []byte("generation 9\n"), 0o644) }, "a.csv has SHA-256"},
		{func() error { return os.WriteFile(filepath.Join(dir, "sub/c.json"), nil, 0o644) }, "sub/c.json has 0 bytes"},
		{func() error { return os.Remove(filepath.Join(dir, "b.csv")) }, "b.csv is missing"},
		{func() error { return os.WriteFile(filepath.Join(dir, "extra.txt"), nil, 0o644) }, "extra.txt is not in the manifest"},
	} {
		if err := writeGeneration(context.Background(), dir, 5); err != nil {
			t.Fatal(err)
		}
		if err := test.change(); err != nil {
			t.Fatal(err)
		}
		if err := Verify(dir); err == nil || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d: Verify = %v, want an error with %q", i, err, test.want)
		}
	}
}

// snapshot returns every file under dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFolderFailureLeavesOld checks that a writer that fails, is cancelled
// or discards leaves the previous folder byte for byte.
func TestFolderFailureLeavesOld(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if err := writeGeneration(context.Background(), dir, 1); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := writeGeneration(ctx, dir, 2); err == nil {
		t.Fatal("a cancelled commit succeeded")
	}
	f, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(f.Path("a.csv"), []byte("half done")); err != nil {
		t.Fatal(err)
	}
	f.Discard()
	after := snapshot(t, dir)
	if len(after) != len(before) {
		t.Fatalf("files before %d, after %d", len(before), len(after))
	}
	for path, b := range before {
		if after[path] != b {
			t.Errorf("%s changed", path)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".run.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestFolderRefusesOtherFolders checks that a folder with files but no
// manifest, or a file, is not replaced.
func TestFolderRefusesOtherFolders(t *testing.T) {
	root := t.TempDir()
	notes := filepath.Join(root, "notes")
	os.Mkdir(notes, 0o755)
	os.WriteFile(filepath.Join(notes, "a.txt"), nil, 0o644)
	file := filepath.Join(root, "file")
	os.WriteFile(file, nil, 0o644)
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	for _, test := range []struct {
		dir string
		ok  bool
	}{{notes, false}, {file, false}, {empty, true}, {filepath.Join(root, "new"), true}} {
		f, err := NewFolder(test.dir)
		if (err == nil) != test.ok {
			t.Errorf("NewFolder(%s) error %v, want ok %v", test.dir, err, test.ok)
		}
		if f != nil {
			f.Discard()
		}
	}
}

// TestFolderRemovesStale checks that NewFolder removes the temporary
// folders of dead writers and keeps those of live ones.
func TestFolderRemovesStale(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	stale := filepath.Join(root, ".run.tmp-123")
	os.MkdirAll(filepath.Join(stale, "sub"), 0o755)
	live, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Discard()
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("stale %s kept", stale)
	}
	if err := writeGeneration(context.Background(), dir, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(live.Dir()); err != nil {
		t.Errorf("a live writer's folder was removed: %v", err)
	}
}

// killWriterEnv names the folder a re-executed test binary writes
// generations into until it is killed.
const killWriterEnv = "EXODUS_TEST_FOLDER_WRITER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(killWriterEnv); dir != "" {
		for gen := 0; ; gen++ {
			if err := writeGeneration(context.Background(), dir, gen); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
	os.Exit(m.Run())
}

// TestFolderKill kills a writer with SIGKILL at random moments and checks
// after each kill that the folder is absent (killed before its first
// commit) or whole: it verifies against its manifest and all its files come
// from one generation. The floor is 0 mixed folders in 100 kills.
func TestFolderKill(t *testing.T) {
	kills := 100
	if testing.Short() {
		kills = 20
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "run")
	rng := rand.New(rand.NewPCG(13, 1))
	mixed, whole, absent := 0, 0, 0
	for k := range kills {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), killWriterEnv+"="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.IntN(40_000)) * time.Microsecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(dir); err != nil {
			absent++
			continue
		}
		if _, err := generation(dir); err != nil {
			mixed++
			t.Errorf("kill %d: %v", k, err)
			continue
		}
		whole++
	}
	t.Logf("%d kills: %d whole folders, %d absent (killed before the first commit), %d mixed", kills, whole, absent, mixed)
	if err := writeGeneration(context.Background(), dir, 0); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".run.tmp-*")); len(left) > 0 {
		t.Errorf("stale temporary folders left after a new writer: %v", left)
	}
}
