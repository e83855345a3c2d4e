package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exodus-sim/exodus/model"
)

// exodusTZ runs exodus in a process of its own under the time zone tz and
// returns its stderr and exit code.
func exodusTZ(t *testing.T, tz string, args ...string) (string, int) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), subprocessEnv+"=1", "TZ="+tz)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return stderr.String(), ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return stderr.String(), 0
}

// TestTimeZones runs a small scenario in processes under three time zones
// (UTC, Asia/Shanghai at +08:00, America/Los_Angeles at −08:00 in January)
// and checks that its data files are byte-identical, and that a scenario
// date-time without a UTC offset, written in the file or given with --set,
// is an error naming the field in each zone rather than an instant that
// depends on the zone.
func TestTimeZones(t *testing.T) {
	src, err := model.ScenarioSource(model.DefaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	const start = "start = 2025-01-06T00:00:00-05:00"
	if !bytes.Contains(src, []byte(start)) {
		t.Fatalf("the default scenario no longer has %q", start)
	}
	root := t.TempDir()
	zoneless := filepath.Join(root, "zoneless.toml")
	os.WriteFile(zoneless, bytes.Replace(src, []byte(start), []byte("start = 2025-01-06T00:00:00"), 1), 0o644)
	dateOnly := filepath.Join(root, "date-only.toml")
	os.WriteFile(dateOnly, bytes.Replace(src, []byte(start), []byte("start = 2025-01-06"), 1), 0o644)
	zones := []string{"UTC", "Asia/Shanghai", "America/Los_Angeles"}
	for _, tz := range zones {
		out := filepath.Join(root, strings.ReplaceAll(tz, "/", "-"))
		if errs, code := exodusTZ(t, tz, "run", "--agents", "3000", "--set", `duration="3d"`, "--seed", "3", "--out", out); code != 0 {
			t.Fatalf("TZ=%s: exit %d: %s", tz, code, errs)
		}
		for i, test := range []struct {
			args []string
			want string
		}{
			{[]string{"--scenario", zoneless}, "start = 2025-01-06T00:00:00: a date-time without a UTC offset"},
			{[]string{"--scenario", dateOnly}, "start = 2025-01-06: a date-time without a UTC offset"},
			{[]string{"--set", "start=2025-01-06T00:00:00"}, "start = 2025-01-"},
		} {
			args := append([]string{"run", "--agents", "100", "--out", filepath.Join(root, "never")}, test.args...)
			errs, code := exodusTZ(t, tz, args...)
			if code != 2 || !strings.Contains(errs, test.want) || !strings.Contains(errs, "-05:00") {
				t.Errorf("TZ=%s case %d: exit %d, stderr %q; want exit 2, %q and a suggested offset", tz, i, code, errs, test.want)
			}
		}
	}
	for _, name := range []string{"series.csv", "flows.csv", "contact.csv", "daily.csv", "series.parquet", "daily.parquet", "summary.json"} {
		want, err := os.ReadFile(filepath.Join(root, "UTC", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, tz := range zones[1:] {
			got, _ := os.ReadFile(filepath.Join(root, strings.ReplaceAll(tz, "/", "-"), name))
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs between TZ=UTC and TZ=%s", name, tz)
			}
		}
	}
}
