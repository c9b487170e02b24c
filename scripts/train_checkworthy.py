"""Train the check-worthiness model and write resources/checkworthy/model.npz.

    PYTHONPATH=. python scripts/train_checkworthy.py [--data DIR] [--out FILE]

Fits on ct24_english_train, tunes the decision threshold and the score calibration on
ct24_english_dev, and only reports ct24_english_dev-test (never tunes on it). Uses
scikit-learn and scipy, which the package itself never imports. Deterministic: the
solver is deterministic and there is no sampling.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support

from factdesk.claims import checkworthy as cw

REPO = Path(__file__).resolve().parents[1]
SPLITS = ("train", "dev", "dev-test")
C = 3.0  # inverse regularisation, chosen on dev


def default_data_dir() -> Path:
    for candidate in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if (candidate / "checkworthy").is_dir():
            return candidate / "checkworthy"
    return REPO.parent / "shared" / "data" / "checkworthy"


def load_split(folder: Path, split: str) -> tuple[list[str], np.ndarray]:
    """Texts and 0/1 labels (1 = "Yes", check-worthy) of one split."""
    rows = [json.loads(line) for line in (folder / f"ct24_english_{split}.normalized.jsonl").open()]
    return [r["text"] for r in rows], np.array([r["label"] == "Yes" for r in rows], dtype=int)


def design_matrix(texts: list[str]) -> csr_matrix:
    """The featuriser's blocks as one sparse matrix (duplicates are summed)."""
    n = len(texts)
    blocks = []
    for block, bits in zip(cw.featurise(texts), (cw.WORD_BITS, cw.CHAR_BITS), strict=True):
        values = block.scale[block.rows]
        blocks.append(csr_matrix((values, (block.rows, block.cols)), shape=(n, 1 << bits)))
    return hstack(blocks).tocsr()


def best_threshold(margins: np.ndarray, labels: np.ndarray) -> float:
    """The margin cut that maximises F1 of the Yes class (midway between two scores)."""
    order = np.argsort(-margins)
    sorted_margins, sorted_labels = margins[order], labels[order]
    true_pos = np.cumsum(sorted_labels)
    predicted = np.arange(1, len(labels) + 1)
    f1 = 2 * true_pos / (predicted + labels.sum())
    # Only cut between distinct margins.
    distinct = np.append(sorted_margins[1:] < sorted_margins[:-1], True)
    best = int(np.argmax(np.where(distinct, f1, -1)))
    below = sorted_margins[best + 1] if best + 1 < len(margins) else sorted_margins[best] - 1
    return float((sorted_margins[best] + below) / 2)


def f1_line(name: str, labels: np.ndarray, predicted: np.ndarray) -> str:
    p, r, f, _ = precision_recall_fscore_support(labels, predicted, average="binary")
    return f"{name:9s} F1 {f:.3f}  (P {p:.3f}, R {r:.3f}, n={len(labels)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=REPO / "resources" / cw.WEIGHTS_NAME)
    args = parser.parse_args(argv)

    data = {split: load_split(args.data, split) for split in SPLITS}
    train_x, train_y = data["train"]
    model = LogisticRegression(C=C, max_iter=5000).fit(design_matrix(train_x), train_y)
    n_word = 1 << cw.WORD_BITS
    word_weights = model.coef_[0, :n_word].astype(np.float16)
    char_weights = model.coef_[0, n_word:].astype(np.float16)
    bias = float(model.intercept_[0])

    # Threshold and calibration on dev, with the rounded weights actually shipped.
    def shipped_margins(texts: list[str]) -> np.ndarray:
        m = design_matrix(texts)
        weights = np.concatenate([word_weights, char_weights]).astype(np.float64)
        return m @ weights + bias

    dev_x, dev_y = data["dev"]
    dev_margins = shipped_margins(dev_x)
    threshold = best_threshold(dev_margins, dev_y)
    calibration = LogisticRegression(C=1e6).fit((dev_margins - threshold)[:, None], dev_y)
    slope = float(calibration.coef_[0, 0])

    meta = np.array([cw.FEATURE_VERSION, cw.WORD_BITS, cw.CHAR_BITS, bias, slope, threshold])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as out:
        np.savez_compressed(out, meta=meta, word_weights=word_weights, char_weights=char_weights)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print(f"threshold on margin {threshold:.4f}, calibration slope {slope:.4f}")
    for split in ("dev", "dev-test"):
        texts, labels = data[split]
        print(f1_line(split, labels, shipped_margins(texts) >= threshold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
