"""Recognising a claim seen before: text normalisation, an FTS5 query, and a similarity score.

The database finds candidates with FTS5 (`fts_query` builds the MATCH expression);
`similarity` then re-ranks them, and pairs scoring at least SIMILAR_THRESHOLD are shown
as "seen before". Pure functions, no I/O.

The score mixes weighted token overlap (Jaccard and containment, so a claim quoted
inside a longer post still matches) with character trigram cosine (so "anti-Semitism"
meets "antisemitism"), then discounts pairs that disagree where a fact-checker would
care: different numbers, a negation on one side only, or opposite directions
("rose" / "fell").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TypeVar

import snowballstemmer

K = TypeVar("K")

# Tuned on tests/data/paraphrases.jsonl with bench/bench_similar.py.
SIMILAR_THRESHOLD = 0.6

_STEMMER = snowballstemmer.stemmer("english")

STOP_WORDS = frozenset(
    """
    a about after again all am an and any are as at be because been before being between both
    but by can could did do does doing during each for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me my myself now of
    on once only or other our ours ourselves own same she should so some such than that the
    their theirs them themselves then there these they this those through to too until very was
    we were what when where which while who whom why will with would you your yours yourself
    yourselves also says said say according claims claim claimed breaking fact via actually
    really still even let lets us rt amp
    """.split()  # noqa: SIM905
)
# Kept on purpose although they look like stop words: they flip a claim's meaning.
NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nobody", "nothing", "neither"})

# A few equivalences common in (British) political claims.
_SYNONYMS = {
    "tory": "conservative",
    "tories": "conservative",
    "conservatives": "conservative",
    "pm": "prime minister",
    "britain": "uk",
    "british": "uk",
    "pct": "percent",
    "foetal": "fetal",
    "labor": "labour",
}
_PHRASES = [
    (re.compile(r"\bper\s*cent\b"), " percent "),
    (re.compile(r"%"), " percent "),
    (re.compile(r"\bunited\s+kingdom\b"), " uk "),
    (re.compile(r"\bu\.\s?k\.?(?=\W|$)"), " uk "),
    (re.compile(r"\bu\.\s?s\.?(?=\W|$)"), " us "),
    (re.compile(r"\bno\.\s*(?=\d)"), " number "),
]

# Opposite directions: a claim and its reversal share nearly every other word.
_OPPOSITES = [
    ({"rise", "rose", "risen", "rising", "increase", "up", "grow", "grew", "higher", "highest",
      "more", "gain", "doubl", "hire", "hired", "extend"},
     {"fall", "fell", "fallen", "falling", "decrease", "down", "shrink", "shrank", "lower",
      "lowest", "less", "fewer", "lose", "lost", "halv", "cut", "fire", "fired", "reduc"}),
    ({"ban", "banned", "forbid"}, {"allow", "allowed", "permit", "switch"}),
    ({"true", "real", "genuin"}, {"fals", "fake", "hoax"}),
    ({"win", "won"}, {"lose", "lost"}),
    ({"admir"}, {"despic"}),
]  # fmt: skip

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
}
_NUMBER_WORDS = set(_UNITS) | {"hundred", "thousand", "million", "billion", "trillion"}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                         "\u2013": "-", "\u2014": " ", "\u2212": "-", "\u00a0": " "})  # fmt: skip
_HASHTAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_MULTIPLIER = re.compile(r"\b(\d+(?:\.\d+)?)\s*(" + "|".join(_SCALES) + r")\b")
_CONTRACTIONS = [
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'(?:s|re|ve|ll|d|m)\b"), ""),
]
_HYPHENATED = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9#@])")
_FTS_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
_MAX_FTS_TERMS = 16


def normalise(text: str) -> str:
    """`text` as space-separated canonical tokens: lower case, no punctuation or quotes,
    numbers as digits ("five hundred thousand", "500,000" and "500k" all become 500000),
    stop words dropped (negations kept), words stemmed. Equal output = same wording."""
    return " ".join(_tokens(text))


def similarity(a: str, b: str, *, idf: Mapping[str, float] | None = None) -> float:
    """How likely `a` and `b` make the same claim, in [0, 1] (1 for the same wording).

    `idf` optionally weights normalised tokens by rarity (e.g. log(N / df) from the
    database); without it, names (capitalised words inside a sentence) count 2,
    numbers 1.5 and every other token 1. When either text has several sentences (a post
    that makes the claim and then comments on it), the score is that of the best-matching
    pair of sentences: a reversal in one sentence must not hide behind the others.
    """
    return _best_score(a, b, idf, floor=0.0)


def _best_score(a: str, b: str, idf: Mapping[str, float] | None, *, floor: float) -> float:
    # A text with no sentence of two salient words or more is compared as a whole.
    sentences_a, sentences_b = _sentences(a) or (a,), _sentences(b) or (b,)
    if len(sentences_a) > 1 or len(sentences_b) > 1:
        return max(
            _score(part_a, part_b, idf, floor) for part_a in sentences_a for part_b in sentences_b
        )
    return _score(a, b, idf, floor)


def _score(a: str, b: str, idf: Mapping[str, float] | None, floor: float = 0.0) -> float:
    """The similarity of two sentences; 0.0 as soon as it is sure to fall below `floor`."""
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    if not tokens_a or not tokens_b:
        return 1.0 if " ".join(a.split()).casefold() == " ".join(b.split()).casefold() else 0.0
    set_a, set_b = set(tokens_a), set(tokens_b)
    names = _names(a) | _names(b)

    def weight(token: str) -> float:
        if idf is not None and token in idf:
            return max(idf[token], 0.1)
        if token in names:
            return 2.0
        return 1.5 if token[0].isdigit() else 1.0

    shared = sum(weight(t) for t in set_a & set_b)
    union = sum(weight(t) for t in set_a | set_b)
    smaller = min(sum(weight(t) for t in set_a), sum(weight(t) for t in set_b))
    token_score = 0.5 * shared / union + 0.5 * shared / smaller
    if 0.6 * token_score + 0.4 < floor:  # even identical characters could not lift it
        return 0.0
    char_score = _trigram_cosine(" ".join(tokens_a), " ".join(tokens_b))
    score = 0.6 * token_score + 0.4 * char_score
    return max(0.0, min(1.0, score * _disagreement(tokens_a, tokens_b)))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    """Sentences of `text` with at least two salient tokens (short fragments say too little)."""
    parts = _SENTENCE_END.split(text.translate(_QUOTES))
    return tuple(part for part in parts if len(_tokens(part)) >= 2)


def best_matches(
    text: str,
    candidates: Iterable[tuple[K, str]],
    *,
    threshold: float = SIMILAR_THRESHOLD,
    limit: int = 10,
    idf: Mapping[str, float] | None = None,
) -> list[tuple[K, float]]:
    """Re-rank FTS candidates `(key, text)`: those scoring at least `threshold`, best first."""
    scored = [(key, _best_score(text, other, idf, floor=threshold)) for key, other in candidates]
    kept = [(key, score) for key, score in scored if score >= threshold]
    kept.sort(key=lambda pair: pair[1], reverse=True)
    return kept[:limit]


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression finding rows that share salient words with `text`.

    Terms are OR-ed; each word is matched as written or by its stem as a prefix
    ("activists" OR "activist"*), so it works whether or not the index stems. Every
    term is a quoted string, so any input gives a valid query; text with no words
    gives '""', which is valid and matches nothing.
    """
    words = [w.casefold() for w in _FTS_WORD.findall(unicodedata.normalize("NFKC", text))]
    salient = [w for w in words if w not in STOP_WORDS or w in NEGATIONS]
    # Longer words and numbers say most about a claim; keep the query short.
    ranked = sorted(dict.fromkeys(salient), key=lambda w: (not w.isdigit(), -len(w)))
    terms: list[str] = []
    for word in ranked[:_MAX_FTS_TERMS]:
        terms.append(_quote(word))
        stem = _stem(word)
        if not word[0].isdigit() and len(stem) >= 3 and stem != word:
            terms.append(_quote(stem) + "*")
        synonym = _SYNONYMS.get(word)
        if synonym and synonym != word:
            terms.append(_quote(synonym))
    return " OR ".join(dict.fromkeys(terms)) if terms else '""'


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


