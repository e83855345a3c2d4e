// Package report writes report.html, the page a researcher opens in a
// browser to read a run, a sweep or an experiment: the scenario, the
// summary with each term defined in plain words, the figures, the heads of
// the tables, the manifest and the command that reproduces the folder.
//
// Conventions:
//
//   - One self-contained file: figures inline as SVG, CSS inline, no
//     script, no link to anything outside the file, so it reads offline,
//     in an e-mail attachment or in a journal's supplementary material.
//   - Everything is escaped (html/template); the only markup not made by
//     the template is the SVG of figure.Render, whose text gonum escapes.
//   - The same inputs give the same bytes: the page holds no time except
//     those of the manifest it shows.
//   - Pages are made from values (Page; RunPage and StudyPage build them),
//     the manifest the folder is committed with, and the folder's own
//     tables: the heads of its CSV tables are read back from the folder,
//     so that the page shows what was written.
//   - The package never prints.
package report
