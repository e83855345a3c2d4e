package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exodus-sim/exodus/model"
)

// duckDir is the folder of the DuckDB client the tests use (Node.js and
// npm's @duckdb/node-api, pinned by its package-lock.json).
var duckDir = filepath.Join("..", "..", ".ci", "duckdb")

// result is what DuckDB returned for one statement: JSON values, with
// BIGINT as strings and DATE as YYYY-MM-DD.
type result struct {
	Columns []string `json:"columns"`
	Types   []string `json:"types"`
	Rows    [][]any  `json:"rows"`
}

// needDuckDB skips the test when DuckDB is not installed, or fails it
// under CI=true (.ci/run installs it).
func needDuckDB(t *testing.T) {
	t.Helper()
	_, nodeErr := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(duckDir, "node_modules", "@duckdb", "node-api", "package.json"))
	if nodeErr != nil || modErr != nil {
		msg := "DuckDB is not installed: install Node.js and run `npm ci --prefix .ci/duckdb`"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// duckDB runs the statements in order on one in-memory DuckDB database
// and returns their results.
func duckDB(t *testing.T, statements ...string) []result {
	t.Helper()
	in, err := json.Marshal(statements)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join(duckDir, "query.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("duckdb: %v: %s", err, stderr.String())
	}
	var res []result
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("duckdb output: %v", err)
	}
	return res
}

