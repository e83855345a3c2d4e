package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/model"
)

// checkpointRun is the small run the checkpoint tests stop and resume:
// 20 000 agents, 14 days of warm-up and 20 recorded days (816 ticks of an
// hour, the blackout and restore included), a checkpoint every 6 hours.
func checkpointRun(dir, workers string) []string {
	return []string{"run", "--agents", "2e4", "--set", `duration="20d"`, "--seed", "5", "--workers", workers,
		"--checkpoint-every", "6h", "--out", dir, "--quiet"}
}

// times matches the wall times in manifest.json and report.html, which
// differ between any two runs, and the workers, which a resumed run may
// change.
var times = regexp.MustCompile(`((wall|network|run)_seconds(&#34;|")?: |workers(&#34;|")?: )[0-9.e+-]+`)

// sameFolders checks that folders got and want hold the same files with
// the same bytes, but for the wall times and workers in manifest.json and
// report.html and, in consequence, the SHA-256 and size of report.html in
// the manifest.
func sameFolders(t *testing.T, name, got, want string) {
	t.Helper()
	read := func(dir string) map[string][]byte {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files := map[string][]byte{}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() == "manifest.json" || e.Name() == "report.html" {
				b = times.ReplaceAll(b, []byte("${1}0"))
			}
			if e.Name() == "manifest.json" {
				b = regexp.MustCompile(`("path": "report.html",\s*"bytes": )\d+(,\s*"sha256": ")[0-9a-f]+`).ReplaceAll(b, []byte("${1}0${2}"))
			}
			files[e.Name()] = b
		}
		return files
	}
	g, w := read(got), read(want)
	if len(g) != len(w) || len(w) < 7 {
		t.Errorf("%s: %d files, want %d (at least 7)", name, len(g), len(w))
	}
	for f, b := range w {
		if !bytes.Equal(g[f], b) {
			t.Errorf("%s: %s differs from the uninterrupted run's", name, f)
		}
	}
}

