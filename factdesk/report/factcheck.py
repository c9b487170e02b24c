"""A fact-check as readers see it (issue 20): what goes on its page, pure and testable.

`FactCheckPage` gathers one claim's write-up (factdesk.model.FactCheck) with the claim's
report item (verdict, scale, evidence) and who publishes it (`Publishing`). The findings
are Markdown citing the claim's evidence as [1], [2], ... in the order of its sources
list; `findings_html` renders them with markdown-it-py (CommonMark, raw HTML off) and
passes the result through nh3 (an allow-list sanitiser), so what a checker types can
never put a script, a style or a remote image on a published page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt

from factdesk.model import Claim, Evidence, FactCheck
from factdesk.report.data import (
    ReportItem,
    article_heading,
    date_part,
    one_line,
    public_source,
    published_scale_name,
    safe_url,
)

# A citation in findings: "[2]", not a link's text ("[2](...)"), a reference ("[2]:") or
# an escaped bracket ("\[2]").
_CITATION = re.compile(r"(?<![\\\]])\[(\d{1,3})\](?![(\[:])")
_HEADLINE_CLAIM_LENGTH = 110

_ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip


@dataclass
class Publishing:
    """Who publishes fact-checks and how they explain their work (the publishing
    settings)."""

    organisation: str | None = None
    organisation_url: str | None = None
    logo: str | None = None  # a data: URI of an image (the page loads nothing else)
    methodology: str | None = None
    corrections_policy: str | None = None


@dataclass
class Source:
    """One entry of a fact-check's sources list: a piece of the claim's evidence."""

    number: int
    title: str
    url: str | None
    publisher: str | None
    published: str | None  # YYYY-MM-DD
    accessed: str | None  # YYYY-MM-DD: when factdesk fetched (or was given) it
    archived_url: str | None
    stance: str


@dataclass(frozen=True)
class Appearance:
    """Where a claim of the fact-checked claim's family appeared (issue 23 item 3)."""

    claim_id: str
    date: str | None  # when it was said or its article published (ISO), if known
    imported_at: str  # when it came in: orders appearances with no date
    url: str | None
    title: str | None


@dataclass
class FactCheckPage:
    factcheck: FactCheck
    item: ReportItem  # its own claim's: the verdict of every claim it covers
    publishing: Publishing = field(default_factory=Publishing)
    # The claim's family's appearances, first first (empty: the claim is in no family);
    # the ClaimReview's appearance and firstAppearance are filled from them.
    appearances: list[Appearance] = field(default_factory=list)
    # The other claims it covers (the same point said by others, or elsewhere), each with
    # its family's appearances by claim id: each gets a ClaimReview of its own.
    others: list[ReportItem] = field(default_factory=list)
    other_appearances: dict[str, list[Appearance]] = field(default_factory=dict)

    @property
    def claim(self) -> Claim:
        return self.item.claim

    @property
    def items(self) -> list[ReportItem]:
        """Every claim it covers, its own first."""
        return [self.item, *self.others]

    def appearances_of(self, item: ReportItem) -> list[Appearance]:
        if item is self.item:
            return self.appearances
        return self.other_appearances.get(item.claim.id, [])

    @property
    def headline(self) -> str:
        return one_line(self.factcheck.headline) or propose_headline(self.item)

    @property
    def sources(self) -> list[Source]:
        return sources_of_items(self.items)

    @property
    def scale_name(self) -> str | None:
        scale = self.item.scale
        return published_scale_name(scale, self.publishing.organisation) if scale else None

    @property
    def original_url(self) -> str | None:
        return original_url(self.item)

    @property
    def original_title(self) -> str:
        return article_heading(self.item.article)

    @property
    def offline_copy_on(self) -> str | None:
        return offline_copy_on(self.item)

    @property
    def findings_html(self) -> str:
        return findings_html(self.factcheck.findings, len(self.sources))

    @property
    def url(self) -> str:
        """Where the page lives: the organisation's site + #factcheck-CLAIM, else a URN."""
        base = safe_url(self.publishing.organisation_url)
        anchor = "factcheck-" + self.claim.id
        return f"{base.split('#')[0]}#{anchor}" if base else f"urn:factdesk:factcheck:{anchor}"

    @property
    def anchor(self) -> str:
        return "factcheck-" + self.claim.id

    @property
    def public_source(self) -> str | None:
        return public_source(self.item.article)


