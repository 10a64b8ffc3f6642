"""Small .npy files written by numpy itself, for tests/npy.rs to read.

Run from the repository root (needs numpy; CI never runs this):

    python3 tests/golden/npy_files.py
"""

import pathlib

import numpy as np

out = pathlib.Path(__file__).parent / "npy"
out.mkdir(exist_ok=True)
m = np.arange(6, dtype=np.float64).reshape(2, 3) / 4 - 0.5  # [[-0.5, -0.25, 0], [0.25, 0.5, 0.75]]
np.save(out / "c_order_2x3.npy", m)
np.save(out / "fortran_order_2x3.npy", np.asfortranarray(m))
np.save(out / "vector_4.npy", np.array([1.5, -2.0, 1e-300, 3e300]))
np.save(out / "int64_3.npy", np.array([1, 2, 3], dtype=np.int64))
np.save(out / "three_d.npy", np.zeros((2, 2, 2)))
np.save(out / "empty_0x3.npy", np.zeros((0, 3)))
print(f"numpy {np.__version__}: wrote {sorted(p.name for p in out.iterdir())}")
