// Package model is the exodus domain: decision rules for agents choosing
// among platforms, the classic diffusion rules used to validate the engine
// against theory, networks by name, and the run of a rule on a network.
//
// Rules implement sim.Rule. Every rule draws from its own named streams
// ("flip/switch", "init/state", …) under the run's seed, so the parts of a
// run are independent and a run is a pure function of its specification
// and seed.
//
// The scenario rule (PPM) keeps an agent's primary platform as its state
// and the apps it has installed in the population's Accounts mask; it adds
// 2 bytes per agent (its last install, for novelty), the daily census 1
// (the state at the start of the day) and the activation 0.8 (the offsets
// in their block of the 40% of agents above the lowest activity tier,
// drawn apart: fixed by the seed, so not checkpointed). Awareness
// (awareness.go) and daily use (usage.go) store nothing per agent: their
// draws are pure functions of
// (seed, agent, tick or day, platform). So a run's state between two
// ticks is its population, these few arrays, some per-group numbers and
// its history: Migration.WriteState and ReadState (checkpoint.go) save
// and restore it, and a resumed run records what an uninterrupted one
// does.
package model
