"""Peer of pca: scikit-learn's PCA (exact SVD) on the same frames."""
import numpy as np
from sklearn.decomposition import PCA

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
X = nlio.read(np, src, m, "X")
k = int(m["params"]["k"])
t0 = nlio.now()
proj = PCA(n_components=k, svd_solver="full").fit_transform(X)
sec = nlio.now() - t0
nlio.write(np, out, "proj", proj)
nlio.timing(out, sec)