def propose_headline(item: ReportItem) -> str:
    """A headline stating the claim and the verdict, for the checker to edit:
    'False: Volkswagen said "it will cut 30,000 jobs"'."""
    claim = one_line(item.claim.text).rstrip(" .")
    if len(claim) > _HEADLINE_CLAIM_LENGTH:
        claim = claim[:_HEADLINE_CLAIM_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    who = item.speaker or one_line(item.article.publisher) or None
    said = f"{who} said “{claim}”" if who else f"Claim that “{claim}”"
    return f"{item.verdict_label}: {said}" if item.verdict else said


def original_url(item: ReportItem) -> str | None:
    """Where the claim was made: the embedded post it comes from, else the article."""
    claim, article = item.claim, item.article
    for post in article.posts:
        if post.start <= claim.start < post.end and safe_url(post.url):
            return safe_url(post.url)
    return safe_url(article.url)


def offline_copy_on(item: ReportItem) -> str | None:
    """When factdesk kept its own copy of the claim's original (imported), if it did."""
    article = item.article
    return date_part(article.imported_at) if (article.raw or article.text) else None


def sources_of(item: ReportItem) -> list[Source]:
    """The claim's evidence as a numbered sources list ([1] is the first evidence added)."""
    return sources_of_items([item])


def sources_of_items(items: list[ReportItem]) -> list[Source]:
    """The evidence of the claims a fact-check covers as one numbered sources list: its
    own claim's first, then each other claim's but for links an earlier claim has."""
    sources: list[Source] = []
    seen: set[str] = set()
    for item in items:
        evidence_list = [e for e in item.evidence if one_line(e.url) not in seen]
        seen |= {one_line(e.url) for e in evidence_list}
        sources += [_source(len(sources) + n, e) for n, e in enumerate(evidence_list, start=1)]
    return sources


def _source(number: int, evidence: Evidence) -> Source:
    url = safe_url(evidence.url)
    return Source(
        number=number,
        title=one_line(evidence.title) or url or one_line(evidence.url),
        url=url,
        publisher=one_line(evidence.publisher) or None,
        published=date_part(evidence.published),
        accessed=date_part(evidence.fetched_at or evidence.added_at),
        archived_url=safe_url(evidence.archived_url),
        stance=evidence.stance,
    )


def group_problems(items: list[ReportItem]) -> list[str]:
    """What stops a fact-check covering these claims (its own first) from rating them as
    one: another claim rated otherwise (an unrated one takes the fact-check's verdict)."""
    main = items[0].verdict if items else None
    problems = []
    for item in items[1:]:
        verdict = item.verdict
        if verdict is None or main is None:
            continue
        if (verdict.scale_id, verdict.rating) != (main.scale_id, main.rating):
            words = one_line(item.claim.text)
            words = words if len(words) <= 60 else words[:60].rsplit(" ", 1)[0] + "…"
            problems.append(
                f"the fact-check rates its claims {items[0].verdict_label}, but “{words}” is"
                f" rated {item.verdict_label}: rate it the same, or take it out of the fact-check"
            )
    return problems


def cited_numbers(findings: str) -> list[int]:
    """The source numbers the findings cite, in order of first citation."""
    seen: dict[int, None] = {}
    for match in _CITATION.finditer(findings or ""):
        seen.setdefault(int(match.group(1)))
    return list(seen)


def citation_problems(findings: str, source_count: int) -> list[str]:
    """What is wrong with the findings' citations: numbers with no source behind them."""
    missing = [n for n in cited_numbers(findings) if not 1 <= n <= source_count]
    if not missing:
        return []
    have = f"{source_count} source{'' if source_count == 1 else 's'}"
    cites = ", ".join(f"[{n}]" for n in missing)
    return [f"the findings cite {cites} but the claim has {have}"]


@functools.cache
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: "<script>" is text. Tables and strikethrough on.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def findings_html(findings: str, source_count: int) -> str:
    """The findings (Markdown) as safe HTML, each citation of an existing source a link
    to it in the sources list."""

    def link(match: re.Match) -> str:
        number = int(match.group(1))
        if 1 <= number <= source_count:
            return f"[\\[{number}\\]](#source-{number})"
        return match.group(0)

    markdown = _CITATION.sub(link, findings or "")
    rendered = _markdown().render(markdown)
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS | {"table", "thead", "tbody", "tr", "th", "td", "del"},
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def findings_paragraphs(findings: str) -> int:
    """How many paragraphs the findings have (blank-line separated, not empty)."""
    return len([p for p in re.split(r"\n\s*\n", findings or "") if p.strip()])
