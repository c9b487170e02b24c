"""What the Desk's operations hand back: `Changes` (what changed, so views redraw only
that) and the records an undo needs to put things back."""

from __future__ import annotations

from dataclasses import dataclass, field

from factdesk.model import Article, Claim, FactCheck, PriorCheck, StatusChange, Verdict, short_id


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so views refresh only that."""

    articles: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()
    scales: bool = False
    settings: bool = False
    prior_checks: bool = False  # published fact-checks kept (any claim may match them)
    saved_lists: bool = False  # the named lists of the sidebar

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.articles | other.articles,
            self.claims | other.claims,
            self.scales or other.scales,
            self.settings or other.settings,
            self.prior_checks or other.prior_checks,
            self.saved_lists or other.saved_lists,
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
