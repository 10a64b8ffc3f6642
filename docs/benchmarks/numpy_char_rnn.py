"""The classic numpy character RNN (the algorithm of Karpathy's min-char-rnn), timed.

Same model and training loop as `rnn char-rnn train`: one-hot characters, hidden tanh
layer, softmax output, BPTT over chunks of --seq-len, gradients clipped to [-5, 5],
Adagrad with learning rate 0.1, smoothed loss 0.999/0.001. Prints iterations per second
and the smoothed loss per character.

    python3 docs/benchmarks/numpy_char_rnn.py --text FILE --hidden 100 --iters 2000

Single-threaded, as the Rust crate is: run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1.
"""

import argparse
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--text", required=True)
parser.add_argument("--hidden", type=int, default=100)
parser.add_argument("--seq-len", type=int, default=25)
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--iters", type=int, default=2000)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

data = open(args.text, encoding="utf-8").read()
chars = sorted(set(data))
V, H, T = len(chars), args.hidden, args.seq_len
index = {c: i for i, c in enumerate(chars)}
np.random.seed(args.seed)

Wxh = np.random.randn(H, V) * 0.01
Whh = np.random.randn(H, H) * 0.01
Why = np.random.randn(V, H) * 0.01
bh = np.zeros((H, 1))
by = np.zeros((V, 1))


def loss_fun(inputs, targets, hprev):
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):
        xs[t] = np.zeros((V, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t] - np.max(ys[t]))
        ps[t] /= np.sum(ps[t])
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    for d in [dWxh, dWhh, dWhy, dbh, dby]:
        np.clip(d, -5, 5, out=d)
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


params = [Wxh, Whh, Why, bh, by]
memory = [np.zeros_like(p) for p in params]
smooth_loss = -np.log(1.0 / V) * T
hprev = np.zeros((H, 1))
p = 0
start = time.perf_counter()
for n in range(args.iters):
    if p + T + 1 >= len(data) or n == 0:
        hprev = np.zeros((H, 1))
        p = 0
    inputs = [index[c] for c in data[p:p + T]]
    targets = [index[c] for c in data[p + 1:p + T + 1]]
    loss, *grads, hprev = loss_fun(inputs, targets, hprev)
    smooth_loss = smooth_loss * 0.999 + loss * 0.001
    for param, grad, mem in zip(params, grads, memory):
        mem += grad * grad
        param += -args.lr * grad / np.sqrt(mem + 1e-8)
    p += T
elapsed = time.perf_counter() - start
print(f"numpy {np.__version__}: V={V} hidden={H} seq_len={T}: {args.iters} iterations in "
      f"{elapsed:.2f} s ({args.iters / elapsed:.0f} it/s), loss {smooth_loss / T:.3f} nats/char")
