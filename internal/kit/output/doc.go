// Package output writes run results: tidy tables as CSV and typed Parquet
// with the same columns (WriteTidy: times as UTC timestamps, days as
// dates, strings dictionary-encoded, integers as int64, undefined floats
// as null, column names that need no quoting), JSON documents and the run
// manifest. Every file is written atomically (to a temporary file in the
// same folder, synced, then renamed), so an interrupted run leaves either
// the old file or the new one, never a torn one. A whole results folder
// is written as a unit by Folder: into a temporary folder beside it,
// committed with a manifest listing every file's SHA-256 and swapped into
// place in one step (Verify checks a folder against its manifest). Data
// files hold no timestamps of when they were made; floats are written in
// their shortest exact form, so the bytes depend only on the values.
package output
