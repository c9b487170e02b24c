"""What the Desk's operations hand back: `Changes` (what changed, so views redraw only
that) and the records an undo needs to put things back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from factdesk.model import Article, Claim, FactCheck, PriorCheck, StatusChange, Verdict, short_id

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class Changes(Generic[RowT]):
    """What an operation changed, so views refresh only that; every operation that writes
    returns one. `row` is what it made, when a caller needs it (the verdict or status
    change an undo takes back, the evidence link, the claim marked): `Changes[Verdict]`."""

    articles: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()
    scales: bool = False
    settings: bool = False
    prior_checks: bool = False  # published fact-checks kept (any claim may match them)
    saved_lists: bool = False  # the named lists of the sidebar
    row: RowT | None = field(default=None, compare=False)

    @property
    def made(self) -> RowT:
        """The row the operation made (for those that make one)."""
        if self.row is None:
            raise ValueError("this operation made no row")
        return self.row

    def __or__(self, other: Changes[Any]) -> Changes[RowT]:
        """Both changes; the row is this one's."""
        return Changes(
            self.articles | other.articles,
            self.claims | other.claims,
            self.scales or other.scales,
            self.settings or other.settings,
            self.prior_checks or other.prior_checks,
            self.saved_lists or other.saved_lists,
            self.row,
        )


def claim_changed(claim: Claim, row: RowT | None = None) -> Changes[RowT]:
    """A change to one claim (and so to its article's counts), with the row it made."""
    articles = frozenset({claim.article_id}) if claim.article_id else frozenset[str]()
    return Changes(articles=articles, claims=frozenset({claim.id}), row=row)


def records_changed(
    records: list[ClaimRecord], row: RowT | None = None, made: Iterable[Claim] = ()
) -> Changes[RowT]:
    """A change to the claims of `records` (deleted or put back) and to those `made`."""
    claims = [record.claim for record in records] + list(made)
    return Changes(
        articles=frozenset(c.article_id for c in claims if c.article_id),
        claims=frozenset(c.id for c in claims),
        row=row,
    )


@dataclass
class ImportResult:
    article: Article
    claim_count: int
    outcome: str  # "new", "unchanged" (seen before, kept as it was) or "replaced" (re-split)
    changes: Changes = field(default_factory=Changes)


@dataclass
class SimilarClaim:
    claim: Claim
    similarity: float  # 0..1
    seen_before: str | None  # "Seen before: rated False on ..." when it has a verdict
    same_speaker: bool = False  # said by the same person (their speaker keys are equal)


@dataclass
class SpeakerSummary:
    """One speaker across the database: the forms used for them, and how much they said."""

    key: str
    name: str  # the form used most
    aliases: tuple[str, ...]  # the other names and the handles
    claim_count: int
    article_count: int


@dataclass
class ClaimRecord:
    """Everything about one claim, enough to put it back after a delete (undo)."""

    claim: Claim
    evidence_rows: list[dict]
    verdicts: list[Verdict]
    status_changes: list[StatusChange]
    prior_checks: list[PriorCheck]
    field_times: str | None = None  # when each field was last edited (for merges)
    factcheck: FactCheck | None = None  # its write-up, with its corrections
    # Its register of the fact-check covering it (store/factcheck_claims.py), as stored.
    factcheck_claims: list[dict] = field(default_factory=list)


@dataclass
class TrashItem:
    """An entry of the trash: an article, claims or an evidence link, with all its work."""

    id: str
    kind: str  # "article", "claims" or "evidence"
    label: str  # the article's title, the claim's text, the link's title
    detail: str  # "12 claims, 3 with a verdict", "in 'Title'", ...
    trashed_at: str
    by: str | None = None
    item_id: str = ""
    article_id: str | None = None
    changes: Changes = field(default_factory=Changes)  # what moving it there changed

    @property
    def short_id(self) -> str:
        return short_id(self.id)


@dataclass
class ArticleRecord:
    """An article as it was before a delete, with its claims: enough to undo it."""

    row: dict
    posts: list[dict]
    claims: list[ClaimRecord]

    @property
    def changes(self) -> Changes:
        """What deleting (or restoring) it changed."""
        return Changes(
            articles=frozenset({self.row["id"]}),
            claims=frozenset(c.claim.id for c in self.claims),
        )
