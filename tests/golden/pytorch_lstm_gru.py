"""Golden outputs of PyTorch's nn.LSTM and nn.GRU (float64), for tests/pytorch_lstm_gru.rs.

Random weights (numpy's seeded generator) are copied into the modules, a random sequence
with random initial states is run, and everything is saved: the stacked weights
(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0), inputs, h0 (and c0), and
PyTorch's outputs (all hidden states; the last cell state for the LSTM).

Run from the repository root (needs numpy and torch; CI never runs this):

    python3 tests/golden/pytorch_lstm_gru.py
"""

import pathlib

import numpy as np
import torch

from golden import Writer

CASES = [(4, 8, 10), (3, 2, 5), (1, 1, 1), (5, 3, 12), (2, 7, 30)]  # (d, Dh, timesteps)

out = Writer(pathlib.Path(__file__).parent / "pytorch_lstm_gru.txt")
np.random.seed(7)
for kind, gates in [("lstm", 4), ("gru", 3)]:
    for d, dh, timesteps in CASES:
        module = (torch.nn.LSTM if kind == "lstm" else torch.nn.GRU)(d, dh, dtype=torch.float64)
        params = {
            "weight_ih_l0": np.random.randn(gates * dh, d) * 0.8,
            "weight_hh_l0": np.random.randn(gates * dh, dh) * 0.8,
            "bias_ih_l0": np.random.randn(gates * dh) * 0.5,
            "bias_hh_l0": np.random.randn(gates * dh) * 0.5,
        }
        with torch.no_grad():
            for name, value in params.items():
                getattr(module, name).copy_(torch.from_numpy(value))
        inputs = np.random.randn(timesteps, d)
        h0 = np.random.randn(dh) * 0.5
        x = torch.from_numpy(inputs).reshape(timesteps, 1, d)
        h = torch.from_numpy(h0).reshape(1, 1, dh)
        out.case(f"{kind}_d{d}_dh{dh}_t{timesteps}")
        for name, value in params.items():
            out.array(name, value)
        out.array("inputs", inputs)
        out.array("h0", h0)
        if kind == "lstm":
            c0 = np.random.randn(dh) * 0.5
            output, (h_n, c_n) = module(x, (h, torch.from_numpy(c0).reshape(1, 1, dh)))
            out.array("c0", c0)
            out.array("c_n", c_n.detach().numpy().reshape(dh))
        else:
            output, h_n = module(x, h)
        out.array("output", output.detach().numpy().reshape(timesteps, dh))
out.close()
print(f"torch {torch.__version__}: wrote {2 * len(CASES)} cases")
