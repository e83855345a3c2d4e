// Package figure draws the figures of exodus results with gonum/plot:
// overlays of simulations on theory (Overlay), lines with 95% bands over
// calendar time with labelled shock markers (Bands), heatmaps with a
// colour bar, linear or log, and each cell's interval (Heatmap), point
// estimates with 95% intervals by category (Dots, for comparing
// variants), and bar charts with error bars (Bars), alone or in a grid of
// panels (Grid).
//
// Conventions:
//
//   - A Figure has a fixed size and draws itself on a canvas; Render
//     writes it as SVG (the reference: equal figures give equal bytes, so
//     golden tests compare SVG), PNG (at PNGDPI, 300 dpi, recorded in its
//     pHYs chunk) or PDF. SVG is written without embedded fonts and
//     without timestamps.
//   - Sizes fit a two-column paper: Column (3.5 in) or Page (7 in) wide,
//     fonts from 7 pt (ticks, legends) to 9 pt (titles) at that size.
//   - Series are told apart without colour: the palette is Okabe & Ito's
//     (safe for colour-blind readers), and style index i also sets the
//     dash pattern of lines (Dashes), the shape of points (Glyph) and,
//     for every other bar group, a hatch. Series whose lines coincide are
//     drawn once and named together in the legend.
//   - Axes do not mislead: the value axis of a count or share reaches 0
//     unless the figure says Fit; 0 is labelled whenever an axis crosses
//     it; whole-number data get whole-number ticks; tick labels carry the
//     decimals they need and a minus sign (−), not a hyphen.
//   - Legends are drawn in a strip below the plot, never over the data;
//     marker labels sit in rows above the data, never over each other.
//   - Axis labels carry their units, e.g. "share of US agents (%)".
//   - The package never prints; invalid input is an error naming the
//     figure and the value.
package figure
