"""Train the page-furniture model (factdesk.claims.furniture) on the labelled AEB lines.

    PYTHONPATH=. python scripts/train_furniture.py [--aeb ../shared/data/aeb] [--write]

Labels: tests/claims/data/furniture_aeb_labelled.jsonl, one row per line of an AEB page's
article text (as factdesk's extraction gives it) that could give a claim: furniture or
not; each row keeps a hash of the whole line and, when it was read by hand, its first 60
characters (the pages themselves stay in ../shared/data). How they were made ("how"):
lines outside the AEB ground truth's article body, and lines inside it with no end mark
(headings, lists, tables), were each read and labelled by hand; the other lines ("body
sentence") are content, but for calls to act among them found by keyword and lines that
end in ")" or ":", read and relabelled ("hand: inside body").

Held out: the pages whose id starts with a byte divisible by 4 (about a quarter of the
pages) are never trained on when the figure is measured; the shipped weights are then
fitted on every page (--write).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from factdesk.claims.furniture import (  # noqa: E402
    DENSE_FEATURES,
    FEATURE_VERSION,
    HASH_BITS,
    WEIGHTS_NAME,
    line_features,
)
from factdesk.ingest.extract import extract_article  # noqa: E402

LABELS = ROOT / "tests" / "claims" / "data" / "furniture_aeb_labelled.jsonl"
C = 3.0


def line_sha1(line: str) -> str:
    """The label's check that it names the same line (the labels keep only its start)."""
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:16]


def held_out(page: str) -> bool:
    return int(page[:2], 16) % 4 == 0


def page_lines(aeb: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted((aeb / "html").glob("*.html.gz")):
        article = extract_article(gzip.decompress(path.read_bytes()), source=path.name)
        found[path.name[:16]] = article.text.split("\n")
    return found


def featurise(rows: list[dict], lines_of: dict[str, list[str]]):
    import numpy as np
    from scipy.sparse import csr_matrix

    counts_of = {}
    data, indices, indptr = [], [], [0]
    for row in rows:
        lines = lines_of[row["page"]]
        if row["page"] not in counts_of:
            counts: dict[str, int] = {}
            for line in lines:
                counts[line.strip()] = counts.get(line.strip(), 0) + 1
            counts_of[row["page"]] = counts
        assert line_sha1(lines[row["line_no"]]) == row["sha1"], (row["page"], row["line_no"])
        features = line_features(lines, row["line_no"], counts_of[row["page"]])
        for column, value in sorted(features.items()):
            indices.append(column)
            data.append(value)
        indptr.append(len(indices))
    width = len(DENSE_FEATURES) + (1 << HASH_BITS)
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), width))
    return matrix, np.array([row["furniture"] for row in rows], dtype=int)


def fit(x, y):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)
    return model.fit(x, y)


def precision_recall(model, x, y) -> tuple[float, float, int]:
    predicted = model.decision_function(x) > 0
    true_positive = int((predicted & (y == 1)).sum())
    return (
        true_positive / max(int(predicted.sum()), 1),
        true_positive / max(int(y.sum()), 1),
        int(y.sum()),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb", type=Path, default=Path("/work/shared/data/aeb"))
    parser.add_argument("--write", action="store_true", help="write the shipped weights")
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    lines_of = page_lines(args.aeb)
    train = [r for r in rows if not held_out(r["page"])]
    test = [r for r in rows if held_out(r["page"])]
    x_train, y_train = featurise(train, lines_of)
    x_test, y_test = featurise(test, lines_of)
    model = fit(x_train, y_train)
    p, r, n = precision_recall(model, x_test, y_test)
    pages = len({row["page"] for row in test})
    print(f"held out: {len(test)} lines of {pages} pages ({n} furniture): "
          f"precision {p:.3f}, recall {r:.3f}")  # fmt: skip
    p, r, n = precision_recall(model, x_train, y_train)
    print(f"trained on: {len(train)} lines ({n} furniture): precision {p:.3f}, recall {r:.3f}")
    if args.write:
        x_all, y_all = featurise(rows, lines_of)
        model = fit(x_all, y_all)
        weights = {str(column): round(float(w), 5) for column, w in enumerate(model.coef_[0]) if w}
        out = ROOT / "resources" / WEIGHTS_NAME
        out.parent.mkdir(parents=True, exist_ok=True)
        shipped = {"feature_version": FEATURE_VERSION, "hash_bits": HASH_BITS}
        shipped |= {"threshold": 0.0, "weights": weights}
        out.write_text(json.dumps(shipped) + "\n", encoding="utf-8")
        print(f"wrote {out} ({len(weights)} weights, fitted on all {len(rows)} lines)")


if __name__ == "__main__":
    main()
