"""Peer of hebbian-einet: the E-I network of Eckmann, Young & Gjorgjieva
(PNAS 2024) written from the spec's equations as a per-step NumPy loop, the
way the authors' code is organised:

    x_E += dt/tau_E (-x_E + W y_in + U y_E - M y_I),  y = a [x]_+^n
    x_I += dt/tau_I (-x_I + K y_in + Q y_E - P y_I)
    then Hebbian updates A += eta post pre^T, clipping at 0 and joint L1 row
    normalisation of (W, U), M, (K, Q), P to their budgets."""
import numpy as np

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
p = m["params"]
W, U, M, K, Q, P = (nlio.read(np, src, m, x).copy() for x in "WUMKQP")
yin_all = nlio.read(np, src, m, "yin")
steps, tseq = int(p["steps"]), int(p["tseq"])
dte, dti, gain, power = p["dt_tau_e"], p["dt_tau_i"], p["gain"], p["power"]
eta = [p["eta0"], p["eta1"], p["eta2"], p["eta3"]]


def normalise(budget, *mats):
    s = sum(a.sum(axis=1) for a in mats)
    f = np.where(s > 0, budget / np.where(s > 0, s, 1), 1.0)
    for a in mats:
        a *= f[:, None]


t0 = nlio.now()
nE, nI = W.shape[0], K.shape[0]
xE, xI = np.zeros(nE), np.zeros(nI)
yE, yI = np.zeros(nE), np.zeros(nI)
for t in range(steps):
    yin = yin_all[t // tseq]
    ie = W @ yin + U @ yE - M @ yI
    ii = K @ yin + Q @ yE - P @ yI
    xE += dte * (-xE + ie)
    xI += dti * (-xI + ii)
    yE = gain * np.maximum(xE, 0) ** power
    yI = gain * np.maximum(xI, 0) ** power
    W += eta[0] * np.outer(yE, yin)
    U += eta[0] * np.outer(yE, yE)
    np.maximum(W, 0, out=W)
    np.maximum(U, 0, out=U)
    normalise(p["b_wu"], W, U)
    M += eta[2] * np.outer(yE, yI)
    np.maximum(M, 0, out=M)
    normalise(p["b_m"], M)
    K += eta[1] * np.outer(yI, yin)
    Q += eta[1] * np.outer(yI, yE)
    np.maximum(K, 0, out=K)
    np.maximum(Q, 0, out=Q)
    normalise(p["b_kq"], K, Q)
    P += eta[3] * np.outer(yI, yI)
    np.maximum(P, 0, out=P)
    normalise(p["b_p"], P)
    if not (np.all(np.isfinite(yE)) and np.all(np.isfinite(yI))):
        raise SystemExit("hebbian: rates diverged at step %d" % t)
sec = nlio.now() - t0
for name, a in zip("WUMKQP", (W, U, M, K, Q, P)):
    nlio.write(np, out, name, a)
nlio.write(np, out, "yE", yE)
nlio.write(np, out, "yI", yI)
nlio.timing(out, sec)
