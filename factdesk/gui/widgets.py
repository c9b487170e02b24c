"""Small widgets and helpers the panes share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QMessageBox,
    QTableView,
    QTextBrowser,
    QWidget,
)


class ChoiceBox(QComboBox):
    """A drop-down that changes only by a deliberate choice: the mouse wheel scrolls what
    is around it (the claim panel) instead of changing the value. Keys still work when it
    has focus, and the wheel works in its open list."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # to the parent: the panel scrolls


class TextView(QTextBrowser):
    """A QTextBrowser that never reads a local file. Its default loadResource opens any
    file an <img> or a relative link names (relative to the working folder); one of those
    could be the database, and closing it would drop SQLite's locks (see files.py)."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        name = QUrl(name)
        if name.scheme() in ("", "file", "qrc"):
            # Something, not None: given nothing, Qt goes and reads the file by name itself.
            if kind == QTextDocument.ResourceType.ImageResource:
                return _BLANK_IMAGE
            return QByteArray(b" ")
        return super().loadResource(kind, name)


_BLANK_IMAGE = QImage(1, 1, QImage.Format.Format_ARGB32)
_BLANK_IMAGE.fill(0)


def debounce(parent: QObject, ms: int, slot: Callable[[], Any]) -> QTimer:
    """A single-shot timer that calls `slot` once typing has paused for `ms`."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(lambda: slot())
    return timer


def tidy_table(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(False)


def warn(parent: QWidget | None, title: str, message: str) -> None:
    """A warning box (not on the offscreen platform, where nobody could close it)."""
    if QGuiApplication.platformName() != "offscreen":
        QMessageBox.warning(parent, title, message)
