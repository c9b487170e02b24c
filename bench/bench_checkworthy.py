"""Check-worthiness and claim kinds, the shipped model (hashed n-grams + the sentence
encoder) beside today's (the hashed n-grams alone, read from git at REFERENCE) in the same
run.

    PYTHONPATH=. python bench/bench_checkworthy.py [--data DIR] [--reference REV] [--reproduce]

1. F1 (at the shipped threshold) and ROC AUC on the held-out slices of each genre, cut by
   document or date as scripts/train_checkworthy.py cuts them (debates: CT24 dev-test).
   Debates F1 with a 95% bootstrap interval. Also the speeches' train slice (the older
   documents): neither model fits on any speech (SOURCE_WEIGHTS, TUNED_ON), so it is held
   out from both, and has four times the test slice's positives.
2. The sample article: its 13 headline claims ranked above its 5 obvious non-claims
   (pairwise AUC over the 65 pairs; bench/data/sample_claims.json says which and why).
3. Claim kinds on the hand-labelled sentences (scripts/kinds/): accuracy of the shipped
   classifier by 5-fold cross-validation (it is trained on them), beside today's rules.
4. Scoring speed on one core (BLAS threads pinned to 1), batches of 1,000; and the time
   to import one typical article (extraction + splitting + attribution + scoring of the
   AEB pages with 45-65 claims), and the encoder's first load.
5. With --reproduce: retrain both models from the data and check that every array equals
   the shipped files (several minutes).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gzip  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import precision_recall_fscore_support, roc_auc_score  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import train_checkworthy  # noqa: E402
import train_kinds  # noqa: E402

from factdesk.claims import checkworthy as cw  # noqa: E402
from factdesk.claims import split_claims  # noqa: E402
from factdesk.claims.kinds import claim_kinds  # noqa: E402
from factdesk.ingest.sources import article_from_text  # noqa: E402
from factdesk.model import CLAIM_KINDS  # noqa: E402

# Today's model: the hashed n-grams with per-genre weights, before the encoder (issue 24).
REFERENCE = "38bafa9"
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"


def reference_module(rev: str):
    """factdesk.claims.checkworthy as it was at `rev`, with its weights."""
    folder = Path(tempfile.mkdtemp(prefix="factdesk-reference-"))
    for name in ("factdesk/claims/checkworthy.py", "resources/checkworthy/model.npz"):
        data = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{rev}:{name}"], capture_output=True, check=True
        ).stdout
        (folder / Path(name).name).write_bytes(data)
    path = folder / "checkworthy.py"
    spec = importlib.util.spec_from_file_location("reference_checkworthy", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    module._model = module.load_weights(folder / "model.npz")
    return module


def f1_and_auc(labels: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    _, _, f1, _ = precision_recall_fscore_support(
        labels, scores >= 0.5, average="binary", zero_division=0
    )
    return float(f1), float(roc_auc_score(labels, scores))


def bootstrap_f1(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """95% bootstrap interval of F1 (1,000 resamples of the sentences, fixed seed)."""
    rng = np.random.default_rng(0)
    f1s = []
    for _ in range(1000):
        pick = rng.integers(0, len(labels), len(labels))
        y, p = labels[pick], predicted[pick]
        f1s.append(2 * (y & p).sum() / max(y.sum() + p.sum(), 1))
    low, high = np.percentile(f1s, [2.5, 97.5])
    return float(low), float(high)


def _auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC by ranks (ties count half), fast enough to bootstrap."""
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    # average ranks of ties
    starts = np.flatnonzero(np.r_[True, sorted_scores[1:] != sorted_scores[:-1]])
    ends = np.r_[starts[1:], len(scores)]
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + end + 1) / 2
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def paired_bootstrap(
    labels: np.ndarray, ours: np.ndarray, today: np.ndarray, rounds: int = 1000
) -> tuple[tuple[float, float], tuple[float, float]]:
    """95% intervals of (ours - today) in F1 at 0.5 and in ROC AUC, both models scored on
    the same resampled sentences (1,000 resamples, fixed seed)."""
    rng = np.random.default_rng(0)
    f1_gaps, auc_gaps = [], []
    for _ in range(rounds):
        pick = rng.integers(0, len(labels), len(labels))
        y = labels[pick]
        if y.all() or not y.any():
            continue
        gap = [2 * (y & (s[pick] >= 0.5)).sum() / max(y.sum() + (s[pick] >= 0.5).sum(), 1)
               for s in (ours, today)]  # fmt: skip
        f1_gaps.append(gap[0] - gap[1])
        auc_gaps.append(_auc(y, ours[pick]) - _auc(y, today[pick]))
    f1_low, f1_high = np.percentile(f1_gaps, [2.5, 97.5])
    auc_low, auc_high = np.percentile(auc_gaps, [2.5, 97.5])
    return (float(f1_low), float(f1_high)), (float(auc_low), float(auc_high))


