package output

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Table is a tidy table: a header and rows of cells, written as CSV.
type Table struct {
	Header []string
	rows   [][]string
}

// NewTable returns an empty table with the given columns.
func NewTable(columns ...string) *Table { return &Table{Header: columns} }

// Add appends a row; ints are written in decimal and floats by Float.
func (t *Table) Add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case string:
			row[i] = v
		case int:
			row[i] = strconv.Itoa(v)
		case int64:
			row[i] = strconv.FormatInt(v, 10)
		case float64:
			row[i] = Float(v)
		default:
			panic(fmt.Sprintf("output: unsupported cell type %T", c))
		}
	}
	t.rows = append(t.rows, row)
}

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Rows returns the rows written so far.
func (t *Table) Rows() [][]string { return t.rows }

// Float formats v in the shortest form that reads back to the same float64,
// so equal values give equal bytes. NaN and ±Inf are written as NaN, +Inf
// and -Inf, which pandas, polars and DuckDB read.
func Float(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// CSV returns the table as CSV (RFC 4180: cells with commas, quotes or line
// breaks are quoted).
func (t *Table) CSV() []byte {
	var b bytes.Buffer
	writeRow(&b, t.Header)
	for _, r := range t.rows {
		writeRow(&b, r)
	}
	return b.Bytes()
}

// WriteCSV writes the table to path atomically.
func (t *Table) WriteCSV(path string) error { return WriteFile(path, t.CSV()) }

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
