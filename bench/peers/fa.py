"""Peer of fa: scikit-learn's FactorAnalysis with its defaults (SVD-based
iteration, randomized SVD, tol 1e-2 on the total log-likelihood) on the same
samples. Writes the rotation-invariant outputs the runner compares: the
mean log-likelihood per sample of the fitted model (score), the
posterior means E[z | y] (transform) and the fitted covariance ΛΛᵀ + Ψ
(get_covariance)."""
import numpy as np
from sklearn.decomposition import FactorAnalysis

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
X = nlio.read(np, src, m, "X")
k, tol = int(m["params"]["k"]), m["params"]["tol"]
t0 = nlio.now()
fa = FactorAnalysis(n_components=k, tol=tol).fit(X)
z = fa.transform(X)
sec = nlio.now() - t0
nlio.write(np, out, "z", z)
nlio.write(np, out, "cov", fa.get_covariance())
nlio.write(np, out, "ll", np.array([fa.score(X)]))
nlio.write(np, out, "iters", np.array([fa.n_iter_], dtype=float))
nlio.timing(out, sec)