# (source, slice) measured in section 1: each genre's test slice, and the speeches' train
# slice, which neither model was fitted or tuned on (speeches weigh 0 in training and no
# genre is tuned on them): 215 positives where the test slice has 55.
SLICES_MEASURED = (
    ("debates", "test"),
    ("tweets", "test"),
    ("speeches", "test"),
    ("news", "test"),
    ("speeches", "train"),
)


def held_out(data: Path, reference) -> None:
    sentences = train_checkworthy.load_sentences(data)
    print("1. Held-out slices (by document or date): F1 at the threshold, ROC AUC; the gap")
    print("   shipped - today with its 95% paired bootstrap interval (sentences resampled)")
    print(f"   {'genre':9s} {'n (pos)':>12s}   {'shipped F1':>10s} {'AUC':>6s}   "
          f"{'today F1':>8s} {'AUC':>6s}   {'F1 gap (95%)':>22s}  "
          f"{'AUC gap (95%)':>22s}")  # fmt: skip
    for source, part in SLICES_MEASURED:
        test = [s for s in sentences if s.source == source and s.slice == part]
        test = [s for s in test if s.task == "worth"]
        texts, genres = [s.text for s in test], [s.genre for s in test]
        labels = np.array([s.label for s in test])
        ours = np.array([r.score for r in cw.score_sentences(texts, genres)])
        today = np.array([r.score for r in reference.score_sentences(texts, genres)])
        f, auc = f1_and_auc(labels, ours)
        rf, rauc = f1_and_auc(labels, today)
        (fl, fh), (al, ah) = paired_bootstrap(labels.astype(bool), ours, today)
        name = source if part == "test" else f"{source}*"
        print(f"   {name:9s} {len(labels):>6d} ({labels.sum():>3d})   {f:10.3f} {auc:6.3f}   "
              f"{rf:8.3f} {rauc:6.3f}   {f - rf:+.3f} ({fl:+.3f}, {fh:+.3f})  "
              f"{auc - rauc:+.3f} ({al:+.3f}, {ah:+.3f})")  # fmt: skip
        if source == "debates":
            low, high = bootstrap_f1(labels.astype(bool), ours >= 0.5)
            debates = (f, low, high, rf)
    f, low, high, rf = debates
    print(f"   CT24 dev-test F1 {f:.3f} (95% bootstrap {low:.3f}-{high:.3f}); today {rf:.3f}")
    print("   speeches*: the train slice of the speeches (older documents), which no model fits on")


def pairwise_auc(positives: list[float], negatives: list[float]) -> float:
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    return float(np.mean(pairs))


