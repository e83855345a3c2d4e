// Package sensitivity estimates variance-based (Sobol) sensitivity indices
// of a model output from the runs of Saltelli's design (design.Saltelli),
// with bootstrap confidence intervals.
//
// Notation (Saltelli et al. 2010, "Variance based sensitivity analysis of
// model output", Comput. Phys. Commun. 181, 259–270): A and B are N×k base
// samples of the k factors, A_B^(i) is A with column i taken from B, and
// f(·)_j is the output of row j. The first-order index S_i = V_i/V(Y) is the
// share of the output variance explained by factor i alone; the total
// index S_Ti = E(V_{~i})/V(Y) adds all its interactions.
package sensitivity
