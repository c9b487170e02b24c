"""PDF reports, drawn by Qt from the same HTML as the HTML report (no display needed)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QSize, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL | re.IGNORECASE)


def _application() -> QGuiApplication:
    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def _svg_image(svg: str) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    if size.isEmpty():
        size = QSize(600, 200)
    image = QImage(size.width() * 2, size.height() * 2, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def html_to_pdf(html: str, path: Path) -> None:
    """Write `html` as an A4 PDF at `path`. Inline SVG charts become images,
    since Qt's rich text engine does not draw SVG itself."""
    _application()
    document = QTextDocument()
    charts: list[QImage] = []

    def to_image(match: re.Match) -> str:
        charts.append(_svg_image(match.group(0)))
        image = charts[-1]
        name = f"factdesk-chart-{len(charts)}.png"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        return f'<img src="{name}" width="{image.width() // 2}" height="{image.height() // 2}">'

    document.setHtml(_SVG.sub(to_image, html))
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
