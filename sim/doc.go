// Package sim is the exodus tick engine: it moves small integer states of
// agents on a network under a rule it is given, in synchronous ticks, in
// parallel, and reproducibly to the bit. It knows nothing of platforms,
// bans or groups' names.
//
// Conventions:
//
//   - A Population is a structure of arrays; agent i is index i of each
//     slice. State 0 is "none"; states 1…States−1 are platforms or, for
//     adoption rules, adoption states. At most MaxStates states.
//   - A tick is the rule's unit of time (the model says what it means: an
//     hour, a period dt). Tick 0 is the initial state; tick t is computed
//     from the state at the end of tick t−1.
//   - Randomness is counter-based: a Source draw is a pure function of
//     (seed, stream name, agent, tick). Nothing depends on which worker
//     runs which block, so runs are byte-identical for any worker count
//     or GOMAXPROCS.
//   - Work is split into blocks of BlockSize consecutive agents. In the
//     decide phase a worker owns its block's slots of the next state; the
//     engine applies all decisions in later phases. Integer tallies are
//     summed per worker; nothing is summed in floating point.
//   - Networks are CSR graphs with uint32 neighbour ids built by
//     deterministic, parallel generators (Erdős–Rényi, Watts–Strogatz,
//     Chung–Lu, block model, SNAP edge lists); Implicit, the block model
//     with neighbours computed from the seed by keyed permutations, which
//     stores O(groups) numbers whatever the population; or Complete, the
//     mean field, which stores no edges. The engine pulls counts on
//     Implicit and Complete and can push them only along stored rows.
//   - Long steps take a context (generators, edge-list reading, Run) and
//     stop with its error soon after it is done. Errors caused by bad input
//     match ErrInvalid; refusals of work beyond the memory allowed
//     (MemoryError, see Estimate) match ErrRefused.
//   - The engine never prints or writes files: it hands TickStats to a
//     Recorder. Between ticks its state can be written to a StateWriter
//     and read back into a new engine (checkpoint.go); no random state
//     is part of it, the tick is all the streams need.
package sim
