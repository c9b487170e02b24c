"""Issue 13 figures: a team hub (a real PostgreSQL, started here) holding N claims
(default 1,000,000) with 50 checkers' histories, built with COPY.

- initial sync of a new laptop: claims/s, beside a bundle import of the same data
  (the bundle exported by that laptop, merged into an empty database);
- an incremental sync of 1,000 changes made on one laptop (target <= 2 s), and the
  pull of those changes by another laptop;
- 20 laptops (processes, each a copy of a synced laptop, as different checkers) each
  making 50 changes and syncing at once: the time until all are done, beside one alone.

Run: python bench/bench_hub.py [--claims 1000000]   (not part of CI: minutes, GBs)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import psycopg  # noqa: E402

from factdesk.desk import Desk  # noqa: E402
from factdesk.hub import add_checker, init_hub, parse_hub_url  # noqa: E402
from factdesk.model import ClaimFilter  # noqa: E402
from tests.pgserver import PostgresServer, pg_bin  # noqa: E402

CHECKERS = 50
LABELS = ("True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire")
T0 = "2026-06-01T09:00:00.000000+00:00"


def _at(n: int) -> str:
    return f"2026-06-{1 + n % 28:02d}T{9 + n % 10:02d}:{n % 60:02d}:00.000000+00:00"


def _copy(conn: psycopg.Connection, table: str, columns: list[str], rows) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    with conn.cursor().copy(f"COPY factdesk.{table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def build_hub(admin_url: str, claims: int) -> None:
    """N claims in N/10 articles; every 5th claim rated, every 10th taken on by someone,
    every 20th with evidence; rows recorded by 50 checkers, derived columns consistent."""
    per_article = 10
    sentence = "The council {k} cut leakage by {n} per cent in 2019 said minister {m}. "
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for table in ("articles", "claims", "verdicts", "status_changes", "evidence"):
            conn.execute(f"ALTER TABLE factdesk.{table} DISABLE TRIGGER stamp")
        seq = iter(range(1, 10 * claims))
        articles, texts = [], {}
        for a in range(claims // per_article):
            parts = [sentence.format(k=a, n=i, m=a % 97) for i in range(per_article)]
            texts[a] = parts
            articles.append((
                f"A{a:012d}", f"a{a}.html", f"https://news.example/{a}", f"Story {a}",
                None, None, None, "en", T0, T0, "".join(parts), f"hash{a:012d}", None,
                next(seq), f"checker_{a % CHECKERS}",
            ))  # fmt: skip
        _copy(conn, "articles", ["id", "source", "url", "title", "author", "publisher",
              "published", "language", "imported_at", "updated_at", "text", "content_hash",
              "raw_gz", "seq", "recorded_by"], articles)  # fmt: skip
        del articles

        def claim_rows():
            for c in range(claims):
                a, i = divmod(c, per_article)
                parts = texts[a]
                start = sum(len(p) for p in parts[:i])
                text = parts[i].strip()
                rated, taken = c % 5 == 0, c % 10 == 0
                verdict = LABELS[c % len(LABELS)] if rated else None
                status = "researching" if taken else "new"
                assignee = f"checker_{c % CHECKERS}" if taken else None
                updated = max([T0] + ([_at(c)] if rated or taken else []))
                yield (f"C{c:012d}", f"A{a:012d}", text, text, start, start + len(text),
                       None, f"Minister {a % 97}", None, None, 0.8, 1, "quantity", status,
                       assignee, verdict, _at(c) if rated else None, T0, updated, None,
                       next(seq), f"checker_{c % CHECKERS}")  # fmt: skip

        _copy(conn, "claims", ["id", "article_id", "text", "sentence", "start", "end",
              "context", "speaker", "speaker_handle", "said_on", "score", "checkworthy",
              "kind", "status", "assignee", "verdict", "verdict_at", "created_at",
              "updated_at", "field_times", "seq", "recorded_by"], claim_rows())  # fmt: skip
        _copy(conn, "verdicts", ["id", "claim_id", "scale_id", "rating", "summary", "reviewer",
              "at", "seq", "recorded_by"],
              ((f"V{c:012d}", f"C{c:012d}", "politifact", LABELS[c % len(LABELS)], "",
                f"Checker {c % CHECKERS}", _at(c), next(seq), f"checker_{c % CHECKERS}")
               for c in range(0, claims, 5)))  # fmt: skip
        _copy(conn, "status_changes", ["id", "claim_id", "status", "assignee", "by", "at",
              "seq", "recorded_by"],
              ((f"S{c:012d}", f"C{c:012d}", "researching", f"checker_{c % CHECKERS}",
                f"Checker {c % CHECKERS}", _at(c), next(seq), f"checker_{c % CHECKERS}")
               for c in range(0, claims, 10)))  # fmt: skip
        _copy(conn, "evidence", ["id", "claim_id", "url", "stance", "added_at", "seq",
              "recorded_by"],
              ((f"E{c:012d}", f"C{c:012d}", f"https://stats.example/{c}", "refutes", T0,
                next(seq), f"checker_{c % CHECKERS}") for c in range(0, claims, 20)))  # fmt: skip
        for table in ("articles", "claims", "verdicts", "status_changes", "evidence"):
            conn.execute(f"ALTER TABLE factdesk.{table} ENABLE TRIGGER stamp")
        conn.execute("SELECT setval('factdesk.change_seq', %s)", [next(seq)])
        conn.execute("VACUUM ANALYZE")


def change_and_sync(args: tuple[str, str, int, int]) -> float:
    """One laptop: make `changes` changes (verdicts and edits), then sync; seconds."""
    path, url, changes, offset = args
    with Desk(path) as desk:
        claims = desk.claims(ClaimFilter(), limit=changes, offset=offset)
        for n, claim in enumerate(claims):
            if n % 2:
                desk.set_verdict(claim.id, "False", scale="politifact", summary=f"change {n}")
            else:
                desk.update_claim(claim.id, speaker=f"Speaker {offset + n}")
        start = time.perf_counter()
        desk.sync(url)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--laptops", type=int, default=20)
    args = parser.parse_args()
    bin_dir = pg_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL 15+ server programs are needed (Debian package postgresql)")
    server = PostgresServer(bin_dir)
    server.init()
    work = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    try:
        database = server.new_database("bench")
        admin = server.socket_url(database)
        init_hub(parse_hub_url(admin))
        roles = [f"laptop_{n}" for n in range(args.laptops + 2)]
        for role in roles:
            add_checker(parse_hub_url(admin), role)
        start = time.perf_counter()
        build_hub(admin, args.claims)
        print(f"hub built with COPY: {args.claims:,} claims in {time.perf_counter() - start:.1f} s")

        first = work / "first.db"
        with Desk(first) as desk:
            start = time.perf_counter()
            desk.sync(server.socket_url(database, roles[0]))
            initial = time.perf_counter() - start
            assert desk.count_claims() == args.claims
            desk.export_bundle(work / "all.bundle")
        with Desk(work / "bundled.db") as desk:
            start = time.perf_counter()
            desk.import_bundle(work / "all.bundle")
            bundled = time.perf_counter() - start
        print(f"initial sync of a new laptop: {initial:.1f} s, {args.claims / initial:,.0f} "
              f"claims/s; bundle import of the same data: {bundled:.1f} s, "
              f"{args.claims / bundled:,.0f} claims/s (ratio {bundled / initial:.2f})")  # fmt: skip

        second = work / "second.db"
        shutil.copy(first, second)
        one = change_and_sync((str(first), server.socket_url(database, roles[0]), 1000, 0))
        with Desk(second) as desk:
            start = time.perf_counter()
            report = desk.sync(server.socket_url(database, roles[1]))
            pulled = time.perf_counter() - start
        print(f"incremental sync of 1,000 changes: push {one:.2f} s (target <= 2 s); "
              f"another laptop pulls them ({sum(report.received.values())} rows) in "
              f"{pulled:.2f} s")  # fmt: skip

        laptops = []
        for n in range(args.laptops):
            path = work / f"laptop{n}.db"
            shutil.copy(second, path)
            laptops.append((str(path), server.socket_url(database, roles[n + 2]), 50,
                            2000 + n * 50))  # fmt: skip
        alone = change_and_sync(laptops[0])
        laptops[0] = (laptops[0][0], laptops[0][1], 50, 5000)
        start = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.laptops) as pool:
            each = pool.map(change_and_sync, laptops)
        together = time.perf_counter() - start
        print(f"{args.laptops} laptops syncing 50 changes each at once: all done in "
              f"{together:.1f} s (each sync {min(each):.2f}-{max(each):.2f} s); one alone "
              f"{alone:.2f} s (ratio {max(each) / alone:.1f})")  # fmt: skip
        size = sum(f.stat().st_size for f in work.glob("first.db*"))
        print(f"laptop database: {size / 1e6:,.0f} MB; machine: {os.cpu_count()} cores")
    finally:
        server.destroy()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
