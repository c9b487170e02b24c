"""Small sheets: the keyboard shortcuts (F1) and an evidence link's offline copy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
)

from factdesk.model import Evidence

from . import style
from .widgets import TextView, fit_to_screen


class ShortcutsDialog(QDialog):
    """F1: the keys, as the window's actions have them (Actions.key_sheet)."""

    def __init__(self, shortcuts, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td align=right><code><b>{_esc(keys)}</b></code>&nbsp;&nbsp;</td>"
            f"<td>{_esc(what)}</td></tr>"
            for keys, what in shortcuts
        )
        label = QLabel(
            "<p>factdesk is made to be used from the keyboard. Letter keys work while the"
            " focus is not in a text field (Esc leaves a field).</p>"
            f"<table cellspacing=4>{rows}</table>"
        )
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setMargin(style.GAP)
        scroll = QScrollArea()  # the sheet is taller than a small screen
        scroll.setWidgetResizable(True)
        scroll.setWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 820)
        scroll.setFocus()  # arrows and Page Down scroll it; Esc closes it


class SnapshotDialog(QDialog):
    """The offline copy of an evidence page, as plain readable text (no remote loads)."""

    def __init__(self, evidence: Evidence, parent=None):
        super().__init__(parent)
        self.setWindowTitle(evidence.title or evidence.url)
        fit_to_screen(self, 760, 640)
        view = TextView()
        view.setOpenExternalLinks(True)
        head = [f"<h2>{_esc(evidence.title or evidence.url)}</h2>"]
        meta = " · ".join(x for x in (evidence.publisher, evidence.published) if x)
        if meta:
            head.append(f"<p style='color:#6b7280'>{_esc(meta)}</p>")
        head.append(f"<p><a href='{_esc(evidence.url)}'>{_esc(evidence.url)}</a>")
        if evidence.fetched_at:
            head.append(f"<br><small>copy saved {_esc(evidence.fetched_at[:16])}</small>")
        if evidence.quote:
            head.append(f"<blockquote><i>{_esc(evidence.quote)}</i></blockquote>")
        body = evidence.snapshot_text
        if body:
            paragraphs = "".join(f"<p>{_esc(p)}</p>" for p in body.split("\n") if p.strip())
        else:
            reason = evidence.fetch_error or "the page was not fetched"
            paragraphs = f"<p><i>No offline copy: {_esc(reason)}.</i></p>"
        view.setHtml("".join(head) + paragraphs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        view.setFocus()  # the page: arrows and Page Down read it


def _esc(text: str | None) -> str:
    return (
        (text or "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )
