"""Golden draws of numpy's legacy generator, for tests/mt19937.rs.

For each seed: np.random.seed(seed), then 1000 np.random.random(); again
np.random.seed(seed) and 1001 np.random.randn() (odd, so the cached second value of the
polar Box-Muller pair is used); again np.random.seed(seed) and np.random.random((3, 5)) to
check the row-major fill order.

Run from the repository root (needs numpy; CI never runs this):

    python3 tests/golden/mt19937.py
"""

import pathlib

import numpy as np

from golden import Writer

SEEDS = [0, 1, 2, 42, 5489, 123456789, 2**31 - 1, 2**31, 2**32 - 1]

out = Writer(pathlib.Path(__file__).parent / "mt19937.txt")
for seed in SEEDS:
    out.case(str(seed))
    np.random.seed(seed)
    out.array("random", np.random.random(1000))
    np.random.seed(seed)
    out.array("randn", [np.random.randn() for _ in range(1001)])
    np.random.seed(seed)
    out.array("random_3x5", np.random.random((3, 5)))
out.close()
print(f"numpy {np.__version__}: wrote {len(SEEDS)} seeds")
