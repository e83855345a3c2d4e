package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// examples is the folder of the examples a user copies.
var examples = filepath.Join("..", "..", "examples")

// analysers returns the commands that run the examples' analysis scripts
// whose interpreters are installed: Python with pandas, and R. Under
// CI=true both must be (.ci/run installs Debian's python3-pandas and
// r-base-core).
func analysers(t *testing.T) map[string][]string {
	t.Helper()
	found := map[string][]string{}
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import pandas").Run() == nil {
			found["python"] = []string{py, filepath.Join(examples, "analysis.py")}
			break
		}
	}
	if _, err := exec.LookPath("Rscript"); err == nil {
		found["R"] = []string{"Rscript", filepath.Join(examples, "analysis.R")}
	}
	if len(found) < 2 && os.Getenv("CI") == "true" {
		t.Fatalf("found %v; CI needs Python with pandas and Rscript (apt-get install python3-pandas r-base-core)", found)
	}
	return found
}

// TestExamples checks the user experiment of examples/ and runs the
// example sweep, then each analysis script installed on it: the mean peak
// daily inflow share of each point must be metrics.csv's, and each run's
// peak daily installs of RedNote by the US group, from runs_daily, the
// run's peak_daily_installs in runs.csv.
func TestExamples(t *testing.T) {
	if _, stderr, code := exodus(t, "experiment", "run", "--check", filepath.Join(examples, "experiment.toml")); code != 0 {
		t.Fatalf("examples/experiment.toml: exit %d: %s", code, stderr)
	}
	scripts := analysers(t)
	if len(scripts) == 0 {
		t.Skip("neither Python with pandas nor R is installed: the analysis scripts are not run")
	}
	out := filepath.Join(t.TempDir(), "sweep")
	if _, stderr, code := exodus(t, "sweep", "--quiet", "--spec", filepath.Join(examples, "sweep.toml"), "--out", out, "--jobs", "2"); code != 0 {
		t.Fatalf("example sweep: exit %d: %s", code, stderr)
	}
	type pointMean struct {
		n    string
		mean float64
	}
	want := map[string]pointMean{} // point → n, mean of peak_daily_inflow_share
	for _, r := range readRows(t, filepath.Join(out, "metrics.csv")) {
		if r["metric"] == "peak_daily_inflow_share" {
			v, _ := strconv.ParseFloat(r["mean"], 64)
			want[r["point"]] = pointMean{r["n"], v}
		}
	}
	peaks := map[string]string{} // point/replicate → peak_daily_installs
	for _, r := range readRows(t, filepath.Join(out, "runs.csv")) {
		peaks[r["point"]+"/"+r["replicate"]] = r["peak_daily_installs"]
	}
	for lang, args := range scripts {
		cmd := exec.Command(args[0], append(args[1:], out)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.Output()
		if err != nil {
			t.Errorf("%s: %v: %s", lang, err, stderr.String())
			continue
		}
		blocks := strings.SplitN(string(stdout), "\n\n", 2)
		if len(blocks) != 2 {
			t.Errorf("%s printed %q, want two tables", lang, stdout)
			continue
		}
		means, err := csv.NewReader(strings.NewReader(blocks[0])).ReadAll()
		if err != nil || len(means) != 1+len(want) {
			t.Errorf("%s: first table %q (%v), want a row per point", lang, blocks[0], err)
			continue
		}
		for _, r := range means[1:] {
			p := strings.TrimSpace(r[0])
			got, _ := strconv.ParseFloat(strings.TrimSpace(r[4]), 64)
			// metrics.csv rounds to 6 significant digits (study.Digits).
			if w := want[p]; strings.TrimSpace(r[3]) != w.n || !relClose(got, w.mean, digitsTol) {
				t.Errorf("%s: point %s: n %s, mean %v; metrics.csv says %s, %v", lang, p, r[3], got, w.n, w.mean)
			}
		}
		days, err := csv.NewReader(strings.NewReader(blocks[1])).ReadAll()
		if err != nil || len(days) != 1+len(peaks) {
			t.Errorf("%s: second table %q (%v), want a row per run", lang, blocks[1], err)
			continue
		}
		for _, r := range days[1:] {
			if k := r[0] + "/" + r[1]; r[3] != peaks[k] {
				t.Errorf("%s: run %s: peak daily installs %s, runs.csv says %s", lang, k, r[3], peaks[k])
			}
		}
	}
}
