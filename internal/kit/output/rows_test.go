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
	"time"

	"github.com/parquet-go/parquet-go"
)

// seriesRow is the shape of a results series table, with a column of
// every type.
type seriesRow struct {
	Time     time.Time `parquet:"time"`
	Day      Date      `parquet:"day"`
	Tick     int       `parquet:"tick"`
	Group    string    `parquet:"group_name"`
	Platform string    `parquet:"platform"`
	Users    int64     `parquet:"users"`
	Share    float64   `parquet:"share"`
	Restored bool      `parquet:"restored"`
	note     string
}

// est is UTC−5, as the scenarios' start times are.
var est = time.FixedZone("EST", -5*3600)

var seriesRows = []seriesRow{
	{time.Date(2025, 1, 12, 19, 0, 0, 0, est), 20100, 0, "US", "tiktok", 170000000, 0.5, false, ""},
	{time.Date(2025, 1, 12, 19, 0, 0, 0, est), 20100, 0, "US", "rednote", 0, 0, false, ""},
	{time.Date(2025, 1, 13, 1, 0, 0, 0, time.UTC), 20101, 1, "CN, mainland", "rednote \"xhs\"", 3, 1.0 / 3, true, ""},
	{time.Date(2025, 1, 13, 2, 0, 0, 0, time.UTC), 20101, 2, "US", "none", -1, math.NaN(), false, ""},
	{time.Date(2025, 1, 13, 3, 0, 0, 0, time.UTC), 20101, 3, "US", "none", 2, math.Inf(-1), false, ""},
}

// parquetSeries is seriesRow as it reads back from Parquet.
type parquetSeries struct {
	Time     time.Time `parquet:"time,timestamp(microsecond)"`
	Day      int32     `parquet:"day,date"`
	Tick     int64     `parquet:"tick"`
	Group    string    `parquet:"group_name"`
	Platform string    `parquet:"platform"`
	Users    int64     `parquet:"users"`
	Share    *float64  `parquet:"share,optional"`
	Restored bool      `parquet:"restored"`
}

