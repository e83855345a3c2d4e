// Package model is the exodus domain: decision rules for agents choosing
// among platforms, the classic diffusion rules used to validate the engine
// against theory, networks by name, and the run of a rule on a network.
//
// Rules implement sim.Rule. Every rule draws from its own named streams
// ("flip/switch", "init/state", …) under the run's seed, so the parts of a
// run are independent and a run is a pure function of its specification
// and seed.
package model
