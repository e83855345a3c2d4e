// Package study runs a scenario over the points of a design, or over
// named variants, for several replicates each, and aggregates the runs:
// the model wired to internal/sweep (parallel, resumable, one file per
// run), internal/kit/stats (mean, SD and 95% confidence interval over
// replicates) and internal/kit/sensitivity (Sobol indices of a Saltelli
// design), written as tidy tables in CSV and Parquet by internal/kit/output.
//
// Conventions:
//
//   - A run is one point's scenario with the run's seed, run by
//     model.RunScenario. Its result keeps the summary metrics
//     (model.Summary.Metrics) and, when asked, per-tick series (Outputs).
//   - Replicate r of point p has seed sweep.Seed(root, p, r), as
//     sweep.Runs gives; with common seeds every point's replicate r has
//     sweep.Seed(root, 0, r), so that points differ only by their
//     scenarios (common random numbers).
//   - Shares and joins are fractions of the agents of their group; a
//     tick's time is the start of its interval (UTC in the tables), as in
//     internal/runfiles; a tick's joins count on the day its interval
//     lies in, in the zone of the start, as in model.Summary.
//   - Aggregates and tables are in point order, then name order, then
//     tick order: never in the order runs finished.
//   - Beside the aggregates, the runs tables hold every run's values:
//     runs (a row per run: seed, parameters and metrics as columns) and
//     runs_daily (a row per run, day, group and platform), so that any
//     other aggregate can be computed from them.
package study
