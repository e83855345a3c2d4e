package study

import (
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"

	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/internal/runfiles"
	"github.com/exodus-sim/exodus/model"
)

// The tables of single runs, beside the aggregates: "runs", one row per
// run, and "runs_daily", one row per run, day, group and platform. A run
// is named by its point, replicate and seed (below 2⁶³: sweep.Seed),
// which every row carries.

// RunKey names a run in the runs tables.
type RunKey struct {
	Point     int   `parquet:"point"`
	Replicate int   `parquet:"replicate"`
	Seed      int64 `parquet:"seed"`
}

// RunDailyRow is a row of runs_daily: a run's daily quantities, the
// columns and units (agents) of exodus run's daily table
// (runfiles.DailyRow).
type RunDailyRow struct {
	RunKey
	runfiles.DailyRow
}

// runKey returns the key of record i of the aggregate.
func (a *Aggregate) runKey(i int) RunKey {
	r := a.Records[i]
	return RunKey{r.Point, r.Replicate, int64(r.Seed)}
}

// RunsTable returns the runs table as a slice of structs made for the
// study: point, replicate, seed and label, then a column per axis of the
// design holding the point's value and, for a study over a posterior, a
// column per parameter drawn holding the replicate's draw (columns named
// by output.ColumnName: "weights.protest" becomes weights_protest), a
// column per summary metric kept (null where the run could not define it,
// and for failed runs), and failure, the error of a failed run ("" for a
// run that succeeded).
func (a *Aggregate) RunsTable() (any, error) {
	s := a.Study
	var params []string
	for _, as := range s.Points[0].Assignments {
		params = append(params, as.Path)
	}
	draws := make([][]float64, len(s.Draws))
	for r, d := range s.Draws {
		for _, e := range d {
			if r == 0 {
				params = append(params, e.Path)
			}
			v, err := strconv.ParseFloat(e.Text, 64)
			if err != nil {
				return nil, fmt.Errorf("study: draw %d: %s = %q is not a number", r, e.Path, e.Text)
			}
			draws[r] = append(draws[r], v)
		}
	}
	metrics := s.Outputs.KeptMetrics()
	fields := []reflect.StructField{
		{Name: "RunKey", Type: reflect.TypeFor[RunKey](), Anonymous: true},
		{Name: "Label", Type: reflect.TypeFor[string](), Tag: `parquet:"label"`},
	}
	add := func(name string, typ reflect.Type) {
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("C%d", len(fields)), Type: typ, Tag: reflect.StructTag(fmt.Sprintf("parquet:%q", name))})
	}
	for _, name := range append(slices.Clone(params), metrics...) {
		add(output.ColumnName(name), reflect.TypeFor[float64]())
	}
	add("failure", reflect.TypeFor[string]())
	typ := reflect.StructOf(fields)
	rows := reflect.MakeSlice(reflect.SliceOf(typ), len(a.Records), len(a.Records))
	for i, rec := range a.Records {
		row := rows.Index(i)
		row.Field(0).Set(reflect.ValueOf(a.runKey(i)))
		row.Field(1).SetString(s.Points[rec.Point].Label)
		values := make([]float64, 0, len(params)+len(metrics))
		for _, as := range s.Points[rec.Point].Assignments {
			values = append(values, as.Value)
		}
		if len(draws) > 0 {
			values = append(values, draws[rec.Replicate]...)
		}
		for _, m := range metrics {
			v := math.NaN()
			if rec.OK() {
				var ok bool
				if v, ok = rec.Result.Metrics[m]; !ok {
					return nil, fmt.Errorf("study: run %s has no metric %s", rec.Name(), m)
				}
			}
			values = append(values, v)
		}
		for j, v := range values {
			row.Field(2 + j).SetFloat(v)
		}
		row.Field(len(fields) - 1).SetString(rec.Error)
	}
	return rows.Interface(), nil
}

// RunsDaily returns the runs_daily table: each successful run's daily
// quantities by day, group and platform, in run order; none if the study
// does not keep the Daily series. A group and platform whose quantities
// are 0 on every day of every run (a platform dark for a group
// throughout) are left out, as the aggregate tables leave them out.
func (a *Aggregate) RunsDaily() ([]RunDailyRow, error) {
	s := a.Study
	var rows []RunDailyRow
	if !slices.Contains(s.Outputs.Series, Daily) {
		return nil, nil
	}
	for i, rec := range a.Records {
		if !rec.OK() {
			continue
		}
		p := s.Points[rec.Point].Plan
		days, err := output.ParseDates(p.Days)
		if err != nil {
			return nil, err
		}
		key := a.runKey(i)
		for g, gr := range p.Groups {
			size := float64(p.Sizes[g])
			for st := 1; st < len(p.States); st++ {
				if !a.usedDaily(g, st) {
					continue
				}
				col := make(map[string][]float64, len(model.DailyQuantities))
				for _, q := range model.DailyQuantities {
					name := Key{Kind: Daily, Quantity: q, Group: g, State: st}.Name(p)
					v, ok := rec.Result.Series[name]
					if !ok || len(v) != len(days) {
						return nil, fmt.Errorf("study: run %s has no daily series %s of %d days", rec.Name(), name, len(days))
					}
					col[q] = v
				}
				for d, day := range days {
					// The series are shares of the group: back to agents,
					// exactly (counts are integers far below 2^53).
					rows = append(rows, RunDailyRow{key, runfiles.NewDailyRow(day, gr.Name, p.States[st],
						func(q string) int64 { return int64(math.Round(col[q][d] * size)) })})
				}
			}
		}
	}
	return rows, nil
}

// usedDaily reports whether some daily quantity of group g on state st is
// not 0 throughout at some point (Used).
func (a *Aggregate) usedDaily(g, st int) bool {
	for _, q := range model.DailyQuantities {
		if a.Used(Key{Kind: Daily, Quantity: q, Group: g, State: st}) {
			return true
		}
	}
	return false
}

// WriteRuns writes the runs table to outDir as runs.csv and runs.parquet
// and, if the study keeps the Daily series, runs_daily.csv and .parquet
// (with runfiles.Zone in its metadata).
func (a *Aggregate) WriteRuns(outDir string) error {
	runs, err := a.RunsTable()
	if err != nil {
		return err
	}
	if err := output.WriteTidy(filepath.Join(outDir, "runs"), runs); err != nil {
		return err
	}
	daily, err := a.RunsDaily()
	if err != nil || daily == nil {
		return err
	}
	return output.WriteTidy(filepath.Join(outDir, "runs_daily"), daily, runfiles.Zone(a.Study.Points[0].Plan))
}
