"""Golden outputs of PyTorch's nn.RNN (tanh, float64), for tests/pytorch_rnn.rs.

For each case, random weights (from numpy's seeded generator) are copied into an nn.RNN,
a random sequence and h0 are run through it, and everything is saved: weight_ih_l0 (Wx),
weight_hh_l0 (Wh), bias_ih_l0 and bias_hh_l0 (whose sum is the notes' b), the inputs, h0,
and PyTorch's output (all hidden states, timesteps x Dh).

Run from the repository root (needs numpy and torch; CI never runs this):

    python3 tests/golden/pytorch_rnn.py
"""

import pathlib

import numpy as np
import torch

from golden import Writer

# (d, Dh, timesteps)
CASES = [(4, 8, 10), (3, 2, 5), (1, 1, 1), (5, 3, 12), (2, 7, 30), (6, 6, 3)]  # PyTorch refuses 0 timesteps

out = Writer(pathlib.Path(__file__).parent / "pytorch_rnn.txt")
np.random.seed(2024)
for d, dh, timesteps in CASES:
    rnn = torch.nn.RNN(input_size=d, hidden_size=dh, nonlinearity="tanh", dtype=torch.float64)
    params = {
        "weight_ih_l0": np.random.randn(dh, d) * 0.8,
        "weight_hh_l0": np.random.randn(dh, dh) * 0.8,
        "bias_ih_l0": np.random.randn(dh) * 0.5,
        "bias_hh_l0": np.random.randn(dh) * 0.5,
    }
    with torch.no_grad():
        for name, value in params.items():
            getattr(rnn, name).copy_(torch.from_numpy(value))
    inputs = np.random.randn(timesteps, d)
    h0 = np.random.randn(dh) * 0.5
    output, h_n = rnn(torch.from_numpy(inputs).reshape(timesteps, 1, d),
                      torch.from_numpy(h0).reshape(1, 1, dh))
    out.case(f"d{d}_dh{dh}_t{timesteps}")
    for name, value in params.items():
        out.array(name, value)
    out.array("inputs", inputs.reshape(timesteps, d))
    out.array("h0", h0)
    out.array("output", output.detach().numpy().reshape(timesteps, dh))
out.close()
print(f"torch {torch.__version__}: wrote {len(CASES)} cases")
