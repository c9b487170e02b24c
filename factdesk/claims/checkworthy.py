"""Check-worthiness and claim type of sentences.

The score comes from a logistic model over hashed word uni+bigrams and character
2-5-grams, with digits as 0, genderless third-person pronouns, "<name>" for capitalised
words inside a sentence and a length pseudo-word; links, handles and hashtags are read
as plain text. It is trained offline by scripts/train_checkworthy.py on the CheckThat!
2024 English data and shipped as plain numpy arrays in resources/checkworthy/model.npz.
Featurisation is vectorised with numpy: a batch is scored without a Python loop over
n-grams.

The claim type (Full Fact's typology, `factdesk.model.CLAIM_KINDS`) has no labelled
data here, so it comes from ordered rules: see `claim_kind`.

Pure functions; the weights are read once, on first use.
"""

from __future__ import annotations

import io
import re
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from factdesk import paths
from factdesk.errors import FactdeskError

# Scores are calibrated so that the tuned threshold sits at 0.5. It is tuned on the latest
# debates of the training data, held out (a time split): see scripts/train_checkworthy.py.
THRESHOLD = 0.5
WEIGHTS_NAME = "checkworthy/model.npz"

# Featurisation parameters: the trainer and the scorer share them through this module,
# and the weights file records them so a mismatch is caught at load time.
WORD_BITS = 18
CHAR_BITS = 18
CHAR_NGRAMS = (2, 3, 4, 5)
FEATURE_VERSION = 2

