"""Page furniture: the lines of a page that are not the article's statements.

Headings ("NISSAN SENTRA", "Battery life"), calls to subscribe or share ("Click here to
subscribe to The Paradigm Newsletter"), related links ("Read more: ...", a list of other
headlines), update stamps and bylines ("UPDATED: Tue., Nov. 19, 2019", "Reporting by
..."), captions and credits ("Main image credit: Getty"), recipe, table and list lines
("- 1 tsp cinnamon", "| 1 | Kyle Busch | 5040 |", "June 10 -- Tampa, FL").

One logistic model reads each line of the article text: the shape of the line (its
length, its end mark, capitals, a bullet, a table's bars, digits), where it stands in the
article (the shape of the lines before and after it), whether it repeats, and hashed
words and word pairs. It is trained by scripts/train_furniture.py on lines of the AEB
pages labelled by hand (tests/claims/data/furniture_aeb_labelled.jsonl) and shipped as
plain numbers in resources/furniture/model.json. Pure functions; the weights are read
once, on first use.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import zlib
from functools import cache

from factdesk import paths

WEIGHTS_NAME = "furniture/model.json"
HASH_BITS = 12
FEATURE_VERSION = 1
# Lines longer than this are paragraphs: never furniture (the model is not asked).
LONG_LINE = 400

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")
_END_MARK = re.compile(r"[.!?…。！？]['\"”’»)\]]*\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")
_LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w|(?<!\w)@\w")
_TAG = re.compile(r"\[[A-Z ]{3,}\]\s*\|?\s*$")
_DIGIT = re.compile(r"\d")
# Words of a clause ("is", "was", "the"): a line with none is rarely a sentence.
_CLAUSE_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "that",
        "this",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "its",
        "not",
    ]
)

DENSE_FEATURES = (
    "bias",
    "log_words",
    "log_chars",
    "end_mark",
    "ends_colon",
    "ends_question",
    "bullet",
    "bars",
    "capitalised_share",
    "upper_share",
    "digit_share",
    "link",
    "tag",
    "clause_words",
    "no_clause_word",
    "repeated",
    "next_is_sentence",
    "previous_is_sentence",
    "short",
    "one_word",
    "starts_lower",
    "dash_pair",
)


def line_features(lines: list[str], index: int, counts: dict[str, int]) -> dict[int, float]:
    """The sparse feature vector of lines[index] (dense features first, then hashed
    words), as {column: value}."""
    line = lines[index].strip()
    words = _WORD.findall(line)
    lowered = [w.lower() for w in words]
    letters = [w for w in words if not w.isdigit()]
    n = max(len(words), 1)
    clause = sum(1 for w in lowered if w in _CLAUSE_WORDS)
    following = _neighbour(lines, index, 1)
    preceding = _neighbour(lines, index, -1)
    dense = {
        "bias": 1.0,
        "log_words": math.log1p(len(words)),
        "log_chars": math.log1p(len(line)),
        "end_mark": float(bool(_END_MARK.search(line))),
        "ends_colon": float(line.endswith(":")),
        "ends_question": float(line.rstrip("\"”’' ").endswith("?")),
        "bullet": float(bool(_BULLET.match(lines[index]))),
        "bars": float(line.count("|") >= 2),
        "capitalised_share": sum(1 for w in letters if w[:1].isupper()) / max(len(letters), 1),
        "upper_share": sum(1 for w in letters if len(w) > 1 and w.isupper()) / max(len(letters), 1),
        "digit_share": len(_DIGIT.findall(line)) / max(len(line), 1),
        # (each of _LINK's forms has "@", "http" or "www.": most lines are not searched)
        "link": float(
            ("@" in line or "http" in line or "www." in line) and bool(_LINK.search(line))
        ),
        "tag": float(bool(_TAG.search(line))),
        "clause_words": clause / n,
        "no_clause_word": float(clause == 0),
        "repeated": float(counts.get(line, 0) > 1),
        "next_is_sentence": float(bool(following and _END_MARK.search(following))),
        "previous_is_sentence": float(bool(preceding and _END_MARK.search(preceding))),
        "short": float(len(words) <= 6),
        "one_word": float(len(words) <= 2),
        "starts_lower": float(line[:1].islower()),
        "dash_pair": float(" -- " in line or " – " in line[:40]),
    }
    features = {i: dense[name] for i, name in enumerate(DENSE_FEATURES)}
    offset = len(DENSE_FEATURES)
    size = 1 << HASH_BITS
    grams = lowered[:12] + [f"{a} {b}" for a, b in itertools.pairwise(lowered[:7])]
    if lowered:
        grams.append(f"^{lowered[0]}")
        grams.append(f"{lowered[-1]}$")
    for gram in grams:
        column = offset + zlib.crc32(gram.encode("utf-8")) % size
        features[column] = features.get(column, 0.0) + 1.0
    return features


def _neighbour(lines: list[str], index: int, step: int) -> str:
    at = index + step
    while 0 <= at < len(lines):
        if lines[at].strip():
            return lines[at].strip()
        at += step
    return ""


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """The spans (start, end) of the lines of `text` that are page furniture."""
    model = _model()
    weights, threshold = model["weights"], model["threshold"]
    lines = text.split("\n")
    counts: dict[str, int] = {}
    for line in lines:
        stripped = line.strip()
        counts[stripped] = counts.get(stripped, 0) + 1
    spans = []
    at = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and len(stripped) <= LONG_LINE:
            features = line_features(lines, index, counts)
            logit = sum(weights.get(column, 0.0) * value for column, value in features.items())
            if logit > threshold:
                spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


@cache
def _model() -> dict:
    """The weights, read once (two threads reading at once both get the same numbers)."""
    resource = paths.resource(WEIGHTS_NAME)
    data = json.loads(resource.read_text(encoding="utf-8"))
    if data.get("feature_version") != FEATURE_VERSION or data.get("hash_bits") != HASH_BITS:
        raise ValueError(f"{resource}: furniture weights are for other features; retrain them")
    weights = {int(column): float(w) for column, w in data["weights"].items()}
    return {"weights": weights, "threshold": float(data["threshold"])}
