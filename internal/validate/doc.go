// Package validate checks each classic rule against its theory: closed
// forms, ODE solutions and published results, at sizes where the tolerance
// is tight. It is what `exodus validate` runs.
//
// Conventions:
//
//   - A Check runs one rule's simulations and returns Rows, one per compared
//     quantity: expected value (with its source cited in the code), simulated
//     value and tolerance. A row passes when |got − expected| ≤ tolerance.
//   - Tolerances are 3 standard errors (or, where the standard error is
//     estimated from R replicates, the two-sided 0.27% quantile of Student's
//     t with R − 1 degrees of freedom times it) plus, for rules that are time
//     steps of an ODE, the leading term of the discretisation error, derived
//     in the check's documentation. Standard errors come from the binomial
//     law and the linear-noise (variance) recursion of the rule along the
//     theoretical path, or from replicates. No expected value is computed by
//     the simulation's code.
//   - Every run draws from seeds derived from Options.Seed, the check's name
//     and the replicate, so a report is a pure function of the options:
//     the number of workers changes the time, never a digit.
//   - Time is in the rule's units (periods for Bass, arbitrary units for
//     irSIR); a tick is dt of them. Shares are fractions of all agents.
package validate
