"""Peer of oasis-1e5 and oasis-nnls-2000: the OASIS problem (Friedrich, Zhou & Paninski 2017)

    min_c 1/2 ||y - c||^2 + lam * sum(s),   s = G c >= 0  (s_t = c_t - g c_{t-1})

written as non-negative least squares in the spikes, c = K s with K = G^-1
(lower-triangular Toeplitz in g^(t-k)):

    min_{s >= 0} 1/2 ||yt - K s||^2,   yt = y - lam * G^T 1

(yt_t = y_t - lam (1 - g), yt_T = y_T - lam), solved with scipy.optimize's
bound-constrained L-BFGS-B. K and K^T are applied as O(T) recursive filters
(scipy.signal.lfilter) instead of a dense T x T matrix, which scipy.optimize.nnls
would need (80 GB at 10^5 frames). With the parameter dense (oasis-nnls-2000)
it builds that matrix and calls scipy.optimize.nnls (Lawson-Hanson) instead,
at a size where it fits."""
import json
import os

import numpy as np
from scipy.linalg import toeplitz
from scipy.optimize import Bounds, minimize, nnls
from scipy.signal import lfilter

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
y = nlio.read(np, src, m, "y")
g, lam = m["params"]["g"], m["params"]["lambda"]
T = len(y)
a = [1.0, -g]

t0 = nlio.now()
yt = y - lam * (1 - g)
yt[-1] = y[-1] - lam


def fg(s):
    r = yt - lfilter([1.0], a, s)
    return 0.5 * (r @ r), -lfilter([1.0], a, r[::-1])[::-1]


if m["params"]["dense"]:
    K = np.tril(toeplitz(g ** np.arange(T)))
    s, _ = nnls(K, yt, maxiter=50 * T)
    info = {"iterations": -1, "message": "scipy.optimize.nnls (dense %d x %d)" % (T, T)}
else:
    res = minimize(fg, np.zeros(T), jac=True, method="L-BFGS-B", bounds=Bounds(np.zeros(T), np.full(T, np.inf)),
                   options=dict(maxiter=100000, maxfun=200000, ftol=1e-15, gtol=1e-5))
    s = res.x
    info = {"iterations": int(res.nit), "message": "L-BFGS-B, " + str(res.message)}
c = lfilter([1.0], a, s)
sec = nlio.now() - t0

obj = 0.5 * np.sum((y - c) ** 2) + lam * s.sum()
nlio.write(np, out, "c", c)
nlio.write(np, out, "s", s)
nlio.write(np, out, "obj", np.array([obj]))
with open(os.path.join(out, "peer_info.json"), "w") as f:
    json.dump(info, f)
nlio.timing(out, sec)
