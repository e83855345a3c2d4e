package output

import (
	"bytes"
	"fmt"
	"reflect"
	"time"

	"github.com/parquet-go/parquet-go"
)

// RowsParquet returns rows (a slice of structs) as a Parquet file
// (parquet-go, one row group, rows in the order given) with the columns of
// RowsCSV, typed as WriteTidy says: strings dictionary-encoded; integers,
// times and dates delta-encoded (DELTA_BINARY_PACKED: a fourth of the
// plain size for a run's daily counts); floats plain. The pages are not
// compressed and the file's created_by is the constant "exodus", so the
// bytes depend only on the rows: not on the CPU (compressors take
// different code paths on different machines), the build or the time.
// pandas, polars, R's arrow and DuckDB read it. Each meta is a key-value
// pair of the file's metadata.
func RowsParquet(rows any, meta ...Meta) ([]byte, error) {
	rv, cols, err := columns(rows)
	if err != nil {
		return nil, err
	}
	typ := parquetRow(cols)
	opts := []parquet.WriterOption{
		parquet.SchemaOf(reflect.New(typ).Interface()),
		parquet.Compression(&parquet.Uncompressed),
		parquet.CreatedBy("exodus", "", ""),
	}
	for _, m := range meta {
		opts = append(opts, parquet.KeyValueMetadata(m.Key, m.Value))
	}
	var b bytes.Buffer
	w := parquet.NewWriter(&b, opts...)
	out := reflect.New(typ).Elem()
	for i := range rv.Len() {
		v := rv.Index(i)
		for j, c := range cols {
			f, o := v.FieldByIndex(c.index), out.Field(j)
			switch c.kind {
			case kindString:
				o.SetString(f.String())
			case kindBool:
				o.SetBool(f.Bool())
			case kindInt, kindDate:
				o.SetInt(f.Int())
			case kindFloat:
				o.SetZero()
				if x := f.Float(); defined(x) {
					o.Set(reflect.ValueOf(&x))
				}
			case kindTime:
				o.Set(reflect.ValueOf(utc(f.Interface().(time.Time))))
			}
		}
		if err := w.Write(out.Addr().Interface()); err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// parquetRow returns the struct type parquet-go writes for the columns:
// a field per column whose type and tag give its Parquet type (see
// WriteTidy).
func parquetRow(cols []column) reflect.Type {
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		var typ reflect.Type
		var opt string
		switch c.kind {
		case kindString:
			typ, opt = reflect.TypeFor[string](), ",dict"
		case kindBool:
			typ = reflect.TypeFor[bool]()
		case kindInt:
			typ, opt = reflect.TypeFor[int64](), ",delta"
		case kindFloat:
			typ, opt = reflect.TypeFor[*float64](), ",optional"
		case kindTime:
			typ, opt = timeType, ",timestamp(microsecond),delta"
		case kindDate:
			typ, opt = reflect.TypeFor[int32](), ",date,delta"
		}
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("C%d", i),
			Type: typ,
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:%q`, c.name+opt)),
		}
	}
	return reflect.StructOf(fields)
}
