package study

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/internal/sweep"
	"github.com/exodus-sim/exodus/model"
)

// TestMain runs stampWorker instead of the tests in the processes that
// TestTwoStudies starts.
func TestMain(m *testing.M) {
	if dir := os.Getenv("EXODUS_STUDY_WORKER_DIR"); dir != "" {
		s, err := agentsStudy(os.Getenv("EXODUS_STUDY_WORKER_AGENTS"))
		if err == nil {
			err = s.Execute(context.Background(), dir, sweep.Options{Jobs: 1})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// agentsStudy is rednote-2025 over 10 days at the given agents, one point
// of 2 replicates: the studies of the report (same axes and seed,
// another population).
func agentsStudy(agents string) (*Study, error) {
	edits, err := model.ParseEdits([]string{"agents=" + agents, `duration="10d"`})
	if err != nil {
		return nil, err
	}
	p, err := model.Load(model.DefaultScenario, edits...)
	if err != nil {
		return nil, err
	}
	return &Study{Replicates: 2, Seed: 3, Points: []Point{{Label: "base", Plan: p}}}, nil
}

// TestTwoStudies starts two processes at once on one folder, 6 times,
// with studies that differ only by their agents (2000 and 3000): every
// time one runs and the other is refused, naming the folder, and the
// folder's stamp and every run file carry the first one's fingerprint.
func TestTwoStudies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 12 processes")
	}
	agents := []string{"2000", "3000"}
	fps := map[string]string{}
	for _, a := range agents {
		s, err := agentsStudy(a)
		if err != nil {
			t.Fatal(err)
		}
		if fps[a], err = s.Fingerprint(); err != nil {
			t.Fatal(err)
		}
	}
	for trial := range 6 {
		dir := t.TempDir()
		cmds := make([]*exec.Cmd, 2)
		errs := make([]bytes.Buffer, 2)
		for i, a := range agents {
			cmds[i] = exec.Command(os.Args[0], "-test.run=^$")
			cmds[i].Env = append(os.Environ(), "EXODUS_STUDY_WORKER_DIR="+dir, "EXODUS_STUDY_WORKER_AGENTS="+a)
			cmds[i].Stderr = &errs[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		winner := ""
		for i, cmd := range cmds {
			if err := cmd.Wait(); err == nil {
				if winner != "" {
					t.Fatalf("trial %d: both studies ran in one folder", trial)
				}
				winner = agents[i]
			} else if !strings.Contains(errs[i].String(), "another study") || !strings.Contains(errs[i].String(), dir) {
				t.Errorf("trial %d: agents=%s refused with %q, want it to name the folder of another study", trial, agents[i], errs[i].String())
			}
		}
		if winner == "" {
			t.Fatalf("trial %d: neither study ran", trial)
		}
		b, err := os.ReadFile(filepath.Join(dir, sweep.RunsDir, stamp))
		if err != nil {
			t.Fatal(err)
		}
		var st stampFile
		if err := json.Unmarshal(b, &st); err != nil || st.Fingerprint != fps[winner] {
			t.Errorf("trial %d: stamp %s, want agents=%s's fingerprint %.12s", trial, b, winner, fps[winner])
		}
		for _, a := range agents {
			s, _ := agentsStudy(a)
			_, err := s.Aggregate(dir)
			if a == winner && err != nil {
				t.Errorf("trial %d: the winner's runs: %v", trial, err)
			}
			if a != winner && err == nil {
				t.Errorf("trial %d: agents=%s aggregated the other study's runs", trial, a)
			}
		}
	}
}
