"""Peer of eig-lowrank-*: numpy.linalg.eigvals of the same matrix."""
import numpy as np

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
J = nlio.read(np, src, m, "J")
t0 = nlio.now()
lam = np.linalg.eigvals(J)
sec = nlio.now() - t0
nlio.write(np, out, "re", lam.real)
nlio.write(np, out, "im", lam.imag)
nlio.timing(out, sec)
