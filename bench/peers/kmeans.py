"""Peer of kmeans-100: scikit-learn's KMeans, Lloyd iterations from
k-means++ seeds, the same number of restarts, run to label convergence."""
import numpy as np
from sklearn.cluster import KMeans

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
X = nlio.read(np, src, m, "X")
k, restarts = int(m["params"]["k"]), int(m["params"]["restarts"])
t0 = nlio.now()
km = KMeans(n_clusters=k, n_init=restarts, init="k-means++", max_iter=300, tol=0,
            algorithm="lloyd", random_state=0).fit(X)
sec = nlio.now() - t0
nlio.write(np, out, "labels", km.labels_.astype(float))
nlio.write(np, out, "inertia", np.array([km.inertia_]))
nlio.timing(out, sec)
