// Package figure draws the figures of exodus results with gonum/plot.
//
// Figures are SVG, written without embedded fonts and without timestamps,
// so equal figures give equal bytes and can be compared byte for byte in
// golden tests. Axis labels carry their units, e.g. "time t (periods)".
package figure
