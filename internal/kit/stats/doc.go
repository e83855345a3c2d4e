// Package stats aggregates the results of a point's replicates: mean,
// standard deviation, standard error and a 95% confidence interval for the
// mean, per summary metric and per tick of a series.
//
// Conventions: values are summed in replicate order (inputs are sorted by
// replicate index first), never in the order runs finished, so the
// aggregates are reproducible to the bit. A NaN value (a metric a
// replicate could not define, such as a retention the run ended too early
// to see) is left out: the aggregate is over the replicates that define
// it, and its N says how many. Missing replicates (failed runs) lower N
// too; a replicate that lacks a metric the others have is an error.
package stats
