package target

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"
)

// Row is one row of a data file: a figure on a date, how it was obtained
// and where it was published.
type Row struct {
	Date   string  // "2006-01-02"
	Metric string  // what was measured, e.g. rednote_us_dau_similarweb
	Value  float64 // in the metric's units
	Kind   string  // Measured, Claim or Suspect
	Source string  // publication, outlet and wording quoted
}

// Kinds of rows.
const (
	// Measured is a measurement firm's panel estimate.
	Measured = "measured"
	// Claim is a figure from the company or a platform counter quoted by
	// the press.
	Claim = "claim"
	// Suspect is a figure that contradicts the rest: never fitted.
	Suspect = "suspect"
)

// header is the first line of a data file.
var header = []string{"date", "metric", "value", "kind", "source"}

// ReadRows reads a data file: CSV with the header date,metric,value,kind,
// source, a valid date and a finite value on every row, a kind among
// measured, claim and suspect, and no two rows with the same date and
// metric. Errors name the line and echo the cell.
func ReadRows(r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("data: header: %w", err)
	}
	if !slices.Equal(head, header) {
		return nil, fmt.Errorf("data: header %q, want %q", head, header)
	}
	type key struct{ date, metric string }
	seen := map[key]int{}
	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row := Row{Date: rec[0], Metric: rec[1], Kind: rec[3], Source: rec[4]}
		if _, err := time.Parse(time.DateOnly, row.Date); err != nil {
			return nil, fmt.Errorf("data: line %d: date = %q, want YYYY-MM-DD", line, row.Date)
		}
		if row.Metric == "" {
			return nil, fmt.Errorf("data: line %d: metric is empty", line)
		}
		row.Value, err = strconv.ParseFloat(rec[2], 64)
		if err != nil || math.IsInf(row.Value, 0) || math.IsNaN(row.Value) {
			return nil, fmt.Errorf("data: line %d: value = %q, want a finite number", line, rec[2])
		}
		switch row.Kind {
		case Measured, Claim, Suspect:
		default:
			return nil, fmt.Errorf("data: line %d: kind = %q, want %s, %s or %s", line, row.Kind, Measured, Claim, Suspect)
		}
		k := key{row.Date, row.Metric}
		if first, dup := seen[k]; dup {
			return nil, fmt.Errorf("data: line %d: date %s and metric %s repeat line %d", line, row.Date, row.Metric, first)
		}
		seen[k] = line
		rows = append(rows, row)
	}
}
