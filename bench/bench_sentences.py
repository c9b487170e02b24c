"""Sentence splitting: Golden Rules passed and throughput, beside pySBD in the same run;
and the whole claim-unit step (sentences, attribution, clean-up; no scoring) per AEB
article, beside pySBD only splitting the same articles.

Run from the repo root:  PYTHONPATH=. python bench/bench_sentences.py [--repeat N]
pySBD (the bench extra) is the peer; it is never needed at run time.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pysbd

from factdesk.claims import split_claims
from factdesk.claims.sentences import split_sentences
from factdesk.model import Article

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "claims" / "data" / "golden_rules_en.json"
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"


def golden_passed(split) -> int:
    rules = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return sum(split(rule["text"]) == rule["expected_sentences"] for rule in rules)


def throughput(split, documents: list[str], rounds: int) -> tuple[float, int]:
    """Best characters per second over `rounds` runs (one call per document, as the app
    splits one article at a time), and the sentence count."""
    best = float("inf")
    count = 0
    for _ in range(rounds):
        began = time.perf_counter()
        count = sum(len(split(document)) for document in documents)
        best = min(best, time.perf_counter() - began)
    return sum(map(len, documents)) / best, count


def aeb_bodies() -> list[str]:
    """Real article bodies from the Article Extraction Benchmark, when the data is here."""
    for root in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        path = root / "aeb" / "ground-truth.json"
        if path.exists():
            pages = json.loads(path.read_text(encoding="utf-8")).values()
            return [page["articleBody"] for page in pages]
    return []


class _Unscored:
    score = 0.5
    checkworthy = True
    kind = "other"


def _no_scoring(texts: list[str], genres: list[str] | None = None) -> list[_Unscored]:
    """score_sentences' signature (texts, genres), scoring nothing."""
    return [_Unscored()] * len(texts)


def per_article_ms(work, items: list, rounds: int) -> float:
    """Best milliseconds per item over `rounds` runs."""
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        for item in items:
            work(item)
        best = min(best, time.perf_counter() - began)
    return best / len(items) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10, help="copies of golden+sample")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    segmenter = pysbd.Segmenter(language="en", clean=False)

    def pysbd_split(text: str) -> list[str]:
        # pySBD keeps trailing spaces on its sentences; strip them so it is judged fairly.
        return [s.strip() for s in segmenter.segment(text) if s.strip()]

    ours_passed = golden_passed(split_sentences)
    peer_passed = golden_passed(pysbd_split)

    rules = json.loads(GOLDEN.read_text(encoding="utf-8"))
    golden_and_sample = "\n\n".join(
        [rule["text"] for rule in rules] + [SAMPLE.read_text(encoding="utf-8")]
    )
    bodies = aeb_bodies()
    documents = ([golden_and_sample] * args.repeat) + bodies
    described = f"golden texts + sample article x{args.repeat}"
    if bodies:
        described += f", + {len(bodies)} AEB article bodies"
    size = sum(map(len, documents))
    ours_speed, ours_count = throughput(split_sentences, documents, args.rounds)
    peer_speed, peer_count = throughput(pysbd_split, documents, args.rounds)

    print(f"Golden Rules (en): factdesk {ours_passed}/48, pySBD {peer_passed}/48")
    print(f"Throughput on {size:,} characters in {len(documents)} documents ({described}):")
    print(f"  factdesk {ours_speed / 1e6:8.2f} M chars/s  ({ours_count} sentences)")
    print(f"  pySBD    {peer_speed / 1e6:8.2f} M chars/s  ({peer_count} sentences)")
    print(f"  ratio    {ours_speed / peer_speed:8.1f}x")

    if bodies:
        articles = [Article(source=f"aeb{n}", text=body) for n, body in enumerate(bodies)]
        claims_ms = per_article_ms(lambda a: split_claims(a, score=_no_scoring), articles, 3)
        peer_ms = per_article_ms(pysbd_split, bodies, 1)
        count = sum(len(split_claims(a, score=_no_scoring)) for a in articles)
        print(f"Claim units on {len(articles)} AEB articles ({count} claims, no scoring):")
        print(f"  factdesk split_claims {claims_ms:7.2f} ms/article")
        print(f"  pySBD sentences only  {peer_ms:7.2f} ms/article")
        print(f"  ratio                 {peer_ms / claims_ms:7.1f}x")


if __name__ == "__main__":
    main()
