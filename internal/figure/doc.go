// Package figure draws the figures of exodus results with gonum/plot:
// overlays of simulations on theory, lines with 95% bands over calendar
// time with labelled shock markers, heatmaps with a colour bar, and bar
// charts with error bars, alone or in a grid of panels.
//
// Conventions:
//
//   - A Figure has a fixed size and draws itself on a canvas; Render
//     writes it as SVG (the reference: equal figures give equal bytes, so
//     golden tests compare SVG), PNG (at PNGDPI, recorded in its pHYs chunk) or PDF. SVG is
//     written without embedded fonts and without timestamps.
//   - Sizes fit a two-column paper: Column (3.5 in) or Page (7 in) wide,
//     fonts from 7 pt (ticks, legends) to 9 pt (titles) at that size.
//   - Legends are drawn in a strip below the plot, never over the data.
//   - Axis labels carry their units, e.g. "share of US agents (%)".
//   - The package never prints; invalid input is an error naming the
//     figure and the value.
package figure
