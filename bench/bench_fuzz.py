"""The fuzz suite (tests/fuzz) at a larger number of examples, with its counts.

Runs pytest on tests/fuzz with FACTDESK_FUZZ_EXAMPLES examples per test (default 2,000)
and prints, per target, the inputs tried, the clear errors (one line naming the input),
the tracebacks (must be 0), the share refused and the inputs per second. Then the peak
memory of reading a 400 KB gzip bomb (400 MB once decompressed) as a ClaimReview file
and as an article, beside the 20 MB cap (the old main peaked at 837 MB on the first).

    PYTHONPATH=. python bench/bench_fuzz.py [EXAMPLES]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

from factdesk.desk import Desk
from factdesk.errors import FactdeskError

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        counts_file = Path(folder) / "counts.json"
        env = dict(
            os.environ,
            FACTDESK_FUZZ_EXAMPLES=str(examples),
            FACTDESK_FUZZ_COUNTS=str(counts_file),
            QT_QPA_PLATFORM="offscreen",
        )
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "-o", "timeout=0", "tests/fuzz"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = time.monotonic() - started
        if not counts_file.exists():
            print(run.stdout[-3000:], run.stderr[-3000:])
            return 1
        counts = json.loads(counts_file.read_text())
    print(
        f"fuzz suite, {examples} examples per test, {seconds:.0f} s, pytest exit {run.returncode}"
    )
    print(f"{'target':<14}{'tried':>8}{'clear errors':>14}{'tracebacks':>12}{'refused':>9}")
    total = {"tried": 0, "clear": 0, "tracebacks": 0}
    for target, row in sorted(counts.items()):
        for key in total:
            total[key] += row[key]
        share = row["clear"] / row["tried"] if row["tried"] else 0
        print(
            f"{target:<14}{row['tried']:>8}{row['clear']:>14}{row['tracebacks']:>12}{share:>9.0%}"
        )
    print(
        f"{'all':<14}{total['tried']:>8}{total['clear']:>14}{total['tracebacks']:>12}"
        f"{total['clear'] / max(total['tried'], 1):>9.0%}   "
        f"{total['tried'] / seconds:.0f} inputs/s"
    )
    if run.returncode:
        print(run.stdout[-3000:])
    print_bomb_peaks()
    return run.returncode


def print_bomb_peaks() -> None:
    megabyte = 1024 * 1024
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(deflate.compress(b"[" * megabyte) for _ in range(400)) + deflate.flush()
    with tempfile.TemporaryDirectory() as folder, Desk(Path(folder) / "desk.db") as desk:
        for name, read in (
            ("reviews.json.gz", desk.import_claimreview),
            ("page.html.gz", desk.import_source),
        ):
            path = Path(folder) / name
            path.write_bytes(bomb)
            tracemalloc.start()
            try:
                read(str(path))
                outcome = "accepted?!"
            except FactdeskError as error:
                outcome = str(error).split(": ", 1)[1]
            peak = tracemalloc.get_traced_memory()[1] / megabyte
            tracemalloc.stop()
            print(f"{len(bomb) // 1024} KB gzip bomb as {name}: peak {peak:.0f} MB ({outcome})")


if __name__ == "__main__":
    sys.exit(main())
