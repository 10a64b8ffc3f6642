"""The same character model in PyTorch (nn.RNN, nn.LSTM or nn.GRU + nn.Linear + Adagrad),
timed.

Same model, data order, clipping and optimiser as `rnn char-rnn train --cell CELL` and
numpy_char_rnn.py; float64 by default like the crate (--float32 to compare). One thread.

    python3 docs/benchmarks/pytorch_char_rnn.py --text FILE --cell lstm --hidden 100 --iters 2000
"""

import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--text", required=True)
parser.add_argument("--cell", choices=["rnn", "lstm", "gru"], default="rnn")
parser.add_argument("--hidden", type=int, default=100)
parser.add_argument("--seq-len", type=int, default=25)
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--iters", type=int, default=2000)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--float32", action="store_true")
args = parser.parse_args()

torch.set_num_threads(1)
torch.manual_seed(args.seed)
dtype = torch.float32 if args.float32 else torch.float64
data = open(args.text, encoding="utf-8").read()
chars = sorted(set(data))
V, H, T = len(chars), args.hidden, args.seq_len
index = {c: i for i, c in enumerate(chars)}
encoded = torch.tensor([index[c] for c in data])

linear = torch.nn.Linear(H, V, dtype=dtype)
if args.cell == "rnn":
    # min-char-rnn's initialisation, as the crate's RNN: randn·0.01, biases 0.
    rnn = torch.nn.RNN(V, H, nonlinearity="tanh", dtype=dtype)
    with torch.no_grad():
        for p in list(rnn.parameters()) + list(linear.parameters()):
            p.normal_(0, 0.01) if p.dim() == 2 else p.zero_()
else:
    # PyTorch's own initialisation for the gated cells, as the crate's (the crate adds 1 to
    # the LSTM's forget bias; that changes no timing).
    rnn = (torch.nn.LSTM if args.cell == "lstm" else torch.nn.GRU)(V, H, dtype=dtype)
    with torch.no_grad():
        linear.weight.normal_(0, 0.01)
        linear.bias.zero_()
params = list(rnn.parameters()) + list(linear.parameters())
optimizer = torch.optim.Adagrad(params, lr=args.lr, eps=1e-8)
loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")
eye = torch.eye(V, dtype=dtype)

smooth_loss = torch.log(torch.tensor(float(V))).item() * T
def zero_state():
    h = torch.zeros(1, 1, H, dtype=dtype)
    return (h, torch.zeros(1, 1, H, dtype=dtype)) if args.cell == "lstm" else h


h = zero_state()
p = 0
start = time.perf_counter()
for n in range(args.iters):
    if p + T + 1 >= len(data) or n == 0:
        h = zero_state()
        p = 0
    x = eye[encoded[p:p + T]].unsqueeze(1)
    y = encoded[p + 1:p + T + 1]
    out, h_last = rnn(x, h)
    loss = loss_fn(linear(out.squeeze(1)), y)
    optimizer.zero_grad()
    loss.backward()
    for param in params:
        param.grad.clamp_(-5, 5)
    optimizer.step()
    h = tuple(s.detach() for s in h_last) if args.cell == "lstm" else h_last.detach()
    smooth_loss = smooth_loss * 0.999 + loss.item() * 0.001
    p += T
elapsed = time.perf_counter() - start
print(f"torch {torch.__version__} {args.cell} ({dtype}): V={V} hidden={H} seq_len={T}: {args.iters} iterations "
      f"in {elapsed:.2f} s ({args.iters / elapsed:.0f} it/s), loss {smooth_loss / T:.3f} nats/char")
