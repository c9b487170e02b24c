"""Plain data: the things a fact-checker works with. No I/O here.

Ids are ULID strings: stable, unique across laptops (so two databases can be
merged) and sortable by creation time. Their last characters are random (see new_id), so
a short id (short_id: the last 8, as git shortens a hash) names a claim in practice.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # ULID's alphabet

# Characters of an id's random tail shown as its short id: 40 random bits, so among a
# team's million claims a given short id names another one about once in a million.
SHORT_ID_LENGTH = 8


def new_id() -> str:
    """A ULID: 48 bits of milliseconds since 1970, 80 random bits, in 26 characters of
    Crockford's base 32 (made here: the python-ulid package cost 0.2 s of every start,
    reading package metadata as it loads)."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def short_id(row_id: str) -> str:
    """The handle shown for an id: its random tail, lower case (either case is accepted)."""
    return row_id[-SHORT_ID_LENGTH:].lower()


def now_iso() -> str:
    """The current UTC time as ISO 8601 with microseconds (sorts as text)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


# Workflow states of a claim, in the order a claim normally moves through them. A verdict
# moves a claim on to "rated" (a setting may say otherwise); "in review" is an editor's
# check, "published" the fact-check out.
STATUSES = ("new", "researching", "rated", "in review", "published", "not checking")

# How a piece of evidence bears on a claim.
STANCES = ("supports", "refutes", "context", "unclear")

# Full Fact's claim typology (the `kind` of a claim).
CLAIM_KINDS = (
    "personal experience",
    "quantity",
    "correlation or causation",
    "laws or rules",
    "prediction",
    "other",
    "not a claim",
)
# One name for each kind, the same in the app, the reports and the CLI's tables (the
# stored value stays the typology's own words).
CLAIM_KIND_NAMES = {
    "personal experience": "Personal experience",
    "quantity": "Numbers",
    "correlation or causation": "Cause and effect",
    "laws or rules": "Laws and rules",
    "prediction": "Prediction",
    "other": "Other",
    "not a claim": "Not a claim",
}


@dataclass
class Post:
    """A social post embedded in an article, with its span in the article text."""

    author: str | None
    handle: str | None
    date: str | None  # ISO 8601 date
    url: str | None
    text: str
    start: int
    end: int
    id: str = field(default_factory=new_id)
    article_id: str | None = None


@dataclass
class Article:
    source: str  # what the user gave: a URL, a file name, "-" for stdin
    text: str
    title: str | None = None
    url: str | None = None  # canonical URL when known
    author: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO 8601
    language: str | None = None
    posts: list[Post] = field(default_factory=list)
    raw: bytes | None = None  # the page as fetched, kept for offline re-reading
    id: str = field(default_factory=new_id)
    imported_at: str | None = None
    updated_at: str | None = None
    content_hash: str | None = None
    claim_count: int = 0
    verdict_count: int = 0


@dataclass
class Claim:
    text: str
    sentence: str
    start: int  # offsets into Article.text: text[start:end] == sentence
    end: int
    article_id: str | None = None
    context: str | None = None
    speaker: str | None = None  # None: the article's own voice
    speaker_handle: str | None = None
    said_on: str | None = None  # ISO 8601 date
    score: float | None = None  # check-worthiness, 0..1
    checkworthy: bool | None = None
    kind: str | None = None  # one of CLAIM_KINDS
    status: str = "new"
    assignee: str | None = None
    verdict: str | None = None  # label of the current verdict, if any
    id: str = field(default_factory=new_id)
    created_at: str | None = None
    updated_at: str | None = None
    # The speaker's key, the same for one person everywhere ("martin oduya" for "Cllr Martin
    # Oduya"; factdesk.claims.speakers.speaker_key), and whose words these are: one of
    # ATTRIBUTIONS. Both None for claims stored before they existed.
    speaker_key: str | None = None
    attribution: str | None = None


# Whose words a claim is: the article's own voice, its headline, an embedded post, someone
# the article reports or quotes, or a quotation nobody in its paragraph is credited with.
ATTRIBUTIONS = ("article", "headline", "post", "reported", "unattributed")


@dataclass
class Evidence:
    claim_id: str
    url: str
    stance: str = "unclear"
    quote: str | None = None
    note: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    snapshot_text: str | None = None
    archived_url: str | None = None
    fetch_error: str | None = None
    fetched_at: str | None = None
    added_at: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class RatingLevel:
    label: str
    definition: str = ""
    value: float | None = None  # the ClaimReview ratingValue, if the scale is numeric
    colour: str = "#888888"


@dataclass
class RatingScale:
    id: str  # short slug, e.g. "politifact"
    name: str
    levels: list[RatingLevel]
    description: str = ""
    builtin: bool = False

    def level(self, label_or_number: str) -> RatingLevel | None:
        """The level named `label_or_number` (case-insensitive) or at that 1-based position."""
        wanted = label_or_number.strip().casefold()
        for level in self.levels:
            if level.label.casefold() == wanted:
                return level
        if wanted.isdigit() and 1 <= int(wanted) <= len(self.levels):
            return self.levels[int(wanted) - 1]
        return None

    @property
    def numeric(self) -> bool:
        return bool(self.levels) and all(level.value is not None for level in self.levels)


@dataclass
class Verdict:
    claim_id: str
    scale_id: str
    rating: str | None  # a level's label; None on a no-rating scale
    summary: str = ""
    reviewer: str | None = None
    at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


@dataclass
class StatusChange:
    claim_id: str
    status: str
    assignee: str | None = None
    by: str | None = None
    at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


@dataclass
class EvidenceEvent:
    """Evidence added to or removed from a claim: an entry of the claim's history."""

    claim_id: str
    evidence_id: str
    action: str  # "added" or "removed"
    url: str
    title: str | None = None
    stance: str | None = None
    quote: str | None = None
    by: str | None = None
    at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)

    @property
    def removed(self) -> bool:
        return self.action == "removed"


