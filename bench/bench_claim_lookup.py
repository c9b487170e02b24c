"""Claim memory's look-ups at scale (issue 23): N stored claims (default 100,000), R of
them rated (default 5,000).

1. The vector search alone, over N vectors: the shipped exact int8 search
   (claims/paraphrase.VectorIndex) beside exact float32 numpy and two approximate
   indexes (usearch HNSW int8, hnswlib HNSW float32, when installed: `pip install usearch
   hnswlib`; neither is a dependency): ms per query, build time, memory, and recall@12 of
   the exact float32 search's neighbours.
2. `Desk.similar_claims` on a desk of N claims whose vectors are stored: ms per claim
   (the first call, which loads the vectors, apart), beside today's lexical look-up
   (FTS5 candidates re-ranked by evidence/similar.py) in the same run.
3. Importing an article of 40 claims with seen-before marks, beside the same import with
   the marks switched off (a ratio), each with a new Desk (a new start).

The N vectors of part 1 and the unrated claims' stored vectors in part 2 are synthetic:
the encoder's vectors of 2,000 real claims, each copied with noise (cosine about 0.8 to
its source) and normalised, so that neighbours cluster as real claims do; the rated
claims' vectors are the encoder's own (computed once, timed apart).

Run: PYTHONPATH=. python bench/bench_claim_lookup.py [--claims 100000] [--rated 5000]
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

# factdesk first, as in the app: it keeps OpenBLAS to one thread (OPENBLAS_NUM_THREADS),
# which numpy imported first would have started with a thread per core. Measured so, a
# look-up took 2.5 times the CPU time (the threads spin) and more wall time under load.
import factdesk  # noqa: E402, F401, I001
import numpy as np  # noqa: E402

import bench_store  # noqa: E402
from bench_store import build, sentences  # noqa: E402
from common import shared_data  # noqa: E402

from factdesk.claims.paraphrase import VectorIndex, claim_vectors, quantise  # noqa: E402
from factdesk.desk import Desk  # noqa: E402
from factdesk.evidence.similar import best_matches, fts_query  # noqa: E402
from factdesk.memory import vector_key  # noqa: E402
from factdesk.model import Article, ClaimFilter  # noqa: E402
from factdesk.store import queries as q  # noqa: E402
from factdesk.store import vectors as stored_vectors  # noqa: E402

K = 12


def synthetic(pool: list[str], n: int, rng: np.random.Generator) -> np.ndarray:
    sources = claim_vectors(random.Random(5).sample(pool, 2000))
    rows = sources[rng.integers(0, len(sources), n)]
    rows = rows + rng.normal(scale=0.75 / np.sqrt(rows.shape[1]), size=rows.shape)
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def median_ms(fn, queries, clock=time.perf_counter) -> float:
    """The median milliseconds of `fn` over `queries`: wall time, or CPU time with
    clock=time.process_time (this process's, every thread's: what a loaded machine's
    other work does not inflate as much)."""
    times = []
    for query in queries:
        start = clock()
        fn(query)
        times.append(clock() - start)
    return statistics.median(times) * 1000


def cpu_ms(fn, queries) -> float:
    return median_ms(fn, queries, clock=time.process_time)


def recall(found: list[list[int]], exact: list[list[int]]) -> float:
    return float(
        np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found, exact, strict=True)])
    )


def vector_search(pool: list[str], n: int, approximate: bool = True) -> None:
    rng = np.random.default_rng(1)
    data = synthetic(pool, n, rng)
    queries = [data[i] * 0.9 + rng.normal(scale=0.02, size=data.shape[1]) for i in range(200)]
    queries = [(v / np.linalg.norm(v)).astype(np.float32) for v in queries]
    exact = [list(np.argsort(-(data @ v))[:K]) for v in queries]
    print(f"1. vector search over {n:,} vectors (384 dimensions), {len(queries)} queries, top {K}")

    start = time.perf_counter()
    index = VectorIndex()
    stored = quantise(data)
    index.add_many([str(i) for i in range(n)], stored)
    index.nearest(queries[0], K, -1.0)  # settles the rows
    built = time.perf_counter() - start
    ms = median_ms(lambda v: index.nearest(v, K, -1.0), queries)
    cpu = cpu_ms(lambda v: index.nearest(v, K, -1.0), queries)
    found = [[int(key) for key, _c in index.nearest(v, K, -1.0)] for v in queries]
    how = (
        f"ranked in {index.PROJECTED} dimensions, best {index.CANDIDATES} scored exactly"
        if n > index.EXACT_UP_TO
        else "exact"
    )
    print(f"   shipped ({how}): {ms:.2f} ms/query ({cpu:.2f} ms CPU), load {built:.2f} s, "
          f"{n * (384 + index.PROJECTED) * 4 / 1e6:.0f} MB in memory, "
          f"recall@{K} {recall(found, exact):.3f} (int8 rounding included)")  # fmt: skip

    def int8_chunks(v: np.ndarray) -> np.ndarray:
        scores = np.concatenate(
            [stored[s : s + 16384].astype(np.float32) @ v for s in range(0, n, 16384)]
        )
        return np.argpartition(-scores, K)[:K]

    print(f"   exact over int8 kept as int8 (chunks turned to float32 per query): "
          f"{median_ms(int8_chunks, queries):.2f} ms/query, {n * 384 / 1e6:.0f} MB")  # fmt: skip
    half = data.astype(np.float16)
    half_ms = median_ms(lambda v: half @ v.astype(np.float16), queries[:10])
    print(f"   exact over float16: {half_ms:.1f} ms/query, {half.nbytes / 1e6:.0f} MB")

    def exact_float(v: np.ndarray) -> np.ndarray:
        scores = data @ v
        best = np.argpartition(-scores, K)[:K]
        return best[np.argsort(-scores[best])]

    float_ms = median_ms(exact_float, queries)
    float_cpu = cpu_ms(exact_float, queries)
    print(f"   exact float32 numpy from float vectors (peer): {float_ms:.2f} ms/query "
          f"({float_cpu:.2f} ms CPU; shipped / peer: {ms / float_ms:.2f}, "
          f"CPU {cpu / float_cpu:.2f})")  # fmt: skip
    if not approximate:
        return
    try:
        from usearch.index import Index

        start = time.perf_counter()
        hnsw = Index(ndim=384, metric="cos", dtype="i8")
        hnsw.add(np.arange(n), data, threads=1)
        built = time.perf_counter() - start
        us_ms = median_ms(lambda v: hnsw.search(v, K), queries)
        found = [list(hnsw.search(v, K).keys) for v in queries]
        print(f"   usearch HNSW int8 (approximate): {us_ms:.3f} ms/query, build {built:.1f} s "
              f"(one thread), {hnsw.memory_usage / 1e6:.0f} MB, "
              f"recall@{K} {recall(found, exact):.3f}")  # fmt: skip
    except ImportError:
        print("   usearch: not installed")
    try:
        import hnswlib

        start = time.perf_counter()
        graph = hnswlib.Index(space="cosine", dim=384)
        graph.init_index(max_elements=n, ef_construction=100, M=16)
        graph.set_num_threads(1)
        graph.add_items(data, np.arange(n))
        built = time.perf_counter() - start
        graph.set_ef(50)
        hl_ms = median_ms(lambda v: graph.knn_query(v, k=K), queries)
        found = [list(graph.knn_query(v, k=K)[0][0]) for v in queries]
        print(f"   hnswlib HNSW float32 (approximate): {hl_ms:.3f} ms/query, build {built:.1f} s "
              f"(one thread), recall@{K} {recall(found, exact):.3f}")  # fmt: skip
    except ImportError:
        print("   hnswlib: not installed")


def rate(path: Path, rated: int) -> float:
    """Rate `rated` claims, then build the rated index once (its vectors computed and
    stored): the seconds that one-time step took."""
    rng = random.Random(11)
    with Desk(path) as desk:
        ids = [c.id for c in desk.claims(ClaimFilter(), limit=rated * 10)]
        for claim_id in rng.sample(ids, rated):
            desk.set_verdict(claim_id, rng.choice(("False", "True")), reviewer="bench")
    with Desk(path) as desk:
        start = time.perf_counter()
        with desk.db.write():
            desk.claim_memory()._rated_index(desk.db)
        return time.perf_counter() - start


def store_synthetic_vectors(path: Path, pool: list[str]) -> int:
    with Desk(path) as desk:
        unrated = desk.db.execute(
            "SELECT id, text FROM claims WHERE id NOT IN (SELECT claim_id FROM claim_vectors)"
        ).fetchall()
        rows = quantise(synthetic(pool, len(unrated), np.random.default_rng(2)))
        with desk.db.write():  # (keyed as if computed from their text: taken as current)
            stored_vectors.put_vectors(
                desk.db,
                [(cid, vector_key(text), row.tobytes())
                 for (cid, text), row in zip(unrated, rows, strict=True)],
            )  # fmt: skip
        return len(unrated)


def lexical_similar(desk: Desk, claim_id: str) -> list:
    """Today's look-up (before claim memory): FTS5 candidates re-ranked lexically."""
    claim = desk.claim(claim_id)
    candidates = {
        other.id: other
        for other in q.search_claims(desk.db, fts_query(claim.text), 50)
        if other.article_id != claim.article_id
    }
    return best_matches(claim.text, ((c.id, c.text) for c in candidates.values()), limit=10)


