"""Speed measured as ratios against a baseline run in the same process (`make bench`).

BLAS is pinned to one thread before numpy loads: on 2 noisy cores, two-thread BLAS timings
swing tenfold when another process runs.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
