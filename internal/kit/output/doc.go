// Package output writes run results: tidy tables as CSV and Parquet, JSON
// documents and the run manifest. Every file is written atomically (to a
// temporary file in the same folder, synced, then renamed), so an
// interrupted run leaves either the old file or the new one, never a torn
// one. A whole results folder is written as a unit by Folder: into a
// temporary folder beside it, committed with a manifest listing every file's
// SHA-256 and swapped into place in one step (Verify checks a folder against
// its manifest). Data files hold no timestamps; floats are formatted with a fixed verb
// so the bytes depend only on the values.
package output
