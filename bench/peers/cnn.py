"""Peer of cnn-epoch: the specialization CNN (Dobs et al. 2022) in PyTorch on
CPU, float64, trained for one epoch from neurolab's initial weights in the
batch order neurolab draws (input "perm").

Layout: neurolab stores images and feature maps channel-last (NHWC) and a
conv kernel as a (kh, kw, c_in) x filters matrix; torch uses NCHW and
(filters, c_in, kh, kw). The kernels are transposed on loading and back on
saving; before the first dense layer the maps are permuted to NHWC so that
the flattening order (h, w, c) is neurolab's. SGD with momentum and weight
decay in torch's form, which is neurolab's (v <- mu v + g + lambda w,
w <- w - lr v)."""
import os

import numpy as np
import torch
import torch.nn.functional as F

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
p = m["params"]
threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
torch.set_num_threads(threads)
size, classes, n, batch = (int(p[k]) for k in ("size", "classes", "n", "batch"))
X = torch.from_numpy(nlio.read(np, src, m, "X").reshape(n, 1, size, size).copy())
Y = torch.from_numpy(nlio.read(np, src, m, "Y").astype(np.int64))
perm = torch.from_numpy(nlio.read(np, src, m, "perm").astype(np.int64))
raw = {k: nlio.read(np, src, m, k) for k in ("c1W", "c1b", "c2W", "c2b", "c3W", "c3b", "f1W", "f1b", "f2W", "f2b")}


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        s4 = size // 4
        self.c1 = torch.nn.Conv2d(1, 8, 5, padding=2, dtype=torch.float64)
        self.c2 = torch.nn.Conv2d(8, 16, 3, padding=1, dtype=torch.float64)
        self.c3 = torch.nn.Conv2d(16, 32, 3, padding=1, dtype=torch.float64)
        self.f1 = torch.nn.Linear(s4 * s4 * 32, 64, dtype=torch.float64)
        self.f2 = torch.nn.Linear(64, classes, dtype=torch.float64)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = F.relu(self.c3(x))
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        return self.f2(F.relu(self.f1(x)))


def conv_in(w, k, cin, cout):
    return torch.from_numpy(w.reshape(k, k, cin, cout).transpose(3, 2, 0, 1).copy())


def conv_out(t):
    return t.detach().numpy().transpose(2, 3, 1, 0)


net = Net()
with torch.no_grad():
    for name, (k, cin, cout) in (("c1", (5, 1, 8)), ("c2", (3, 8, 16)), ("c3", (3, 16, 32))):
        layer = getattr(net, name)
        layer.weight.copy_(conv_in(raw[name + "W"], k, cin, cout))
        layer.bias.copy_(torch.from_numpy(raw[name + "b"]))
    for name in ("f1", "f2"):
        layer = getattr(net, name)
        layer.weight.copy_(torch.from_numpy(raw[name + "W"].reshape(layer.in_features, layer.out_features).T.copy()))
        layer.bias.copy_(torch.from_numpy(raw[name + "b"]))
t0 = nlio.now()
opt = torch.optim.SGD(net.parameters(), lr=p["lr"], momentum=p["momentum"], weight_decay=p["weight_decay"])
total = 0.0
for s in range(0, n, batch):
    idx = perm[s:s + batch]
    xb, yb = X.index_select(0, idx), Y.index_select(0, idx)
    opt.zero_grad()
    loss = F.cross_entropy(net(xb), yb)
    loss.backward()
    opt.step()
    total += loss.item() * len(idx)
sec = nlio.now() - t0

nlio.write(np, out, "loss", np.array([total / n]))
for name in ("c1", "c2", "c3"):
    layer = getattr(net, name)
    nlio.write(np, out, name + "W", conv_out(layer.weight))
    nlio.write(np, out, name + "b", layer.bias.detach().numpy())
for name in ("f1", "f2"):
    layer = getattr(net, name)
    nlio.write(np, out, name + "W", layer.weight.detach().numpy().T)
    nlio.write(np, out, name + "b", layer.bias.detach().numpy())
nlio.timing(out, sec)
