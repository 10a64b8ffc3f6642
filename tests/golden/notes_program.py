"""Golden outputs of the notes' numpy program (lecture-notes.ko.md, section 2).

Runs the notes' program exactly as written, with np.random.seed(SEED) put first, and
saves what it prints. tests/notes_program.rs compares `rnn --seed SEED ...` against these
files byte for byte, and the crate's hidden states against the full-precision values.

Run from the repository root (needs numpy; CI never runs this):

    python3 tests/golden/notes_program.py
"""

import contextlib
import io
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).parent / "notes_program"

# (file stem, seed, timesteps, input_size, hidden_size, init)
CASES = [
    ("seed0", 0, 10, 4, 8, "uniform"),
    ("seed1", 1, 10, 4, 8, "uniform"),
    ("seed42", 42, 10, 4, 8, "uniform"),
    ("seed2026", 2026, 10, 4, 8, "uniform"),
    ("seed4294967295", 4294967295, 10, 4, 8, "uniform"),
    ("seed7_t3_d5_h6", 7, 3, 5, 6, "uniform"),
    ("seed3_t1_d1_h1", 3, 1, 1, 1, "uniform"),
    ("seed5_t40_d4_h30", 5, 40, 4, 30, "uniform"),  # 1200 values: numpy summarises
    ("seed0_xavier", 0, 10, 4, 8, "xavier"),
    ("seed9_xavier_t12_d3_h5", 9, 12, 3, 5, "xavier"),
]


def notes_program(seed, timesteps, input_size, hidden_size, init):
    """The notes' program, line for line; `init` only changes how Wx, Wh, b are drawn."""
    np.random.seed(seed)

    inputs = np.random.random((timesteps, input_size))

    hidden_state_t = np.zeros((hidden_size,))

    if init == "uniform":
        Wx = np.random.random((hidden_size, input_size))
        Wh = np.random.random((hidden_size, hidden_size))
        b = np.random.random((hidden_size,))
    else:  # Glorot/Xavier uniform, b = 0 (rnn_from_scratch::Init::Xavier)
        ax = np.sqrt(6.0 / (hidden_size + input_size))
        Wx = (np.random.random((hidden_size, input_size)) * 2 - 1) * ax
        ah = np.sqrt(6.0 / (hidden_size + hidden_size))
        Wh = (np.random.random((hidden_size, hidden_size)) * 2 - 1) * ah
        b = np.zeros((hidden_size,))

    total_hidden_states = []

    for input_t in inputs:
        output_t = np.tanh(np.dot(Wx, input_t) + np.dot(Wh, hidden_state_t) + b)

        total_hidden_states.append(list(output_t))
        print(np.shape(total_hidden_states))

        hidden_state_t = output_t

    total_hidden_states = np.stack(total_hidden_states)
    print(total_hidden_states)
    return total_hidden_states


# (file stem, seed, timesteps, input_size, hidden_size, init, the timestep traced)
TRACE_CASES = [
    ("trace_seed0_step1", 0, 10, 4, 8, "uniform", 1),
    ("trace_seed0_step3", 0, 10, 4, 8, "uniform", 3),
    ("trace_seed7_t3_d5_h6_step2", 7, 3, 5, 6, "uniform", 2),
    ("trace_seed0_xavier_step10", 0, 10, 4, 8, "xavier", 10),
]


def notes_trace(seed, timesteps, input_size, hidden_size, init, k):
    """`rnn --trace-step K`: the notes' line for timestep K, one value at a time."""
    np.random.seed(seed)
    inputs = np.random.random((timesteps, input_size))
    hidden_state_t = np.zeros((hidden_size,))
    if init == "uniform":
        Wx = np.random.random((hidden_size, input_size))
        Wh = np.random.random((hidden_size, hidden_size))
        b = np.random.random((hidden_size,))
    else:
        ax = np.sqrt(6.0 / (hidden_size + input_size))
        Wx = (np.random.random((hidden_size, input_size)) * 2 - 1) * ax
        ah = np.sqrt(6.0 / (hidden_size + hidden_size))
        Wh = (np.random.random((hidden_size, hidden_size)) * 2 - 1) * ah
        b = np.zeros((hidden_size,))
    for input_t in inputs[: k - 1]:
        hidden_state_t = np.tanh(np.dot(Wx, input_t) + np.dot(Wh, hidden_state_t) + b)
    input_t = inputs[k - 1]
    d, dh = input_size, hidden_size
    h_prev = "h₀" if k == 1 else "hₜ₋₁"
    print(f"timestep t = {k} of {timesteps}, by hand: hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b)")
    print(f"Iₜ = input_t, row {k - 1} of inputs (d×1 = {d}×1)")
    print(input_t)
    print(f"Wx (Dh×d = {dh}×{d})")
    print(Wx)
    print(f"Wh (Dh×Dh = {dh}×{dh})")
    print(Wh)
    print(f"b (Dh×1 = {dh}×1)")
    print(b)
    print(f"hₜ₋₁ = {h_prev} = hidden_state_t (Dh×1 = {dh}×1)")
    print(hidden_state_t)
    wx_input_t = np.dot(Wx, input_t)
    wh_h_prev = np.dot(Wh, hidden_state_t)
    print(f"Wx·Iₜ = np.dot(Wx,input_t) (Dh×1 = {dh}×1)")
    print(wx_input_t)
    print(f"Wh·hₜ₋₁ = np.dot(Wh,hidden_state_t) (Dh×1 = {dh}×1)")
    print(wh_h_prev)
    print(f"Wx·Iₜ + Wh·hₜ₋₁ + b (Dh×1 = {dh}×1)")
    print(wx_input_t + wh_h_prev + b)
    print(f"hₜ = tanh(Wx·Iₜ + Wh·hₜ₋₁ + b) = output_t, the hidden state (not the output Oₜ) (Dh×1 = {dh}×1)")
    print(np.tanh(wx_input_t + wh_h_prev + b))


def main():
    OUT.mkdir(exist_ok=True)
    for stem, seed, timesteps, input_size, hidden_size, init, k in TRACE_CASES:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            notes_trace(seed, timesteps, input_size, hidden_size, init, k)
        (OUT / f"{stem}.stdout").write_text(printed.getvalue())
    for stem, seed, timesteps, input_size, hidden_size, init in CASES:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            states = notes_program(seed, timesteps, input_size, hidden_size, init)
        (OUT / f"{stem}.stdout").write_text(printed.getvalue())
        # Full precision: one line of arguments, then one line per timestep.
        with open(OUT / f"{stem}.values", "w") as f:
            f.write(f"{seed} {timesteps} {input_size} {hidden_size} {init}\n")
            for row in states:
                f.write(" ".join(repr(float(x)) for x in row) + "\n")
    print(f"numpy {np.__version__}: wrote {len(CASES) + len(TRACE_CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