// cell returns the value of row i, column j as text ("NULL" for null).
func (r result) cell(i, j int) string {
	if i >= len(r.Rows) || j >= len(r.Rows[i]) {
		return "(none)"
	}
	switch v := r.Rows[i][j].(type) {
	case nil:
		return "NULL"
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// float returns the value of row i, column j as a float64 (NaN for null).
func (r result) float(i, j int) float64 {
	v, err := strconv.ParseFloat(r.cell(i, j), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// columnTypes are the DuckDB types of the tables' columns by name; every
// other column (a metric, a mean, an axis of a design) is DOUBLE.
var columnTypes = map[string]string{
	"time": "TIMESTAMP WITH TIME ZONE", "day": "DATE",
	"tick": "BIGINT", "point": "BIGINT", "replicate": "BIGINT", "n": "BIGINT",
	"users": "BIGINT", "joins": "BIGINT", "leaves": "BIGINT", "agents": "BIGINT", "cross_group_edges": "BIGINT",
	"installs": "BIGINT", "dau": "BIGINT", "accounts": "BIGINT", "dormant": "BIGINT",
	"seed": "BIGINT", "label": "VARCHAR", "group_name": "VARCHAR", "platform": "VARCHAR", "origin": "VARCHAR",
	"destination": "VARCHAR", "metric": "VARCHAR", "quantity": "VARCHAR", "path": "VARCHAR", "failure": "VARCHAR",
	"factor": "VARCHAR", "index": "VARCHAR", "unit": "VARCHAR",
}

// relClose reports whether got is within rel of want, relative to |want|
// (and to 1e-300, so that 0 matches 0).
func relClose(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-300)
}

// digitsTol is the relative tolerance of a value rounded to
// study.Digits = 6 significant digits: half a unit in the 6th digit is at
// most 5e-6 of it; twice that for two rounded values compared.
const digitsTol = 1e-5

// TestDuckDB runs exodus run, a grid sweep and a Saltelli sweep, small,
// and reads every Parquet table they write with DuckDB, as a researcher
// would, with no cast: each column has its type (TIMESTAMP WITH TIME
// ZONE, DATE, VARCHAR, BIGINT or DOUBLE), no column name is an SQL
// keyword that needs quoting, a table of times or days names their zone
// in its metadata, every Parquet table holds the rows of its CSV, and one
// analysis query per table gives exodus's own number (from
// summary.json, metrics.csv and the manifest).
func TestDuckDB(t *testing.T) {
	needDuckDB(t)
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	grid := write("grid.toml", `scenario = "rednote-2025"
set = ["agents=20000", 'duration="24d"']
seed = 7
replicates = 2
[design]
kind = "grid"
[[axis]]
path = "weights.protest"
values = [10, 20]
[outputs]
series = ["share", "daily_joins", "daily", "retention", "flows"]
`)
	saltelli := write("saltelli.toml", `scenario = "rednote-2025"
set = ["agents=2000", 'duration="20d"']
seed = 3
replicates = 1
[design]
kind = "saltelli"
points = 4
[[axis]]
path = "weights.protest"
from = 10
to = 30
[outputs]
metrics = ["peak_users", "retention_30d"]
`)
	sweepDir, sobolDir, runDir := filepath.Join(dir, "sweep"), filepath.Join(dir, "sobol"), filepath.Join(dir, "run")
	for _, args := range [][]string{
		{"sweep", "--quiet", "--spec", grid, "--out", sweepDir, "--jobs", "2"},
		{"sweep", "--quiet", "--spec", saltelli, "--out", sobolDir, "--jobs", "2"},
	} {
		if _, stderr, code := exodus(t, args...); code != 0 {
			t.Fatalf("exodus %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	// The seed of point 0's replicate 0, from runs.csv, for an exodus run
	// of the same scenario.
	runs := readCSV(t, filepath.Join(sweepDir, "runs.csv"))
	if runs[0][0] != "point" || runs[0][1] != "replicate" || runs[0][2] != "seed" || runs[1][0] != "0" || runs[1][1] != "0" {
		t.Fatalf("runs.csv starts %v, %v", runs[0], runs[1])
	}
	seed := runs[1][2]
	args := []string{"run", "--quiet", "--agents", "20000", "--set", `duration="24d"`, "--set", "weights.protest=10", "--seed", seed, "--out", runDir}
	if _, stderr, code := exodus(t, args...); code != 0 {
		t.Fatalf("exodus %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}

	// Types, names, and the CSV against the Parquet.
	tables, err := filepath.Glob(filepath.Join(dir, "*", "*.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range []string{runDir, sweepDir, sobolDir} {
		names := []string{"series", "daily", "flows", "contact"}
		switch d {
		case sweepDir:
			names = []string{"points", "metrics", "shares", "daily_joins", "daily", "retention", "flows", "runs", "runs_daily"}
		case sobolDir:
			names = []string{"points", "metrics", "runs", "sobol"}
		}
		for _, n := range names {
			want = append(want, filepath.Join(d, n+".parquet"))
		}
	}
	slices.Sort(want)
	if !slices.Equal(tables, want) {
		t.Errorf("Parquet tables %v,\nwant %v", tables, want)
	}
	stmts := []string{"SELECT keyword_name, keyword_category FROM duckdb_keywords() WHERE keyword_category NOT IN ('unreserved', 'column_name')"}
	for _, path := range tables {
		stmts = append(stmts, fmt.Sprintf("DESCRIBE SELECT * FROM '%s'", path),
			fmt.Sprintf("SELECT decode(value) FROM parquet_kv_metadata('%s') WHERE decode(key) = 'exodus.zone'", path))
	}
	res := duckDB(t, stmts...)
	reserved := map[string]string{}
	for i := range res[0].Rows {
		reserved[res[0].cell(i, 0)] = res[0].cell(i, 1)
	}
	var compare []string
	zones := map[string]string{} // table → exodus.zone
	for k, path := range tables {
		name := strings.TrimPrefix(path, dir+string(filepath.Separator))
		desc := res[1+2*k]
		if z := res[2+2*k]; len(z.Rows) > 0 {
			zones[name] = z.cell(0, 0)
		}
		var cols, strs []string
		for i := range desc.Rows {
			col, typ := desc.cell(i, 0), desc.cell(i, 1)
			want, ok := columnTypes[col]
			if !ok {
				want = "DOUBLE"
			}
			if typ != want {
				t.Errorf("%s: column %s is %s, want %s", name, col, typ, want)
			}
			if cat, ok := reserved[col]; ok {
				t.Errorf("%s: column %s is a %s keyword in DuckDB: it needs quoting", name, col, cat)
			}
			cols = append(cols, fmt.Sprintf("'%s': '%s'", col, typ))
			if typ == "VARCHAR" {
				strs = append(strs, col)
			}
			// A table of times or days says their zone: the start's.
			if (col == "time" || col == "day") && zones[name] != "-05:00" {
				t.Errorf("%s: exodus.zone %q in the Parquet metadata, want -05:00 (rednote-2025's start)", name, zones[name])
			}
		}
		csvPath := strings.TrimSuffix(path, ".parquet") + ".csv"
		c := fmt.Sprintf("read_csv('%s', header = true, columns = {%s}, force_not_null = [%s])", csvPath, strings.Join(cols, ", "), strings.Join(strs, ", "))
		p := fmt.Sprintf("'%s'", path)
		compare = append(compare, fmt.Sprintf("SELECT (SELECT count(*) FROM (FROM %s EXCEPT ALL FROM %s)), (SELECT count(*) FROM (FROM %s EXCEPT ALL FROM %s)), (SELECT count(*) FROM %s)", p, c, c, p, p))
	}
	for k, r := range duckDB(t, compare...) {
		if r.cell(0, 0) != "0" || r.cell(0, 1) != "0" || r.cell(0, 2) == "0" {
			t.Errorf("%s: %s of %s rows only in the Parquet, %s only in the CSV; want none and some rows", tables[k], r.cell(0, 0), r.cell(0, 2), r.cell(0, 1))
		}
	}

	// Analysis queries on exodus run's tables, against summary.json.
	var s model.Summary
	readJSON(t, filepath.Join(runDir, "summary.json"), &s)
	peak, err := time.Parse(time.RFC3339, s.PeakTime)
	if err != nil {
		t.Fatal(err)
	}
	// The zone of the days, from the series' metadata: Etc/GMT+5 is UTC−5.
	offset, err := time.Parse("-07:00", zones[filepath.Join("run", "series.parquet")])
	if err != nil {
		t.Fatal(err)
	}
	_, secs := offset.Zone()
	zone := fmt.Sprintf("Etc/GMT%+d", -secs/3600)
	at := func(name string) string { return fmt.Sprintf("'%s'", filepath.Join(runDir, name+".parquet")) }
	g, o, d := s.Group, s.Origin, s.Destination
	res = duckDB(t,
		fmt.Sprintf("SELECT day, installs FROM %s WHERE group_name = '%s' AND platform = '%s' ORDER BY installs DESC, day LIMIT 1", at("daily"), g, d),
		fmt.Sprintf("SELECT CAST(time AT TIME ZONE '%s' AS DATE) AS day, sum(joins) AS n FROM %s WHERE tick > 0 AND group_name = '%s' AND platform = '%s' GROUP BY day ORDER BY n DESC, day LIMIT 1", zone, at("series"), g, d),
		fmt.Sprintf("SELECT epoch(time + INTERVAL 1 HOUR)::BIGINT, users FROM %s WHERE group_name = '%s' AND platform = '%s' ORDER BY users DESC, tick LIMIT 1", at("series"), g, d),
		fmt.Sprintf("SELECT sum(users) FROM %s WHERE tick = 0 AND group_name = '%s'", at("series"), g),
		fmt.Sprintf("SELECT sum(agents) FROM %s WHERE group_name = '%s' AND origin = '%s' AND destination = '%s'", at("flows"), g, o, d),
		fmt.Sprintf("SELECT sum(cross_group_edges) FROM %s WHERE tick > 0 AND platform = '%s'", at("contact"), d),
	)
	for i, c := range []struct {
		what      string
		got, want string
	}{
		{"daily: day of peak installs", res[0].cell(0, 0), s.PeakInstallsDay},
		{"daily: peak installs", res[0].cell(0, 1), fmt.Sprint(s.PeakDailyInstalls)},
		{"series: day of peak joins, by the day of time in the start's zone", res[1].cell(0, 0), s.PeakInflowDay},
		{"series: peak daily joins", res[1].cell(0, 1), fmt.Sprint(s.PeakDailyInflow)},
		{"series: end of the tick of peak users", res[2].cell(0, 0), fmt.Sprint(peak.Unix())},
		{"series: peak users", res[2].cell(0, 1), fmt.Sprint(s.PeakUsers)},
		{"series: agents of the group", res[3].cell(0, 0), fmt.Sprint(s.GroupAgents)},
		{"flows: origin to destination", res[4].cell(0, 0), fmt.Sprint(s.OriginToDestination)},
		// Ticks of 1 hour: edges summed over ticks are edge·hours.
		{"contact: edge·hours on the destination", res[5].cell(0, 0), fmt.Sprint(s.Contact[d])},
	} {
		if c.got != c.want {
			t.Errorf("query %d, %s: DuckDB says %s, exodus %s", i, c.what, c.got, c.want)
		}
	}

	// Analysis queries on the sweeps' tables, against metrics.csv, the
	// run above (point 0's replicate 0) and the manifest.
	metrics := map[string][2]string{} // "point/metric" → n, mean
	for _, r := range readRows(t, filepath.Join(sweepDir, "metrics.csv")) {
		metrics[r["point"]+"/"+r["metric"]] = [2]string{r["n"], r["mean"]}
	}
	mean := func(point int, metric string) float64 {
		v, err := strconv.ParseFloat(metrics[fmt.Sprintf("%d/%s", point, metric)][1], 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	in := func(name string) string { return fmt.Sprintf("'%s'", filepath.Join(sweepDir, name+".parquet")) }
	dailyCols := "day, group_name, platform, installs, dau, accounts, dormant, users, joins"
	res = duckDB(t,
		fmt.Sprintf("SELECT point, count(peak_users), avg(peak_users), count(retention_30d), count(*) FROM %s GROUP BY point ORDER BY point", in("runs")),
		fmt.Sprintf("SELECT (SELECT count(*) FROM (SELECT %[1]s FROM %[2]s WHERE point = 0 AND replicate = 0 EXCEPT ALL SELECT %[1]s FROM %[3]s)), (SELECT count(*) FROM (SELECT %[1]s FROM %[3]s EXCEPT ALL SELECT %[1]s FROM %[2]s WHERE point = 0 AND replicate = 0) WHERE installs <> 0 OR dau <> 0 OR accounts <> 0 OR dormant <> 0 OR users <> 0 OR joins <> 0)", dailyCols, in("runs_daily"), at("daily")),
		fmt.Sprintf("SELECT count(*), count(*) FILTER (r.peak_daily_installs <> d.peak) FROM %s r JOIN (SELECT point, replicate, max(installs) AS peak FROM %s WHERE group_name = '%s' AND platform = '%s' GROUP BY ALL) d USING (point, replicate)", in("runs"), in("runs_daily"), g, d),
		fmt.Sprintf("SELECT point, n, mean FROM %s WHERE metric = 'retention_30d' ORDER BY point", in("metrics")),
		fmt.Sprintf("SELECT point, mean FROM %s WHERE group_name = '%s' AND platform = '%s' AND tick = (SELECT max(tick) FROM %[1]s) ORDER BY point", in("shares"), g, d),
		fmt.Sprintf("SELECT count(*), count(*) FILTER (j.mean IS DISTINCT FROM d.mean), (SELECT count(*) FROM %[1]s WHERE platform <> 'none') FROM %[1]s j JOIN %[2]s d USING (point, group_name, platform, day) WHERE d.quantity = 'joins'", in("daily_joins"), in("daily")),
		fmt.Sprintf("SELECT day, mean FROM %s WHERE point = 0 AND quantity = 'installs' AND group_name = '%s' AND platform = '%s' ORDER BY mean DESC, day LIMIT 1", in("daily"), g, d),
		fmt.Sprintf("SELECT day, avg(installs) AS m FROM %s WHERE point = 0 AND group_name = '%s' AND platform = '%s' GROUP BY day ORDER BY m DESC, day LIMIT 1", in("runs_daily"), g, d),
		fmt.Sprintf("SELECT point, mean, n FROM %s WHERE days = 7 ORDER BY point", in("retention")),
		fmt.Sprintf("SELECT point, mean FROM %s WHERE group_name = '%s' AND origin = '%s' AND destination = '%s' ORDER BY point", in("flows"), g, o, d),
		fmt.Sprintf("SELECT count(*) FROM %s p JOIN (SELECT DISTINCT point, weights_protest FROM %s) r USING (point) WHERE p.path = 'weights.protest' AND p.value = r.weights_protest", in("points"), in("runs")),
		fmt.Sprintf("SELECT count(DISTINCT metric), count(*) FILTER (index = 'first'), count(*) FILTER (index = 'total'), count(*) FROM '%s'", filepath.Join(sobolDir, "sobol.parquet")),
	)
	check := func(what string, ok bool, got, want any) {
		t.Helper()
		if !ok {
			t.Errorf("%s: DuckDB says %v, exodus %v", what, got, want)
		}
	}
	for p := range 2 {
		r := res[0]
		n := metrics[fmt.Sprintf("%d/peak_users", p)][0]
		check(fmt.Sprintf("runs: replicates of point %d with peak_users", p), r.cell(p, 1) == n, r.cell(p, 1), n)
		check(fmt.Sprintf("runs: mean peak_users of point %d", p), relClose(r.float(p, 2), mean(p, "peak_users"), digitsTol), r.float(p, 2), mean(p, "peak_users"))
		check(fmt.Sprintf("runs: retention_30d defined at point %d (the runs end 24 days in)", p), r.cell(p, 3) == "0" && r.cell(p, 4) == "2", r.cell(p, 3)+" of "+r.cell(p, 4), "0 of 2")
		r = res[3]
		check(fmt.Sprintf("metrics: retention_30d of point %d", p), r.cell(p, 1) == "0" && r.cell(p, 2) == "NULL", "n "+r.cell(p, 1)+", mean "+r.cell(p, 2), "n 0, mean NULL")
		r = res[4]
		check(fmt.Sprintf("shares: final share of point %d", p), relClose(r.float(p, 1), mean(p, "final_destination_share"), digitsTol), r.float(p, 1), mean(p, "final_destination_share"))
		r = res[8]
		// As many replicates define it as metrics.csv says (the peak may
		// come too late in a run of 24 days), with the same mean, or null.
		n7 := metrics[fmt.Sprintf("%d/retention_7d", p)][0]
		same := relClose(r.float(p, 1), mean(p, "retention_7d"), digitsTol) || n7 == "0" && r.cell(p, 1) == "NULL"
		check(fmt.Sprintf("retention: 7 days after the peak at point %d", p), r.cell(p, 2) == n7 && same, r.cell(p, 1)+" (n "+r.cell(p, 2)+")", fmt.Sprintf("%v (n %s)", mean(p, "retention_7d"), n7))
		r = res[9]
		moved := r.float(p, 1) * float64(s.GroupAgents) // shares of the group's agents
		check(fmt.Sprintf("flows: %s to %s at point %d, in agents", o, d, p), relClose(moved, mean(p, "origin_to_destination"), digitsTol), moved, mean(p, "origin_to_destination"))
	}
	// runs_daily leaves out a group and platform dark throughout (all 0).
	check("runs_daily: rows of point 0's replicate 0 not in exodus run's daily (and rows not all 0 back)", res[1].cell(0, 0) == "0" && res[1].cell(0, 1) == "0", res[1].cell(0, 0)+", "+res[1].cell(0, 1), "0, 0")
	check("runs_daily: runs whose peak daily installs differ from runs.peak_daily_installs", res[2].cell(0, 0) == "4" && res[2].cell(0, 1) == "0", res[2].cell(0, 1)+" of "+res[2].cell(0, 0), "0 of 4")
	check("daily_joins: rows differing from daily's joins", res[5].cell(0, 0) == res[5].cell(0, 2) && res[5].cell(0, 1) == "0", res[5].cell(0, 1)+" of "+res[5].cell(0, 0), "0 of "+res[5].cell(0, 2))
	check("daily: day of peak mean installs at point 0", res[6].cell(0, 0) == res[7].cell(0, 0), res[6].cell(0, 0), "runs_daily's "+res[7].cell(0, 0))
	check("points: points whose value is runs' weights_protest", res[10].cell(0, 0) == "2", res[10].cell(0, 0), 2)
	var manifest struct {
		Parameters struct {
			Study struct {
				Skipped []string `json:"sobol_skipped"`
			} `json:"study"`
		} `json:"parameters"`
	}
	readJSON(t, filepath.Join(sobolDir, "manifest.json"), &manifest)
	r := res[11]
	// peak_users has indices; retention_30d, undefined in 20-day runs, is skipped.
	check("sobol: metrics with indices, first and total of 1 factor each", r.cell(0, 0) == "1" && r.cell(0, 1) == "1" && r.cell(0, 2) == "1" && r.cell(0, 3) == "2" && len(manifest.Parameters.Study.Skipped) == 1,
		r.Rows, fmt.Sprintf("1 metric, 1 first, 1 total; skipped %v", manifest.Parameters.Study.Skipped))
}

// readRows reads a CSV table as rows of cells by column name.
func readRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	rows := readCSV(t, path)
	out := make([]map[string]string, len(rows)-1)
	for i, r := range rows[1:] {
		out[i] = make(map[string]string, len(r))
		for j, name := range rows[0] {
			out[i][name] = r[j]
		}
	}
	return out
}

// readCSV reads a CSV file whole.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestDuckDBResults reads every committed table of results/ with DuckDB,
// with no cast: each column of a known name has its type (time a
// TIMESTAMP WITH TIME ZONE, day a DATE, seed a BIGINT, …; see
// columnTypes), no column name needs quoting, and the Parquet file holds
// as many rows as its CSV. Then one daily analysis query gives the
// numbers exodus wrote: the day of the greatest median of RedNote's US
// installs in the calibration's posterior predictive, from daily.parquet,
// is the one daily.csv gives.
func TestDuckDBResults(t *testing.T) {
	needDuckDB(t)
	var tables []string
	err := filepath.WalkDir(filepath.Join("..", "..", "results"), func(path string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir // a folder being written (output.Folder), not a result
		case strings.HasSuffix(path, ".parquet"):
			tables = append(tables, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 {
		t.Fatalf("%d Parquet tables in results/, want every experiment's (≥ 20)", len(tables))
	}
	stmts := []string{"SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category NOT IN ('unreserved', 'column_name')"}
	for _, path := range tables {
		stmts = append(stmts, fmt.Sprintf("DESCRIBE SELECT * FROM '%s'", path), fmt.Sprintf("SELECT count(*) FROM '%s'", path))
	}
	res := duckDB(t, stmts...)
	reserved := map[string]bool{}
	for i := range res[0].Rows {
		reserved[res[0].cell(i, 0)] = true
	}
	for k, path := range tables {
		desc, count := res[1+2*k], res[2+2*k]
		for i := range desc.Rows {
			col, typ := desc.cell(i, 0), desc.cell(i, 1)
			if want, ok := columnTypes[col]; ok && typ != want {
				t.Errorf("%s: column %s is %s, want %s", path, col, typ, want)
			}
			if reserved[col] {
				t.Errorf("%s: column %s is a DuckDB keyword: it needs quoting", path, col)
			}
		}
		rows := readCSV(t, strings.TrimSuffix(path, ".parquet")+".csv")
		if got, want := count.cell(0, 0), fmt.Sprint(len(rows)-1); got != want {
			t.Errorf("%s: %s rows, its CSV %s", path, got, want)
		}
	}
	daily := filepath.Join("..", "..", "results", "calibration", "daily")
	rows := readCSV(t, daily+".csv")
	best, day := math.Inf(-1), ""
	for _, r := range rows[1:] {
		if r[0] == "installs" && r[1] == "US" && r[2] == "RedNote" {
			if v, _ := strconv.ParseFloat(r[5], 64); v > best {
				best, day = v, r[3]
			}
		}
	}
	got := duckDB(t, fmt.Sprintf("SELECT day FROM '%s.parquet' WHERE quantity = 'installs' AND group_name = 'US' AND platform = 'RedNote' ORDER BY median DESC, day LIMIT 1", daily))
	if rows[0][3] != "day" || rows[0][5] != "median" || got[0].cell(0, 0) != day {
		t.Errorf("day of the greatest median of RedNote's US installs: DuckDB %s, daily.csv %s", got[0].cell(0, 0), day)
	}
}
