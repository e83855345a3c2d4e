package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestRunThresholdUntilStable runs the threshold rule with --ticks 0 on an
// Erdős–Rényi network from one initial adopter and checks the contract:
// the run stops at the first tick that changes no agent, and summary.json
// reports the final shares by state name, matching the last tick of
// series.csv.
func TestRunThresholdUntilStable(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"exodus", "run", "--rule", "threshold", "--network", "erdos-renyi",
		"--agents", "2e4", "--mean-degree", "3", "--ticks", "0", "--seed", "3", "--param", "seeds=1", "--out", dir},
		&stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	var summary struct {
		Ticks       int                `json:"ticks"`
		Agents      int                `json:"agents"`
		FinalShares map[string]float64 `json:"final_shares"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &summary); err != nil {
		t.Fatal(err)
	}
	if sum := summary.FinalShares["susceptible"] + summary.FinalShares["adopted"]; len(summary.FinalShares) != 2 || math.Abs(sum-1) > 1e-12 {
		t.Errorf("final_shares = %v, want susceptible and adopted summing to 1", summary.FinalShares)
	}

	f, err := os.Open(filepath.Join(dir, "series.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	adopted := map[int]int{} // tick → adopters
	for _, r := range rows[1:] {
		if r[2] == "adopted" {
			tick, _ := strconv.Atoi(r[0])
			n, _ := strconv.Atoi(r[3])
			adopted[tick] = n
		}
	}
	last := summary.Ticks
	// Seed 3 triggers a global cascade (z = 3 is inside the cascade window
	// of Watts 2002): about 20 ticks.
	if last < 5 {
		t.Fatalf("the run stopped after %d ticks: no cascade to test the stopping rule on", last)
	}
	if len(adopted) != last+1 || adopted[0] != 1 {
		t.Fatalf("series has %d ticks of adopters starting at %d, want %d starting at 1", len(adopted), adopted[0], last+1)
	}
	for tick := 1; tick < last; tick++ {
		if adopted[tick] == adopted[tick-1] {
			t.Errorf("tick %d changed no agent but the run went on to tick %d", tick, last)
		}
	}
	if adopted[last] != adopted[last-1] {
		t.Errorf("last tick %d changed agents (%d → %d): the run stopped early", last, adopted[last-1], adopted[last])
	}
	if got, want := summary.FinalShares["adopted"], float64(adopted[last])/float64(summary.Agents); got != want {
		t.Errorf("final adopted share %v, series says %v", got, want)
	}
}
