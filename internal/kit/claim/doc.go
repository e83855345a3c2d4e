// Package claim lets any number of processes, on one machine or on the
// machines of a cluster sharing a folder, split a set of named pieces of
// work without doing one twice, and take over the work of those that died.
//
// Work named NAME is claimed by creating the file DIR/NAME.<generation>
// exclusively (output.WriteNew, a hard link: atomic on local filesystems,
// NFS, Lustre and GPFS); the file holds its holder's identity, host, PID,
// start time and the time its lease expires (JSON). The live claim of a
// piece of work is its highest generation. The holder renews the lease
// every quarter of it while it works (Held.Keep). A claim whose holder
// died, because its process is gone from its host or because its lease
// expired unrenewed, is taken over by creating the next generation, which
// only one process can do; generations only grow, so a claim judged dead
// can never be mistaken for its successor. A holder that finds its claim
// taken over, or its work recorded by another, stops. Claims are removed,
// every generation, once the work's result is recorded or the holder
// gives it up (Held.Release).
//
// Leases compare wall clocks: the hosts sharing a folder must keep their
// clocks in step (NTP), as clusters do.
//
// The package knows nothing of what the work is or where its results go:
// the caller records them, and says when asked whether a piece of work
// is recorded.
package claim
