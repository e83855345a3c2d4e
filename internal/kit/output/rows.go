package output

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WriteTidy writes rows, a slice of structs, as a tidy table: base.csv and
// base.parquet, each atomically, with the same columns. A row's exported
// fields are the columns, in field order (an embedded struct's fields in
// its place), each named by the first element of its `parquet` tag (or the
// field name if it has none; a tag of "-" skips the field). Names must be
// lower-case letters, digits and underscores, starting with a letter, and
// should not be SQL reserved words (group, from, to, order…), so that no
// reader needs to quote them. The Go type of a field fixes its column's
// type, in Parquet and in CSV alike:
//
//	Go type          Parquet (DuckDB)                          CSV
//	string           UTF8, dictionary-encoded (VARCHAR)        as is, quoted if needed
//	bool             BOOLEAN                                   true, false
//	int, int32,      INT64 (BIGINT)                            decimal
//	int64
//	float64          optional DOUBLE (DOUBLE): NaN and ±Inf    shortest exact form;
//	                 are written as null                       null as an empty cell
//	time.Time        TIMESTAMP(µs, isAdjustedToUTC)            RFC 3339 in UTC:
//	                 (TIMESTAMP WITH TIME ZONE)                2025-01-13T05:00:00Z
//	Date             DATE (DATE)                               2025-01-13
//
// Times are truncated to whole microseconds. Each meta is written as a
// key-value pair of the Parquet file's metadata (the CSV has none). For
// example
//
//	type SeriesRow struct {
//		Time     time.Time `parquet:"time"`
//		Tick     int       `parquet:"tick"`
//		Platform string    `parquet:"platform"`
//		Users    int64     `parquet:"users"`
//		Share    float64   `parquet:"share"`
//	}
//	err := output.WriteTidy("results/x/series", rows)
func WriteTidy(base string, rows any, meta ...Meta) error {
	c, err := RowsCSV(rows)
	if err != nil {
		return fmt.Errorf("write %s.csv: %w", base, err)
	}
	p, err := RowsParquet(rows, meta...)
	if err != nil {
		return fmt.Errorf("write %s.parquet: %w", base, err)
	}
	if err := WriteFile(base+".csv", c); err != nil {
		return err
	}
	return WriteFile(base+".parquet", p)
}

// Meta is a key-value pair of a Parquet file's metadata.
type Meta struct{ Key, Value string }

// Date is a calendar day, counted in days since 1970-01-01 (as Parquet's
// DATE is). It has no zone: it is the day of a calendar, whichever zone
// that calendar is kept in.
type Date int32

const secondsPerDay = 24 * 60 * 60

