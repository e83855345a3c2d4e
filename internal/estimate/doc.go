// Package estimate calibrates a scenario: it wires the model to the
// model-agnostic calibration machinery (package internal/kit/calibrate)
// and to targets files (package internal/kit/target).
//
// A calibration spec (TOML, decoded strictly) names a base scenario and
// its edits, a targets file (and, optionally, which of its targets to fit:
// the others are held out), the free parameters (each an edit path with a
// uniform or log-uniform prior), the number of replicate runs per
// evaluation, and the settings of the point estimate (CMA-ES) and of the
// posterior (ABC-SMC), either or both: without a posterior the predictive
// runs the point estimate. Compile checks all of it before any run:
// every parameter's path is applied at both corners of its prior box and
// the scenario compiled.
//
// A run sets the parameters as edits of the base scenario, compiles it,
// runs it with the seed the calibration gives, and evaluates the targets'
// observables on its daily series (Series: a model run's days in the
// zone of its start, values in users). Runs are stored by their key under
// OUT/evals, so an interrupted calibration resumes: every run is a pure
// function of its key, and the posterior is the same bytes whatever the
// number of jobs. Each run is claimed before it starts (package
// internal/kit/claim, files OUT/claims/KEY.GEN), so any number of
// processes, on one machine or on the machines of a cluster sharing OUT,
// may run the same calibration at once: they split every batch of runs,
// wait for one another's runs, take over those of a process that died,
// and all compute the same results. OUT/calibration.json, created
// exclusively before any run, holds the calibration's fingerprint: a
// folder of another calibration's runs is refused.
//
// Outputs (Run): with a posterior, posterior (particles with weights),
// generations (tolerance, kept, steps, acceptance, distinct) and summary
// (prior and posterior quantiles); fit (each target's data against the
// predictive 90% band, and whether it is within), prediction (the held-out
// observables' predictive bands), estimate.json (the CMA-ES point
// estimate) and manifest.json.
package estimate
