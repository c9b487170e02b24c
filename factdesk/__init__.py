"""factdesk: a desktop workbench for fact-checkers."""

import os

# numpy's BLAS (OpenBLAS) would run the claim memory's vector products on a thread per
# core; on a busy 2-core laptop those threads wait on each other (10 ms a look-up over
# 10,000 claims instead of 0.5 ms: bench/bench_claim_lookup.py). One thread, as the
# encoder has; set before numpy is first imported (a user's own setting is kept).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