// DateOf returns the calendar day of t in t's own zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// ParseDate reads a day written as 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("date %q, want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// ParseDates reads days written as 2006-01-02 (such as model.Plan.Days).
func ParseDates(days []string) ([]Date, error) {
	out := make([]Date, len(days))
	for i, day := range days {
		var err error
		if out[i], err = ParseDate(day); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// String writes the day as 2006-01-02.
func (d Date) String() string {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Format(time.DateOnly)
}

// kind is the type of a column.
type kind int

const (
	kindString kind = iota
	kindBool
	kindInt
	kindFloat
	kindTime
	kindDate
)

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[Date]()
)

// column is one exported field of a row type.
type column struct {
	name  string
	index []int // for reflect.Value.FieldByIndex
	kind  kind
}

// columns returns rows (a slice of structs) as a reflect.Value and the
// columns of its element type, or an error naming a field of an
// unsupported type.
func columns(rows any) (reflect.Value, []column, error) {
	v := reflect.ValueOf(rows)
	if v.Kind() != reflect.Slice {
		return v, nil, fmt.Errorf("rows of type %T, want a slice of structs", rows)
	}
	t := v.Type().Elem()
	if t.Kind() != reflect.Struct {
		return v, nil, fmt.Errorf("row type %s is not a struct", t)
	}
	cols, err := fields(t, nil)
	if err != nil {
		return v, nil, err
	}
	if len(cols) == 0 {
		return v, nil, fmt.Errorf("row type %s has no columns", t)
	}
	seen := make(map[string]bool, len(cols))
	for _, c := range cols {
		if seen[c.name] {
			return v, nil, fmt.Errorf("row type %s: two columns named %q", t, c.name)
		}
		seen[c.name] = true
	}
	return v, cols, nil
}

// fields returns the columns of struct type t, whose fields are at index
// path within the row; an embedded struct's fields are columns of the
// row, in place of the embedded field.
func fields(t reflect.Type, path []int) ([]column, error) {
	var cols []column
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(slices.Clone(path), i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Type != timeType {
			sub, err := fields(f.Type, index)
			if err != nil {
				return nil, err
			}
			cols = append(cols, sub...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("parquet"); ok {
			if tag == "-" {
				continue
			}
			if n, _, _ := strings.Cut(tag, ","); n != "" {
				name = n
			}
		}
		if !plainName(name) {
			return nil, fmt.Errorf("row type %s: field %s: column name %q, want lower-case letters, digits and _, starting with a letter (no quoting in SQL)", t, f.Name, name)
		}
		c := column{name: name, index: index}
		switch k := f.Type.Kind(); {
		case f.Type == timeType:
			c.kind = kindTime
		case f.Type == dateType:
			c.kind = kindDate
		case k == reflect.String:
			c.kind = kindString
		case k == reflect.Bool:
			c.kind = kindBool
		case k == reflect.Int || k == reflect.Int32 || k == reflect.Int64:
			c.kind = kindInt
		case k == reflect.Float64:
			c.kind = kindFloat
		default:
			return nil, fmt.Errorf("row type %s: field %s has type %s, want string, bool, int, int32, int64, float64, time.Time or output.Date", t, f.Name, f.Type)
		}
		cols = append(cols, c)
	}
	return cols, nil
}

// plainName reports whether name is a lower-case letter followed by
// lower-case letters, digits and underscores: a column name that SQL,
// pandas and R take without quoting (SQL's reserved words aside).
func plainName(name string) bool {
	for i, r := range name {
		switch {
		case 'a' <= r && r <= 'z':
		case i > 0 && ('0' <= r && r <= '9' || r == '_'):
		default:
			return false
		}
	}
	return name != ""
}

// ColumnName returns s as a column name that needs no quoting: lower
// case, every run of characters other than letters and digits replaced by
// one underscore (none at either end), "c_" put before a leading digit
// ("weights.protest" → "weights_protest", "shocks.tiktok-blackout.duration"
// → "shocks_tiktok_blackout_duration").
func ColumnName(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	name := b.String()
	if name == "" {
		return "c"
	}
	if name[0] < 'a' {
		name = "c_" + name
	}
	return name
}

// defined reports whether v is a value (neither NaN nor ±Inf); tables
// write the others as null.
func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// utc returns t in UTC, truncated to whole microseconds.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// RowsCSV returns rows (a slice of structs) as CSV with a header of the
// column names, cells written as WriteTidy says.
func RowsCSV(rows any) ([]byte, error) {
	rv, cols, err := columns(rows)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = c.name
	}
	writeRow(&b, cells)
	for r := range rv.Len() {
		v := rv.Index(r)
		for i, c := range cols {
			f := v.FieldByIndex(c.index)
			switch c.kind {
			case kindString:
				cells[i] = f.String()
			case kindBool:
				cells[i] = strconv.FormatBool(f.Bool())
			case kindInt:
				cells[i] = strconv.FormatInt(f.Int(), 10)
			case kindFloat:
				cells[i] = ""
				if x := f.Float(); defined(x) {
					cells[i] = Float(x)
				}
			case kindTime:
				cells[i] = utc(f.Interface().(time.Time)).Format(time.RFC3339Nano)
			case kindDate:
				cells[i] = Date(f.Int()).String()
			}
		}
		writeRow(&b, cells)
	}
	return b.Bytes(), nil
}

// Float formats v in the shortest form that reads back to the same float64,
// so equal values give equal bytes.
func Float(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// writeRow writes cells as a CSV record (RFC 4180: cells with commas,
// quotes or line breaks are quoted).
func writeRow(b *bytes.Buffer, cells []string) {
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(c, ",\"\n\r") {
			c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		b.WriteString(c)
	}
	b.WriteByte('\n')
}
