"""Issue 22 item 7 figures: the peak memory of a new laptop's first sync with a hub of N
claims (default 50,000; bench_hub.py builds it), pulled in committed batches of
store/replication.py's WINDOW hub changes, beside the same sync in one batch (the way
it was before: every row in memory, merged in one transaction). Each sync runs in a
fresh process; the figure is that process's peak resident memory (ru_maxrss).

Run: python bench/bench_first_sync_memory.py [--claims 50000]   (not part of CI)
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_hub import build_hub  # noqa: E402

from factdesk.hub import add_checker, init_hub, parse_hub_url  # noqa: E402
from tests.pgserver import PostgresServer, pg_bin  # noqa: E402


def first_sync(args: tuple[str, str, int]) -> tuple[float, float, int]:
    """Seconds, peak MB and claims of one first sync (in this fresh process)."""
    path, url, window = args
    import factdesk.store.replication as replication
    from factdesk.desk import Desk

    replication.WINDOW = window
    with Desk(Path(path)) as desk:
        start = time.perf_counter()
        desk.sync(url)
        took = time.perf_counter() - start
        claims = desk.count_claims()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return took, peak_mb, claims


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=50_000)
    args = parser.parse_args()
    bin_dir = pg_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL 15+ server programs are needed (Debian package postgresql)")
    server = PostgresServer(bin_dir)
    server.init()
    work = Path(tempfile.mkdtemp(prefix="bench-first-sync-"))
    try:
        database = server.new_database("bench")
        admin = server.socket_url(database)
        init_hub(parse_hub_url(admin))
        roles = ["laptop_batched", "laptop_whole"]
        for role in roles:
            add_checker(parse_hub_url(admin), role)
        build_hub(admin, args.claims)
        context = multiprocessing.get_context("spawn")
        figures = {}
        for role, window, label in (
            ("laptop_batched", 10_000, "in batches of 10,000 changes"),
            ("laptop_whole", 10**15, "in one batch (as before)"),
        ):
            with context.Pool(1) as pool:
                url = server.socket_url(database, role)
                took, peak, claims = pool.apply(
                    first_sync, [(str(work / f"{role}.db"), url, window)]
                )
            assert claims == args.claims, claims
            figures[label] = peak
            print(f"first sync of {args.claims:,} claims {label}: {took:.1f} s, "
                  f"peak {peak:,.0f} MB")  # fmt: skip
        batched, whole = figures.values()
        print(f"peak memory, batched / one batch: {batched / whole:.2f}")
    finally:
        server.destroy()


if __name__ == "__main__":
    main()
