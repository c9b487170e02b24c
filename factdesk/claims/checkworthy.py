"""Check-worthiness and claim type of sentences.

Two outputs, each a logistic model over hashed word uni+bigrams and character 2-5-grams
(digits as 0, genderless third-person pronouns, "<name>" for capitalised words inside a
sentence, a length pseudo-word; links, handles and hashtags read as plain text):

- "worth checking": shared weights plus weights of the sentence's genre (a quote, a
  post, the article's voice: known when the pipeline scores it), trained on debates,
  tweets and news sentences; the sum of two heads, one over the hashed n-grams and one
  over the sentence's vector from the encoder (factdesk.claims.encoder: MiniLM-L6's first
  layers, int8), each genre weighing the n-gram head by its `ngram_scale` (stacked);
- "states a verifiable fact": trained on tweets labelled for a verifiable claim.

Per genre, a small calibrated logistic model weighs the two into the score, which crosses
THRESHOLD at the genre's tuned cut (the weights of the stacking are folded into
ngram_scale, the per-genre vector weights and this combination). Everything is trained offline by
scripts/train_checkworthy.py (its docstring says on what, and how it is held out) and
shipped as plain numpy arrays in resources/checkworthy/model.npz. Featurisation is
vectorised with numpy: a batch is scored without a Python loop over n-grams.

The claim type (Full Fact's typology) comes from factdesk.claims.kinds.

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
from factdesk.claims.encoder import DIMENSIONS, embed
from factdesk.claims.kinds import claim_kinds
from factdesk.claims.weights import MAX_CHARS, WeightsError, plain_text, read_arrays

# Scores are calibrated so that each genre's tuned threshold sits at 0.5. It is tuned on
# slices held out by date or document: see scripts/train_checkworthy.py.
THRESHOLD = 0.5
WEIGHTS_NAME = "checkworthy/model.npz"
# Posts are also read by the n-gram model alone (the model shipped before the encoder,
# git 38bafa9, its arrays unchanged, with zero vector weights), and take the higher of
# the two scores: for posts recall counts most (see scripts/train_checkworthy.py, BETA),
# and the tweet data (COVID-era) teaches the stacked model little about claims on people
# (the post "Chief Rabbi Mirvis is a Tory activist. Why is this not mentioned ...": 0.41
# stacked, 0.56 n-grams). Held-out tweets: ROC AUC 0.785 and F1 0.366 this way, 0.843 and
# 0.470 stacked alone, 0.742 and 0.344 n-grams alone (bench/RESULTS.md).
POST_NGRAM_WEIGHTS_NAME = "checkworthy/ngram_model.npz"

# Featurisation parameters: the trainer and the scorer share them through this module,
# and the weights file records them so a mismatch is caught at load time.
WORD_BITS = 18
CHAR_BITS = 18
CHAR_NGRAMS = (2, 3, 4, 5)
FEATURE_VERSION = 4  # 4: the encoder's vector beside the n-grams

_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
# Words (with an inner apostrophe), numbers (digits already mapped to 0) and signs.
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|0+(?:[.,]0+)*|[$%£€?!]")
# Third-person pronouns lose their gender: the training debates are mostly between men,
# later ones are not, and "she wants" should weigh what "he wants" does.
_PRONOUN = re.compile(r"\b(?:she|her|hers|herself|him)\b")
_PRONOUN_CLASS = {"she": "he", "her": "his", "hers": "his", "herself": "himself", "him": "his"}
_LENGTH_BINS = (4, 7, 11, 16, 24, 35)
# Sentences featurised at once (bounds memory for long lists).
CHUNK = 2048


@dataclass(frozen=True)
class CheckworthyScore:
    """How worth checking a sentence is (0..1), the yes/no at THRESHOLD, and its kind
    (None from provisional_scores: the kind needs the encoder's vector)."""

    score: float
    checkworthy: bool
    kind: str | None


# ---------------------------------------------------------------------------
# Featurisation (shared with scripts/train_checkworthy.py)


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

# Where a sentence stands, known at scoring time: a quote (someone's words, as in debates
# and speeches), a social post, or the article's own voice (news).
GENRES = ("quote", "post", "article")
# Each genre has its own weights beside the shared ones ("frustratingly easy" domain
# adaptation), over the same features folded into 2**GENRE_BITS columns (half word, half
# char) so the file stays small.
GENRE_BITS = 18


@dataclass(frozen=True)
class _Model:
    worth_weights: np.ndarray  # shared "worth checking" weights: word columns, then char
    genre_weights: np.ndarray  # (len(GENRES), 2**GENRE_BITS) per-genre "worth checking"
    verifiable_weights: np.ndarray  # "states a verifiable fact": word columns, then char
    worth_bias: float
    verifiable_bias: float
    # The encoder's part of "worth checking": shared, and per genre (rows of GENRES).
    vector_weights: np.ndarray  # (encoder.DIMENSIONS,)
    vector_genre_weights: np.ndarray  # (len(GENRES), encoder.DIMENSIONS)
    # Per genre, (a, b, c): score = sigmoid(a * worth + b * verifiable + c), calibrated so
    # that the F1-best cut of held-out sentences of that genre sits at THRESHOLD.
    combine: np.ndarray
    # Per genre, the weight of the n-gram part of "worth checking" beside the encoder's
    # (the two heads are stacked: scripts/train_checkworthy.py); ones in files without it.
    ngram_scale: np.ndarray


_model: _Model | None = None
_post_ngram_model: _Model | None = None
_model_lock = threading.Lock()


def _load_model() -> _Model:
    global _model
    with _model_lock:
        if _model is None:
            _model = load_weights(paths.resource(WEIGHTS_NAME))
    return _model


def _load_post_ngram_model() -> _Model:
    global _post_ngram_model
    with _model_lock:
        if _post_ngram_model is None:
            _post_ngram_model = load_weights(paths.resource(POST_NGRAM_WEIGHTS_NAME))
    return _post_ngram_model


def load_weights(source: Traversable | Path) -> _Model:
    """Read the weights from a file-like resource (a Traversable or Path)."""
    name = getattr(source, "name", str(source))
    arrays = read_arrays(
        source,
        (
            "meta",
            "worth_weights",
            "genre_weights",
            "verifiable_weights",
            "combine",
            "vector_weights",
            "vector_genre_weights",
        ),
        what="check-worthiness",
        trainer="scripts/train_checkworthy.py",
    )
    try:
        worth = arrays["worth_weights"].astype(np.float64)
        genre = arrays["genre_weights"].astype(np.float64)
        verifiable = arrays["verifiable_weights"].astype(np.float64)
        combine = arrays["combine"].astype(np.float64)
        vector = arrays["vector_weights"].astype(np.float64)
        vector_genre = arrays["vector_genre_weights"].astype(np.float64)
        ngram_scale = _optional_array(source, "ngram_scale", np.ones(len(GENRES)))
        version, word_bits, char_bits, genre_bits, worth_bias, verifiable_bias = (
            float(x) for x in arrays["meta"]
        )
    except Exception as error:  # dtype or shape errors: all mean a bad file
        raise WeightsError(f"{name}: check-worthiness weights are corrupt: {error}") from error
    n_features = (1 << WORD_BITS) + (1 << CHAR_BITS)
    expected = (FEATURE_VERSION, WORD_BITS, CHAR_BITS, GENRE_BITS)
    if (int(version), int(word_bits), int(char_bits), int(genre_bits)) != expected or (
        worth.shape != (n_features,)
        or verifiable.shape != (n_features,)
        or genre.shape != (len(GENRES), 1 << GENRE_BITS)
        or combine.shape != (len(GENRES), 3)
        or vector.shape != (DIMENSIONS,)
        or vector_genre.shape != (len(GENRES), DIMENSIONS)
        or ngram_scale.shape != (len(GENRES),)
    ):
        raise WeightsError(f"{name}: check-worthiness weights do not match this version")
    return _Model(
        worth, genre, verifiable, worth_bias, verifiable_bias, vector, vector_genre, combine,
        ngram_scale,
    )  # fmt: skip


def _optional_array(source: Traversable | Path, key: str, default: np.ndarray) -> np.ndarray:
    """An array a weights file may lack (files written before it was added), as float64."""
    raw = source.read_bytes()
    with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
        return npz[key].astype(np.float64) if key in npz.files else default


def genre_columns(words: HashedBlock, chars: HashedBlock) -> tuple[np.ndarray, np.ndarray]:
    """The folded per-genre column of each word occurrence and each char occurrence."""
    half = 1 << (GENRE_BITS - 1)
    return (
        words.cols >> (WORD_BITS - GENRE_BITS + 1),
        (chars.cols >> (CHAR_BITS - GENRE_BITS + 1)) + half,
    )


def genre_index(genres: Sequence[str] | None, n: int) -> np.ndarray:
    """Each sentence's genre as an index into GENRES ("article" when not known)."""
    if genres is None:
        return np.full(n, GENRES.index("article"), np.intp)
    if len(genres) != n:
        raise ValueError(f"{len(genres)} genres for {n} texts")
    lookup = {genre: i for i, genre in enumerate(GENRES)}
    return np.fromiter((lookup[g] for g in genres), np.intp, n)


def _block_dot(block: HashedBlock, weights: np.ndarray, n: int) -> np.ndarray:
    sums = np.bincount(block.rows, weights=weights[block.cols], minlength=n)
    return sums * block.scale


def outputs(
    texts: Sequence[str],
    genres: Sequence[str] | None = None,
    model: _Model | None = None,
    vectors: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The two raw outputs of each text: "worth checking" and "states a verifiable fact"
    (linear margins, before they are combined). `vectors` are the texts' encoder vectors
    when the caller has them already (else they are computed)."""
    model = model or _load_model()
    genre_of = genre_index(genres, len(texts))
    if vectors is None:
        vectors = embed([plain_text(t[:MAX_CHARS]) for t in texts])
    n_word = 1 << WORD_BITS
    worth_parts, verifiable_parts = [np.zeros(0)], [np.zeros(0)]
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        n = len(chunk)
        words, chars = featurise(chunk)
        genre = genre_of[start : start + n]
        word_genre, char_genre = genre_columns(words, chars)
        worth = (
            model.worth_bias
            + _block_dot(words, model.worth_weights[:n_word], n)
            + _block_dot(chars, model.worth_weights[n_word:], n)
        )
        worth += (
            np.bincount(
                words.rows, weights=model.genre_weights[genre[words.rows], word_genre], minlength=n
            )
            * words.scale
            + np.bincount(
                chars.rows, weights=model.genre_weights[genre[chars.rows], char_genre], minlength=n
            )
            * chars.scale
        )
        worth *= model.ngram_scale[genre]  # the n-gram head's weight in the genre
        verifiable = (
            model.verifiable_bias
            + _block_dot(words, model.verifiable_weights[:n_word], n)
            + _block_dot(chars, model.verifiable_weights[n_word:], n)
        )
        # Row by row (einsum, no BLAS): a sentence scores the same in any batch.
        row_weights = model.vector_weights + model.vector_genre_weights[genre]
        worth += np.einsum("ij,ij->i", vectors[start : start + n].astype(np.float64), row_weights)
        worth_parts.append(worth)
        verifiable_parts.append(verifiable)
    return np.concatenate(worth_parts), np.concatenate(verifiable_parts)


def combined_scores(
    worth: np.ndarray, verifiable: np.ndarray, genre_of: np.ndarray, combine: np.ndarray
) -> np.ndarray:
    """The check-worthiness score (0..1) from the two outputs, as each genre weighs them."""
    a, b, c = combine[genre_of].T
    return 1.0 / (1.0 + np.exp(-(a * worth + b * verifiable + c)))


def score_sentences(
    texts: Sequence[str], genres: Sequence[str] | None = None
) -> list[CheckworthyScore]:
    """Score a batch of sentences: check-worthiness in [0, 1], yes/no and claim kind.

    `genres` says where each sentence stands (one of GENRES); "article" when not given."""
    model = _load_model()
    genre_of = genre_index(genres, len(texts))
    # One encoder pass serves the score and the kind.
    vectors = embed([plain_text(t[:MAX_CHARS]) for t in texts])
    worth, verifiable = outputs(texts, genres, model, vectors)
    scores = combined_scores(worth, verifiable, genre_of, model.combine)
    posts = np.flatnonzero(genre_of == GENRES.index("post"))
    if len(posts):  # the higher of the joint and the n-gram score (see POST_NGRAM_...)
        ngram = _load_post_ngram_model()
        post_texts = [texts[int(i)] for i in posts]
        no_vectors = np.zeros((len(posts), DIMENSIONS), np.float32)
        post_worth, post_verifiable = outputs(post_texts, ["post"] * len(posts), ngram, no_vectors)
        ngram_scores = combined_scores(post_worth, post_verifiable, genre_of[posts], ngram.combine)
        scores[posts] = np.maximum(scores[posts], ngram_scores)
    kinds = claim_kinds(texts, verifiable, vectors)
    return [
        CheckworthyScore(float(s), bool(s >= THRESHOLD), kind)
        for s, kind in zip(scores, kinds, strict=True)
    ]


def provisional_scores(
    texts: Sequence[str], genres: Sequence[str] | None = None
) -> list[CheckworthyScore]:
    """What an import stores at once, before the encoder runs: the n-gram model's score
    (POST_NGRAM_WEIGHTS_NAME, for every genre) and no kind. The refinement after the import
    stores score_sentences' (for a post, never lower than this)."""
    word_table, char_table, constant = _provisional_tables()
    genre_of = genre_index(genres, len(texts))
    margins = [np.zeros(0)]
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        n = len(chunk)
        words, chars = featurise(chunk)
        genre = genre_of[start : start + n]
        margins.append(
            constant[genre]
            + np.bincount(words.rows, word_table[genre[words.rows], words.cols], n) * words.scale
            + np.bincount(chars.rows, char_table[genre[chars.rows], chars.cols], n) * chars.scale
        )
    scores = 1.0 / (1.0 + np.exp(-np.concatenate(margins)))
    return [CheckworthyScore(float(s), bool(s >= THRESHOLD), None) for s in scores]


_provisional: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def _provisional_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The n-gram model folded per genre: each word and char column's weight in the
    combined margin (a * worth + b * verifiable, the genre's own weights included), and
    each genre's constant. One look-up per n-gram instead of four (12 MB, made once)."""
    global _provisional
    model = _load_post_ngram_model()  # (it takes the lock itself)
    with _model_lock:
        if _provisional is None:
            n_word, half = 1 << WORD_BITS, 1 << (GENRE_BITS - 1)
            word_genre = np.arange(n_word) >> (WORD_BITS - GENRE_BITS + 1)
            char_genre = (np.arange(1 << CHAR_BITS) >> (CHAR_BITS - GENRE_BITS + 1)) + half
            tables = []
            for part, genre_cols in (
                (slice(0, n_word), word_genre),
                (slice(n_word, None), char_genre),
            ):
                worth = model.worth_weights[part] + model.genre_weights[:, genre_cols]
                verifiable = model.verifiable_weights[part]
                a, b = model.combine[:, :1], model.combine[:, 1:2]
                tables.append(a * worth + b * verifiable)
            a, b, c = model.combine.T
            constant = a * model.worth_bias + b * model.verifiable_bias + c
            _provisional = (tables[0], tables[1], constant)
    return _provisional


def score_sentence(text: str, genre: str = "article") -> CheckworthyScore:
    """Score one sentence (see score_sentences)."""
    return score_sentences([text], [genre])[0]


def claim_kind(text: str) -> str:
    """The kind of one text (factdesk.claims.kinds), its "verifiable" output computed here."""
    return claim_kinds([text], outputs([text])[1])[0]