def sample_article(reference) -> None:
    chosen = json.loads((REPO / "bench" / "data" / "sample_claims.json").read_text())
    article = article_from_text(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE))
    claims = {claim.text: claim for claim in split_claims(article)}
    missing = [t for t in chosen["claims"] + chosen["non_claims"] if t not in claims]
    if missing:
        raise SystemExit(f"sample_claims.json: not claims of the sample any more: {missing}")
    ours = {t: claims[t].score for t in claims}
    texts = chosen["claims"] + chosen["non_claims"]
    old = {c.text: c.score for c in split_claims(article, score=reference.score_sentences)}
    today = {t: old[t] for t in texts}
    print("2. Sample article: 13 headline claims ranked above 5 obvious non-claims")
    for name, scores in (("shipped", ours), ("today", today)):
        auc = pairwise_auc([scores[t] for t in chosen["claims"]],
                           [scores[t] for t in chosen["non_claims"]])  # fmt: skip
        flagged = sum(scores[t] >= 0.5 for t in chosen["claims"])
        false = sum(scores[t] >= 0.5 for t in chosen["non_claims"])
        print(f"   {name:8s} pairwise AUC {auc:.3f}; flagged {flagged}/13 claims, "
              f"{false}/5 non-claims")  # fmt: skip
    rng, gaps = np.random.default_rng(0), []
    for _ in range(1000):  # claims and non-claims resampled, both models on the same picks
        pos = rng.choice(chosen["claims"], len(chosen["claims"]))
        neg = rng.choice(chosen["non_claims"], len(chosen["non_claims"]))
        gaps.append(pairwise_auc([ours[t] for t in pos], [ours[t] for t in neg])
                    - pairwise_auc([today[t] for t in pos], [today[t] for t in neg]))  # fmt: skip
    low, high = np.percentile(gaps, [2.5, 97.5])
    print(f"   gap shipped - today, 95% bootstrap interval: {low:+.3f} to {high:+.3f}")
    tory = claims["Chief Rabbi Mirvis is a Tory activist"]
    print(f"   'Chief Rabbi Mirvis is a Tory activist': {tory.score:.2f} "
          f"({'flagged' if tory.checkworthy else 'not flagged'}), {tory.speaker}, "
          f"{tory.speaker_handle}, {tory.said_on}, {tory.kind}")  # fmt: skip


def kinds(reference) -> None:
    rows = train_kinds.load_labelled()
    texts = [row["text"] for row in rows]
    truth = np.array([CLAIM_KINDS.index(row["kind"]) for row in rows])
    verifiable = train_kinds.verifiable(rows)
    x = train_kinds.kinds.features(texts, verifiable)
    shipped = np.load(REPO / "resources" / "kinds" / "model.npz")
    c = float(shipped["c"]) if "c" in shipped else max(train_kinds.C_CHOICES)
    cross = train_kinds.cross_validated(x, truth, np.array([row["id"] for row in rows]), c)
    fitted = np.array([CLAIM_KINDS.index(k) for k in claim_kinds(texts, verifiable)])
    majority = np.bincount(truth).max() / len(truth)
    agreement = np.mean([row["first_pass"] == row.get("blind", row["kind"]) for row in rows])
    print(f"3. Claim kinds on {len(rows)} hand-labelled sentences "
          f"(the two passes agree on {agreement:.1%})")  # fmt: skip
    balanced = train_kinds.balanced_accuracy
    print(f"   shipped classifier, 5-fold cross-validated: accuracy {np.mean(cross == truth):.3f},"
          f" balanced (mean recall of the 7 kinds) {balanced(truth, cross):.3f}; on its own"
          f" training sentences {np.mean(fitted == truth):.3f}")  # fmt: skip
    print(f"   always 'other': accuracy {majority:.3f} (the kinds do not read the encoder: "
          "today's figures are these)")  # fmt: skip


