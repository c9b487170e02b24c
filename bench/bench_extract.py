"""Extraction quality and speed on the Article Extraction Benchmark (../shared/data/aeb).

factdesk's `extract_article` beside trafilatura's own `trafilatura.extract` (defaults), in
the same run, on the same pages. Scoring as the benchmark does it: 4-word shingles,
precision and recall per page, averaged over pages; F1 from the averaged P and R.

    PYTHONPATH=. python bench/bench_extract.py [--limit N] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura
from common import shared_data

from factdesk.errors import FactdeskError
from factdesk.ingest.extract import extract_article

DEFAULT_DATA = shared_data() / "aeb"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def precision_recall(truth: str, prediction: str | None) -> tuple[float, float]:
    """Per-page precision and recall, with the benchmark's conventions for empty texts."""
    true_sh, pred_sh = shingles(truth), shingles(prediction)
    true_sh.pop("", None)
    pred_sh.pop("", None)
    tp = sum((true_sh & pred_sh).values())
    fp = sum((pred_sh - true_sh).values())
    fn = sum((true_sh - pred_sh).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()

    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit]
    pages = {k: gzip.decompress((args.data / "html" / f"{k}.html.gz").read_bytes()) for k in keys}

    # warm both up (imports, caches) outside the timings
    trafilatura.extract(pages[keys[0]])
    extract_article(pages[keys[0]], source="warm-up")

    # The second trafilatura row leaves comments out, as factdesk does: it shows how much of
    # the difference is that setting alone.
    names = ("trafilatura", "trafilatura -c", "factdesk")
    scores = {name: [] for name in names}
    times = {name: [] for name in names}
    failures = []
    for key in keys:
        html = pages[key]
        gold = truth[key]["articleBody"]
        started = time.perf_counter()
        peer_text = trafilatura.extract(html)
        times["trafilatura"].append(time.perf_counter() - started)
        started = time.perf_counter()
        peer_no_comments = trafilatura.extract(html, include_comments=False)
        times["trafilatura -c"].append(time.perf_counter() - started)
        started = time.perf_counter()
        try:
            ours = extract_article(html, source=key).text
        except FactdeskError as exc:
            ours = ""
            failures.append(str(exc))
        times["factdesk"].append(time.perf_counter() - started)
        scores["trafilatura"].append(precision_recall(gold, peer_text))
        scores["trafilatura -c"].append(precision_recall(gold, peer_no_comments))
        scores["factdesk"].append(precision_recall(gold, ours))

    print(f"Article Extraction Benchmark: {len(keys)} pages ({args.data})")
    print(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'ms/page':>10}{'median':>8}")
    results = {}
    for name in names:
        precision = statistics.fmean(p for p, _ in scores[name])
        recall = statistics.fmean(r for _, r in scores[name])
        per_page = statistics.fmean(times[name]) * 1000
        results[name] = (f1(precision, recall), per_page)
        print(
            f"{name:14}{precision:7.3f}{recall:7.3f}{f1(precision, recall):7.3f}"
            f"{per_page:10.1f}{statistics.median(times[name]) * 1000:8.1f}"
        )
    f1_ratio = results["factdesk"][0] / results["trafilatura"][0]
    time_ratio = results["factdesk"][1] / results["trafilatura"][1]
    print(f"F1 factdesk/trafilatura: {f1_ratio:.3f} (target >= 1.000)")
    print(f"time factdesk/trafilatura: {time_ratio:.2f}x (target <= 1.30x)")
    plain_f1, plain_time = results["trafilatura -c"]
    print(
        f"beside trafilatura without comments: F1 {results['factdesk'][0] / plain_f1:.3f}, "
        f"time {results['factdesk'][1] / plain_time:.2f}x"
    )
    if failures:
        print(f"{len(failures)} pages gave no text in factdesk:", *failures[:5], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
