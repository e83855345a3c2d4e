// Package design builds the points of a parameter sweep: axes over scenario
// fields and designs that combine them (full grid, Latin hypercube, and
// Saltelli's scheme for Sobol sensitivity indices on a Sobol sequence).
//
// Conventions:
//
//   - An axis names a scenario field by a dotted path ("weights.protest",
//     "shocks.tiktok-blackout.duration"). The path is an opaque string here; the caller
//     that applies a point to a scenario resolves it.
//   - A point is a list of (path, value) assignments in axis order.
//   - Designs are pure functions of their arguments: the same axes, size
//     and seed give the same points, bit for bit.
//   - Sampling designs (Latin hypercube, Saltelli) draw coordinates in the
//     unit cube [0, 1)^k and map coordinate u of axis i to its range by
//     Axis.At: linearly, log-uniformly, or onto a list's levels.
package design
