"""Issue 22 item 7, bundle side: the peak memory and time of merging a bundle of N claims
into an empty database, in committed batches of whole articles (store/bundle_merge.py),
beside the peer measured in the same run: the same bundle merged the way it was before
(every checked row held in memory, one transaction). Each merge runs in a fresh process;
the figure is that process's peak resident memory (VmHWM), beside the resident memory
of a process that only opened the database (the floor).

The bundle is a real one made by the app (tests/report/big_desk.py: articles of 20 claims,
each rated with a summary and one piece of evidence with a quote), copied with new ids
(and content hashes, so the copies stay distinct articles) up to N claims.

Run: python bench/bench_bundle_memory.py [--claims 10000 50000 200000 1000000]
     [--peer-up-to 1000000]   (not part of CI)
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factdesk.desk import Desk  # noqa: E402
from tests.report.big_desk import build_big_desk  # noqa: E402

SEED_CLAIMS = 200
RENAMED = ("id", "article_id", "claim_id", "content_hash")


def make_bundle(seed_bundle: Path, path: Path, claims: int) -> None:
    """`claims` claims with their work: copies of the seed bundle's rows, renamed."""
    with gzip.open(seed_bundle, "rt", encoding="utf-8") as f:
        header, *lines = f.read().splitlines()
    items = [json.loads(line) for line in lines]
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        out.write(header + "\n")
        for copy in range(claims // SEED_CLAIMS):
            for item in items:
                row = dict(item["row"])
                for key in RENAMED:
                    if row.get(key) is not None:
                        row[key] = f"{row[key]}-{copy}"
                out.write(json.dumps({"table": item["table"], "row": row}) + "\n")


def merge(args: tuple[str, str, str]) -> tuple[float, float, float, int]:
    """Seconds, CPU seconds, peak MB and claims after one merge (in this fresh process)."""
    how, db_path, bundle = args
    with Desk(Path(db_path)) as desk:
        cpu, start = time.process_time(), time.perf_counter()
        if how == "batched":
            desk.import_bundle(Path(bundle))
        elif how == "one transaction":
            one_transaction(desk.db, Path(bundle))
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        claims = desk.count_claims()
    return took, cpu, peak_mb(), claims


def peak_mb() -> float:
    """This process's peak resident memory since it started its program (VmHWM; not
    ru_maxrss, which Linux carries over from the parent a spawned process was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_transaction(db: object, path: Path) -> Counter:
    """The merge as it was before (main until issue 22): the whole bundle read into lists
    by table, with each row's line by key for the repeat check, then merged in one
    transaction."""
    from factdesk.store.bundle import FROM_BUNDLE, checked_rows
    from factdesk.store.merge import Merge
    from factdesk.store.sync import row_key
    from factdesk.store.tables import NAMES

    rows: dict[str, list[dict]] = {t: [] for t in NAMES}
    lines: dict[tuple[str, str], int] = {}
    for line, table, row in checked_rows(db, path):  # type: ignore[arg-type]
        lines[(table, row_key(table, row))] = line
        rows[table].append(row)
    for table_rows in rows.values():
        for row in table_rows:
            row["recorded_by"] = row.get("recorded_by") or FROM_BUNDLE
    with db.write():  # type: ignore[attr-defined]
        return Merge(db, trusted=False).run(rows)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--peer-up-to", type=int, default=10**9,
                        help="merge the peer only for bundles up to this many claims")  # fmt: skip
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-memory-") as tmp:
        work = Path(tmp)
        with Desk(build_big_desk(work / "seed.db", SEED_CLAIMS)) as desk:
            desk.export_bundle(work / "seed.bundle")
        for claims in args.claims:
            bundle = work / f"{claims}.bundle"
            make_bundle(work / "seed.bundle", bundle, claims)
            size = bundle.stat().st_size / 1e6
            figures = {}
            hows = ["floor", "batched"] + (["one transaction"] if claims <= args.peer_up_to else [])
            for how in hows:
                target = work / f"{claims}-{how.replace(' ', '-')}.db"
                Desk(target).close()
                with context.Pool(1) as pool:
                    took, cpu, peak, merged = pool.apply(merge, [(how, str(target), str(bundle))])
                figures[how] = peak
                target.unlink()
                if how == "floor":
                    continue
                assert merged == claims, (how, merged)
                print(f"{claims:>9,} claims ({size:,.0f} MB bundle), {how:>15}: "
                      f"peak {peak:6,.0f} MB, {took:6.1f} s, CPU {cpu:6.1f} s")  # fmt: skip
            ratio = ""
            if "one transaction" in figures:
                share = figures["batched"] / figures["one transaction"]
                ratio = f", batched / one transaction {share:.2f}"
            floor = figures["floor"]
            print(f"{claims:>9,} claims: floor (the database opened) {floor:,.0f} MB{ratio}")
            bundle.unlink()
    load = os.getloadavg()
    print(f"load average at end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
