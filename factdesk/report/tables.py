"""CSV (one row per claim, safe to open in a spreadsheet) and JSON (everything)."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

from factdesk.model import Article, short_id
from factdesk.report.data import (
    Report,
    ReportItem,
    claim_type_words,
    group_by_article,
    json_for_html,
    missing_for_publishing,
    one_line,
    public_source,
    verdict_counts,
)

CSV_COLUMNS = (
    "article title",
    "article url",
    "claim id",
    "claim text",
    "speaker",
    "handle",
    "said_on",
    "score",
    "kind",
    "status",
    "verdict",
    "scale",
    "summary",
    "reviewer",
    "verdict_at",
    "evidence urls",
    "claim type",  # in words, as the reports show it ("" for none)
    "source",  # the article's URL or file name, as the reports name it
    "missing",  # what a rated claim lacks before it can be published
    # The speaker as the reports name them: the person's one name across the database
    # ("Elena Rusk" where `speaker` is "Cllr Elena Rusk"), and the key that joins their forms.
    "speaker_name",
    "speaker_key",
    "short id",  # the claim's short id, as the app and `factdesk` commands take it
)

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection);
# the full-width forms are included because some spreadsheets normalise them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

JSON_FORMAT = "factdesk-report"
JSON_VERSION = 1


def spreadsheet_safe(value: Any) -> str:
    """`value` as text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def render_csv(report: Report) -> str:
    """One row per claim (columns `CSV_COLUMNS`), every cell spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for _article, items in group_by_article(report.items):
        for item in items:
            writer.writerow(spreadsheet_safe(cell) for cell in _csv_row(item))
    return out.getvalue()


def _csv_row(item: ReportItem) -> list[Any]:
    claim, article, verdict = item.claim, item.article, item.verdict
    return [
        one_line(article.title),
        article.url,
        claim.id,
        claim.text,
        claim.speaker,
        claim.speaker_handle,
        claim.said_on,
        "" if claim.score is None else f"{claim.score:.3f}",
        claim.kind,
        claim.status,
        item.verdict_label if verdict else "",
        item.scale.name if item.scale else (verdict.scale_id if verdict else ""),
        verdict.summary if verdict else "",
        verdict.reviewer if verdict else "",
        verdict.at if verdict else "",
        " ".join(evidence.url for evidence in item.evidence),
        claim_type_words(claim.kind),
        public_source(article),
        " ".join(missing_for_publishing(item)),
        item.speaker,
        claim.speaker_key,
        short_id(claim.id),
    ]


def render_json(report: Report, *, include_article_text: bool = False) -> str:
    """Every field of every object as JSON: articles with their claims, each claim's
    verdict, level and evidence, and the rating scales used.

    Article texts (often long) are left out unless `include_article_text`; the raw
    page bytes never are included.
    """
    scales: dict[str, Any] = {}
    for item in report.items:
        if item.scale is not None and item.scale.id not in scales:
            scales[item.scale.id] = _plain(item.scale)
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "title": report.title,
        "organisation": report.organisation,
        "organisation_url": report.organisation_url,
        "reviewer": report.reviewer,
        "methodology": report.methodology,
        "generated_at": report.generated_at,
        "summary": [
            {"verdict": row.label, "colour": row.colour, "count": row.count}
            for row in verdict_counts(report.items)
        ],
        "scales": list(scales.values()),
        "articles": [
            {
                "article": _article_dict(article, include_article_text),
                "source": public_source(article),
                "items": [
                    {
                        "claim": _plain(item.claim),
                        "short_id": short_id(item.claim.id),
                        "speaker_name": item.speaker,  # the person's one name; see CSV
                        "claim_type": claim_type_words(item.claim.kind),
                        "verdict": _plain(item.verdict),
                        "level": _plain(item.current_level),
                        "scale_id": item.scale.id if item.scale else None,
                        "evidence": [_plain(e) for e in item.evidence],
                        "missing": list(missing_for_publishing(item)),
                    }
                    for item in items
                ],
            }
            for article, items in group_by_article(report.items)
        ],
    }
    return json_for_html(document)


def _plain(value: Any) -> Any:
    """Dataclasses (and lists of them) as dicts; like dataclasses.asdict without its
    deep copies, which cost 5x more on a large report."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _article_dict(article: Article, include_text: bool) -> dict:
    data = _plain(article)
    data.pop("raw", None)
    if not include_text:
        data.pop("text", None)
        data["text_length"] = len(article.text)
    return data
