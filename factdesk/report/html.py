"""The HTML report: one self-contained file (inline CSS and SVG, no requests of any kind).

Jinja2 renders it with autoescape on, so every value from the user is escaped by
default and a forgotten `escape()` cannot open a hole; only http(s) URLs (checked by
`safe_url`) ever reach an href, and colours are checked before they reach a style.
"""

from __future__ import annotations

import functools
import re
from types import SimpleNamespace

import jinja2
from markupsafe import Markup, escape

from factdesk.model import STANCES, Article, short_id
from factdesk.paths import resource
from factdesk.report.data import (
    Report,
    ReportItem,
    article_heading,
    author_name,
    claim_type_words,
    date_part,
    group_by_article,
    public_source,
    published_scale_name,
    safe_url,
    share_words,
    speaker_counts,
    text_colour_on,
    verdict_counts,
)

# Control characters are not allowed in HTML (browsers show NUL as U+FFFD): drop them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _finalize(value: object) -> object:
    """Applied to every {{ value }}: None shows as nothing, not as "None"."""
    return "" if value is None else value


def _load_template(name: str) -> str:
    return resource(f"report/{name}").read_text(encoding="utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=False,
        lstrip_blocks=False,
    )


@functools.cache
def _css() -> Markup:
    css = _load_template("report.css")
    # Our own file, but make sure it can never close the <style> element early.
    return Markup(css.replace("</", "<\\/"))


def render_html(report: Report, *, for_qt: bool = False) -> str:
    """The report as one self-contained HTML page (a summary table of verdicts with a bar
    for each, who said the claims, then the claims by article); its print rules make it
    the PDF too (factdesk.report.pdf).

    `for_qt=True` shapes it for Qt's rich text engine (the export dialog's preview),
    which sizes no inline boxes: the bars become table cells.
    """
    items = report.items
    counts = verdict_counts(items)
    total = len(items)
    groups = [
        SimpleNamespace(
            article=article,
            heading=article_heading(article),
            source_parts=_source_parts(article),
            rows=[_row(item, report) for item in group_items],
        )
        for article, group_items in group_by_article(items)
    ]
    largest = max((row.count for row in counts), default=0)
    template = _environment().get_template("report.html.j2")
    page = template.render(
        report=report,
        css=_css(),
        counts=[
            SimpleNamespace(
                label=row.label,
                colour=row.colour,
                count=row.count,
                percent=share_words(row.count, total),
                bar_percent=max(1, round(100 * row.count / largest)) if largest else 0,
            )
            for row in counts
        ],
        total=total,
        rated=sum(1 for item in items if item.verdict is not None),
        groups=groups,
        speakers=speaker_counts(items),
        organisation_url=safe_url(report.organisation_url),
        generated_on=date_part(report.generated_at),
        for_qt=for_qt,
    )
    # Only user text can hold control characters or CRs; one pass over the page is cheapest.
    page = _CONTROL_CHARACTERS.sub("", page)
    return page.replace("\r\n", "\n").replace("\r", "\n") if "\r" in page else page


def date_markup(iso: str | None) -> Markup:
    """A date as the report prints it: YYYY-MM-DD, never broken across lines."""
    return Markup('<span class="date">{}</span>').format(date_part(iso) or "")


def _source_parts(article: Article) -> list[Markup]:
    """What the line under an article's title says of it: where it is (a link when it
    has a URL), who published and wrote it, and when."""
    parts = []
    url = safe_url(article.url)
    source = public_source(article)
    if url:
        parts.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url))
    elif source:
        parts.append(escape(source))
    if article.publisher:
        parts.append(escape(article.publisher))
    if author_name(article.author):
        parts.append(escape("by " + author_name(article.author)))
    if article.published:
        parts.append(Markup("published ") + date_markup(article.published))
    return parts


def _row(item: ReportItem, report: Report) -> SimpleNamespace:
    # Namespaces, not dicts: Jinja tries attribute access first, and a dict's miss is slow.
    colour = item.verdict_colour
    verdict = item.verdict
    return SimpleNamespace(
        item=item,
        label=item.verdict_label,
        colour=colour,
        text_colour=text_colour_on(colour),
        claim_type=claim_type_words(item.claim.kind) if report.show_claim_types else None,
        # "PolitiFact-style" unless PolitiFact publishes: an outlet's name is its own.
        scale_name=published_scale_name(item.scale, report.organisation) if item.scale else None,
        short_id=short_id(item.claim.id),
        summary=_paragraphs(verdict.summary if verdict else ""),
        verdict_on=date_part(verdict.at) if verdict else None,
        evidence=[
            SimpleNamespace(
                item=evidence,
                url=safe_url(evidence.url),
                archived_url=safe_url(evidence.archived_url),
                published=date_part(evidence.published),
                stance_class=evidence.stance if evidence.stance in STANCES else "unclear",
            )
            for evidence in item.evidence
        ],
    )


def _paragraphs(text: str) -> list[Markup]:
    """Blank-line separated paragraphs, each escaped, single newlines kept as <br>."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return [Markup("<br>").join(escape(line) for line in p.splitlines()) for p in paragraphs]
