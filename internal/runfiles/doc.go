// Package runfiles makes the files of one scenario run: tidy tables of
// its series (a row per tick, group and state), its flows and its
// cross-group contact. Names of groups and states appear here, when
// written, and nowhere before.
package runfiles
