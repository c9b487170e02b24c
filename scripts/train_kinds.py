"""Train the claim kind classifier and write resources/kinds/model.npz.

    PYTHONPATH=. python scripts/train_kinds.py [--check]

Reads the hand-labelled sentences of scripts/kinds/labelled.jsonl (see the README there),
computes each one's signs, "verifiable" output (with the shipped check-worthiness
model: retrain this after that one) and encoder vector, and fits a multinomial logistic
model; its predictions obey kinds.allowed_kinds (no quantity without an amount, no cause
from an opinion), in cross-validation as in the app. The
regularisation is chosen by 5-fold cross-validation (folds by id, so the same in every
run) for the best balanced accuracy (the mean over kinds of each kind's recall), which is
also the figure reported (the labelled set is small; there is no other).
--check retrains and compares with the shipped file (exit 1 if it differs).
Deterministic: one BLAS thread, the lbfgs solver, no sampling.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from factdesk.claims import checkworthy as cw  # noqa: E402
from factdesk.claims import kinds  # noqa: E402
from factdesk.model import CLAIM_KINDS  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "scripts" / "kinds" / "labelled.jsonl"
C_CHOICES = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def load_labelled(path: Path = LABELLED) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def verifiable(rows: list[dict]) -> np.ndarray:
    """The shipped check-worthiness model's "verifiable" output for each sentence."""
    return cw.outputs([row["text"] for row in rows])[1]


def fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    # Kinds are weighted alike: the rare ones (laws, causation, prediction) are the ones a
    # checker looks for, and unweighted they were hardly ever given.
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def balanced_accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """The mean over kinds of the share of each kind's sentences given that kind."""
    return float(np.mean([np.mean(predicted[truth == k] == k) for k in np.unique(truth)]))


def laid_out(model: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """The model's weights and bias with one row per kind of CLAIM_KINDS (a kind never
    seen in training gets a row that never wins)."""
    weights = np.zeros((len(CLAIM_KINDS), model.coef_.shape[1]))
    bias = np.full(len(CLAIM_KINDS), -30.0)
    for row, label in enumerate(model.classes_):
        weights[label], bias[label] = model.coef_[row], model.intercept_[row]
    return weights, bias


def predict(model: LogisticRegression, x: np.ndarray) -> np.ndarray:
    """The kinds (indices of CLAIM_KINDS) the app would give: its rules applied."""
    return kinds.probabilities_from(x, *laid_out(model)).argmax(axis=1)


def cross_validated(x: np.ndarray, y: np.ndarray, ids: np.ndarray, c: float) -> np.ndarray:
    """Each sentence's predicted kind from a model fitted on the other folds."""
    predicted = np.zeros_like(y)
    for fold in range(FOLDS):
        held = ids % FOLDS == fold
        predicted[held] = predict(fit(x[~held], y[~held], c), x[held])
    return predicted


def labelled_features(rows: list[dict]) -> np.ndarray:
    return kinds.features([row["text"] for row in rows], verifiable(rows))


def train() -> tuple[dict[str, np.ndarray], float, float]:
    rows = load_labelled()
    x = labelled_features(rows)
    y = np.array([CLAIM_KINDS.index(row["kind"]) for row in rows])
    ids = np.array([row["id"] for row in rows])
    accuracy = {}
    for c in C_CHOICES:
        predicted = cross_validated(x, y, ids, c)
        accuracy[c] = balanced_accuracy(y, predicted)
        print(f"C={c:<5} cross-validated: balanced accuracy {accuracy[c]:.3f}, "
              f"accuracy {np.mean(predicted == y):.3f}")  # fmt: skip
    best = max(C_CHOICES, key=lambda c: (accuracy[c], -c))
    model = fit(x, y, best)
    weights, bias = laid_out(model)
    arrays = {
        "weights": weights,
        "bias": bias,
        "kinds": np.array(CLAIM_KINDS),
        "signs": np.array(kinds.SIGNS),
        "c": np.array(best),  # the regularisation chosen, for bench/bench_checkworthy.py
    }
    return arrays, best, accuracy[best]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "resources" / kinds.WEIGHTS_NAME)
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    arrays, c, accuracy = train()
    if args.check:
        with np.load(io.BytesIO(args.out.read_bytes()), allow_pickle=False) as npz:
            differ = [k for k, v in arrays.items() if k not in npz or not np.array_equal(npz[k], v)]
        print(f"{args.out}: " + (f"differs in {', '.join(differ)}" if differ else "identical"))
        return 1 if differ else 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as file:
        np.savez_compressed(file, **arrays)
    print(f"wrote {args.out} (C={c}, cross-validated balanced accuracy {accuracy:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
