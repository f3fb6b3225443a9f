"""Peer of kalman-smooth: statsmodels' Kalman filter and smoother on the same
LDS (x_{t+1} = A x_t + w, y_t = C x_t + v, x_1 ~ N(mu0, V0)). The smoother is
asked for what neurolab computes (state means, covariances and lag-one
cross-covariances), not for the disturbance smoother."""
import numpy as np
from statsmodels.tsa.statespace.kalman_smoother import (
    SMOOTHER_STATE, SMOOTHER_STATE_AUTOCOV, SMOOTHER_STATE_COV, KalmanSmoother)

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
A, Q, C, R, V0, Y = (nlio.read(np, src, m, x) for x in ("A", "Q", "C", "R", "V0", "Y"))
mu0 = nlio.read(np, src, m, "mu0")
T, n = Y.shape
d = A.shape[0]

t0 = nlio.now()
ks = KalmanSmoother(k_endog=n, k_states=d, k_posdef=d)
ks.bind(np.asfortranarray(Y.T))
ks["design"] = C
ks["obs_cov"] = R
ks["transition"] = A
ks["selection"] = np.eye(d)
ks["state_cov"] = Q
ks.initialize_known(mu0, V0)
ks.set_smoother_output(SMOOTHER_STATE | SMOOTHER_STATE_COV | SMOOTHER_STATE_AUTOCOV)
res = ks.smooth()
mean = np.asarray(res.smoothed_state).T
llf = float(np.sum(res.llf_obs))
sec = nlio.now() - t0
nlio.write(np, out, "mean", mean)
nlio.write(np, out, "loglik", np.array([llf]))
nlio.timing(out, sec)
