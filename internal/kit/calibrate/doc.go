// Package calibrate fits a stochastic model's free parameters to targets:
// a point estimate by the method of simulated moments (MSM) and a
// posterior by ABC-SMC, and the posterior predictive that checks a fit
// and predicts what the fit never saw.
//
// The model is out of sight: a run is asked for as an Eval (parameter
// values θ in their natural units, a seed and a Key naming it) and
// answered with its moments, the targets' observables evaluated on the
// run (package internal/kit/target), by an Evaluator. Local runs a
// Simulator function in this process with a bounded number of goroutines;
// another Evaluator can send the same batches to the sweep runner. Every
// run is a pure function of its key, so an evaluator that stores runs by
// key resumes an interrupted calibration, and results never depend on the
// parallelism: batches are returned by index and every random draw is
// keyed by what it is for, never by worker.
//
// Parameters have a uniform or a log-uniform prior on [lo, hi]. The
// prior is uniform in the parameter's scale u (θ, or ln θ for a
// log-uniform prior); ABC's random walk and CMA-ES's search move in
// z ∈ ℝ with u = a + (b − a)/(1 + e^(−z)), so every point they try is
// inside the prior box.
//
// Distance. With target values d_k, standard deviations sd_k and a
// parameter vector's moments m_rk over R replicate runs,
//
//	D(θ) = Σ_k ((m̄_k − d_k) / sd_k)²,  m̄_k = (1/R) Σ_r m_rk,
//
// dimensionless, in units of each target's sd; a non-finite m̄_k makes D
// +Inf. For the point estimate (Minimize) the R seeds are the same for
// every θ (common random numbers), so D is a deterministic function of θ
// and CMA-ES (gonum optimize.CmaEsChol, the Cholesky variant of Hansen's
// CMA-ES by Krause et al. 2016) minimises it like any function.
//
// Posterior (SMC): ABC-SMC by Drovandi and Pettitt (2011)'s
// replenishment, with the tolerance adapted as in Del Moral et al. (2012):
// each generation keeps the share Alpha of the particles of least
// distance, the distance of the last kept is its tolerance, and each
// dropped particle's place takes a copy of a kept one moved by
// Metropolis–Hastings steps that leave the ABC posterior at that
// tolerance invariant (a Gaussian random walk in z of covariance 2.38²/d
// times the kept particles', as Roberts et al. 1997 advise; a move is
// accepted with the probability the prior's ratio gives, drawn before its
// run, and when its run is within the tolerance), as many steps as make a
// copy stay unmoved with probability Stay. The particles' weights stay
// equal. The importance-weighted ABC-SMC of Toni et al. (2009) and
// Beaumont et al. (2009), which exodus used before, degenerated on
// rednote-2025's 21 parameters: one particle of 160 carried 0.89 of the
// last generation's weight, having landed where the proposal's density was
// low. Each proposal has its own seeds: under common random numbers a
// posterior would condition on one realisation of the model's noise. With
// R = 1 and ε → 0 the posterior is that of the model's own moments; with
// the sd the data's errors, a final tolerance near the number of targets
// approximates the posterior under those errors (Wilkinson 2013).
//
// Generation 0 proceeds in rounds: each particle still pending gets one
// or more numbered prior draws, all runs of a round go to the evaluator
// as one batch, and a particle keeps its first draw of finite distance.
// How many draws a round gives a particle depends only on counts, and each
// later step's moves go to the evaluator as one batch, so the rounds, the
// runs and the posterior are the same whatever the parallelism.
//
// Summaries are weighted empirical quantiles (5%, 50%, 95%: a central
// 90% interval). The Rows methods and functions give the tables a
// calibration writes (output.WriteTidy).
//
// References:
//
//   - C. C. Drovandi, A. N. Pettitt (2011), Estimation of parameters for
//     macroparasite population evolution using approximate Bayesian
//     computation, Biometrics 67:225–233.
//   - G. O. Roberts, A. Gelman, W. R. Gilks (1997), Weak convergence and
//     optimal scaling of random walk Metropolis algorithms, Ann. Appl.
//     Probab. 7:110–120.
//   - T. Toni, D. Welch, N. Strelkowa, A. Ipsen, M. P. H. Stumpf (2009),
//     Approximate Bayesian computation scheme for parameter inference and
//     model selection in dynamical systems, J. R. Soc. Interface 6:187–202.
//   - M. A. Beaumont, J.-M. Cornuet, J.-M. Marin, C. P. Robert (2009),
//     Adaptive approximate Bayesian computation, Biometrika 96:983–990.
//   - N. Hansen (2016), The CMA evolution strategy: a tutorial,
//     arXiv:1604.00772; O. Krause, D. R. Arbonès, C. Igel (2016), CMA-ES
//     with optimal covariance update and storage complexity, NeurIPS.
//   - D. McFadden (1989), A method of simulated moments for estimation of
//     discrete response models without numerical integration,
//     Econometrica 57:995–1026.
//   - P. Del Moral, A. Doucet, A. Jasra (2012), An adaptive sequential
//     Monte Carlo method for approximate Bayesian computation, Statistics
//     and Computing 22:1009–1020.
//   - R. D. Wilkinson (2013), Approximate Bayesian computation (ABC) gives
//     exact results under the assumption of model error, Stat. Appl.
//     Genet. Mol. Biol. 12:129–141.
package calibrate
