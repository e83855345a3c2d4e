package output

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// seriesRow is the shape of a results series table.
type seriesRow struct {
	Time     string  `parquet:"time"`
	Tick     int     `parquet:"tick"`
	Group    string  `parquet:"group"`
	Platform string  `parquet:"platform"`
	Users    int     `parquet:"users"`
	Share    float64 `parquet:"share"`
	Seed     uint64  `parquet:"seed"`
	Restored bool    `parquet:"restored"`
	note     string
}

var seriesRows = []seriesRow{
	{"2025-01-13T00:00:00Z", 0, "US", "tiktok", 170000000, 0.5, 1, false, ""},
	{"2025-01-13T00:00:00Z", 0, "US", "rednote", 0, 0, 1, false, ""},
	{"2025-01-13T01:00:00Z", 1, "CN, mainland", "rednote \"xhs\"", 3, 1.0 / 3, 1 << 63, true, ""},
	{"2025-01-13T02:00:00Z", 2, "US", "none", -1, math.NaN(), 0, false, ""},
	{"2025-01-13T03:00:00Z", 3, "US", "none", 2, math.Inf(-1), 0, false, ""},
}

// TestWriteTidy writes a series table as CSV and Parquet, reads the
// Parquet back with parquet-go and compares every cell (NaN by its bits),
// and checks the CSV cell by cell and the two files' column names.
func TestWriteTidy(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "sub", "series")
	if err := WriteTidy(base, seriesRows); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(base + ".parquet")
	if err != nil {
		t.Fatal(err)
	}
	back, err := parquet.Read[seriesRow](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(seriesRows) {
		t.Fatalf("read %d rows, wrote %d", len(back), len(seriesRows))
	}
	for i := range back {
		g, w := reflect.ValueOf(back[i]), reflect.ValueOf(seriesRows[i])
		for j := range g.NumField() {
			if !g.Type().Field(j).IsExported() {
				continue
			}
			gf, wf := g.Field(j), w.Field(j)
			same := gf.Equal(wf)
			if gf.Kind() == reflect.Float64 {
				same = math.Float64bits(gf.Float()) == math.Float64bits(wf.Float())
			}
			if !same {
				t.Errorf("row %d, column %s: read %v, wrote %v", i, g.Type().Field(j).Name, gf, wf)
			}
		}
	}

	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var pq []string
	for _, c := range f.Schema().Fields() {
		pq = append(pq, c.Name())
	}
	want := []string{"time", "tick", "group", "platform", "users", "share", "seed", "restored"}
	if !slices.Equal(pq, want) {
		t.Errorf("parquet columns %v, want %v", pq, want)
	}

	csv, err := os.ReadFile(base + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	wantCSV := strings.Join([]string{
		"time,tick,group,platform,users,share,seed,restored",
		"2025-01-13T00:00:00Z,0,US,tiktok,170000000,0.5,1,false",
		"2025-01-13T00:00:00Z,0,US,rednote,0,0,1,false",
		`2025-01-13T01:00:00Z,1,"CN, mainland","rednote ""xhs""",3,0.3333333333333333,9223372036854775808,true`,
		"2025-01-13T02:00:00Z,2,US,none,-1,NaN,0,false",
		"2025-01-13T03:00:00Z,3,US,none,2,-Inf,0,false",
	}, "\n") + "\n"
	if string(csv) != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", csv, wantCSV)
	}

	entries, _ := os.ReadDir(filepath.Dir(base))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestParquetDeterministic checks that the bytes depend only on the rows:
// two writes are identical and hold no time or build information.
func TestParquetDeterministic(t *testing.T) {
	a, err := RowsParquet(seriesRows)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RowsParquet(seriesRows)
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same rows differ")
	}
	if !bytes.Contains(a, []byte("exodus version (build )")) || bytes.Contains(a, []byte("parquet-go version")) {
		t.Errorf("created_by is not the constant %q", "exodus version (build )")
	}
}

func TestRowsErrors(t *testing.T) {
	type nested struct {
		A []int `parquet:"a"`
	}
	type empty struct{ x int }
	if _, err := RowsCSV([]nested{{}}); err == nil || !strings.Contains(err.Error(), "field A has type []int") {
		t.Errorf("slice column: error %v, want it to name field A and its type", err)
	}
	if _, err := RowsParquet([]empty{{}}); err == nil || !strings.Contains(err.Error(), "no columns") {
		t.Errorf("no exported fields: error %v", err)
	}
	if _, err := RowsCSV([]int{1}); err == nil || !strings.Contains(err.Error(), "row type int is not a struct") {
		t.Errorf("non-struct rows: error %v", err)
	}
	if err := WriteTidy(filepath.Join(t.TempDir(), "x"), []nested{{}}); err == nil || !strings.Contains(err.Error(), "x.csv") {
		t.Errorf("WriteTidy error %v, want it to name the file", err)
	}
}
