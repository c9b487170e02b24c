"""Precision and recall of similar-claim matching on tests/data/paraphrases.jsonl.

Prints, for factdesk.evidence.similar.similarity at SIMILAR_THRESHOLD and at the best
threshold on this set, the precision / recall / F1 of calling a pair "the same claim",
beside a peer measured in the same run: plain word-set Jaccard on lower-cased words
(what FTS ranking alone roughly amounts to). Also the time per comparison.

    PYTHONPATH=. python bench/bench_similar.py
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

from factdesk.evidence.similar import SIMILAR_THRESHOLD, similarity

DATA = Path(__file__).resolve().parent.parent / "tests/data/paraphrases.jsonl"


def jaccard_words(a: str, b: str) -> float:
    """The peer: overlap of lower-cased word sets, no normalisation."""
    words_a = set(re.findall(r"\w+", a.lower()))
    words_b = set(re.findall(r"\w+", b.lower()))
    return len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0


def scores_of(function, rows) -> list[float]:
    return [function(row["a"], row["b"]) for row in rows]


def prf(scores, labels, threshold) -> tuple[float, float, float]:
    tp = sum(s >= threshold and y for s, y in zip(scores, labels, strict=True))
    fp = sum(s >= threshold and not y for s, y in zip(scores, labels, strict=True))
    fn = sum(s < threshold and y for s, y in zip(scores, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(scores, labels) -> tuple[float, tuple[float, float, float]]:
    candidates = sorted(set(scores))
    best = max(candidates, key=lambda t: (prf(scores, labels, t)[2], t))
    return best, prf(scores, labels, best)


def main() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    labels = [bool(row["same"]) for row in rows]
    print(f"{len(rows)} pairs ({sum(labels)} same claim, {len(labels) - sum(labels)} different)")

    started = time.perf_counter()
    ours = scores_of(similarity, rows)
    ours_ms = (time.perf_counter() - started) * 1000 / len(rows)
    started = time.perf_counter()
    peer = scores_of(jaccard_words, rows)
    peer_ms = (time.perf_counter() - started) * 1000 / len(rows)

    p, r, f = prf(ours, labels, SIMILAR_THRESHOLD)
    print(
        f"similarity @ SIMILAR_THRESHOLD={SIMILAR_THRESHOLD:.2f}: P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
    )
    t, (p2, r2, f2) = best_threshold(ours, labels)
    print(f"similarity @ best threshold {t:.3f}:        P {p2:.3f}  R {r2:.3f}  F1 {f2:.3f}")
    tp, (pp, rp, fp) = best_threshold(peer, labels)
    print(f"peer word Jaccard @ its best {tp:.3f}:       P {pp:.3f}  R {rp:.3f}  F1 {fp:.3f}")
    # Two-fold check against tuning on the test data: pick the threshold on one half,
    # measure on the other.
    halves = [list(range(0, len(rows), 2)), list(range(1, len(rows), 2))]
    for tune, test in (halves, halves[::-1]):
        picked, _ = best_threshold([ours[i] for i in tune], [labels[i] for i in tune])
        hp, hr, hf = prf([ours[i] for i in test], [labels[i] for i in test], picked)
        print(
            f"  held-out half (threshold {picked:.3f} from the other half): "
            f"P {hp:.3f}  R {hr:.3f}  F1 {hf:.3f}"
        )
    print(f"F1 ratio (ours at threshold / peer at its best): {f / fp:.2f}")
    print(f"time per pair: ours {ours_ms:.3f} ms (first call, uncached), peer {peer_ms:.3f} ms")

    print("\nmistakes at SIMILAR_THRESHOLD:")
    for row, score, label in zip(rows, ours, labels, strict=True):
        if (score >= SIMILAR_THRESHOLD) != label:
            kind = "missed" if label else "false match"
            print(f"  {kind:11} {score:.2f}  {row['a'][:50]!r} ~ {row['b'][:50]!r}")


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):  # piped into head
        main()
