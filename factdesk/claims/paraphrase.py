"""What a claim says without who said it, and its vector for finding paraphrases.

    strip_attribution('"Mirvis is a Tory activist," said a councillor.')
    # -> 'Mirvis is a Tory activist'

A repeat of a rated claim is mostly worded anew and attributed anew ("..., he said",
"according to posts shared online", "A post claims that ..."). The attribution says who
spoke, not what is claimed, so the matcher compares the claims without it: the sentence
encoder (claims/encoder.py, the one the check-worthiness scorer loads) then sees the
same words, and names in "Biden said" do not count as the claim's subject.

`VectorIndex` holds many claims' vectors and finds the closest to one (exactly up to
20,000; above, ranked first in fewer dimensions).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from factdesk.claims.encoder import DIMENSIONS, embed
from factdesk.claims.units import unwrap_quotes

# Reporting verbs that introduce or close an attribution (the ones the pair set and the
# sample's articles use; attribution.py's full list also holds nouns like "states").
_VERBS = (
    r"(?:said|says|say|claimed|claims|claim|told(?:\s+[\w'’.-]+){0,2}|reported|reports"
    r"|insisted|insists|promised|promises|tweeted|tweets|wrote|writes|added|adds|argued"
    r"|argues|alleged|alleges|stated|warned|warns|concluded|recommends|recommended"
    r"|believes|believed|suggested|posted|announced|declared|maintains|maintained)"
)
_WORD = r"[\w'’.-]+"
# "..., he said." / "..., according to the mayor's rival." / '," said a councillor.'
_TRAILING = re.compile(
    r"(?:[,;:]\s*[\"”’]?|[\"”’],?)\s*(?:according\s+to\s+[^,]{1,80}"
    rf"|(?:{_WORD}\s+){{0,5}}?{_VERBS}(?:\s+{_WORD}){{0,4}}"
    rf"|{_VERBS}\s+(?:{_WORD}\s*){{1,5}})\s*[.!?]?\s*$",
    re.IGNORECASE,
)
# "According to the WHO, ..." / "He said (that) ..." / "A post claims that ..."
# (The verb must be followed by "that" or by what starts a clause, so that "He claimed
# credit for" and "The government promised to end" keep their words.)
_LEADING = re.compile(
    rf"^(?:according\s+to\s+[^,]{{1,80}},\s*|(?:(?!to\b){_WORD}\s+){{1,5}}?{_VERBS}\s+"
    r"(?:that\s+|(?=(?:he|she|they|it|we|i|you|his|her|their|its|our|the|a|an|this|these"
    r"|those|there|nothing|no|every|all|most)\s)))",
    re.IGNORECASE,
)
_MIN_LEFT = 12  # characters: an attribution is never most of a claim


def strip_attribution(text: str) -> str:
    """The claim without its attribution and quotation marks (the text itself if that
    would leave almost nothing)."""
    claim = " ".join(text.split())
    trailing = _TRAILING.search(claim)
    if trailing and trailing.start() >= _MIN_LEFT:
        claim = claim[: trailing.start()]
    leading = _LEADING.match(claim)
    if leading and len(claim) - leading.end() >= _MIN_LEFT:
        claim = claim[leading.end() :]
    claim = unwrap_quotes(claim.strip(" ,;:")).strip(" ,;:\"“”'‘’")
    return claim if len(claim) >= _MIN_LEFT else " ".join(text.split())


def claim_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of the claims without their attributions, (len(texts), DIMENSIONS)."""
    return embed([strip_attribution(text) for text in texts])


def quantise(vectors: np.ndarray) -> np.ndarray:
    """int8 rows of unit vectors: each component times 127 over the row's largest."""
    vectors = np.asarray(vectors, np.float32).reshape(-1, DIMENSIONS)
    scale = np.abs(vectors).max(axis=1, keepdims=True)
    scale[scale == 0] = 1.0
    return np.round(vectors / scale * 127).astype(np.int8)


def to_bytes(vector: np.ndarray) -> bytes:
    return quantise(vector)[0].tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """A stored int8 row (as `to_bytes` wrote it)."""
    return np.frombuffer(blob, np.int8)


