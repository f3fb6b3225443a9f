"""Peer of ssn-*: the same Euler-Maruyama scheme (Hennequin et al. 2018,
authors' scheme as in model/ssn), vectorised over trials with NumPy:

    V   <- V + (dt/tau) (-V + h + W r(V) + eta),  r(V) = k [V]_+^n
    eta <- (1 - dt/tau_eta) eta + sqrt(2 dt/tau_eta) (F xi1 + d xi2)

Trials are rows; eta starts from its stationary law F xi1 + d xi2. The noise
streams differ from neurolab's, so the runner compares statistics."""
import numpy as np

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
p = m["params"]
W, F = nlio.read(np, src, m, "W"), nlio.read(np, src, m, "F")
tau, h, v0 = (nlio.read(np, src, m, x) for x in ("tau", "h", "v0"))
trials, steps, burn, dt = int(p["trials"]), int(p["steps"]), int(p["burn"]), p["dt"]
k, power, tau_eta, d = p["k"], p["power"], p["tau_eta"], p["noise_diag"]
n, q = F.shape

t0 = nlio.now()
rng = np.random.default_rng(1)
FT, WT = F.T.copy(), W.T.copy()


def noise():
    x = rng.standard_normal((trials, q)) @ FT
    if d != 0:
        x += d * rng.standard_normal((trials, n))
    return x


V = np.tile(v0, (trials, 1))
eta = noise()
alpha = dt / tau
a, b = 1 - dt / tau_eta, np.sqrt(2 * dt / tau_eta)
s1, s2 = np.zeros(n), np.zeros(n)
for t in range(steps):
    r = k * np.maximum(V, 0) ** power
    V += alpha * (-V + h + r @ WT + eta)
    eta = a * eta + b * noise()
    if t >= burn:
        s1 += V.sum(0)
        s2 += (V * V).sum(0)
if not np.all(np.isfinite(V)):
    raise SystemExit("ssn: diverged")
cnt = trials * (steps - burn)
mean = s1 / cnt
std = np.sqrt(np.maximum(s2 / cnt - mean * mean, 0))
sec = nlio.now() - t0
nlio.write(np, out, "mean", mean)
nlio.write(np, out, "std", std)
nlio.timing(out, sec)
