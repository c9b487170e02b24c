"""What keeping a draft costs (issue 19): the claim panel writes what is being typed to the
drafts table at most every half second, each write synced to the disk (synchronous=FULL
for that commit) so a power cut loses none of it. Peer: the same write left to the
database's usual synchronous=NORMAL (durable against a crash of the app, not of the
machine), timed in the same run.

Run: python bench/bench_drafts.py [--writes 200]
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

from factdesk.desk import Desk  # noqa: E402
from factdesk.model import now_iso  # noqa: E402
from factdesk.store.drafts import save_drafts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=200)
    writes = parser.parse_args().writes
    with tempfile.TemporaryDirectory() as folder, Desk(Path(folder) / "drafts.db") as desk:
        synced, usual = [], []
        for n in range(writes):
            text = f"A summary being typed, version {n}"
            start = time.perf_counter()
            desk.save_drafts("CLAIM", {"summary": text})
            synced.append(time.perf_counter() - start)
            start = time.perf_counter()
            with desk.db.write():
                save_drafts(desk.db, "CLAIM", {"summary": text + "."}, now_iso())
            usual.append(time.perf_counter() - start)
    fast, slow = statistics.median(usual) * 1000, statistics.median(synced) * 1000
    print(f"draft write, synced to disk (FULL): median {slow:.2f} ms over {writes}")
    print(f"peer, same write at synchronous=NORMAL: median {fast:.2f} ms")
    print(f"ratio {slow / fast:.1f}x; at most 2 writes a second while typing: "
          f"{2 * slow / 10:.2f}% of the writer thread")  # fmt: skip


if __name__ == "__main__":
    main()