class VectorIndex:
    """Claims' vectors (from int8 rows, held as unit float32 rows) and their keys.

    Up to EXACT_UP_TO rows, `nearest` scores every row exactly. Above, a product over all
    rows is bound by memory bandwidth (100,000 rows: 27-72 ms here), so the rows are first
    ranked in PROJECTED dimensions (the principal directions of the rows, found once from a
    sample: a sixth of the memory to read) and the best CANDIDATES of that ranking scored
    exactly. bench/bench_claim_lookup.py measures both, and what the ranking misses.
    float32 because numpy has no fast int8 or float16 product.
    """

    EXACT_UP_TO = 20_000
    PROJECTED = 64
    CANDIDATES = 400
    SAMPLE = 5_000

    def __init__(self) -> None:
        self.keys: list[str] = []
        self._rows = np.zeros((1024, DIMENSIONS), np.float32)  # grown by doubling
        self._pending: list[np.ndarray] = []
        self._pending_keys: list[str] = []
        self._basis: np.ndarray | None = None  # (DIMENSIONS, PROJECTED)
        self._mean = np.zeros(DIMENSIONS, np.float32)
        self._projected = np.zeros((0, self.PROJECTED), np.float32)

    def __len__(self) -> int:
        return len(self.keys) + sum(len(rows) for rows in self._pending)

    def add(self, key: str, row: np.ndarray) -> None:
        """Add one int8 row (from `quantise` or `from_bytes`)."""
        self.add_many([key], row.reshape(1, DIMENSIONS))

    def add_many(self, keys: list[str], rows: np.ndarray) -> None:
        """Add int8 rows, one per key."""
        self._pending.append(rows)
        self._pending_keys.extend(keys)

    def _settle(self) -> None:
        if not self._pending:
            return
        new = np.vstack(self._pending).astype(np.float32)
        norms = np.linalg.norm(new, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        new /= norms
        size = len(self.keys)
        if size + len(new) > len(self._rows):
            grown = np.zeros((max(2 * len(self._rows), size + len(new)), DIMENSIONS), np.float32)
            grown[:size] = self._rows[:size]
            self._rows = grown
        self._rows[size : size + len(new)] = new
        self.keys.extend(self._pending_keys)
        self._pending, self._pending_keys = [], []
        if self._basis is None and len(self.keys) > self.EXACT_UP_TO:
            self._find_basis()
        elif self._basis is not None:
            self._projected = np.vstack([self._projected, (new - self._mean) @ self._basis])

    def _find_basis(self) -> None:
        rows = self._rows[: len(self.keys)]
        sample = rows[np.random.default_rng(0).choice(len(rows), self.SAMPLE, replace=False)]
        self._mean = sample.mean(axis=0)
        _u, _s, directions = np.linalg.svd(sample - self._mean, full_matrices=False)
        self._basis = np.ascontiguousarray(directions[: self.PROJECTED].T)
        self._projected = (rows - self._mean) @ self._basis

    def nearest(self, vector: np.ndarray, k: int, floor: float) -> list[tuple[str, float]]:
        """Up to `k` keys whose cosine with `vector` (a unit float vector) is at least
        `floor`, closest first."""
        self._settle()
        if not self.keys or k <= 0:
            return []
        query = np.asarray(vector, np.float32).reshape(DIMENSIONS)
        rows = self._rows[: len(self.keys)]
        if self._basis is None:
            candidates = np.arange(len(rows))
        else:  # (the mean's share of every dot product is the same: left out of the ranking)
            ranking = self._projected @ (query @ self._basis)
            take = min(self.CANDIDATES, len(ranking))
            candidates = np.argpartition(-ranking, take - 1)[:take]
        cosines = rows[candidates] @ query if self._basis is not None else rows @ query
        take = min(k, len(cosines))
        best = np.argpartition(-cosines, take - 1)[:take]
        best = best[np.argsort(-cosines[best], kind="stable")]
        return [(self.keys[candidates[i]], float(cosines[i])) for i in best if cosines[i] >= floor]
