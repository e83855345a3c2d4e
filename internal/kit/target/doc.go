// Package target reads calibration targets: what a scenario must
// reproduce, how it is measured on a run, how well the data know it, and
// where the data come from.
//
// A targets file (TOML, decoded strictly: an unknown key is an error
// naming it) names a data file of source rows (CSV with the columns
// date,metric,value,kind,source; see ReadRows) and lists targets,
// predictions and held-out facts. A target is an observable evaluated on
// a run's daily series, the empirical value it must match, that value's
// standard deviation sd with a sentence saying where the sd comes from,
// and the source rows (date + metric) it was derived from. A source row of kind
// "suspect" is refused: such rows contradict the rest and are never
// fitted. A prediction is an observable without a value: it is predicted
// by a calibrated model and checked later against data the fit never saw.
// A held-out fact is written as a target is, with its value, sd and
// sources, but the fit never sees it: the calibrated model's posterior
// predictive is checked against it, an out-of-sample test on data known
// today.
//
// Observables are evaluated on a daily series named by (quantity, group,
// platform), supplied by a Series (the model implements it). Days are
// calendar days "2006-01-02" in the group's time zone; windows are
// inclusive [from, to] ranges of consecutive days, every day of which must
// be in the series. With v(d) the series' value on day d and mean_W the
// mean of v over window W:
//
//	level             v(day)                                    (the series' units)
//	ratio             v(day) / v(base_day)                      (dimensionless)
//	change            v(day) / v(base_day) − 1                  (relative change)
//	window_ratio      mean_window / mean_base_window            (dimensionless)
//	                  (mean_base_window of base_platform's series, same
//	                  quantity and group, if given: a share between two
//	                  platforms measured by one panel)
//	decay             −β, β the slope of the trend e^(α + β·d)  (per day)
//	                  fitted to v over the window by Poisson
//	                  maximum likelihood (d: days since the
//	                  window's first day); a day of 0 counts
//	total             Σ_window v(d)                             (the series' units × days)
//	cumulative_share  Σ_window v(d) / population                (dimensionless)
//
// Quantities are "installs" (first accounts opened that day, users/day),
// "dau" (daily active users), "accounts" (users holding an account at the
// end of the day) and "users" (users whose main platform it is). Levels
// are in users, not agents: the model scales its agent counts by its
// stated users per agent. An observable whose arithmetic is undefined on
// a run (a ratio over a zero day, a decay with all of its window on one
// day) is NaN or
// ±Inf, not an error; errors are for series or days that do not exist.
//
// Panel estimates of the same quantity disagree in level by far more than
// they disagree on changes, so targets should be ratios, rates and shares
// rather than levels.
package target
