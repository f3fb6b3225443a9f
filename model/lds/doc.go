// Package lds provides a linear-Gaussian state-space model (latent linear
// dynamical system, LDS): sampling, the Kalman filter with its exact
// log-likelihood, the Rauch–Tung–Striebel (RTS) smoother, and
// expectation–maximisation (EM) whose log-likelihood never decreases.
//
// Model (Roweis & Ghahramani 1999, "A unifying review of linear Gaussian
// models", Neural Comput 11:305; Shumway & Stoffer 1982; notation of
// Valente, Ostojic & Pillow 2022, Neural Comput 34:1871):
//
//	z_0     ~ N(Mu0, V0)
//	z_{t+1} = A z_t + B u_t + b + w_t,   w_t ~ N(0, Q)
//	y_t     = C z_t + D u_t + d + v_t,   v_t ~ N(0, R)
//
// with latent dimension D (Model.Dim), N observed units and P inputs. B, D
// (inputs), b (Bias) and d (Offset) are optional (nil means absent/zero).
// Q and R may be full or diagonal, and singular (positive semi-definite)
// covariances are allowed where the filter needs no inverse of them.
//
// API summary (stable: other packages, e.g. a CILDS fit, build on it):
//
//	type Model struct{ A, Q, C, R, B, D, Mu0, V0, Bias, Offset }  // parameters
//	type Sequence struct{ Y, U *mat.Dense }  // Y: T×N observations, U: T×P inputs or nil
//	(*Model).Validate() error                // shapes
//	(*Model).Dim(), Obs(), Inputs(), Clone()
//	(*Model).Sample(rng, T, U) (Z, Y, err)   // draw latents and observations
//	(*Model).Filter(seq) (*Filtered, error)  // Kalman filter; Filtered.LogLik is exact
//	(*Model).LogLikelihood(seq) (float64, error)
//	(*Model).Smooth(seq) (*Posterior, error) // RTS smoother: means, covariances,
//	                                         // lag-one cross-covariances, LogLik
//	EStep(m, data) ([]*Posterior, ll, error) // smoother on every sequence
//	MStep(m, data, posts, opts) error        // closed-form M-step in place
//	Fit(ctx, m, data, opts) ([]float64, error) // EM; lls[k] = LL after k M-steps;
//	                                         // ctx is checked between iterations
//	InitPCA(data, dim) (*Model, error)       // PCA initialisation for EM
//	(*Model).StationaryCov() (*mat.SymDense, error) // Π = A Π Aᵀ + Q
//	(*Model).LaggedCov(lag) (*mat.Dense, error)     // Cov(y_{t+lag}, y_t) at stationarity
//
// Filtering uses the information (Woodbury) form when R is positive
// definite: the observations are whitened by the Cholesky factor of R in
// one pass over the sequence (O(T·N²), O(T·N·D) for diagonal R), after which
// a covariance step costs O(D³) and a mean step O(D²); otherwise it uses the covariance form with an N×N
// Cholesky factor and the Joseph update, which stays exact for singular R.
//
// The covariances of the filter and the smoother depend on the model and on
// the sequence length, not on the observations or the inputs. The
// recursions are therefore split: a covariance pass, run once per distinct
// sequence length, and a mean pass per sequence. EStep and Fit run one
// covariance pass for all the sequences of a length (the posteriors of
// equal-length sequences share their Cov and Cross slices, read-only), and
// Fit keeps its E-step buffers across iterations, so that after the first
// an E-step allocates nothing. The arithmetic per sequence is that of a
// separate filter and smoother run.
//
// Once the predicted covariance stops changing (relative change below
// 1e-14: the Riccati fixed point), the filter and the smoother copy the
// steady-state covariances and gains instead of recomputing them; this
// changes results only at rounding level and makes long sequences cheap.
//
// EM options (Options): diagonal Q or R, estimated latent bias b and
// observation offset d, fixed initial state; B and D are estimated when the
// model has them (non-nil) and the sequences carry inputs. EStep and MStep
// are exported so that a model with a different observation model (e.g.
// CILDS) can reuse the smoother and the latent-dynamics update.
//
// Bad input (mis-shaped model or sequence, an empty or nil Y, NaN or Inf in
// Y or U — missing data is not supported —, T < 1 in Sample, a latent
// dimension outside [1, N−1] in InitPCA) yields an error wrapping
// experiment.ErrInput that names the sequence (when there are several), the
// time step and the column.
//
// Posterior and Filtered store per-time vectors and matrices in flat
// row-major slices: Mean[t*D+i], Cov[t*D*D+i*D+j]; accessor methods return
// sub-slices.
package lds
