"""Issue 18 item 7: receiving claims that share one span is linear. 10,000 claims on
one article, all of the same span (a sentence claimed many times), received by a
laptop that has none of them, by bundle and by a team hub sync (a real PostgreSQL,
started here); beside the peer, 10,000 claims of distinct spans received the same way
in the same run. Target: same span <= 2x distinct.

Run: python bench/bench_merge_span.py [--claims 10000] [--no-hub]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factdesk.desk import Desk  # noqa: E402
from factdesk.model import Article, Claim  # noqa: E402

TEXT = "The council cut leakage by half in 2019. Ms Rusk said so. Water bills rose 12%."


def one_sentence(article: Article) -> list[Claim]:
    sentence = article.text[:40]
    return [Claim(text=sentence, sentence=sentence, start=0, end=40, score=0.5)]


def build(path: Path, claims: int, *, same_span: bool) -> None:
    """A laptop with one article and `claims` claims on it (copies of its first claim:
    all of one span, or each of its own)."""
    with Desk(path) as desk:
        desk.import_article(Article(source="s.txt", text=TEXT), split=one_sentence)
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(claims)")]
    (first,) = conn.execute("SELECT * FROM claims").fetchall()
    row = dict(zip(columns, first, strict=True))
    rows = []
    for n in range(claims - 1):
        copy = {**row, "id": uuid.uuid4().hex.upper()}
        if not same_span:
            copy.update(start=n, end=n + 40, sentence=f"{row['sentence']} ({n})")
        rows.append([copy[c] for c in columns])
    names = ", ".join(f'"{c}"' for c in columns)
    with conn:
        conn.executemany(
            f"INSERT INTO claims ({names}) VALUES ({', '.join('?' * len(columns))})", rows
        )
    conn.close()


def by_bundle(folder: Path, source: Path) -> float:
    bundle = folder / f"{source.stem}.bundle"
    with Desk(source) as desk:
        desk.export_bundle(bundle)
    with Desk(folder / f"{source.stem}-received.db") as target:
        start = time.perf_counter()
        counts = target.import_bundle(bundle)
        took = time.perf_counter() - start
        assert target.count_claims() == counts["claims"]
    return took


def by_sync(server, folder: Path, source: Path) -> float:
    from factdesk.hub import add_checker, init_hub, parse_hub_url

    database = server.new_database(f"span_{source.stem}")
    init_hub(parse_hub_url(server.socket_url(database)))
    for name in ("sender", "receiver"):
        add_checker(parse_hub_url(server.socket_url(database)), f"{name}_{database}")
    with Desk(source) as desk:
        desk.sync(server.socket_url(database, f"sender_{database}"))
    with Desk(folder / f"{source.stem}-synced.db") as target:
        start = time.perf_counter()
        report = target.sync(server.socket_url(database, f"receiver_{database}"))
        took = time.perf_counter() - start
        assert target.count_claims() == report.received["claims"]
    server.drop_database(database)
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--no-hub", action="store_true", help="bundles only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = {}
        for kind, same in (("same", True), ("distinct", False)):
            sources[kind] = folder / f"{kind}.db"
            build(sources[kind], args.claims, same_span=same)
        ways = [("bundle", lambda source: by_bundle(folder, source))]
        server = None
        if not args.no_hub:
            from tests.pgserver import PostgresServer, pg_bin

            if pg_bin() is not None:
                server = PostgresServer(pg_bin())
                server.init()
                ways.append(("hub sync", lambda source: by_sync(server, folder, source)))
        try:
            for way, receive in ways:
                same = receive(sources["same"])
                distinct = receive(sources["distinct"])
                print(
                    f"{way}: {args.claims:,} claims of one span received in {same:.2f} s; "
                    f"peer, {args.claims:,} claims of distinct spans: {distinct:.2f} s "
                    f"(ratio {same / distinct:.2f}, target <= 2)"
                )
        finally:
            if server is not None:
                server.destroy()


if __name__ == "__main__":
    main()
