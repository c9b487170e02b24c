"""Pure renderers from model objects to HTML, PDF, Markdown, CSV, JSON and ClaimReview
JSON-LD, and the ClaimReview importer. No database, no network: callers gather a `Report`.

    report = Report("Sample", [ReportItem(claim, article, verdict, level, scale, evidence)])
    html = render_html(report)
    pdf = render_pdf(report)        # Typst, imported on first use

`incomplete_items(report.items)` lists the rated claims not ready to publish (no summary
or no evidence), so an export can warn or leave them out.
"""

from factdesk.report.claimreview import (
    claimreview_jsonld,
    looks_like_organisation,
    render_claimreview,
)
from factdesk.report.data import (
    Incomplete,
    Report,
    ReportItem,
    article_heading,
    claim_type_words,
    incomplete_items,
    missing_for_publishing,
    safe_url,
    verdict_counts,
)
from factdesk.report.html import render_html
from factdesk.report.markdown import render_markdown
from factdesk.report.pdf import PdfUnavailable, render_pdf
from factdesk.report.tables import CSV_COLUMNS, render_csv, render_json, spreadsheet_safe

__all__ = [
    "CSV_COLUMNS",
    "Incomplete",
    "PdfUnavailable",
    "Report",
    "ReportItem",
    "article_heading",
    "claim_type_words",
    "claimreview_jsonld",
    "incomplete_items",
    "looks_like_organisation",
    "missing_for_publishing",
    "render_claimreview",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "safe_url",
    "spreadsheet_safe",
    "verdict_counts",
]
