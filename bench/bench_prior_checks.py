"""Prior fact-checks at scale (issue 10): Desk.prior_checks_for and similar_claims with
100,000 imported ClaimReview items, per claim of the sample article: median and worst,
beside the first release's way (score every imported check) measured in the same run.

Claim texts of the imported checks are real sentences (the check-worthiness training
set) and sentences spliced from two of them, every one distinct; the paraphrases of the
sample's claims (tests/data) are among them, so look-ups do find something.
Run: python bench/bench_prior_checks.py [--checks 100000] [--full-scans 2]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factdesk.desk import Desk  # noqa: E402
from factdesk.evidence.similar import best_matches  # noqa: E402
from factdesk.model import PriorCheck  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data" / "checkworthy"
PAIRS = HERE.parent / "tests" / "data" / "paraphrases.jsonl"
SAMPLE = HERE.parent / "seeds" / "000_ea872c36249f8574.txt"


def claim_texts(total: int) -> list[str]:
    """`total` distinct claim texts: the paraphrases of the sample's claims (so look-ups
    find something), the real sentences, then sentences spliced from two real ones (the
    start of one, the end of another: realistic words, and each text different)."""
    pool = []
    for name in ("ct24_english_train", "ct24_english_dev", "ct24_english_dev-test"):
        with (DATA / f"{name}.normalized.jsonl").open(encoding="utf-8") as f:
            pool += [json.loads(line)["text"] for line in f]
    pool = list(dict.fromkeys(pool))
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    texts = list(dict.fromkeys([p["b"] for p in pairs] + pool))
    rng = random.Random(7)
    seen = set(texts)
    while len(texts) < total:
        first, second = rng.choice(pool).split(), rng.choice(pool).split()
        text = " ".join(first[: len(first) // 2] + second[len(second) // 2 :])
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts[:total]


def timed_ms(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--full-scans", type=int, default=2, help="claims timed the old way")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Desk(Path(tmp) / "checks.db") as desk:
        start = time.perf_counter()
        texts = claim_texts(args.checks)
        desk.save_prior_checks(
            None,
            (
                PriorCheck(claim_text=t, url=f"https://checks.example/{n}", rating="False")
                for n, t in enumerate(texts)
            ),
        )
        print(f"{args.checks:,} imported fact-checks stored in {time.perf_counter() - start:.0f} s")
        desk.import_source(str(SAMPLE))
        claims = desk.claims()
        for claim in claims[:2]:  # warm the caches both ways
            desk.prior_checks_for(claim.id)
        indexed, similar, found = [], [], 0
        for claim in claims:
            ms, checks = timed_ms(desk.prior_checks_for, claim.id)
            indexed.append(ms)
            found += bool(checks)
            similar.append(timed_ms(desk.similar_claims, claim.id)[0])
        everything = sorted((c.id, c.claim_text) for c in desk.prior_checks(None))
        full = [timed_ms(best_matches, c.text, everything)[0] for c in claims[: args.full_scans]]
        median, worst, old = statistics.median(indexed), max(indexed), statistics.median(full)
        print(f"prior_checks_for, {len(claims)} claims of the sample ({found} with a match): "
              f"median {median:.1f} ms, worst {worst:.1f} ms (target <= 50 ms)")  # fmt: skip
        print(f"  scoring every imported check (the first release), {len(full)} claims: "
              f"median {old:,.0f} ms; {old / median:,.0f}x slower")  # fmt: skip
        print(f"similar_claims: median {statistics.median(similar):.1f} ms, "
              f"worst {max(similar):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
