package output

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// WriteTidy writes rows of a tidy table as base.csv and base.parquet, each
// atomically, with the same columns. A row is a struct whose exported
// fields are the columns, in field order, each named by the first element
// of its `parquet` tag (or the field name if it has none; a tag of "-"
// skips the field). Column types are string, bool, int, int32, int64,
// uint32, uint64 and float64:
//
//	type SeriesRow struct {
//		Time     string  `parquet:"time"`
//		Tick     int     `parquet:"tick"`
//		Platform string  `parquet:"platform"`
//		Users    int     `parquet:"users"`
//		Share    float64 `parquet:"share"`
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

// column is one exported field of a row type.
type column struct {
	name  string
	index int
	kind  reflect.Kind
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
		switch k := f.Type.Kind(); k {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64,
			reflect.Uint32, reflect.Uint64, reflect.Float64:
			cols = append(cols, column{name: name, index: i, kind: k})
		default:
			return nil, fmt.Errorf("row type %s: field %s has type %s, want string, bool, an integer or float64", t, f.Name, f.Type)
		}
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("row type %s has no columns", t)
	}
	return cols, nil
}

// RowsCSV returns rows as CSV with a header of the column names; floats
// are formatted by Float, integers in decimal, bools as true/false.
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
			case reflect.String:
				cells[i] = f.String()
			case reflect.Bool:
				cells[i] = strconv.FormatBool(f.Bool())
			case reflect.Int, reflect.Int32, reflect.Int64:
				cells[i] = strconv.FormatInt(f.Int(), 10)
			case reflect.Uint32, reflect.Uint64:
				cells[i] = strconv.FormatUint(f.Uint(), 10)
			case reflect.Float64:
				cells[i] = Float(f.Float())
			}
		}
		writeRow(&b, cells)
	}
	return b.Bytes(), nil
}
