"""Peer of linear-svc: scikit-learn's LinearSVC (liblinear's dual coordinate
descent, squared hinge, intercept as a regularised constant feature)."""
import numpy as np
from sklearn.svm import LinearSVC

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
X, y = nlio.read(np, src, m, "X"), nlio.read(np, src, m, "y")
t0 = nlio.now()
clf = LinearSVC(C=0.1, loss="squared_hinge", dual=True, tol=1e-4, max_iter=1000,
                fit_intercept=True, intercept_scaling=1.0, random_state=0).fit(X, y)
sec = nlio.now() - t0
nlio.write(np, out, "wb", np.append(clf.coef_.ravel(), clf.intercept_[0]))
nlio.write(np, out, "pred", clf.predict(X))
nlio.write(np, out, "iters", np.array([float(clf.n_iter_)]))
nlio.timing(out, sec)
