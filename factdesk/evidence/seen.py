"""Seen before (issue 23): a claim imported that repeats a rated claim is marked with it,
so the desk says at once "seen before: rated False by Ana on 26 Nov; 3 appearances" and
can take that verdict in one step (a new verdict citing the earlier one)."""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from factdesk.evidence.similar import NEGATIONS, STOP_WORDS, best_matches
from factdesk.model import Claim, Verdict

# The score a claim must reach against a rated one to be marked as repeating it: the
# same as the watched sources' "repeats of rated claims" (factdesk/watch.py).
SEEN_BEFORE_THRESHOLD = 0.6
# How many rated claims sharing the most (rare) words with a new claim the matcher scores.
CANDIDATES = 12
MIN_SHARED = 0.25
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")


@dataclass
class SeenBefore:
    claim_id: str
    earlier: Claim
    verdict: Verdict | None  # the earlier claim's current verdict (None: taken back since)
    score: float
    appearances: int  # the earlier claim and every claim marked as repeating it
    # In the claim's family (confirmed by a checker, issue 23 item 3): `earlier` is the
    # member with the latest verdict, `appearances` the family's members.
    family: bool = False

    def describe(self) -> str:
        if self.verdict is None:
            rated = "rated earlier, verdict since taken back"
        else:
            label = self.verdict.rating or f"concluded {self.verdict.summary[:60]!r}"
            by = f" by {self.verdict.reviewer}" if self.verdict.reviewer else ""
            rated = f"rated {label}{by} on {short_date(self.verdict.at)}"
        seen = "its family" if self.family else "seen before"
        return f"{seen}: {rated}; {self.appearances} appearances"

    def citation(self) -> str:
        """The summary of a verdict taken from the earlier claim: it cites that claim."""
        assert self.verdict is not None
        said = self.verdict.summary.strip()
        what = "In one family with a claim" if self.family else "Repeats a claim"
        cited = (
            f"{what} rated {self.verdict.rating or 'earlier'} on"
            f" {self.verdict.at[:10]} (claim {self.earlier.id}: {self.earlier.text[:120]!r})."
        )
        return f"{cited} {said}" if said else cited


def short_date(at: str) -> str:
    day = dt.datetime.fromisoformat(at)
    return f"{day.day} {day:%b}"


def find_repeat(text: str, rated: Iterable[tuple[str, str]]) -> tuple[str, float] | None:
    """The rated claim (id, text) that `text` repeats best, with its score, if any does."""
    found = best_matches(text, rated, threshold=SEEN_BEFORE_THRESHOLD, limit=1)
    return found[0] if found else None


def salient_words(text: str) -> set[str]:
    """The words that say what a claim is about: no stop words (negations kept), crudely
    stemmed so "activists" meets "activist"."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return {
        w[:-1] if len(w) > 3 and w.endswith("s") else w
        for w in words
        if w not in STOP_WORDS or w in NEGATIONS
    }


class RatedIndex:
    """The rated claims' salient words in memory, to find the few a new claim may repeat
    without a full-text query per claim (those cost 250 ms each at 100k claims; this is
    built once per import in about the time of one: bench/bench_statistics.py)."""

    def __init__(self, rated: Iterable[tuple[str, str, str]]):
        self.claims: dict[str, tuple[str, str]] = {}  # id -> (text, article id)
        self.postings: dict[str, list[str]] = {}
        for claim_id, text, article_id in rated:
            self.claims[claim_id] = (text, article_id)
            for word in salient_words(text):
                self.postings.setdefault(word, []).append(claim_id)

    def find_repeat(self, text: str, article_id: str | None) -> tuple[str, float] | None:
        """The rated claim of another article that `text` repeats best, with its score."""
        shared: dict[str, float] = {}
        whole = 0.0
        for word in salient_words(text):
            posting = self.postings.get(word, ())
            weight = 1.0 / (1.0 + math.log(1 + len(posting)))  # rare words count more
            whole += weight
            for claim_id in posting:
                shared[claim_id] = shared.get(claim_id, 0.0) + weight
        # Sharing under a quarter of its words' weight, a claim is not scored: the matcher
        # (today's, lexical) would not find it close enough anyway.
        candidates = [
            (claim_id, self.claims[claim_id][0])
            for claim_id, weight in heapq.nlargest(
                CANDIDATES * 2, shared.items(), key=lambda item: item[1]
            )
            if self.claims[claim_id][1] != article_id and weight >= whole * MIN_SHARED
        ][:CANDIDATES]
        return find_repeat(text, candidates)
