"""Load a model saved by `rnn char-rnn train --save DIR` into PyTorch and generate text
greedily: prints exactly what `rnn char-rnn sample --load DIR --prompt TEXT --len N
--temperature 0` prints. Needs numpy and torch (pip install numpy torch); the crate does not.

    python3 docs/interop/pytorch_sample.py --load DIR --prompt "The " --len 200

How the crate's weights map to PyTorch's (float64 throughout):

| crate file (DIR/…)                           | PyTorch                                        |
|----------------------------------------------|------------------------------------------------|
| rnn:  wx.npy, wh.npy, b.npy                  | nn.RNN weight_ih_l0, weight_hh_l0, bias_ih_l0 (bias_hh_l0 = 0) |
| lstm: {input_gate,forget_gate,candidate,output_gate}_{wx,wh,b}.npy | nn.LSTM: the four gates stacked in the order i, f, g, o; bias_hh_l0 = 0 |
| gru:  {reset_gate,update_gate,candidate}_{wx,wh,b}.npy, candidate_b_hn.npy | nn.GRU: r, z, n stacked; bias_ih_l0 = the three b; bias_hh_l0 = (0, 0, b_hn) |
| wy.npy, by.npy                               | nn.Linear weight, bias                         |
| vocab.txt (U+XXXX per line)                  | the characters, index = line number            |
"""

import argparse
import pathlib

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--load", required=True)
parser.add_argument("--prompt", default=None)
parser.add_argument("--len", type=int, default=200)
args = parser.parse_args()

folder = pathlib.Path(args.load)
manifest = dict(
    line.split(" ", 1) for line in (folder / "model.txt").read_text().splitlines()[1:]
    if not line.startswith("array ")
)
cell, V, H = manifest["cell"], int(manifest["vocab_size"]), int(manifest["hidden_size"])
chars = [chr(int(line[2:], 16)) for line in (folder / "vocab.txt").read_text().splitlines()]
index = {c: i for i, c in enumerate(chars)}


def load(name):
    return torch.from_numpy(np.load(folder / f"{name}.npy")).to(torch.float64)


def stacked(gates, part):
    return torch.cat([load(f"{gate}_{part}") for gate in gates])


if cell == "rnn":
    net = torch.nn.RNN(V, H, nonlinearity="tanh", dtype=torch.float64)
    weights = (load("wx"), load("wh"), load("b"), torch.zeros(H, dtype=torch.float64))
elif cell == "lstm":
    net = torch.nn.LSTM(V, H, dtype=torch.float64)
    gates = ["input_gate", "forget_gate", "candidate", "output_gate"]
    weights = (stacked(gates, "wx"), stacked(gates, "wh"), stacked(gates, "b"),
               torch.zeros(4 * H, dtype=torch.float64))
else:
    net = torch.nn.GRU(V, H, dtype=torch.float64)
    gates = ["reset_gate", "update_gate", "candidate"]
    weights = (stacked(gates, "wx"), stacked(gates, "wh"), stacked(gates, "b"),
               torch.cat([torch.zeros(2 * H, dtype=torch.float64), load("candidate_b_hn")]))
linear = torch.nn.Linear(H, V, dtype=torch.float64)
with torch.no_grad():
    for param, value in zip(
        [net.weight_ih_l0, net.weight_hh_l0, net.bias_ih_l0, net.bias_hh_l0], weights
    ):
        param.copy_(value)
    linear.weight.copy_(load("wy"))
    linear.bias.copy_(load("by"))

# The crate's default prompt: a line break if the vocabulary has one, else its first character.
prompt = args.prompt if args.prompt is not None else ("\n" if "\n" in index else chars[0])
eye = torch.eye(V, dtype=torch.float64)
state = None
with torch.no_grad():
    for c in prompt:
        out, state = net(eye[index[c]].view(1, 1, V), state)
    generated = []
    for _ in range(args.len):
        logits = linear(out[0, 0])
        nxt = int(torch.argmax(logits))  # the first of equal maxima, as the crate's greedy
        generated.append(chars[nxt])
        out, state = net(eye[nxt].view(1, 1, V), state)
print(prompt + "".join(generated))