// TestWriteTidy writes a series table as CSV and Parquet, reads the
// Parquet back with parquet-go and compares every cell (NaN and -Inf come
// back as null, times as the same instant in UTC), checks each column's
// Parquet type, and checks the CSV cell by cell.
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
	back, err := parquet.Read[parquetSeries](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(seriesRows) {
		t.Fatalf("read %d rows, wrote %d", len(back), len(seriesRows))
	}
	for i, w := range seriesRows {
		var share *float64
		if !math.IsNaN(w.Share) && !math.IsInf(w.Share, 0) {
			share = &w.Share
		}
		want := parquetSeries{w.Time.UTC(), int32(w.Day), int64(w.Tick), w.Group, w.Platform, w.Users, share, w.Restored}
		if !reflect.DeepEqual(back[i], want) {
			t.Errorf("row %d: read %+v, want %+v", i, back[i], want)
		}
	}

	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []struct{ name, typ string }{
		{"time", "TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)"},
		{"day", "DATE"},
		{"tick", "INT(64,true)"},
		{"group_name", "STRING"},
		{"platform", "STRING"},
		{"users", "INT(64,true)"},
		{"share", "DOUBLE"},
		{"restored", "BOOLEAN"},
	}
	fields := f.Schema().Fields()
	if len(fields) != len(wantTypes) {
		t.Fatalf("%d parquet columns, want %d", len(fields), len(wantTypes))
	}
	for i, c := range fields {
		w := wantTypes[i]
		if c.Name() != w.name || c.Type().String() != w.typ {
			t.Errorf("parquet column %d: %s %s, want %s %s", i, c.Name(), c.Type(), w.name, w.typ)
		}
		if opt := c.Name() == "share"; c.Optional() != opt {
			t.Errorf("parquet column %s: optional %v, want %v", c.Name(), c.Optional(), opt)
		}
	}
	// Strings are dictionary-encoded; integers, times and dates delta-encoded.
	for _, col := range f.Metadata().RowGroups[0].Columns {
		var encs []string
		for _, e := range col.MetaData.Encoding {
			encs = append(encs, e.String())
		}
		name := strings.Join(col.MetaData.PathInSchema, ".")
		want := map[string]string{"group_name": "RLE_DICTIONARY", "platform": "RLE_DICTIONARY", "time": "DELTA_BINARY_PACKED",
			"day": "DELTA_BINARY_PACKED", "tick": "DELTA_BINARY_PACKED", "users": "DELTA_BINARY_PACKED"}[name]
		if want != "" && !slices.Contains(encs, want) {
			t.Errorf("column %s: encodings %v, want %s", name, encs, want)
		}
	}

	csv, err := os.ReadFile(base + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	wantCSV := strings.Join([]string{
		"time,day,tick,group_name,platform,users,share,restored",
		"2025-01-13T00:00:00Z,2025-01-12,0,US,tiktok,170000000,0.5,false",
		"2025-01-13T00:00:00Z,2025-01-12,0,US,rednote,0,0,false",
		`2025-01-13T01:00:00Z,2025-01-13,1,"CN, mainland","rednote ""xhs""",3,0.3333333333333333,true`,
		"2025-01-13T02:00:00Z,2025-01-13,2,US,none,-1,,false",
		"2025-01-13T03:00:00Z,2025-01-13,3,US,none,2,,false",
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

// TestDate checks Date against days counted by hand: 2025-01-12 is day
// 20100 after 1970-01-01 (55 years of 365 days and 14 leap days, 1972 to
// 2024, make 20089; then 11 days of January).
func TestDate(t *testing.T) {
	for i, test := range []struct {
		s    string
		days Date
	}{
		{"1970-01-01", 0},
		{"1969-12-31", -1},
		{"2025-01-12", 20100},
		{"2025-03-01", 20148},
	} {
		d, err := ParseDate(test.s)
		if err != nil || d != test.days || d.String() != test.s {
			t.Errorf("%d: ParseDate(%q) = %d (%s), %v; want %d", i, test.s, d, d, err, test.days)
		}
	}
	// The day of a time is the day in its own zone.
	if d := DateOf(time.Date(2025, 1, 12, 23, 0, 0, 0, est)); d.String() != "2025-01-12" {
		t.Errorf("DateOf 23:00 EST = %s, want 2025-01-12 (04:00 UTC the next day)", d)
	}
	if _, err := ParseDate("2025-13-01"); err == nil || !strings.Contains(err.Error(), `"2025-13-01"`) {
		t.Errorf("ParseDate of a bad day: error %v, want it to echo the value", err)
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

// TestParquetMeta checks that key-value pairs reach the file's metadata,
// the same bytes whatever their order.
func TestParquetMeta(t *testing.T) {
	a, err := RowsParquet(seriesRows, Meta{"exodus.zone", "-05:00"}, Meta{"b", "2"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := f.Lookup("exodus.zone"); !ok || v != "-05:00" {
		t.Errorf("exodus.zone = %q, %v; want -05:00", v, ok)
	}
	b, _ := RowsParquet(seriesRows, Meta{"b", "2"}, Meta{"exodus.zone", "-05:00"})
	if !bytes.Equal(a, b) {
		t.Error("the bytes depend on the order of the metadata")
	}
}

func TestColumnName(t *testing.T) {
	for _, test := range []struct{ in, want string }{
		{"weights.protest", "weights_protest"},
		{"shocks.tiktok-blackout.duration", "shocks_tiktok_blackout_duration"},
		{"Ban days (d)", "ban_days_d"},
		{"3d", "c_3d"},
		{"", "c"},
		{"retention_30d", "retention_30d"},
	} {
		got := ColumnName(test.in)
		if got != test.want || !plainName(got) {
			t.Errorf("ColumnName(%q) = %q, want %q (a plain name)", test.in, got, test.want)
		}
	}
}

func TestRowsErrors(t *testing.T) {
	type nested struct {
		A []int `parquet:"a"`
	}
	type empty struct{ x int }
	type unsigned struct {
		Seed uint64 `parquet:"seed"`
	}
	type keyword struct {
		Group string `parquet:"Group"`
	}
	type inner struct {
		A int `parquet:"a"`
	}
	type clash struct {
		inner
		B int `parquet:"a"`
	}
	if _, err := RowsCSV([]clash{{}}); err == nil || !strings.Contains(err.Error(), `two columns named "a"`) {
		t.Errorf("a column of an embedded struct named as another: error %v", err)
	}
	if b, err := RowsCSV([]struct {
		inner
		B int `parquet:"b"`
	}{{inner{1}, 2}}); err != nil || string(b) != "a,b\n1,2\n" {
		t.Errorf("embedded struct: %q, %v; want its field as column a", b, err)
	}
	if _, err := RowsCSV([]nested{{}}); err == nil || !strings.Contains(err.Error(), "field A has type []int") {
		t.Errorf("slice column: error %v, want it to name field A and its type", err)
	}
	if _, err := RowsCSV([]unsigned{{}}); err == nil || !strings.Contains(err.Error(), "field Seed has type uint64") {
		t.Errorf("uint64 column: error %v, want it to name field Seed and its type", err)
	}
	if _, err := RowsCSV([]keyword{{}}); err == nil || !strings.Contains(err.Error(), `column name "Group"`) {
		t.Errorf("upper-case column name: error %v, want it to echo the name", err)
	}
	if _, err := RowsParquet([]empty{{}}); err == nil || !strings.Contains(err.Error(), "no columns") {
		t.Errorf("no exported fields: error %v", err)
	}
	if _, err := RowsCSV([]int{1}); err == nil || !strings.Contains(err.Error(), "row type int is not a struct") {
		t.Errorf("non-struct rows: error %v", err)
	}
	if _, err := RowsParquet(seriesRows[0]); err == nil || !strings.Contains(err.Error(), "want a slice of structs") {
		t.Errorf("a row, not a slice: error %v", err)
	}
	if err := WriteTidy(filepath.Join(t.TempDir(), "x"), []nested{{}}); err == nil || !strings.Contains(err.Error(), "x.csv") {
		t.Errorf("WriteTidy error %v, want it to name the file", err)
	}
}