@dataclass
class PriorCheck:
    """A published fact-check found for a claim (Fact Check Tools API or imported ClaimReview)."""

    claim_text: str
    url: str
    claim_id: str | None = None
    claimant: str | None = None
    claim_date: str | None = None
    publisher: str | None = None
    site: str | None = None
    title: str | None = None
    review_date: str | None = None
    rating: str | None = None
    language: str | None = None
    found_at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


@dataclass
class ClaimFilter:
    """What the claims list shows. Every field narrows it; None means 'any'."""

    article_id: str | None = None
    text: str | None = None  # full-text search
    status: str | None = None
    verdict: str | None = None  # a label, or "" for claims without a verdict
    speaker: str | None = None  # substring, case-insensitive
    kind: str | None = None
    min_score: float | None = None
    assignee: str | None = None  # a checker's name, or "" for claims nobody has taken
    sort: str = "position"
    descending: bool = False
    created_since: str | None = None  # ISO time: claims imported (or added) since then


# Where a fact-check is on its way to readers: written, waiting for a second checker's
# sign-off, out (issue 20). An edit after publishing is a Correction.
FACTCHECK_STATES = ("draft", "in review", "published")


@dataclass
class Correction:
    """A change made to a published fact-check, dated and explained on the page."""

    factcheck_id: str
    note: str
    by: str | None = None
    at: str = field(default_factory=now_iso)
    id: str = field(default_factory=new_id)


@dataclass
class FactCheck:
    """The write-up of one claim for readers: headline, findings (Markdown citing the
    claim's evidence as [1], [2], ...), who wrote it and who signed it off. It may cover
    other claims on the same point too (`other_claims`: the same claim said by others, or
    in other articles), rated with its verdict, each shown with its own origin."""

    claim_id: str
    headline: str = ""
    findings: str = ""  # Markdown
    authors: list[str] = field(default_factory=list)
    editor: str | None = None  # the second checker who signed it off
    state: str = "draft"  # one of FACTCHECK_STATES
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    submitted_at: str | None = None
    published_at: str | None = None
    corrections: list[Correction] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    other_claims: list[str] = field(default_factory=list)  # ids, in the order added

    @property
    def claim_ids(self) -> list[str]:
        """Every claim it covers: its own first."""
        return [self.claim_id, *self.other_claims]
