package output

import (
	"bytes"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// RowsParquet returns rows as a Parquet file (parquet-go, one row group,
// rows in the order given) with the columns of RowsCSV. The pages are not
// compressed and the file's created_by is the constant "exodus", so the
// bytes depend only on the rows: not on the CPU (compressors take
// different code paths on different machines), the build or the time.
// pandas, polars and DuckDB read it.
func RowsParquet[T any](rows []T) ([]byte, error) {
	if _, err := columns(reflect.TypeFor[T]()); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err := parquet.Write(&b, rows,
		parquet.Compression(&parquet.Uncompressed),
		parquet.CreatedBy("exodus", "", ""),
	)
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