def speed(reference) -> None:
    data = train_checkworthy.default_data_dir() / "checkworthy"
    rows = [json.loads(line) for line in (data / "ct24_english_dev.normalized.jsonl").open()]
    rows += [json.loads(line) for line in (data / "ct24_english_dev-test.normalized.jsonl").open()]
    # Distinct sentences (the encoder remembers texts it saw: a repeat would cost nothing),
    # about 1,350: the encoder runs hundreds a second.
    sentences = list(dict.fromkeys(r["text"] for r in rows))
    genres = [cw.GENRES[i % 3] for i in range(len(sentences))]
    cw.score_sentences(sentences[:50], genres[:50])  # loads both models
    reference.score_sentences(sentences[:50])
    from factdesk.claims import encoder

    def shipped(i: int) -> object:
        # The encoder remembers the texts it saw last (claims/encoder.py); the sentences
        # repeat here, so its memory is emptied: every batch pays for its vectors.
        encoder._cache.clear()
        return cw.score_sentences(sentences[i : i + 1000], genres[i : i + 1000])

    timings = {}
    for name, run in (
        ("shipped", shipped),
        (
            "today",
            lambda i: reference.score_sentences(sentences[i : i + 1000], genres[i : i + 1000]),
        ),
    ):
        start = time.process_time()  # CPU time: the machine is shared (see import_time)
        for i in range(0, len(sentences), 1000):
            run(i)
        timings[name] = time.process_time() - start
    ours, today = (len(sentences) / timings[k] for k in ("shipped", "today"))
    print(f"4. Scoring speed, per CPU-second (one thread), batches of 1,000 "
          f"({len(sentences):,} sentences, kinds included)")  # fmt: skip
    print(f"   shipped {ours:,.0f} sentences/s; today {today:,.0f}; ratio {ours / today:.2f}")


def import_time(reference) -> None:
    """One typical article imported: extraction, splitting, attribution and scoring, in
    CPU time of this process (every part runs on one thread): on a machine shared by
    several sessions wall time says more about the others than about the import."""
    from factdesk.claims import encoder
    from factdesk.ingest.extract import extract_article

    encoder._encoder = None  # the first load, as the app's first import pays it
    start = time.process_time()
    encoder.embed(["Crime fell by 12% last year."])
    load = time.process_time() - start
    folder = train_checkworthy.default_data_dir() / "aeb" / "html"
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(folder.glob("*.html.gz"))]

    def count(html: bytes) -> int:  # claims of a page, scored by the cheap model
        return len(
            split_claims(extract_article(html, source="page.html"), score=reference.score_sentences)
        )

    typical = [html for html in pages if 45 <= count(html) <= 65]
    timings: dict[str, list[float]] = {"shipped": [], "today": []}
    for _ in range(2):  # best of 2 per page
        for name, score in (("shipped", None), ("today", reference.score_sentences)):
            for i, html in enumerate(typical):
                encoder._cache.clear()  # each page pays for its vectors, as a new one does
                start = time.process_time()
                split_claims(extract_article(html, source="page.html"), score=score)
                took = time.process_time() - start
                if len(timings[name]) <= i:
                    timings[name].append(took)
                timings[name][i] = min(timings[name][i], took)
    ours, today = (np.median(timings[k]) * 1000 for k in ("shipped", "today"))
    worst = max(timings["shipped"]) * 1000
    print(f"   one typical article ({len(typical)} AEB pages with 45-65 claims), extraction "
          f"included, CPU time: median {ours:.0f} ms (worst {worst:.0f} ms); today {today:.0f} ms; "
          f"ratio {ours / today:.2f} (target <= 300 ms)")  # fmt: skip
    print(f"   the encoder's first load: {load * 1000:.0f} ms (once per process)")


def reproduce(data: Path) -> None:
    print("5. Retraining from the data files and comparing with the shipped weights")
    arrays, _ = train_checkworthy.train(data)
    same = train_checkworthy.check(arrays, REPO / "resources" / cw.WEIGHTS_NAME) == 0
    kind_arrays, _, _ = train_kinds.train()
    with np.load(REPO / "resources" / "kinds" / "model.npz") as npz:
        same_kinds = all(np.array_equal(npz[k], v) for k, v in kind_arrays.items())
    print(
        f"   check-worthiness: {'identical' if same else 'DIFFERS'}; "
        f"kinds: {'identical' if same_kinds else 'DIFFERS'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=train_checkworthy.default_data_dir())
    parser.add_argument("--reference", default=REFERENCE, help="git revision of today's model")
    parser.add_argument("--reproduce", action="store_true")
    args = parser.parse_args()
    reference = reference_module(args.reference)
    held_out(args.data, reference)
    sample_article(reference)
    kinds(reference)
    speed(reference)
    import_time(reference)
    if args.reproduce:
        reproduce(args.data)


if __name__ == "__main__":
    main()
