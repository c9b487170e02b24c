"""PDF reports, drawn by Qt from the HTML report (no display needed).

The HTML comes from factdesk.report.render_html(..., for_qt=True): the same report,
laid out for Qt's rich text engine (which draws no SVG, so its chart is table bars).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument


def _application() -> QCoreApplication:
    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def html_to_pdf(html: str, path: Path) -> None:
    """Write `html` as an A4 PDF at `path`."""
    _application()
    document = QTextDocument()
    document.setHtml(html)
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("factdesk")
    # print_() lays the document out on the writer's pages, scaled from screen points.
    document.print_(writer)
