// Package sweep runs the runs of a parameter sweep in parallel, resumably,
// and reads its spec from TOML.
//
// A sweep is a list of runs, one per (design point, replicate). Run p, r
// has the seed sim.Derive(root, p, r), so any run can be redone alone and
// gives the same result. Execute hands each run to a run function the
// caller supplies (the model is not known here) and writes each finished
// run atomically as its own JSON file, dir/runs/p<point>-r<replicate>.json,
// holding its assignments, seed and result or error. Running the same sweep
// on the same folder again skips the runs already done, so an interrupted
// sweep resumes where it stopped.
//
// The package never prints: progress goes to a Progress the caller passes
// (TerminalProgress draws a bar on a terminal and nothing otherwise).
package sweep
