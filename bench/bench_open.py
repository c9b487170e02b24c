"""What checking a database on open costs (issues 12, 22): an open runs PRAGMA quick_check
only when something may have damaged the file since factdesk last closed it (a crash,
another version, another program; store/integrity.py). An open with the check forced (its
stamp removed) is timed beside a plain one, in the same run, on a database of N claims
(default 200,000), with the OS cache warm.

Run: python bench/bench_open.py [--claims 200000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_store import build  # noqa: E402

from factdesk.desk import Desk  # noqa: E402
from factdesk.store.integrity import state_folder  # noqa: E402


def opened_ms(path: Path, *, check: bool) -> float:
    if check:  # as after a crash or an upgrade
        (state_folder(path) / "checked").unlink(missing_ok=True)
    start = time.perf_counter()
    Desk(path).close()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "open.db"
        build(path, args.claims)
        size = path.stat().st_size / 1e6
        opened_ms(path, check=True)  # warm the OS cache
        checked = statistics.median(opened_ms(path, check=True) for _ in range(5))
        plain = statistics.median(opened_ms(path, check=False) for _ in range(5))
        print(f"open a {size:.0f} MB database of {args.claims:,} claims: with the check "
              f"(after a crash or an upgrade) {checked:.0f} ms; after a clean close {plain:.0f} ms "
              f"({checked / plain:.1f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
