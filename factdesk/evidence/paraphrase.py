"""Paraphrase matching: the sentence encoder's closeness, vetoed where claims disagree.

    same_claim(a, b, cosine)  # in [0, 1]; at least PARAPHRASE_THRESHOLD: the same claim

The encoder (claims/encoder.py) finds a claim however it is worded ("Tory activist" /
"Conservative Party activist": synonyms are the model's job, not a word list's), but it
scores a claim and its opposite as alike: they share every word but one. So its cosine
is multiplied down by the checks a fact-checker would make, read on both claims with
their attributions stripped (claims/paraphrase.py):

- polarity: a negation ("not", "never", "no", "nothing", "cannot") on one side only, or
  opposite directions ("rose" / "fell", "more" / "fewer": similar.py's list);
- figures: a number or date on one side replaced by another on the other side;
- subjects: the named things (capitalised words inside a sentence) of the two claims
  share none, each side naming something the other does not.

The lexical score (similar.py) is kept beside it: a pair that shares its wording is the
same claim even when the encoder is unsure. Tuned on the even-numbered anchors of
tests/data/claim_pairs.jsonl; bench/bench_claim_pairs.py reports the odd-numbered ones.
Pure functions, no I/O and no numpy: the caller brings the cosine.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from factdesk.evidence.similar import (
    _MONTHS,
    _OPPOSITE_STEMS,
    _QUOTES,
    NEGATIONS,
    _names,
    _tokens,
    similarity,
)

PARAPHRASE_THRESHOLD = 0.69
# What each disagreement multiplies the score by, and the lexical score's share of the
# mix: the best F1 on the tuning half of the pairs (a grid of 875 settings).
FACTORS = {"polarity": 0.5, "figures": 0.6, "subject": 0.9}
LEXICAL_WEIGHT = 0.2

# Words that say something is not so; "refuses to" and "has yet to" deny as "not" does.
_NEGATION_WORDS = NEGATIONS | {"cannot", "nowhere", "without", "yet", "refuses", "refused",
                               "denies", "denied", "failed", "fails"}  # fmt: skip
_NEGATION = re.compile(r"n't\b|\brather than\b")
# Negations that bound a figure rather than deny: "no less than £4m" is "at least".
_NOT_DENIALS = re.compile(r"\b(?:no|not)\s+(?:less|fewer|more|later|earlier)\s+than\b|\bnot only\b")
_WORDS = re.compile(r"[^\W\d_]+")
# "three and a half million" and "a billion and a half" as figures, like "$3.5 million".
_AND_A_HALF = re.compile(r"\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)"
                         r"(?: and a half ([a-z]+)| ([a-z]+) and a half)\b",
                         re.IGNORECASE)  # fmt: skip
_LONE_SCALE = re.compile(r"\ba (hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()


def _figures_spelled(text: str) -> str:
    """The text with "X and a half million" as "X.5 million" (the text itself, most often:
    then its tokens are the ones the lexical score already read, from their cache)."""
    if "half" not in text and not _LONE_SCALE.search(text):
        return text

    def half(match: re.Match) -> str:
        number = _SMALL.get(match[1].casefold()) or int(match[1])
        return f"{number}.5 {match[2] or match[3]}"

    return _LONE_SCALE.sub(r"1 \1", _AND_A_HALF.sub(half, text))


@lru_cache(maxsize=32768)  # (a look-up reads its claim against each of 20 candidates)
def negated(text: str) -> bool:
    """Whether the claim says something is not so (a negation word anywhere in it)."""
    text = _NOT_DENIALS.sub(" ", _plain(text))
    return bool(_NEGATION.search(text)) or any(w in _NEGATION_WORDS for w in _WORDS.findall(text))


def disagreements(a: str, b: str) -> list[str]:
    """What makes two claims (attributions stripped) different claims, however close their
    wording: "polarity", "figures", "subject"."""
    found = []
    tokens_a, tokens_b = _token_set(a), _token_set(b)
    # A direction word on one side only, against the other side's own ("lost more than
    # 40,000" / "fewer than 40,000 died": more against fewer; "lost" and "died" agree).
    only_a, only_b = tokens_a - tokens_b, tokens_b - tokens_a
    opposite = any(
        bool(only_a & up and only_b & down) != bool(only_a & down and only_b & up)
        for up, down in _OPPOSITE_STEMS
    )
    if opposite != (negated(a) != negated(b)):  # one flip, not two ("not up" = "down")
        found.append("polarity")
    figures_a = {t for t in tokens_a if t[0].isdigit() or t in _MONTHS}
    figures_b = {t for t in tokens_b if t[0].isdigit() or t in _MONTHS}
    if figures_a - figures_b and figures_b - figures_a:
        found.append("figures")
    # Each side names something, and neither names what the other says at all.
    names_a, names_b = _names(a), _names(b)
    if names_a and names_b and not (names_a & tokens_b or names_b & tokens_a):
        found.append("subject")
    return found


@lru_cache(maxsize=32768)
def _token_set(text: str) -> frozenset[str]:
    return frozenset(_tokens(_figures_spelled(text)))


def best_possible(cosine: float) -> float:
    """The highest `same_claim` score a pair with this cosine can reach (lexical score 1,
    nothing disagreeing): candidates below the threshold need no scoring."""
    return (1 - LEXICAL_WEIGHT) * max(0.0, cosine) + LEXICAL_WEIGHT


def same_claim(a: str, b: str, cosine: float) -> float:
    """How surely `a` and `b` (attributions stripped) make the same claim, in [0, 1], given
    the cosine of their encoder vectors. At least PARAPHRASE_THRESHOLD: the same claim;
    below it, a pair that cannot reach it is given a bound rather than its exact score."""
    factor = 1.0
    for found in disagreements(a, b):
        factor *= FACTORS[found]
    if best_possible(cosine) * factor < PARAPHRASE_THRESHOLD:
        return best_possible(cosine) * factor * 0.99  # (the lexical score, slow, is spared)
    score = (1 - LEXICAL_WEIGHT) * max(0.0, cosine) + LEXICAL_WEIGHT * similarity(a, b)
    return min(1.0, score * factor)
