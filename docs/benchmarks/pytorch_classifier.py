"""The batched many-to-one classifier of `rnn bench --batch B`, in PyTorch, timed:
random token ids → nn.Embedding → nn.LSTM/nn.GRU/nn.RNN → the last hidden state →
nn.Linear to 2 classes → cross-entropy, Adam (lr 0.001), global-norm clipping at 5.

    python3 docs/benchmarks/pytorch_classifier.py --cell lstm --batch 32 --seq-len 35 \\
        --embedding 64 --hidden 128 --vocab 2000 --threads 2 [--float32]
"""

import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--cell", choices=["rnn", "lstm", "gru"], default="lstm")
parser.add_argument("--batch", type=int, default=32)
parser.add_argument("--seq-len", type=int, default=35)
parser.add_argument("--embedding", type=int, default=64)
parser.add_argument("--hidden", type=int, default=128)
parser.add_argument("--vocab", type=int, default=2000)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seconds", type=float, default=3.0)
parser.add_argument("--float32", action="store_true")
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(0)
dtype = torch.float32 if args.float32 else torch.float64
embedding = torch.nn.Embedding(args.vocab, args.embedding, dtype=dtype)
cell = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[args.cell](
    args.embedding, args.hidden, batch_first=True, dtype=dtype
)
linear = torch.nn.Linear(args.hidden, 2, dtype=dtype)
params = list(embedding.parameters()) + list(cell.parameters()) + list(linear.parameters())
optimizer = torch.optim.Adam(params, lr=0.001)
loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")


def step():
    ids = torch.randint(0, args.vocab, (args.batch, args.seq_len))
    labels = torch.randint(0, 2, (args.batch,))
    out, _ = cell(embedding(ids))
    loss = loss_fn(linear(out[:, -1]), labels)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 5.0)
    optimizer.step()


step()  # warm-up
start = time.perf_counter()
batches = 0
while time.perf_counter() - start < args.seconds:
    step()
    batches += 1
elapsed = time.perf_counter() - start
print(f"torch {torch.__version__} {args.cell} ({dtype}) classifier: batch {args.batch}, "
      f"seq-len {args.seq_len}, E {args.embedding}, hidden {args.hidden}, V {args.vocab}, "
      f"{args.threads} threads: {batches * args.batch / elapsed:.0f} sequences/s")
