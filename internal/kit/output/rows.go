package output

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// WriteTidy writes rows of a tidy table as base.csv and base.parquet, each
// atomically, with the same columns. A row is a struct whose exported
// fields are the columns, in field order, each named by the first element
// of its `parquet` tag (or the field name if it has none; a tag of "-"
// skips the field); names are lower-case letters, digits and underscores,
// starting with a letter, and not SQL reserved words (group, from, to,
// order…), so that no reader needs to quote them. The Go type of a field fixes its column's type, in
// Parquet and in CSV alike:
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
// Times are truncated to whole microseconds. For example
//
//	type SeriesRow struct {
//		Time     time.Time `parquet:"time"`
//		Tick     int       `parquet:"tick"`
//		Platform string    `parquet:"platform"`
//		Users    int64     `parquet:"users"`
//		Share    float64   `parquet:"share"`
//	}
//	err := output.WriteTidy("results/x/series", rows)
func WriteTidy[T any](base string, rows []T) error {
	c, err := RowsCSV(rows)
	if err != nil {
		return fmt.Errorf("write %s.csv: %w", base, err)
	}
	p, err := RowsParquet(rows)
	if err != nil {
		return fmt.Errorf("write %s.parquet: %w", base, err)
	}
	if err := WriteFile(base+".csv", c); err != nil {
		return err
	}
	return WriteFile(base+".parquet", p)
}

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
	index int
	kind  kind
}

// columns returns the columns of row type t, or an error naming a field of
// an unsupported type.
func columns(t reflect.Type) ([]column, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("row type %s is not a struct", t)
	}
	var cols []column
	for i := range t.NumField() {
		f := t.Field(i)
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
		c := column{name: name, index: i}
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
	if len(cols) == 0 {
		return nil, fmt.Errorf("row type %s has no columns", t)
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

// defined reports whether v is a value (neither NaN nor ±Inf); tables
// write the others as null.
func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// utc returns t in UTC, truncated to whole microseconds.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// RowsCSV returns rows as CSV with a header of the column names, cells
// written as WriteTidy says.
func RowsCSV[T any](rows []T) ([]byte, error) {
	cols, err := columns(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = c.name
	}
	writeRow(&b, cells)
	for _, r := range rows {
		v := reflect.ValueOf(r)
		for i, c := range cols {
			f := v.Field(c.index)
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
