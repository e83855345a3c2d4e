// Package sweep runs the runs of a parameter sweep in parallel, resumably,
// from any number of processes sharing its folder.
//
// A sweep is a list of runs, one per (design point, replicate). Run p, r
// has the seed Seed(root, p, r) (below 2⁶³), so any run can be redone alone and
// gives the same result. Execute hands each run to a run function the
// caller supplies (the model is not known here) and writes each finished
// run atomically as its own JSON file, dir/runs/p<point>-r<replicate>.json,
// holding its assignments, seed, scenario hash and study identity (both
// supplied by the caller) and its result or error. Running the same sweep
// on the same folder again skips the runs already done, so an interrupted
// sweep resumes where it stopped; a file of another sweep is an error.
//
// Before a run starts it is claimed by a file created atomically under
// dir/claims (package internal/kit/claim: holder, host, PID,
// start, lease), renewed while it runs and removed once its record is
// written. Processes on one machine or on the machines of a cluster
// sharing the folder therefore split the runs
// without doing one twice, and take over the claims of holders that died
// (their PID gone from the host, or their lease expired). A Shard selects
// a deterministic share of the runs (run index mod n), as a Slurm array
// task does; the records, hence the tables, are the same bytes however
// the runs were spread.
//
// The package never prints: progress goes to a Progress the caller passes
// (TerminalProgress draws a bar on a terminal and nothing otherwise).
package sweep
