// Package runfiles makes the tables of one scenario run, each written as
// CSV and typed Parquet (output.WriteTidy): its series (a row per tick,
// group and state), its daily quantities, its flows and its cross-group
// contact. Names of groups and states appear here, when written, and
// nowhere before.
//
// Conventions: a row of tick t describes the tick's interval, from
// time = Start + (t−1)·Tick to Start + t·Tick (time marks its start, in
// UTC): moves and joins during it, users and contact at its end. Tick 0
// is the initial state, its time one tick before Start. A day is a
// calendar day in the zone of the scenario's start, and a tick counts on
// the day its interval lies in (model.Plan.Days), so that summing a tick
// column by the day of time, taken in that zone, gives the daily table.
package runfiles