# Large enough for the candidates of many look-ups in a row (J through an article).
@lru_cache(maxsize=32768)
def _tokens(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    text = text.casefold()
    text = re.sub(r"https?://\S+|pic\.twitter\.com/\S+", " ", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = text.replace("'", " ")
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _THOUSANDS.sub("", text)
    text = _ORDINAL.sub(r"\1", text)
    text = _MULTIPLIER.sub(lambda m: _scaled(m.group(1), m.group(2)), text)
    text = _HYPHENATED.sub(_join_hyphen, text)
    words = _TOKEN.findall(text)
    words = _words_to_numbers(words)
    tokens: list[str] = []
    for word in words:
        for part in _SYNONYMS.get(word, word).split():
            if part in STOP_WORDS and part not in NEGATIONS:
                continue
            tokens.append(part if part[0].isdigit() else _stem(part))
    return tuple(tokens)


def _join_hyphen(match: re.Match) -> str:
    # "anti-semitism" -> "antisemitism", but "twenty-five" stays two number words.
    left, right = match.group(1), match.group(2)
    if left in _NUMBER_WORDS and right in _NUMBER_WORDS:
        return f"{left} {right}"
    return left + right


def _scaled(number: str, scale: str) -> str:
    value = float(number) * _SCALES[scale]
    return f" {_format_number(value)} "


def _format_number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _words_to_numbers(words: list[str]) -> list[str]:
    """Spelled-out numbers to digits: "five hundred thousand" -> "500000", "3 million" done
    earlier. A lone "one" becomes "1", which both sides of a comparison do alike."""
    out: list[str] = []
    total, current, in_number = 0, 0, False
    for word in [*words, ""]:
        if word in _UNITS:
            current += _UNITS[word]
            in_number = True
        elif word in _SCALES and len(word) > 2 and in_number:
            if word == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * _SCALES[word]
                current = 0
        elif word == "and" and in_number:
            continue  # "two hundred and fifty"
        else:
            if in_number:
                out.append(str(total + current))
                total, current, in_number = 0, 0, False
            if word:
                out.append(word)
    return out


@lru_cache(maxsize=4096)
def _names(text: str) -> frozenset[str]:
    """Normalised tokens of capitalised words that do not start a sentence: likely names."""
    words = re.findall(r"(^|[.!?:;\"\u201c]\s*|\s)([A-Z][a-z]+)", text.translate(_QUOTES))
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return frozenset()  # SHOUTING: capitals say nothing
    found = set()
    for before, word in words:
        if before.strip() or not before:  # sentence start
            continue
        for part in _SYNONYMS.get(word.casefold(), word.casefold()).split():
            if part not in STOP_WORDS:
                found.add(_stem(part))
    return frozenset(found)


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def _opposite_sets() -> list[tuple[set[str], set[str]]]:
    return [({_stem(w) for w in up}, {_stem(w) for w in down}) for up, down in _OPPOSITES]


_OPPOSITE_STEMS = _opposite_sets()
# "May" is left out: as a verb it is far more common in claims than the month.
_MONTH_NAMES = (
    "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = frozenset(_stem(month) for month in _MONTH_NAMES)


def _disagreement(tokens_a: tuple[str, ...], tokens_b: tuple[str, ...]) -> float:
    """A factor below 1 when the two claims differ where it matters."""
    set_a, set_b = set(tokens_a), set(tokens_b)
    factor = 1.0
    # Figures and dates are what a claim is usually checked on.
    numbers_a = {t for t in set_a if t[0].isdigit() or t in _MONTHS}
    numbers_b = {t for t in set_b if t[0].isdigit() or t in _MONTHS}
    if numbers_a and numbers_b and numbers_a != numbers_b:
        # A figure swapped for another is a different claim; an extra one, less so.
        substituted = (numbers_a - numbers_b) and (numbers_b - numbers_a)
        factor *= 0.5 if substituted else 0.8
    elif numbers_a != numbers_b:
        factor *= 0.85  # a figure on one side only
    if _negates_shared(tokens_a, set_b) != _negates_shared(tokens_b, set_a):
        factor *= 0.5
    for up, down in _OPPOSITE_STEMS:
        a_up, a_down = bool(set_a & up), bool(set_a & down)
        b_up, b_down = bool(set_b & up), bool(set_b & down)
        if (a_up and b_down and not (a_down or b_up)) or (a_down and b_up and not (a_up or b_down)):
            factor *= 0.6
            break
    return factor


def _negates_shared(tokens: tuple[str, ...], other: set[str]) -> bool:
    """Whether a negation in `tokens` bears on words the other text shares.

    "Mirvis is not a Tory activist" negates the shared claim; in "Mirvis is a Tory
    activist; why is this not mentioned?" the "not" is about something else.
    """
    for position, token in enumerate(tokens):
        if token in NEGATIONS and any(t in other for t in tokens[position + 1 : position + 3]):
            return True
    return False


def _trigram_cosine(a: str, b: str) -> float:
    grams_a, grams_b = _trigrams(a), _trigrams(b)
    dot = sum(count * grams_b[gram] for gram, count in grams_a.items() if gram in grams_b)
    norm = math.sqrt(sum(c * c for c in grams_a.values()) * sum(c * c for c in grams_b.values()))
    return dot / norm if norm else 0.0


@lru_cache(maxsize=8192)  # (a rated claim is compared with every new claim near it)
def _trigrams(text: str) -> Counter:
    padded = f" {text} "
    return Counter(padded[i : i + 3] for i in range(len(padded) - 2))