// startCLI starts exodus with args in a process of its own.
func startCLI(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), subprocessEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// waitFor waits until path exists or the process ends, and reports
// whether it exists.
func waitFor(path string, done <-chan struct{}) bool {
	for {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		select {
		case <-done:
			_, err := os.Stat(path)
			return err == nil
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// TestResumeKilled kills runs with SIGKILL once they have checkpointed a
// random tick, twice each (the second time the resumed run), resumes them
// and compares every file of the folder with an uninterrupted run's, for 1
// and 2 workers; no temporary file of a checkpoint is left.
func TestResumeKilled(t *testing.T) {
	root := t.TempDir()
	rng := rand.New(rand.NewPCG(17, 3))
	const ticks = 14*24 + 20*24 // of checkpointRun, warm-up included
	for _, workers := range []string{"1", "2"} {
		dir := filepath.Join(root, "run")
		want := filepath.Join(root, "want-"+workers)
		if _, errs, code := exodus(t, checkpointRun(dir, workers)...); code != 0 {
			t.Fatalf("workers %s: exit %d: %s", workers, code, errs)
		}
		if err := os.Rename(dir, want); err != nil {
			t.Fatal(err)
		}
		for trial := range 3 {
			name := "workers " + workers
			from := 0 // the tick of the last checkpoint
			for kill := range 2 {
				args := checkpointRun(dir, workers)
				if kill > 0 {
					args = []string{"run", "--resume", dir, "--quiet"}
				}
				target := from + 1 + rng.IntN((ticks-from)*2/3) // a tick to kill after
				cmd := startCLI(t, args...)
				done := make(chan struct{})
				go func() { cmd.Wait(); close(done) }()
				killAfter(checkpointPath(dir), target, done)
				cmd.Process.Kill()
				<-done
				h, _, f, err := openCheckpoint(checkpointPath(dir))
				if err != nil {
					t.Fatalf("%s: no checkpoint after the kill aimed at tick %d: %v", name, target, err)
				}
				f.Close()
				from = h.Tick
				name += fmt.Sprintf(", killed after tick %d of %d (%s)", h.Tick, h.Ticks, h.At)
			}
			if _, errs, code := exodus(t, "run", "--resume", dir); code != 0 {
				t.Fatalf("%s: resume: exit %d: %s", name, code, errs)
			}
			name += fmt.Sprintf(" (trial %d)", trial)
			t.Log(name)
			sameFolders(t, name, dir, want)
			if left, _ := filepath.Glob(filepath.Join(root, ".*")); len(left) > 0 || fileExists(checkpointPath(dir)) {
				t.Errorf("%s: left behind: %v and the checkpoint (%v)", name, left, fileExists(checkpointPath(dir)))
			}
			os.RemoveAll(dir)
		}
	}
}

// killAfter returns once the checkpoint at path holds a tick ≥ target or
// the process ends.
func killAfter(path string, target int, done <-chan struct{}) {
	for {
		if h, _, f, err := openCheckpoint(path); err == nil {
			f.Close()
			if h.Tick >= target {
				return
			}
		}
		select {
		case <-done:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestResumeInterrupted cancels a run in-process once its first
// checkpoint is written: the exit is 130 and the message says how to
// resume; the same command again is refused while the checkpoint is
// there; --resume --check describes it; --resume ends the run with the
// folder of an uninterrupted one, and removes the checkpoint.
func TestResumeInterrupted(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	want := filepath.Join(root, "want")
	if _, errs, code := exodus(t, checkpointRun(dir, "2")...); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if fileExists(checkpointPath(dir)) {
		t.Error("a run that completed left its checkpoint")
	}
	os.Rename(dir, want)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		waitFor(checkpointPath(dir), done)
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	var stdout, stderr bytes.Buffer
	err := run(ctx, append([]string{"exodus"}, checkpointRun(dir, "2")...), &stdout, &stderr)
	close(done)
	if code := exitCode(err, &stderr); code != exitInterrupted || !strings.Contains(stderr.String(), "exodus run --resume "+dir) {
		t.Fatalf("exit %d, stderr %q; want %d and how to resume", code, stderr.String(), exitInterrupted)
	}
	if _, errs, code := exodus(t, checkpointRun(dir, "2")...); code != exitInput || !strings.Contains(errs, "unfinished run") || !strings.Contains(errs, "--resume "+dir) {
		t.Errorf("the same command again: exit %d, stderr %q; want %d, an unfinished run and how to resume", code, errs, exitInput)
	}
	if out, errs, code := exodus(t, "run", "--resume", dir, "--check"); code != 0 || !strings.Contains(out, "rednote-2025 at tick ") {
		t.Errorf("--resume --check: exit %d, %q %q", code, out, errs)
	}
	if _, errs, code := exodus(t, "run", "--resume", dir, "--workers", "1", "--quiet"); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errs)
	}
	sameFolders(t, "interrupted", dir, want)
	if fileExists(checkpointPath(dir)) {
		t.Error("the resumed run left its checkpoint")
	}
}

// TestResumeRefused checks the checkpoints and flags a resume refuses,
// each with exit 2 and a message naming the problem: damaged files,
// another binary, other scenario flags, an edge list changed since the run
// started (and resumes it once restored), and --checkpoint-every values
// that are not a whole number of ticks.
func TestResumeRefused(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { waitFor(checkpointPath(dir), done); cancel() }()
	var stdout, stderr bytes.Buffer
	err := run(ctx, append([]string{"exodus"}, checkpointRun(dir, "2")...), &stdout, &stderr)
	close(done)
	if code := exitCode(err, &stderr); code != exitInterrupted {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	good, err := os.ReadFile(checkpointPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	// withCRC returns b with its last 4 bytes the CRC-32C of the others, as
	// a checkpoint ends.
	withCRC := func(b []byte) []byte {
		return binary.LittleEndian.AppendUint32(b[:len(b)-4:len(b)-4], crc32.Checksum(b[:len(b)-4], crc32.MakeTable(crc32.Castagnoli)))
	}
	// flipped has a bit flipped a quarter into the file, among numbers of
	// the run's state rather than the length of an array, which the reader
	// refuses before it reaches the checksum (at two thirds the flip hit
	// such a length once the census's state grew), so that only the
	// checksum catches it.
	flipped := bytes.Clone(good)
	flipped[len(flipped)/4] ^= 0x10
	otherBinary := withCRC(regexp.MustCompile(`"binary_sha256":"[0-9a-f]{64}"`).ReplaceAll(bytes.Clone(good), []byte(`"binary_sha256":"`+strings.Repeat("0", 64)+`"`)))
	otherTOML := withCRC(bytes.Replace(bytes.Clone(good), []byte(`agents = 20000`), []byte(`agents = 20001`), 1))
	for i, test := range []struct {
		name       string
		checkpoint []byte // nil: none
		args       []string
		want       string
	}{
		{"no checkpoint", nil, nil, "no checkpoint"},
		{"a bit flipped", flipped, nil, "checksum mismatch"},
		{"truncated", good[:len(good)/2], nil, "truncated"},
		{"another binary", otherBinary, nil, "another exodus binary"},
		{"a scenario that is not the one hashed", otherTOML, nil, "the checkpoint is damaged"},
		{"another scenario given", good, []string{"--set", "weights.protest=1"}, "is not the one of the checkpoint"},
		{"another seed given", good, []string{"--seed", "6"}, "is not the one of the checkpoint"},
		{"another folder", good, []string{"--out", filepath.Join(root, "other")}, "give only --resume"},
		{"a checkpoint interval not a whole number of ticks", good, []string{"--checkpoint-every", "90m"}, "whole number of ticks"},
		{"a classic rule", good, []string{"--rule", "bass"}, "applies to scenario runs"},
	} {
		os.Remove(checkpointPath(dir))
		if test.checkpoint != nil {
			os.WriteFile(checkpointPath(dir), test.checkpoint, 0o644)
		}
		_, errs, code := exodus(t, append([]string{"run", "--resume", dir, "--quiet"}, test.args...)...)
		if code != exitInput || !strings.Contains(errs, test.want) {
			t.Errorf("case %d (%s): exit %d, stderr %q; want %d and %q", i, test.name, code, errs, exitInput, test.want)
		}
	}
	// An edge list changed after the run started.
	edges := filepath.Join(root, "ring.txt")
	var ring strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&ring, "%d %d\n%d %d\n", i, (i+1)%3000, i, (i+7)%3000)
	}
	os.WriteFile(edges, []byte(ring.String()), 0o644)
	onEdges := filepath.Join(root, "edges")
	ctx, cancel = context.WithCancel(context.Background())
	done = make(chan struct{})
	go func() { waitFor(checkpointPath(onEdges), done); cancel() }()
	err = run(ctx, []string{"exodus", "run", "--agents", "3000", "--set", "network.kind=edge-list", "--set", "network.path=" + edges,
		"--set", `duration="5d"`, "--checkpoint-every", "1", "--out", onEdges, "--quiet"}, &stdout, &stderr)
	close(done)
	if code := exitCode(err, &stderr); code != exitInterrupted {
		t.Fatalf("edge list: exit %d: %s", code, stderr.String())
	}
	os.WriteFile(edges, []byte(ring.String()+"0 1500\n"), 0o644)
	if _, errs, code := exodus(t, "run", "--resume", onEdges); code != exitInput || !strings.Contains(errs, "has changed since the run started") {
		t.Errorf("edge list changed: exit %d, stderr %q; want %d and that it changed", code, errs, exitInput)
	}
	os.WriteFile(edges, []byte(ring.String()), 0o644)
	if _, errs, code := exodus(t, "run", "--resume", onEdges, "--quiet"); code != 0 {
		t.Errorf("edge list as it was: exit %d: %s", code, errs)
	}

	for i, test := range []struct {
		every, want string
	}{
		{"90m", "whole number of ticks of 1h0m0s"},
		{"0", "whole number of ticks"},
		{"soon", `--checkpoint-every = "soon"`},
		{"-6h", "whole number of ticks"},
	} {
		_, errs, code := exodus(t, "run", "--agents", "100", "--checkpoint-every", test.every, "--out", filepath.Join(root, "never"))
		if code != exitInput || !strings.Contains(errs, test.want) {
			t.Errorf("--checkpoint-every case %d (%s): exit %d, stderr %q; want %d and %q", i, test.every, code, errs, exitInput, test.want)
		}
	}
}

// TestCheckpointInterruptedWrite interrupts the writing of a checkpoint:
// the run stops with the interrupt and the last checkpoint is left whole.
func TestCheckpointInterruptedWrite(t *testing.T) {
	edits, err := model.ParseEdits([]string{"agents=500", `duration="1d"`})
	if err != nil {
		t.Fatal(err)
	}
	p, err := model.Load(model.DefaultScenario, edits...)
	if err != nil {
		t.Fatal(err)
	}
	h, err := newCheckpointHeader(p, model.Duration(6*time.Hour), 1, "exodus run")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.checkpoint")
	ctx, cancel := context.WithCancel(context.Background())
	k := &checkpointer{ctx: ctx, path: path, header: h, start: time.Now(), ticks: time.Now()}
	written := 0
	m, err := model.NewMigration(context.Background(), p, model.RunOptions{Workers: 1, CheckpointEvery: 6,
		Checkpoint: func(m *model.Migration) error {
			if written == 1 {
				cancel() // the second checkpoint is interrupted as it starts
			}
			written++
			return k.write(m)
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Complete(context.Background()); !errors.Is(err, context.Canceled) {
		t.Fatalf("the run ended with %v, want context.Canceled", err)
	}
	got, _, f, err := openCheckpoint(path)
	if err != nil {
		t.Fatalf("the first checkpoint is not whole: %v", err)
	}
	f.Close()
	if got.Tick != 6 || written != 2 {
		t.Errorf("the checkpoint holds tick %d after %d writes, want tick 6 after 2", got.Tick, written)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
