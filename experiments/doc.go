// Package experiments declares the research experiments of exodus as Go
// values and runs them: each is a base scenario with overrides, named
// variants (counterfactuals) or a design over axes, replicates, an
// explicit root seed and agents, and the figures it draws. Run executes
// an experiment's runs through internal/study into a cache folder (one
// file per run, resumable) and writes results/NAME/: the aggregated
// tables as CSV and Parquet, the figures as SVG and PNG (PDF on request)
// and manifest.json, the only file with times and versions in it. The
// tables and SVG figures are a pure function of the declaration and the
// model: regenerating them gives the same bytes.
//
// Conventions: shares are percentages of a group's agents in figures
// (fractions in tables); calendar time is the scenario's (US Eastern,
// UTC−5, for rednote-2025); day d of the exodus counts from day 1 on 13
// January 2025, when RedNote reached #1 in the US App Store.
package experiments
