"""Pure renderers from model objects to HTML, Markdown, CSV, JSON and ClaimReview JSON-LD,
and the ClaimReview importer. No database, no network: callers gather a `Report`.

    report = Report("Sample", [ReportItem(claim, article, verdict, level, scale, evidence)])
    html = render_html(report)
"""

from factdesk.report.claimreview import (
    claimreview_jsonld,
    looks_like_organisation,
    parse_claimreview,
    render_claimreview,
)
from factdesk.report.data import Report, ReportItem, safe_url, verdict_counts
from factdesk.report.html import render_html
from factdesk.report.markdown import render_markdown
from factdesk.report.tables import CSV_COLUMNS, render_csv, render_json, spreadsheet_safe

__all__ = [
    "CSV_COLUMNS",
    "Report",
    "ReportItem",
    "claimreview_jsonld",
    "looks_like_organisation",
    "parse_claimreview",
    "render_claimreview",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "safe_url",
    "spreadsheet_safe",
    "verdict_counts",
]
