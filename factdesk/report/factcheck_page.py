"""Published fact-checks (issue 20): a self-contained HTML page with ClaimReview JSON-LD
and print CSS (its PDF is the same page laid out by factdesk.report.pdf), an HTML
fragment for a CMS, and Markdown.

The page follows what fact-checkers publish (Full Fact, PolitiFact, AFP): a headline
stating claim and verdict; what was claimed, by whom, where (a link to the original)
and the copy kept offline; what we found, citing the sources; the verdict; the sources
(publisher, title, dates, archived copy); author, editor, dates; corrections; how we
check, with the scale's own labels.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup

from factdesk.report.claimreview import _claimreview, claim_reviewed
from factdesk.report.data import (
    Report,
    ReportItem,
    article_heading,
    date_part,
    json_for_html,
    one_line,
    public_source,
    safe_colour,
    text_colour_on,
)
from factdesk.report.factcheck import Appearance, FactCheckPage, offline_copy_on, original_url
from factdesk.report.html import _CONTROL_CHARACTERS, _environment, _load_template

_LOGO_PREFIX = ("data:image/png;base64,", "data:image/jpeg;base64,", "data:image/svg+xml;base64,")


def factcheck_claimreview(page: FactCheckPage) -> dict[str, Any] | None:
    """The page's schema.org ClaimReview with Google's required and recommended fields:
    claimReviewed, reviewRating (ratingValue, bestRating, worstRating on a numeric scale;
    alternateName always), author, datePublished, url, and itemReviewed, a Claim with its
    author, datePublished, appearance and firstAppearance. None for an unrated claim."""
    publishing = page.publishing
    report = Report(
        title=page.headline,
        items=[page.item],
        organisation=publishing.organisation,
        organisation_url=publishing.organisation_url,
        reviewer=", ".join(page.factcheck.authors) or None,
    )
    review = _claimreview(page.item, report)
    if review is None:
        return None
    review["url"] = page.url
    review["headline"] = page.headline
    published = date_part(page.factcheck.published_at or page.factcheck.updated_at)
    review["datePublished"] = published
    if page.factcheck.corrections:
        review["dateModified"] = date_part(page.factcheck.corrections[-1].at)
    author = review.get("author")
    if isinstance(author, dict) and author.get("@type") == "Organization" and _logo(page):
        author["logo"] = {"@type": "ImageObject", "url": _logo(page)}
    if page.factcheck.editor:
        review["editor"] = {"@type": "Person", "name": page.factcheck.editor}
    if page.factcheck.authors and author and author.get("@type") == "Organization":
        review["creator"] = [{"@type": "Person", "name": name} for name in page.factcheck.authors]
    review["itemReviewed"] = _item_reviewed(page, page.item)
    return review


def factcheck_claimreviews(page: FactCheckPage) -> list[dict[str, Any]]:
    """A ClaimReview for each claim the fact-check covers, its own first: each names its
    claim (claimReviewed, and itemReviewed with its author, date and appearances), all
    share the review (reviewRating, url, author, datePublished). None for an unrated one."""
    review = factcheck_claimreview(page)
    if review is None:
        return []
    return [review] + [
        {**review, "claimReviewed": one_line(item.claim.text),
         "itemReviewed": _item_reviewed(page, item)}
        for item in page.others
    ]  # fmt: skip


def _item_reviewed(page: FactCheckPage, item: ReportItem) -> dict[str, Any]:
    """The Claim one claim of the page is: its author and date, where it appeared (its
    original, or every appearance of its family, the first first)."""
    reviewed = claim_reviewed(item)
    where = original_url(item)
    if where:
        appearance = {"@type": "CreativeWork", "url": where}
        article = item.article
        if article.title:
            appearance["headline"] = one_line(article.title)
        appeared_on = date_part(item.claim.said_on or article.published)
        if appeared_on:
            appearance["datePublished"] = appeared_on
        reviewed["appearance"] = [appearance]
        reviewed["firstAppearance"] = appearance
    appearances = page.appearances_of(item)
    if appearances:  # the claim's family: every appearance, the first first
        works = [_creative_work(a) for a in appearances if a.url or a.title]
        if works:
            reviewed["appearance"] = works
            reviewed["firstAppearance"] = works[0]
    if "appearance" in reviewed and "firstAppearance" not in reviewed:
        reviewed["firstAppearance"] = reviewed["appearance"]
    if "datePublished" not in reviewed and item.article.published:
        reviewed["datePublished"] = date_part(item.article.published)
    return reviewed


def _creative_work(appearance: Appearance) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if appearance.url:
        work["url"] = appearance.url
    if appearance.title:
        work["headline"] = one_line(appearance.title)
    if appearance.date:
        work["datePublished"] = date_part(appearance.date)
    return work


def _logo(page: FactCheckPage) -> str | None:
    logo = (page.publishing.logo or "").strip()
    return logo if logo.startswith(_LOGO_PREFIX) and '"' not in logo else None


def _claimed_view(item: ReportItem) -> SimpleNamespace:
    """What was claimed, one claim: its words, who said it and when, where (a link to the
    original), and the copy kept offline."""
    return SimpleNamespace(
        claim=item.claim,
        said_on=date_part(item.claim.said_on),
        original_url=original_url(item),
        original_title=article_heading(item.article),
        original_publisher=one_line(item.article.publisher) or None,
        original_published=date_part(item.article.published),
        offline_copy_on=offline_copy_on(item),
        public_source=public_source(item.article),
        speaker=item.speaker_label,
        handle=item.claim.speaker_handle if item.speaker else None,
    )


def _page_view(page: FactCheckPage) -> SimpleNamespace:
    colour = page.item.verdict_colour
    level = page.item.current_level
    scale = page.item.scale
    verdict = page.item.verdict
    return SimpleNamespace(
        page=page,
        fc=page.factcheck,
        claim=page.claim,
        headline=page.headline,
        label=page.item.verdict_label,
        colour=safe_colour(colour),
        text_colour=text_colour_on(safe_colour(colour)),
        definition=level.definition if level else "",
        summary=one_line(verdict.summary) if verdict else "",
        scale_name=page.scale_name,
        scale_levels=scale.levels if scale else [],
        findings=Markup(page.findings_html),
        sources=page.sources,
        corrections=[
            SimpleNamespace(on=date_part(c.at), note=c.note, by=c.by)
            for c in page.factcheck.corrections
        ],
        published_on=date_part(page.factcheck.published_at),
        updated_on=date_part(page.factcheck.corrections[-1].at)
        if page.factcheck.corrections
        else None,
        claimed=[_claimed_view(item) for item in page.items],  # its own claim first
    )


@functools.cache
def _css() -> Markup:
    return Markup(_load_template("factcheck.css").replace("</", "<\\/"))


def _render(pages: list[FactCheckPage], *, whole_page: bool) -> str:
    reviews = [review for page in pages for review in factcheck_claimreviews(page)]
    jsonld = reviews[0] if len(reviews) == 1 else reviews
    publishing = pages[0].publishing if pages else None
    html = (
        _environment()
        .get_template("factcheck.html.j2")
        .render(
            views=[_page_view(page) for page in pages],
            publishing=publishing,
            logo=_logo(pages[0]) if pages else None,
            title=pages[0].headline if len(pages) == 1 else "Fact-checks",
            jsonld=Markup(json_for_html(jsonld)) if reviews else None,
            css=_css(),
            whole_page=whole_page,
        )
    )
    return _CONTROL_CHARACTERS.sub("", html).replace("\r", "")


def render_factcheck_page(pages: list[FactCheckPage]) -> str:
    """One self-contained HTML page (inline CSS and images, no requests) holding these
    fact-checks and their ClaimReview JSON-LD; its print rules make the PDF."""
    return _render(pages, whole_page=True)


def render_factcheck_fragment(pages: list[FactCheckPage]) -> str:
    """The fact-checks as an HTML fragment to paste into a CMS (WordPress's Custom HTML
    block): the articles and the JSON-LD script, no page head or styles."""
    return _render(pages, whole_page=False)


def render_factcheck_markdown(pages: list[FactCheckPage]) -> str:
    """The fact-checks as Markdown (findings as written, citations as [1], [2], ...)."""
    blocks = []
    for page in pages:
        view = _page_view(page)
        lines = [f"# {_md(view.headline)}", ""]
        byline = []
        if page.factcheck.authors:
            byline.append("By " + ", ".join(page.factcheck.authors))
        if page.factcheck.editor:
            byline.append("edited by " + page.factcheck.editor)
        if view.published_on:
            byline.append("published " + view.published_on)
        if view.updated_on:
            byline.append("updated " + view.updated_on)
        if byline:
            lines += ["*" + _md(" · ".join(byline)) + "*", ""]
        scale = f" ({_md(view.scale_name)})" if view.scale_name else ""
        lines += [f"**Verdict: {_md(view.label)}**{scale}", ""]
        lines += ["## What was claimed", ""]
        for claimed in view.claimed:  # (a fact-check may cover several claims on one point)
            lines += ["> " + _md(one_line(claimed.claim.text)), ""]
            said = _md(claimed.speaker + (f" ({claimed.handle})" if claimed.handle else ""))
            if claimed.said_on:
                said += f", {claimed.said_on}"
            if claimed.original_url:
                said += f" — [{_md(claimed.original_title)}]({claimed.original_url})"
            lines += [said, ""]
        # Raw HTML in findings is text on the page; a CMS would run it, so it stays text.
        findings = (page.factcheck.findings or "").strip().replace("<", "&lt;")
        lines += ["## What we found", "", findings, ""]
        if view.summary:
            lines += ["## Our verdict", "", f"**{_md(view.label)}**: {_md(view.summary)}", ""]
        if view.sources:
            lines += ["## Sources", ""]
            for source in view.sources:
                lines.append(f"{source.number}. " + _md_source(source))
            lines.append("")
        if view.corrections:
            lines += ["## Corrections", ""]
            lines += [f"- {c.on}: {_md(c.note)}" for c in view.corrections]
            lines.append("")
        blocks.append("\n".join(lines))
    return "\n---\n\n".join(blocks).rstrip() + "\n"


def _md_source(source: Any) -> str:
    title = f"[{_md(source.title)}]({source.url})" if source.url else _md(source.title)
    parts = [p for p in (_md(source.publisher or ""), title) if p]
    if source.published:
        parts.append("published " + source.published)
    if source.accessed:
        parts.append("accessed " + source.accessed)
    if source.archived_url:
        parts.append(f"[archived copy]({source.archived_url})")
    return ", ".join(parts)


def _md(text: str) -> str:
    """Text with Markdown's special characters escaped, on one line."""
    out = one_line(text)
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out
