"""The Markdown report: the same content as the HTML one, for pasting into notes or wikis.

Markdown passes raw HTML through, so user text is made inert: the characters that
start HTML, links, emphasis, code or tables are backslash-escaped, and line breaks
inside a value become spaces so no value can start a heading or list of its own.
Only http(s) URLs become links.
"""

from __future__ import annotations

import re

from factdesk.model import short_id
from factdesk.report.data import (
    Report,
    ReportItem,
    article_heading,
    author_name,
    claim_type_words,
    date_part,
    group_by_article,
    one_line,
    public_source,
    published_scale_name,
    speaker_counts,
    verdict_counts,
)
from factdesk.report.data import safe_url as _safe_url

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~&])")


def md_escape(text: str | None) -> str:
    """`text` on one line with Markdown/HTML-active characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def _md_link(text: str | None, url: str | None) -> str:
    """A link if `url` is http(s), else the escaped text (or URL) as plain text."""
    safe = _safe_url(url)
    label = md_escape(text or url or "")
    if not safe:
        return label
    # Percent-encode what could end the link destination early.
    destination = safe.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    destination = destination.replace("<", "%3C").replace(">", "%3E")
    destination = destination.replace('"', "%22").replace("'", "%27")
    return f"[{label}]({destination})"


def render_markdown(report: Report) -> str:
    """The report as Markdown: a summary table, who said the claims, then each article's
    claims."""
    items = report.items
    lines = [f"# {md_escape(report.title)}", ""]
    byline = []
    if report.organisation:
        byline.append(f"By {_md_link(report.organisation, report.organisation_url)}")
    if report.reviewer:
        byline.append(f"Reviewed by {md_escape(report.reviewer)}")
    byline.append(f"generated {date_part(report.generated_at)}")
    rated = sum(1 for item in items if item.verdict is not None)
    byline.append(f"{len(items)} claim{'' if len(items) == 1 else 's'}, {rated} rated")
    lines += [" · ".join(byline), ""]
    if report.methodology:
        lines += [f"*{md_escape(report.methodology)}*", ""]
    lines += ["## Summary", ""]
    if items:
        lines += ["| Verdict | Claims |", "|---|---:|"]
        lines += [f"| {md_escape(row.label)} | {row.count} |" for row in verdict_counts(items)]
    else:
        lines.append("No claims in this report.")
    if items:
        lines += ["", "## Who said it", "", "| Speaker | Claims | Verdicts |", "|---|---:|---|"]
        for row in speaker_counts(items):
            who = md_escape(row.label)
            if row.handle:
                who += f" ({md_escape(row.handle)})"
            lines.append(f"| {who} | {row.count} | {md_escape(row.verdicts_in_words)} |")
    for article, group in group_by_article(items):
        lines += ["", f"## {md_escape(article_heading(article))}", ""]
        source = []
        if public_source(article):
            source.append(_md_link(public_source(article), article.url))
        if article.publisher:
            source.append(md_escape(article.publisher))
        if author_name(article.author):
            source.append(f"by {md_escape(author_name(article.author))}")
        if article.published:
            source.append(f"published {md_escape(date_part(article.published))}")
        if source:
            lines += ["Source: " + " · ".join(source), ""]
        for item in group:
            lines += _claim_lines(item, report.show_claim_types, report.organisation)
    return "\n".join(lines) + "\n"


def _claim_lines(item: ReportItem, show_claim_types: bool, organisation: str | None) -> list[str]:
    claim, verdict = item.claim, item.verdict
    who = md_escape(item.speaker_label)
    if item.speaker and claim.speaker_handle:
        who += f" ({md_escape(claim.speaker_handle)})"
    if claim.said_on:
        who += f", said on {md_escape(claim.said_on)}"
    lines = [
        f"### {md_escape(item.verdict_label)}: {md_escape(claim.text)}",
        "",
        f"- **Said by:** {who}",
        f"- **Claim:** `{short_id(claim.id)}`",  # its short id, as the app and commands take it
    ]
    if item.scale:
        lines.append(f"- **Scale:** {md_escape(published_scale_name(item.scale, organisation))}")
    claim_type = claim_type_words(claim.kind) if show_claim_types else None
    if claim_type:
        lines.append(f"- **Type:** {md_escape(claim_type)}")
    if verdict:
        if verdict.summary.strip():
            lines.append(f"- **Summary:** {md_escape(verdict.summary)}")
        reviewer = f"{md_escape(verdict.reviewer)}, " if verdict.reviewer else ""
        lines.append(f"- **Reviewed:** {reviewer}{date_part(verdict.at)}")
    if item.evidence:
        lines.append("- **Evidence:**")
        for evidence in item.evidence:
            link = _md_link(evidence.title, evidence.url)
            entry = f"    - *{md_escape(evidence.stance)}*: {link}"
            if evidence.publisher:
                entry += f" ({md_escape(evidence.publisher)})"
            if evidence.archived_url:
                entry += f" · archived: {_md_link(evidence.archived_url, evidence.archived_url)}"
            lines.append(entry)
            if evidence.quote:
                lines.append(f"      > {md_escape(evidence.quote)}")
    lines.append("")
    return lines