def timed_import(path: Path, marks: bool, n: int, pool: list[str]) -> float:
    with Desk(path) as desk:
        if not marks:
            desk._mark_seen_before = lambda *_args: None  # type: ignore[method-assign]
        text = f"Bench article {n} ({marks}). " + " ".join(random.Random(n).sample(pool, 40))
        start = time.perf_counter()
        desk.import_article(Article(source=f"import-{n}-{marks}.txt", text=text))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rated", type=int, default=5_000)
    parser.add_argument("--no-approximate", action="store_true", help="skip the HNSW builds")
    args = parser.parse_args()
    bench_store.DATA = shared_data() / "checkworthy" / bench_store.DATA.name
    pool = sentences()
    vector_search(pool, args.claims, approximate=not args.no_approximate)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.db"
        build(path, args.claims)
        once = rate(path, args.rated)
        print(f"desk: {args.claims:,} claims, {args.rated:,} rated; the rated claims' vectors "
              f"computed and stored once: {once:.1f} s")  # fmt: skip
        added = store_synthetic_vectors(path, pool)
        print(f"   (+ {added:,} synthetic vectors stored for the unrated claims)")
        with Desk(path) as desk:
            rated = [c.id for c in desk.claims(ClaimFilter(), limit=args.rated * 10) if c.verdict]
            sample = random.Random(3).sample(rated, 59)
            start = time.perf_counter()
            desk.similar_claims(sample[0])
            first = time.perf_counter() - start
            # Wall time and CPU time each on claims not looked up before (the matcher
            # keeps the texts it stripped and read: a second pass would find them).
            timed, counted = sample[1:30], sample[30:]
            ms = median_ms(desk.similar_claims, timed)
            cpu = cpu_ms(desk.similar_claims, counted)
            lexical_ms = median_ms(lambda cid: lexical_similar(desk, cid), timed)
            lexical_cpu = cpu_ms(lambda cid: lexical_similar(desk, cid), counted)
        print(f"2. Desk.similar_claims: {ms:.1f} ms a claim, {cpu:.2f} ms CPU (first call, "
              f"loading {args.claims:,} vectors: {first:.2f} s); today's lexical look-up: "
              f"{lexical_ms:.1f} ms, {lexical_cpu:.2f} ms CPU (ratio {ms / lexical_ms:.2f}, "
              f"CPU {cpu / lexical_cpu:.2f})")  # fmt: skip
        plain, marked = [], []
        for n in range(5):
            plain.append(timed_import(path, False, n, pool))
            marked.append(timed_import(path, True, n + 100, pool))
        plain_ms, marked_ms = statistics.median(plain) * 1000, statistics.median(marked) * 1000
        print(f"3. import an article of 40 claims, new Desk each time, with seen-before marks: "
              f"{marked_ms:.0f} ms; without: {plain_ms:.0f} ms "
              f"(ratio {marked_ms / plain_ms:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
