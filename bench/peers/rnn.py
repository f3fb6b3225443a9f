"""Peer of rnn-bptt: the same Elman network in PyTorch on CPU, float64.

    a_t = x_t W_in + h_{t-1} W + b,  h_t = tanh(a_t),  y_t = h_t W_out + b_out,  h_0 = 0

torch.nn.RNN computes a_t = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh, so
W_ih = W_in^T, W_hh = W^T, b_ih = b and b_hh is held at zero (not trained,
so that the single bias b is what SGD updates); nn.Linear gives the readout.
Each iteration: forward, MSE over all steps, backward (BPTT by autograd),
SGD step; the loss is recorded before the step."""
import os

import numpy as np
import torch

import nlio

_, src, out = nlio.args()
m = nlio.meta(src)
p = m["params"]
threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
torch.set_num_threads(threads)
I, N, O, T, B, iters = (int(p[k]) for k in ("I", "N", "O", "T", "B", "iters"))
Win, W, b, Wout, bout = (nlio.read(np, src, m, k) for k in ("Win", "W", "b", "Wout", "bout"))
x = torch.from_numpy(nlio.read(np, src, m, "x").copy())
target = torch.from_numpy(nlio.read(np, src, m, "target").copy())

rnn = torch.nn.RNN(I, N, nonlinearity="tanh", dtype=torch.float64)
lin = torch.nn.Linear(N, O, dtype=torch.float64)
with torch.no_grad():
    rnn.weight_ih_l0.copy_(torch.from_numpy(Win.reshape(I, N).T.copy()))
    rnn.weight_hh_l0.copy_(torch.from_numpy(W.reshape(N, N).T.copy()))
    rnn.bias_ih_l0.copy_(torch.from_numpy(b))
    rnn.bias_hh_l0.zero_()
    lin.weight.copy_(torch.from_numpy(Wout.reshape(N, O).T.copy()))
    lin.bias.copy_(torch.from_numpy(bout))
rnn.bias_hh_l0.requires_grad_(False)
params = [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, lin.weight, lin.bias]
t0 = nlio.now()
opt = torch.optim.SGD(params, lr=p["lr"])
losses = np.empty(iters)
for it in range(iters):
    opt.zero_grad()
    h, _ = rnn(x)
    loss = torch.nn.functional.mse_loss(lin(h), target)
    loss.backward()
    opt.step()
    losses[it] = loss.item()
sec = nlio.now() - t0

nlio.write(np, out, "losses", losses)
with torch.no_grad():
    nlio.write(np, out, "Win", rnn.weight_ih_l0.T.numpy())
    nlio.write(np, out, "W", rnn.weight_hh_l0.T.numpy())
    nlio.write(np, out, "b", rnn.bias_ih_l0.numpy())
    nlio.write(np, out, "Wout", lin.weight.T.numpy())
    nlio.write(np, out, "bout", lin.bias.numpy())
nlio.timing(out, sec)
