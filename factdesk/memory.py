"""Claim memory (issue 23): finding the claims a claim repeats, however it is worded.

The Desk hands itself over (like watch.py; memory never imports desk). Each claim's
vector (the sentence encoder's, attributions stripped: claims/paraphrase.py) is computed
once and kept in the database (store/vectors.py), so a look-up runs the encoder for the
new claim only; stored claims are found by an exact int8 dot product over every vector
(claims/paraphrase.VectorIndex) and the closest few are scored by the paraphrase matcher
(evidence/paraphrase.py), which turns opposite claims and other figures away.

- `mark_seen_before`: at import, each new claim that repeats a rated claim of another
  article is marked (the index of the rated claims' vectors is kept between imports);
- `similar_claims`: the claims of other articles that say the same thing as one claim,
  found among every stored vector and the full-text candidates alike;
- claim families: claims a checker linked as one claim (suggested by `similar`), with
  their appearances over time (read from the members' articles, never stored).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from factdesk.claims.encoder import MODEL_NAME
from factdesk.claims.paraphrase import (
    VectorIndex,
    claim_vectors,
    from_bytes,
    quantise,
    strip_attribution,
)
from factdesk.evidence.paraphrase import PARAPHRASE_THRESHOLD, best_possible, same_claim
from factdesk.evidence.similar import SIMILAR_THRESHOLD, similarity
from factdesk.model import Claim
from factdesk.report.factcheck import Appearance
from factdesk.store import families, saved, vectors

# The closest stored claims by cosine that the matcher scores. The encoder's vectors share
# a common direction (two unrelated claims: cosine 0.63 on average, 69% above 0.6), so
# the floor is set by the pair set instead: no pair the matcher takes has a cosine under
# 0.78 (a pair under 0.75 would need a lexical score near 1: the full-text candidates
# bring those).
NEAREST = 12
NEAREST_FLOOR = 0.75
# For a seen-before mark only the best repeat counts: the closest few by cosine are scored.
REPEAT_CANDIDATES = 5
# The most nearest vectors a look-up asks for when those of claims in the trash (or
# deleted) crowd the nearest: as many as the index scores exactly (VectorIndex.CANDIDATES).
MOST_ASKED = 400


def vector_key(text: str) -> str:
    """What a stored vector was computed from: the model and the claim's text (a hash:
    checked for every rated claim when the index is loaded, so it must be cheap)."""
    digest = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:16]
    return f"{MODEL_NAME}:{digest}"


def vectors_for(
    db: Any, claims: list[tuple[str, str]], *, keep: bool, compute: bool = True
) -> dict[str, np.ndarray]:
    """claim id -> int8 vector of each (id, text): the stored one when it is still that
    text's, else computed (and kept, with keep=True, inside the caller's write); with
    compute=False, only the stored ones."""
    stored = vectors.vectors_of(db, [claim_id for claim_id, _text in claims])
    found: dict[str, np.ndarray] = {}
    missing = []
    for claim_id, text in claims:
        key, blob = stored.get(claim_id, (None, b""))
        if key == vector_key(text):
            found[claim_id] = from_bytes(blob)
        else:
            missing.append((claim_id, text))
    if missing and compute:
        rows = quantise(claim_vectors([text for _id, text in missing]))
        found.update((claim_id, row) for (claim_id, _text), row in zip(missing, rows, strict=True))
        if keep:
            vectors.put_vectors(
                db,
                [(cid, vector_key(text), found[cid].tobytes()) for cid, text in missing],
            )
    return found


# A claim's text without its attribution, kept: the claims near one are near the next one
# a checker reads (a look-up strips up to 20 candidates).
_stripped = lru_cache(maxsize=32768)(strip_attribution)


def _unit(row: np.ndarray) -> np.ndarray:
    vector = row.astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


class ClaimMemory:
    """One Desk's in-memory indexes of stored vectors, refreshed from the database as
    claims are rated or stored (the Desk keeps one; a thread keeps its own Desk)."""

    def __init__(self) -> None:
        self._rated: tuple[tuple[int, str | None], VectorIndex, dict[str, tuple[str, str]]]
        self._rated = ((-1, None), VectorIndex(), {})
        self._all = VectorIndex()
        self._indexed: set[str] = set()
        self._replaced: set[str] = set()  # indexed twice: an older vector is in the index too
        self._all_rowid = 0
        self._all_number = (-1, -1)
        self._coverage: tuple[tuple[int, int], bool] = ((-1, -1), False)  # (change number)

    # --- seen before at import ---------------------------------------------------------

    def _rated_index(
        self, db: Any, *, keep: bool = True
    ) -> tuple[VectorIndex, dict[str, tuple[str, str]]]:
        signature = saved.rated_signature(db)
        if self._rated[0] != signature:
            index, texts, missing = VectorIndex(), {}, []
            for claim_id, text, article_id, key, blob in vectors.rated_claims_with_vectors(db):
                texts[claim_id] = (text, article_id)
                if key == vector_key(text) and blob:
                    index.add(claim_id, from_bytes(blob))
                else:
                    missing.append((claim_id, text))
            # Rated claims without a vector (an older desk, a bundle, the hub): once, here.
            keep = keep and not db.read_only
            for claim_id, row in vectors_for(db, missing, keep=keep).items():
                index.add(claim_id, row)
            self._rated = (signature, index, texts)
        return self._rated[1], self._rated[2]

    def mark_seen_before(self, db: Any, article_id: str, claims: list[Claim], now: str) -> None:
        """Inside the import's write: keep the new claims' vectors, and mark each that
        repeats a rated claim of another article."""
        # Nothing rated, nothing to repeat: a new desk (or a benchmark's million claims)
        # imports without running the encoder again. Claims stored then get their vector
        # when a look-up first needs it.
        if not claims or not saved.any_rated(db):
            return
        found = vectors_for(db, [(c.id, c.text) for c in claims], keep=True)
        index, texts = self._rated_index(db)
        for claim in claims:
            repeat = self._best(claim.text, found[claim.id], index, texts, article_id)
            if repeat:
                saved.mark_seen_before(db, claim.id, repeat[0], repeat[1], now)

    def repeats(self, db: Any, claims: list[Claim]) -> dict[str, tuple[str, float]]:
        """For those of `claims` that repeat a rated claim of another article: (its id,
        the score), found as the marks at import are (for claims rated since). A read:
        vectors not stored yet are computed, not kept."""
        if not claims or not saved.any_rated(db):
            return {}
        found = vectors_for(db, [(c.id, c.text) for c in claims], keep=False)
        index, texts = self._rated_index(db, keep=False)
        repeats = {}
        for claim in claims:
            repeat = self._best(claim.text, found[claim.id], index, texts, claim.article_id)
            if repeat:
                repeats[claim.id] = repeat
        return repeats

    @staticmethod
    def _best(
        text: str,
        row: np.ndarray,
        index: VectorIndex,
        texts: dict[str, tuple[str, str]],
        article_id: str | None,
    ) -> tuple[str, float] | None:
        claim = strip_attribution(text)
        best: tuple[str, float] | None = None
        for other_id, cosine in index.nearest(_unit(row), REPEAT_CANDIDATES, NEAREST_FLOOR):
            other_text, other_article = texts[other_id]
            if other_article == article_id:
                continue
            if best_possible(cosine) <= (best[1] if best else PARAPHRASE_THRESHOLD - 1e-9):
                break  # closest first: no later one can do better
            score = same_claim(claim, strip_attribution(other_text), cosine)
            if score >= PARAPHRASE_THRESHOLD and (best is None or score > best[1]):
                best = (other_id, score)
        return best

    # --- similar claims -------------------------------------------------------------------

    def _all_index(self, db: Any) -> VectorIndex:
        number = vectors.change_number(db)
        if number == self._all_number:
            return self._all  # (nothing written since: no vector added)
        self._all_number = number
        keys, blobs = [], []
        for rowid, claim_id, blob in vectors.vectors_after(db, self._all_rowid):
            keys.append(claim_id)
            blobs.append(blob)
            self._all_rowid = rowid
            if claim_id in self._indexed:  # (a claim edited since: its vector replaced)
                self._replaced.add(claim_id)
            self._indexed.add(claim_id)
        if keys:  # (one block: 100,000 rows in a fraction of a second)
            self._all.add_many(keys, from_bytes(b"".join(blobs)).reshape(len(keys), -1))
        return self._all

    def covers_every_claim(self, db: Any) -> bool:
        """Whether every claim has a stored vector: then the full-text candidates add
        nothing the vectors do not find (no pair the matcher takes is under the floor).
        Read again only when the database changed since (its change number)."""
        number = vectors.change_number(db)
        if self._coverage[0] != number:
            self._coverage = (number, vectors.claims_without_vectors(db) == 0)
        return self._coverage[1]

    def _nearest_present(
        self, db: Any, query: np.ndarray, wanted: int, get_claims: Any
    ) -> tuple[dict[str, float], dict[str, Claim]]:
        """The `wanted` nearest stored vectors whose claims are there, with the claims.
        A claim in the trash keeps its vector (a cache: it comes back with the claim), so
        its vector is passed over here: asked again for more when some were."""
        index = self._all_index(db)
        asked = wanted
        while True:
            near = dict(index.nearest(query, asked, NEAREST_FLOOR))
            claims = {c.id: c for c in get_claims(list(near))}
            # A claim whose vector was replaced is in the index twice: its cosine is the
            # current vector's (the older one is passed over when it alone was near).
            replaced = [(cid, c.text) for cid, c in claims.items() if cid in self._replaced]
            for cid, vector in vectors_for(db, replaced, keep=False, compute=False).items():
                near[cid] = float(_unit(vector) @ query)
            claims = {cid: c for cid, c in claims.items() if near[cid] >= NEAREST_FLOOR}
            absent = len(near) - len(claims)
            if not absent or len(near) < asked or asked >= MOST_ASKED:
                kept = sorted(claims, key=lambda cid: -near[cid])[:wanted]
                return {cid: near[cid] for cid in kept}, {cid: claims[cid] for cid in kept}
            asked = min(MOST_ASKED, asked + 2 * absent)

    def similar(
        self, db: Any, claim: Claim, lexical: Iterable[Claim], get_claims: Any, limit: int
    ) -> list[tuple[Claim, float]]:
        """Claims of other articles making the same claim as `claim`, best first: the
        nearest stored vectors and the full-text candidates `lexical`, each scored by the
        paraphrase matcher. `get_claims(ids)` reads claims (deleted ones are not found)."""
        row = vectors_for(db, [(claim.id, claim.text)], keep=False)[claim.id]
        query = _unit(row)
        # (a few more than asked: the claim itself and its own article's claims are found too)
        near, candidates = self._nearest_present(db, query, max(NEAREST, limit) + 8, get_claims)
        candidates.update((c.id, c) for c in lexical)
        candidates = {cid: c for cid, c in candidates.items() if c.article_id != claim.article_id}
        unknown = [(cid, c.text) for cid, c in candidates.items() if cid not in near]
        for cid, vector in vectors_for(db, unknown, keep=False, compute=False).items():
            near[cid] = float(_unit(vector) @ query)
        text = _stripped(claim.text)
        scored = []
        for cid, other in candidates.items():
            if cid in near:
                if best_possible(near[cid]) < PARAPHRASE_THRESHOLD:
                    continue  # (most full-text candidates: scoring each costs 1 ms)
                score = same_claim(text, _stripped(other.text), near[cid])
                kept = score >= PARAPHRASE_THRESHOLD
            else:  # no vector stored yet (imported before anything was rated): today's
                # lexical score, rather than running the encoder 50 times in a look-up
                score = similarity(claim.text, other.text)
                kept = score >= SIMILAR_THRESHOLD
            if kept:
                scored.append((other, score))
        scored.sort(key=lambda pair: (-pair[1], pair[0].id))
        return scored[:limit]


# --- claim families -------------------------------------------------------------------------


def link(
    db: Any, claim_id: str, other_id: str, new_id: str, at: str, by: str | None
) -> dict[str, str | None]:
    """Inside the caller's write: put two claims in one family (a new one with id `new_id`
    when neither is in one; both families joined when each is). Returns every touched
    claim's family before, for `restore`."""
    before = families.memberships(db, [claim_id, other_id])
    family = before.get(claim_id) or before.get(other_id) or new_id
    moving = [claim_id, other_id]
    for joined in {before.get(claim_id), before.get(other_id)}:
        if joined is not None and joined != family:
            moving += families.members(db, joined)
    current = families.memberships(db, moving)
    previous: dict[str, str | None] = {cid: current.get(cid) for cid in dict.fromkeys(moving)}
    for cid, was in previous.items():
        if was != family:
            families.set_membership(db, cid, family, at, by)
    # (a family joined into another is left empty)
    families.drop_small_families(db, at, [family, *before.values()])
    return previous


def restore(db: Any, previous: dict[str, str | None], at: str) -> None:
    """Inside the caller's write: put claims back in the families they were in (undo)."""
    touched = [*families.memberships(db, list(previous)).values(), *previous.values()]
    for claim_id, family_id in previous.items():
        families.set_membership(db, claim_id, family_id, at, None)
    families.drop_small_families(db, at, touched)


def appearances(db: Any, claim_id: str) -> list[Appearance]:
    """The appearances of the claim's family, first first (none when it is in no family)."""
    family = families.memberships(db, [claim_id]).get(claim_id)
    if family is None:
        return []
    found = [Appearance(*row) for row in families.appearances(db, family)]
    return sorted(found, key=lambda a: (a.date or a.imported_at, a.imported_at, a.claim_id))


def family_of(db: Any, claim_id: str) -> list[str]:
    """The ids of the claims in the claim's family, itself included (empty: no family)."""
    return families.families_of(db, [claim_id]).get(claim_id, [])
