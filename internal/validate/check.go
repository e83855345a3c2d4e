package validate

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"path/filepath"
	"runtime"

	"golang.org/x/sync/errgroup"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/exodus-sim/exodus/internal/kit/figure"
	"github.com/exodus-sim/exodus/internal/kit/output"
	"github.com/exodus-sim/exodus/model"
	"github.com/exodus-sim/exodus/sim"
)

// Options sets how the checks run.
type Options struct {
	// Quick runs the reduced set for CI (smaller sizes, fewer replicates).
	Quick bool
	// Seed is the root seed of every run.
	Seed uint64
	// Workers is the number of runs at once, each on one engine worker;
	// 0 means GOMAXPROCS. It changes the time, not the results.
	Workers int
}

// Row is one compared quantity.
type Row struct {
	// Check names the check: bass, granovetter, watts, irsir, flip.
	Check string
	// Quantity says what is compared, with its time or parameters.
	Quantity           string
	Expected, Got, Tol float64
}

// Pass reports whether |Got − Expected| ≤ Tol; a NaN never passes.
func (r Row) Pass() bool { return math.Abs(r.Got-r.Expected) <= r.Tol }

// Verdict returns PASS or FAIL.
func (r Row) Verdict() string {
	if r.Pass() {
		return "PASS"
	}
	return "FAIL"
}

// Result is what a check returns: its rows and its overlay figure.
type Result struct {
	Rows   []Row
	Figure *figure.Overlay
}

// Check is one rule's comparison with its theory.
type Check struct {
	// Name names the rows and the figure file, Name.svg.
	Name string
	Run  func(ctx context.Context) (*Result, error)
}

// constructors lists the checks in the order they run. A rule's check is
// added by appending its constructor.
var constructors = []func(Options) Check{bassCheck, granovetterCheck, wattsCheck, irsirCheck, flipCheck, ppmCheck}

// Checks returns the checks under o, in order.
func Checks(o Options) []Check {
	out := make([]Check, len(constructors))
	for i, c := range constructors {
		out[i] = c(o)
	}
	return out
}

// Report is the outcome of all checks.
type Report struct {
	Rows    []Row
	Figures []Figure // in check order
}

// Figure is a check's overlay figure, written to Name.svg.
type Figure struct {
	Name string
	*figure.Overlay
}

// Run runs every check in order.
func Run(ctx context.Context, o Options) (*Report, error) {
	rep := &Report{}
	for _, c := range Checks(o) {
		res, err := c.Run(ctx)
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", c.Name, err)
		}
		rep.Rows = append(rep.Rows, res.Rows...)
		if res.Figure != nil {
			rep.Figures = append(rep.Figures, Figure{c.Name, res.Figure})
		}
	}
	return rep, nil
}

// Failed returns the number of rows that fail.
func (r *Report) Failed() int {
	n := 0
	for _, row := range r.Rows {
		if !row.Pass() {
			n++
		}
	}
	return n
}

// CheckRow is a row of the checks table.
type CheckRow struct {
	Name      string  `parquet:"name"`
	Quantity  string  `parquet:"quantity"`
	Expected  float64 `parquet:"expected"`
	Got       float64 `parquet:"got"`
	Tolerance float64 `parquet:"tolerance"`
	// Result is PASS or FAIL.
	Result string `parquet:"result"`
}

// WriteChecks writes the rows as the table checks (CSV and Parquet) in
// dir.
func (r *Report) WriteChecks(dir string) error {
	rows := make([]CheckRow, len(r.Rows))
	for i, row := range r.Rows {
		rows[i] = CheckRow{row.Check, row.Quantity, row.Expected, row.Got, row.Tol, row.Verdict()}
	}
	return output.WriteTidy(filepath.Join(dir, "checks"), rows)
}

// Write writes the checks table and one NAME.svg per check with a figure
// to dir.
func (r *Report) Write(dir string) error {
	if err := r.WriteChecks(dir); err != nil {
		return err
	}
	for _, f := range r.Figures {
		if err := f.WriteSVG(filepath.Join(dir, f.Name+".svg")); err != nil {
			return err
		}
	}
	return nil
}

// seed returns the seed of replicate r of the named check.
func (o Options) seed(check string, r int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(check))
	return sim.Derive(o.Seed, h.Sum64(), uint64(r))
}

// replicates runs f(ctx, r) for r = 0…n−1, at most o.Workers at once, and
// returns the results in replicate order.
func replicates[T any](ctx context.Context, o Options, n int, f func(ctx context.Context, r int) (T, error)) ([]T, error) {
	out := make([]T, n)
	g, ctx := errgroup.WithContext(ctx)
	w := o.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	g.SetLimit(w)
	for r := range n {
		g.Go(func() error {
			v, err := f(ctx, r)
			out[r] = v
			return err
		})
	}
	return out, g.Wait()
}

// runClassic runs spec on one engine worker.
func runClassic(ctx context.Context, spec model.ClassicSpec) (*model.History, error) {
	spec.Workers = 1
	r, err := model.RunClassic(ctx, spec)
	if err != nil {
		return nil, err
	}
	return r.History, nil
}

// share returns the share of agents in state s at tick t.
func share(h *model.History, t, s int) float64 {
	return float64(h.Total(t, s)) / float64(h.Agents())
}

// meanSE returns the mean of x and its standard error sd/√n, summed in
// order.
func meanSE(x []float64) (mean, se float64) {
	m, sd := stat.MeanStdDev(x, nil)
	return m, sd / math.Sqrt(float64(len(x)))
}

// tCrit returns the factor of a standard error estimated from n replicates
// that matches 3 known standard errors: the 1 − 0.00135 quantile of
// Student's t with n − 1 degrees of freedom (two-sided 0.27%).
func tCrit(n int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(1 - 0.00135)
}
