"""Issue 7 figures on a real database: the HTML report of 10,000 claims exported from
it (reads + render + write, through Desk.export); a bundle of 100,000 claims exported,
then merged into an empty database and again into the same one (adds nothing): seconds.

Run: python bench/bench_bundle.py [--claims 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_store import build  # noqa: E402

from factdesk.desk import Desk  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.db"
        build(source, args.claims)
        with Desk(source) as desk:
            rated = desk.claims(limit=min(10_000, args.claims))
            for n, claim in enumerate(rated):  # verdicts and evidence to report and carry
                desk.set_verdict(claim.id, "False", scale="politifact", summary="Not so.")
                if n % 2 == 0:
                    desk.add_evidence(claim.id, f"https://example.org/source/{n}", fetch=False)
            report = Path(tmp) / "report.html"
            start = time.perf_counter()
            desk.export("html", report, claims=[c.id for c in rated])
            print(f"HTML report of {len(rated):,} rated claims exported from the database: "
                  f"{time.perf_counter() - start:.2f} s (target <= 2 s)")  # fmt: skip
            bundle = Path(tmp) / "all.bundle"
            start = time.perf_counter()
            desk.export_bundle(bundle)
            exported = time.perf_counter() - start
        size = bundle.stat().st_size / 1e6
        print(f"bundle export of {args.claims:,} claims: {exported:.1f} s ({size:.0f} MB)")
        with Desk(Path(tmp) / "target.db") as target:
            start = time.perf_counter()
            counts = target.import_bundle(bundle)
            merged = time.perf_counter() - start
            added = f"{counts.get('claims', 0):,} claims, {counts.get('verdicts', 0):,} verdicts"
            print(f"bundle merge into an empty database: {merged:.1f} s ({added})")
            start = time.perf_counter()
            again = target.import_bundle(bundle)
            print(f"bundle merge again (adds {sum(again.values())} rows): "
                  f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        floor = plain_inserts(bundle, Path(tmp) / "floor.db")
        print(f"  peer: the same rows read and INSERTed as they are, no checks or merge rules: "
              f"{floor:.1f} s (the merge takes {merged / floor:.1f}x that)")  # fmt: skip


def plain_inserts(bundle: Path, path: Path) -> float:
    """Seconds to read the bundle and insert its rows unchecked into an empty database of
    the same schema, in one transaction: the floor any merge stands on."""
    import base64
    import gzip
    import json

    from factdesk.store.bundle import BLOB_COLUMNS

    with Desk(path) as desk:
        start = time.perf_counter()
        rows: dict[str, list[dict]] = {}
        with gzip.open(bundle, "rt", encoding="utf-8") as lines:
            next(lines)
            for line in lines:
                item = json.loads(line)
                row = item["row"]
                for column in BLOB_COLUMNS & row.keys():
                    if row[column] is not None:
                        row[column] = base64.b64decode(row[column])
                rows.setdefault(item["table"], []).append(row)
        with desk.db.write():
            for table, items in rows.items():
                columns = list(items[0])
                names = ", ".join(f'"{c}"' for c in columns)
                desk.db.conn.executemany(
                    f"INSERT OR IGNORE INTO {table} ({names}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    ([item[c] for c in columns] for item in items),
                )
        return time.perf_counter() - start


if __name__ == "__main__":
    main()