_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
# Words (with an inner apostrophe), numbers (digits already mapped to 0) and signs.
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|0+(?:[.,]0+)*|[$%£€?!]")
# Third-person pronouns lose their gender: the training debates are mostly between men,
# later ones are not, and "she wants" should weigh what "he wants" does.
_PRONOUN = re.compile(r"\b(?:she|her|hers|herself|him)\b")
_PRONOUN_CLASS = {"she": "he", "her": "his", "hers": "his", "herself": "himself", "him": "his"}
_LENGTH_BINS = (4, 7, 11, 16, 24, 35)
# Web artefacts the debate transcripts never have: links go, a handle reads as a name,
# a hashtag as its letters (so the 4 of #Jews4Labour is no number).
_WEB_LINK = re.compile(r"\b(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"(?<![&#])#([A-Za-z]\w*)")
# Only a sentence's first characters count: longer "sentences" are unsplit text, and
# this bounds the memory a batch needs.
MAX_CHARS = 2000
# Sentences featurised at once (bounds memory for long lists).
CHUNK = 2048


class WeightsError(FactdeskError):
    """The shipped check-worthiness weights are missing or unreadable."""


@dataclass(frozen=True)
class CheckworthyScore:
    """How worth checking a sentence is (0..1), the yes/no at THRESHOLD, and its kind."""

    score: float
    checkworthy: bool
    kind: str


# ---------------------------------------------------------------------------
# Featurisation (shared with scripts/train_checkworthy.py)


def plain_text(text: str) -> str:
    """The text without links, with handles as "Name" and hashtags as plain words."""
    if "/" in text or "@" in text or "#" in text or "www." in text:
        text = _WEB_LINK.sub(" ", text)
        text = _HANDLE.sub("Name", text)
        text = _HASHTAG.sub(lambda match: _DIGIT.sub("", match.group(1)), text)
    return text


def _normalise(text: str) -> str:
    """Lower case, single spaces, every digit 0, genderless pronouns: the char channel's text."""
    lowered = _DIGIT.sub("0", _SPACES.sub(" ", text.lower()).strip())
    return _PRONOUN.sub(lambda match: _PRONOUN_CLASS[match.group()], lowered)


def _word_tokens(text: str) -> tuple[list[str], list[str]]:
    """The sentence as a chain of words (for unigrams and bigrams) and extra unigrams.

    A capitalised word inside the sentence (a rough named entity) stands in the chain as
    "<name>", so "<name> voted" generalises across names, and the name itself is an
    extra unigram. The sentence's length in words is an extra pseudo-word too.
    """
    chain, extra = ["<s>"], []
    words = _TOKEN.findall(_DIGIT.sub("0", text))
    for i, word in enumerate(words):
        lower = word.lower()
        if i and word[0].isupper() and lower != "i" and not lower.startswith(("i'", "i’")):
            chain.append("<name>")
            extra.append(lower)
        else:
            chain.append(_PRONOUN_CLASS.get(lower, lower))
    chain.append("</s>")
    extra.append(f"<len{sum(len(words) > b for b in _LENGTH_BINS)}>")
    return chain, extra


def _hash_word(token: str, _cache: dict[str, int] = {}) -> int:  # noqa: B006 (a memo)
    value = _cache.get(token)
    if value is None:
        value = zlib.crc32(token.encode("utf-8", "replace"))
        if len(_cache) < 200_000:
            _cache[token] = value
    return value


def _bucket(h: np.ndarray, bits: int) -> np.ndarray:
    """Fibonacci hashing: the top `bits` bits of h times an odd constant."""
    return ((h * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)).astype(np.intp)


@dataclass(frozen=True)
class HashedBlock:
    """One bag of hashed features for a batch: row (sentence) and column per occurrence.

    A sentence's value for a column is (occurrences in the sentence) / sqrt(total
    occurrences in the sentence): a cheap length normalisation that needs no sort.
    """

    rows: np.ndarray  # intp, sentence index per occurrence
    cols: np.ndarray  # intp, bucket per occurrence
    scale: np.ndarray  # float64, 1/sqrt(occurrences) per sentence


def _block(rows: np.ndarray, cols: np.ndarray, n_rows: int) -> HashedBlock:
    counts = np.bincount(rows, minlength=n_rows).astype(np.float64)
    return HashedBlock(rows, cols, 1.0 / np.sqrt(np.maximum(counts, 1.0)))


def featurise(texts: Sequence[str]) -> tuple[HashedBlock, HashedBlock]:
    """Hashed word uni+bigrams and character 2-5-grams of each text, as two blocks."""
    texts = [plain_text(t[:MAX_CHARS]) for t in texts]
    n = len(texts)
    normalised = [_normalise(t) for t in texts]

    # Words: unigrams of chain and extra words, bigrams of the chain, bucketed into
    # 2**WORD_BITS columns. All chains of the batch end to end: a bigram is kept when
    # both words are in the same chain.
    chains, extras = zip(*map(_word_tokens, texts), strict=True) if n else ((), ())
    chain_lengths = np.fromiter(map(len, chains), np.intp, n)
    chain_hashes = np.fromiter(
        (_hash_word(w) for chain in chains for w in chain), np.uint64, int(chain_lengths.sum())
    )
    extra_lengths = np.fromiter(map(len, extras), np.intp, n)
    extra_hashes = np.fromiter(
        (_hash_word(w) for extra in extras for w in extra), np.uint64, int(extra_lengths.sum())
    )
    chain_rows = np.repeat(np.arange(n, dtype=np.intp), chain_lengths)
    same_chain = chain_rows[1:] == chain_rows[:-1]
    bigrams = ((chain_hashes[:-1] << np.uint64(32)) ^ chain_hashes[1:])[same_chain]
    word_cols = np.concatenate(
        [
            _bucket(chain_hashes, WORD_BITS),
            _bucket(extra_hashes, WORD_BITS),
            _bucket(bigrams + np.uint64(1), WORD_BITS),
        ]
    )
    word_rows = np.concatenate(
        [
            chain_rows,
            np.repeat(np.arange(n, dtype=np.intp), extra_lengths),
            chain_rows[:-1][same_chain],
        ]
    )
    words = _block(word_rows, word_cols, n)

    # Characters: one byte string for the batch, texts padded by spaces and separated
    # by NUL; an n-gram is kept when it contains no NUL. Rolling hashes in numpy.
    joined = "\0".join(f" {s.replace(chr(0), '')} " for s in normalised).encode("utf-8", "replace")
    data = np.frombuffer(joined, np.uint8)
    sentence_of = np.cumsum(data == 0, dtype=np.intp)  # sentence index of each byte
    codes = data.astype(np.uint64)
    char_rows, char_cols = [], []
    h = np.zeros(len(data), np.uint64)
    for k in range(max(CHAR_NGRAMS)):
        # h[i] = hash of data[i : i+k+1]
        h = h[: len(data) - k] * np.uint64(0x100000001B3) + codes[k:]
        if k + 1 in CHAR_NGRAMS:
            ok = sentence_of[k:] == sentence_of[: len(h)]
            ok &= data[: len(h)] != 0
            char_rows.append(sentence_of[: len(h)][ok])
            char_cols.append(_bucket(h[ok] + np.uint64(k), CHAR_BITS))
    chars = _block(np.concatenate(char_rows), np.concatenate(char_cols), n)
    return words, chars


# ---------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class _Model:
    word_weights: np.ndarray
    char_weights: np.ndarray
    bias: float
    slope: float  # calibration: score = sigmoid(slope * (margin - threshold))
    margin_threshold: float


_model: _Model | None = None
_model_lock = threading.Lock()


def _load_model() -> _Model:
    global _model
    with _model_lock:
        if _model is None:
            _model = load_weights(paths.resource(WEIGHTS_NAME))
    return _model


def load_weights(source: Traversable | Path) -> _Model:
    """Read the weights from a file-like resource (a Traversable or Path)."""
    name = getattr(source, "name", str(source))
    try:
        raw = source.read_bytes()
    except (FileNotFoundError, OSError) as error:
        raise WeightsError(
            f"{name}: check-worthiness weights not found "
            f"(run scripts/train_checkworthy.py): {error}"
        ) from error
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            meta = npz["meta"]
            words = npz["word_weights"].astype(np.float64)
            chars = npz["char_weights"].astype(np.float64)
        version, word_bits, char_bits, bias, slope, threshold = (float(x) for x in meta)
    except Exception as error:  # zip, npy, key or shape errors: all mean a bad file
        raise WeightsError(f"{name}: check-worthiness weights are corrupt: {error}") from error
    expected = (FEATURE_VERSION, WORD_BITS, CHAR_BITS)
    if (int(version), int(word_bits), int(char_bits)) != expected or (
        words.shape != (1 << WORD_BITS,) or chars.shape != (1 << CHAR_BITS,)
    ):
        raise WeightsError(f"{name}: check-worthiness weights do not match this version")
    return _Model(words, chars, bias, slope, threshold)


def _block_dot(block: HashedBlock, weights: np.ndarray, n: int) -> np.ndarray:
    sums = np.bincount(block.rows, weights=weights[block.cols], minlength=n)
    return sums * block.scale


def margins(texts: Sequence[str], model: _Model | None = None) -> np.ndarray:
    """The raw linear score of each text (before calibration)."""
    model = model or _load_model()
    parts = [np.zeros(0)]
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        words, chars = featurise(chunk)
        parts.append(
            model.bias
            + _block_dot(words, model.word_weights, len(chunk))
            + _block_dot(chars, model.char_weights, len(chunk))
        )
    return np.concatenate(parts)


def score_sentences(texts: Sequence[str]) -> list[CheckworthyScore]:
    """Score a batch of sentences: check-worthiness in [0, 1], yes/no and claim kind."""
    model = _load_model()
    raw = margins(texts, model)
    scores = 1.0 / (1.0 + np.exp(-model.slope * (raw - model.margin_threshold)))
    return [
        CheckworthyScore(float(s), bool(s >= THRESHOLD), claim_kind(t, float(s)))
        for t, s in zip(texts, scores, strict=True)
    ]


def score_sentence(text: str) -> CheckworthyScore:
    """Score one sentence (see score_sentences)."""
    return score_sentences([text])[0]


# ---------------------------------------------------------------------------
# Claim kinds (rules, in priority order)

# Below this score, a sentence with no sign of any kind of claim is "not a claim".
LOW_SCORE = 0.25


# The rules below run on lower-cased text (faster than re.IGNORECASE).


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


# Whole-sentence pleasantries and fillers: never claims, whatever the model says.
_PLEASANTRY = re.compile(
    r"^\W*(?:(?:well|oh|and|so|yes|no|okay|ok|look|please|sir|madam|folks)\W+)*"
    r"(?:thank(?:s| you)\b.*|hello|hi|good (?:morning|afternoon|evening|night)|"
    r"welcome\b.*|congratulations\b.*|goodbye|bye|yes|no|okay|ok|right|sure|"
    r"absolutely|exactly|of course|i agree|let me (?:finish|say|be clear)\b.*)\W*$",
)
# A question that presupposes something ("Why did crime rise?") still carries a claim.
_PRESUPPOSING_QUESTION = re.compile(r"^\W*(?:why|how come)\b")
_PERSONAL = re.compile(
    r"\b(?:i|we)(?:['’](?:ve|d|m))?\s+(?:(?:have|had|was|were|am|'ve|just|once|never|"
    r"actually|personally|really|also|myself|ourselves|been)\s+){0,2}"
    r"(?:saw|seen|see|met|meet|felt|feel|experienced|waited|visited|lived|grew up|"
    r"worked|went|heard|remember|watched|suffered|lost|been|spent|talked|spoke|"
    r"travel(?:l)?ed|tried|tested)\b"
    r"|\b(?:happened to|told) (?:me|us)\b|\bmy (?:own )?(?:experience|family|"
    r"son|daughter|wife|husband|mother|father|mum|mom|dad|doctor)\b",
)
# "I will ..." is an intention, not a prediction about the world.
_FIRST_PERSON_FUTURE = re.compile(
    r"\bi(?:['’]ll| will| won['’]t| shall| am going to|['’]m going to| am gonna|['’]m gonna)\b",
)
# Dates and years are not quantities by themselves.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|(?:in|since|until|by|from|of)\s+(?:19|20)\d\d)\b",
)
_PREDICTION = _words(
    r"will",
    r"won['’]t",
    r"(?:i|you|we|they|he|she|it|that)['’]ll",
    r"going to",
    r"gonna",
    r"(?:is|are|was|were) (?:expected|projected|forecast|predicted|set|likely|unlikely) to",
    r"forecasts?",
    r"predict(?:s|ed|ion)?",
    r"projections?",
    r"next (?:year|month|week|decade|century)",
    r"in the (?:coming|next) (?:years|months|decades)",
    r"by (?:the end of )?(?:20|21)\d\d",
)
_CAUSATION = _words(
    r"because",
    r"caus(?:e|es|ed|ing)",
    r"led to",
    r"leads? to",
    r"leading to",
    r"linked (?:to|with)",
    r"results? (?:of|in)",
    r"resulted in",
    r"as a result",
    r"due to",
    r"thanks to",
    r"responsible for",
    r"contribut(?:ed|es|ing) to",
    r"(?:increase|raise|reduce|lower)s? the (?:risk|chance|likelihood)",
    r"so that",
    r"therefore",
)
_QUANTITY = re.compile(
    r"\d"
    r"|\b(?:percent|per cent|million|billion|trillion|thousands?|hundreds?|dozens?|"
    r"half|quarter|twice|double[ds]?|tripled?|halved|majority|minority|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
    r"rise|rises|rose|risen|rising|fell|fallen|falling|increased?|decreased?|increases|decreases|"
    r"grew|grown|declined?|dropped|soared|plummeted|highest|lowest|record|"
    r"more than|less than|fewer than|average|rate)\b"
    r"|[%$£€]",
)
_LAW = _words(
    r"laws?",
    r"legal(?:ly)?",
    r"illegal(?:ly)?",
    r"unlawful",
    r"rules?",
    r"regulations?",
    r"legislation",
    r"required to",
    r"requires?",
    r"mandatory",
    r"banned",
    r"bans?",
    r"prohibit(?:s|ed)?",
    r"allowed to",
    r"not allowed",
    r"permitted",
    r"constitution(?:al)?",
    r"statute",
    r"court (?:ruled|ruling)",
    r"(?:the|this|that) (?:bill|act)",
)


# A statement about someone named: "Chief Rabbi Mirvis is a Tory activist".
_NAMED_STATEMENT = re.compile(
    r"\b(?!(?:He|She|It|They|We|You|This|That|There|These|Those|What|Who|Here|And|But|So)\b)"
    r"[A-Z][a-z]+(?: [A-Z][a-z]+)* (?:is|are|was|were|has|have|had|did|does)\b"
)


def claim_kind(text: str, score: float) -> str:
    """Full Fact's claim type of a sentence (one of factdesk.model.CLAIM_KINDS), by rules.

    In priority order: pleasantries, and questions that presuppose nothing and score
    below THRESHOLD, are "not a claim"; then personal experience, prediction (not "I
    will": an intention), correlation or causation, quantity (dates alone do not count),
    laws or rules; otherwise "other" if the sentence scores at least LOW_SCORE as
    check-worthy or states something of someone named, else "not a claim" (opinions,
    exhortations, fillers). Links, handles and hashtags are read as in the scorer.
    """
    stripped = plain_text(text).strip()
    lowered = stripped.lower()
    if not lowered or _PLEASANTRY.match(lowered):
        return "not a claim"
    undated = _DATE.sub(" ", lowered)
    if (
        lowered.endswith("?")
        and score < THRESHOLD
        and not _PRESUPPOSING_QUESTION.match(lowered)
        and not _QUANTITY.search(undated)
    ):
        return "not a claim"
    for kind, pattern, subject in (
        ("personal experience", _PERSONAL, lowered),
        ("prediction", _PREDICTION, _FIRST_PERSON_FUTURE.sub(" ", lowered)),
        ("correlation or causation", _CAUSATION, lowered),
        ("quantity", _QUANTITY, undated),
        ("laws or rules", _LAW, lowered),
    ):
        if pattern.search(subject):
            return kind
    if score >= LOW_SCORE or _NAMED_STATEMENT.search(stripped):
        return "other"
    return "not a claim"
