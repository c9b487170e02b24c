"""Store figures on a 1,000,000-claim database (issue 2).

- insert 1M claims through Desk.import_article, one transaction per article of
  1,000 claims: claims/s;
- Desk.search median latency beside the same FTS5 query in raw SQL (ratio);
- open the database and read the first page of claims sorted by score: ms.

Claim texts are real sentences (the check-worthiness training set), reused with
a counter so every claim is distinct. The database is kept in bench/out/ for
the GUI benchmark. Run: python bench/bench_store.py [--claims N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.common import shared_data  # noqa: E402
from factdesk.desk import Desk  # noqa: E402
from factdesk.model import Article, Claim, ClaimFilter  # noqa: E402

DATA = shared_data() / "checkworthy" / "ct24_english_train.normalized.jsonl"
OUT = HERE / "out"
QUERIES = ["tax", "unemployment rate", "Medicare", "percent jobs", "Iraq war", "budget deficit",
           "health care", "oil", "schools teachers", "Social Security"]  # fmt: skip


def sentences() -> list[str]:
    with DATA.open() as f:
        return [json.loads(line)["text"] for line in f]


def synthetic_split(pool: list[str], per_article: int, rng: random.Random):
    def split(article: Article) -> list[Claim]:
        claims, offset = [], 0
        for _ in range(per_article):
            sentence = rng.choice(pool)
            claims.append(
                Claim(
                    text=sentence,
                    sentence=sentence,
                    start=offset,
                    end=offset + len(sentence),
                    score=rng.random(),
                    kind=rng.choice(["quantity", "other", "prediction"]),
                    speaker=rng.choice([None, "Ada Lovelace", "Grace Hopper", "Met Office"]),
                )
            )
            offset += len(sentence) + 1
        return claims

    return split


def build(path: Path, total: int, per_article: int = 1000) -> float:
    rng = random.Random(7)
    pool = sentences()
    split = synthetic_split(pool, per_article, rng)
    path.unlink(missing_ok=True)
    with Desk(path) as desk:
        start = time.perf_counter()
        for n in range(total // per_article):
            text = f"Synthetic article {n}. " + " ".join(rng.sample(pool, 20))
            desk.import_article(Article(source=f"bench-{n}.txt", text=text), split=split)
        return total / (time.perf_counter() - start)


def median_ms_interleaved(fns: dict, repeat: int = 5) -> dict[str, float]:
    """Median latency of each function over QUERIES, calls interleaved so that neither
    side gets a warmer cache than the other; one untimed warm-up round first."""
    for fn in fns.values():
        for query in QUERIES:
            fn(query)
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for query in QUERIES:
            for name, fn in fns.items():
                start = time.perf_counter()
                fn(query)
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/claims.db")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / "claims.db"
    if args.reuse and path.exists():
        print(f"reusing {path}")
    else:
        rate = build(path, args.claims)
        print(f"insert: {args.claims:,} claims at {rate:,.0f} claims/s (1,000 per transaction)")

    start = time.perf_counter()
    desk = Desk(path)
    page = desk.claims(ClaimFilter(sort="score", descending=True), limit=100)
    first_page_ms = (time.perf_counter() - start) * 1000
    assert len(page) == 100 and page[0].score >= page[-1].score
    print(f"open + first page of 100 claims sorted by score: {first_page_ms:.1f} ms (target <= 50)")

    conn = sqlite3.connect(path)

    def raw(query: str) -> list:
        match = " ".join(f'"{w}"*' for w in query.split())
        return conn.execute(
            """SELECT claims.* FROM claims JOIN (
                 SELECT rowid AS hit, rank FROM claims_fts WHERE claims_fts MATCH ?
                 ORDER BY rank LIMIT 50) ON claims.rowid = hit ORDER BY rank""",
            [match],
        ).fetchall()

    medians = median_ms_interleaved(
        {"desk": lambda query: desk.search(query, limit=50), "raw": raw}
    )
    desk_ms, raw_ms = medians["desk"], medians["raw"]
    print(
        f"search (median of {len(QUERIES)} queries x5, 50 hits): Desk {desk_ms:.2f} ms, "
        f"raw FTS5 SQL {raw_ms:.2f} ms, ratio {desk_ms / raw_ms:.2f} (target <= 1.2)"
    )


if __name__ == "__main__":
    main()
