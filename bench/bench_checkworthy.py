"""Check-worthiness: F1 of "Yes" on CheckThat! 2024 dev-test, beside a TF-IDF + logistic
regression reference trained on the same train split in this run; and scoring speed.

    PYTHONPATH=. python bench/bench_checkworthy.py [--data DIR]

The reference is scikit-learn's TfidfVectorizer() + LogisticRegression(class_weight=
"balanced") deciding at probability 0.5 (the usual baseline, about 0.78 here); the same
without class weights is also shown, at 0.5 and at the threshold tuned on dev.
Speed is measured on one core (BLAS threads pinned to 1) over the dev-test sentences
repeated, in batches of 1,000.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import precision_recall_fscore_support  # noqa: E402

from factdesk.claims import checkworthy as cw  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    for candidate in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if (candidate / "checkworthy").is_dir():
            return candidate / "checkworthy"
    return REPO.parent / "shared" / "data" / "checkworthy"


def load_split(folder: Path, split: str) -> tuple[list[str], np.ndarray]:
    rows = [json.loads(line) for line in (folder / f"ct24_english_{split}.normalized.jsonl").open()]
    return [r["text"] for r in rows], np.array([r["label"] == "Yes" for r in rows], dtype=int)


def prf(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    p, r, f, _ = precision_recall_fscore_support(labels, predicted, average="binary")
    return float(f), float(p), float(r)


def bootstrap_interval(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """95% bootstrap interval of F1 (1,000 resamples of the sentences, fixed seed)."""
    rng = np.random.default_rng(0)
    f1s = []
    for _ in range(1000):
        pick = rng.integers(0, len(labels), len(labels))
        y, p = labels[pick], predicted[pick]
        f1s.append(2 * (y & p).sum() / max(y.sum() + p.sum(), 1))
    low, high = np.percentile(f1s, [2.5, 97.5])
    return float(low), float(high)


def dev_tuned_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(scores)
    f1s = [prf(labels, scores >= t)[0] for t in candidates]
    return float(candidates[int(np.argmax(f1s))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    args = parser.parse_args()
    train_x, train_y = load_split(args.data, "train")
    dev_x, dev_y = load_split(args.data, "dev")
    test_x, test_y = load_split(args.data, "dev-test")

    vectoriser = TfidfVectorizer()
    train_matrix = vectoriser.fit_transform(train_x)
    test_matrix = vectoriser.transform(test_x)
    reference = LogisticRegression(max_iter=2000, class_weight="balanced")
    reference.fit(train_matrix, train_y)
    ref_balanced = prf(test_y, reference.predict_proba(test_matrix)[:, 1] >= 0.5)
    unweighted = LogisticRegression(max_iter=2000).fit(train_matrix, train_y)
    ref_dev = unweighted.predict_proba(vectoriser.transform(dev_x))[:, 1]
    ref_test = unweighted.predict_proba(test_matrix)[:, 1]
    ref_default = prf(test_y, ref_test >= 0.5)
    ref_tuned = prf(test_y, ref_test >= dev_tuned_threshold(ref_dev, dev_y))

    ours_dev = prf(dev_y, np.array([r.checkworthy for r in cw.score_sentences(dev_x)]))
    ours_yes = np.array([r.checkworthy for r in cw.score_sentences(test_x)])
    ours = prf(test_y, ours_yes)
    low, high = bootstrap_interval(test_y.astype(bool), ours_yes)

    print(f"Check-worthiness, F1 of Yes on dev-test ({len(test_y)} sentences, {test_y.sum()} Yes)")
    print(
        f"  factdesk model             F1 {ours[0]:.3f}  (P {ours[1]:.3f}, R {ours[2]:.3f})"
        f"  95% bootstrap {low:.3f}-{high:.3f}"
    )
    for name, (f, p, r) in (
        ("TF-IDF+LR balanced @0.5", ref_balanced),
        ("TF-IDF+LR @0.5", ref_default),
        ("TF-IDF+LR @dev-tuned", ref_tuned),
    ):
        print(f"  {name:26s} F1 {f:.3f}  (P {p:.3f}, R {r:.3f})  ratio ours/ref {ours[0] / f:.2f}")
    print(f"  (factdesk on dev: F1 {ours_dev[0]:.3f}, P {ours_dev[1]:.3f}, R {ours_dev[2]:.3f})")

    sentences = test_x * 63  # about 20,000 sentences
    cw.score_sentences(sentences[:1000])  # load the weights, warm caches
    start = time.perf_counter()
    for i in range(0, len(sentences), 1000):
        cw.score_sentences(sentences[i : i + 1000])
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(0, len(sentences), 1000):
        reference.predict_proba(vectoriser.transform(sentences[i : i + 1000]))
    ref_elapsed = time.perf_counter() - start
    print(f"Scoring speed, one core, batches of 1,000 ({len(sentences)} sentences)")
    print(f"  factdesk score_sentences   {len(sentences) / elapsed:,.0f} sentences/s")
    print(
        f"  TF-IDF+LR predict_proba    {len(sentences) / ref_elapsed:,.0f} sentences/s"
        f"  ratio ours/ref {ref_elapsed / elapsed:.2f}"
    )
    published_claims_recall(args.data.parent / "claimreview", vectoriser, reference)


def published_claims_recall(folder: Path, vectoriser, reference) -> None:
    """Out of the debates: claims that fact-checkers did check (the ClaimReview samples,
    news and social media) should all be flagged. Recall of each model on them."""
    import gzip

    from factdesk.report import parse_claimreview

    texts = set()
    for path in sorted(folder.glob("*")):
        if path.name.endswith(".parsed.json") or not path.is_file():
            continue
        data = path.read_bytes()
        text = (gzip.decompress(data) if path.name.endswith(".gz") else data).decode()
        texts |= {c.claim_text for c in parse_claimreview(text, source=str(path))}
    texts = sorted(t for t in texts if t)
    if not texts:
        return
    ours = sum(r.checkworthy for r in cw.score_sentences(texts))
    ref = int((reference.predict_proba(vectoriser.transform(texts))[:, 1] >= 0.5).sum())
    print(f"Published fact-checked claims flagged (recall, {len(texts)} from {folder.name}/)")
    print(f"  factdesk {ours}/{len(texts)}, TF-IDF+LR balanced {ref}/{len(texts)}")


if __name__ == "__main__":
    main()
