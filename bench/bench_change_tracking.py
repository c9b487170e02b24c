"""What the merge and sync bookkeeping costs on the write paths (issue 12): imports of
articles of 1,000 claims and single verdicts, in a database as factdesk makes it, beside
the same database with its change-tracking triggers (row_changes) dropped, interleaved
in one run.

Run: python bench/bench_change_tracking.py [--articles 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_store import sentences, synthetic_split  # noqa: E402

from factdesk.desk import Desk  # noqa: E402
from factdesk.model import Article  # noqa: E402


def without_change_tracking(desk: Desk) -> None:
    names = [row[0] for row in desk.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_row_changes_%'"
    )]  # fmt: skip
    with desk.db.write():
        for name in names:
            desk.db.execute(f"DROP TRIGGER {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    pool = sentences()
    with tempfile.TemporaryDirectory() as tmp:
        desks = {"tracked": Desk(Path(tmp) / "a.db"), "untracked": Desk(Path(tmp) / "b.db")}
        without_change_tracking(desks["untracked"])
        imports: dict[str, list[float]] = {name: [] for name in desks}
        verdicts: dict[str, list[float]] = {name: [] for name in desks}
        for n in range(args.articles):
            for name, desk in desks.items():
                rng = random.Random(n)
                text = f"Synthetic article {n}. " + " ".join(rng.sample(pool, 20))
                split = synthetic_split(pool, 1000, rng)
                start = time.perf_counter()
                desk.import_article(Article(source=f"{n}.txt", text=text), split=split)
                imports[name].append(time.perf_counter() - start)
                claim = desk.claims(limit=1, offset=n)[0]
                start = time.perf_counter()
                desk.set_verdict(claim.id, "False", scale="politifact")
                verdicts[name].append((time.perf_counter() - start) * 1000)
        rate = {name: 1000 / statistics.median(times) for name, times in imports.items()}
        verdict = {name: statistics.median(times) for name, times in verdicts.items()}
        print(f"import, articles of 1,000 claims: {rate['tracked']:,.0f} claims/s; "
              f"without change tracking {rate['untracked']:,.0f} claims/s "
              f"({rate['untracked'] / rate['tracked']:.2f}x)")  # fmt: skip
        print(f"a verdict (BEGIN IMMEDIATE, history, recomputed claim): "
              f"{verdict['tracked']:.1f} ms; without change tracking "
              f"{verdict['untracked']:.1f} ms")  # fmt: skip
        for desk in desks.values():
            desk.close()


if __name__ == "__main__":
    main()
