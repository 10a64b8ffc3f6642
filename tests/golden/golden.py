"""The one file format of tests/golden/*.txt, shared by every generator script.

A file is a list of cases. A case starts with a line `case NAME` and holds arrays, one
per line: `KEY ROWS COLS v1 v2 ...`, row-major; a 1-D array of n values is one row of
n columns. Values are the repr of each float64, which reads back exactly.
tests/common/mod.rs reads it.
"""

import numpy as np


class Writer:
    def __init__(self, path):
        self.f = open(path, "w")

    def case(self, name):
        self.f.write(f"case {name}\n")

    def array(self, key, values):
        a = np.asarray(values, dtype=np.float64)
        if a.ndim == 0:
            a = a.reshape(1, 1)
        if a.ndim == 1:
            a = a.reshape(1, -1)
        rows, cols = a.shape
        text = " ".join(repr(float(x)) for x in a.ravel())
        self.f.write(f"{key} {rows} {cols} {text}\n")

    def close(self):
        self.f.close()
