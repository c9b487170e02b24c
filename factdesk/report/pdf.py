"""The PDF report: the HTML report laid out on A4 pages by WeasyPrint, an HTML/CSS
layout engine, so the PDF and the HTML page show the same report in the same way.

WeasyPrint is imported on first use only: importing it takes 0.6 s or more, and only a
PDF export needs it. The report is self-contained (inline CSS, no images), so the engine
is allowed to fetch nothing: a URL in hostile report text can never be requested.
"""

from __future__ import annotations

import logging
from typing import Any

from factdesk.errors import FactdeskError
from factdesk.report.data import Report
from factdesk.report.html import render_html


class PdfUnavailable(FactdeskError):
    """WeasyPrint or the system libraries it draws text with (Pango) are missing."""


def render_pdf(report: Report) -> bytes:
    """The report as an A4 PDF (the HTML report's print layout)."""
    return html_to_pdf(render_html(report))


def html_to_pdf(html: str) -> bytes:
    """`html` (a self-contained page) laid out as a PDF, with its title and author."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher

    # No protocol allowed: the engine loads nothing, whatever the page asks for.
    document = weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    pdf = document.write_pdf()
    assert pdf is not None  # write_pdf() returns the bytes when given no target
    return pdf


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango's library not found
        raise PdfUnavailable(
            f"PDF export needs WeasyPrint and Pango ({error}); see the README's set-up"
        ) from None
    # WeasyPrint reports CSS it does not support as warnings; the report's own CSS is
    # checked by the tests, so anything here is noise for the person exporting.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint
