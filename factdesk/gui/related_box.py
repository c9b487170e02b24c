"""The claim panel's "Seen before" box: similar claims in other articles (with their
verdicts) and published fact-checks that match the claim, found or looked up."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import SimilarClaim
from factdesk.model import PriorCheck

from . import style


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setMaximumHeight(120)
    return tree


class RelatedBox(QWidget):
    claimActivated = Signal(str)  # a similar claim's id
    lookupRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, style.GAP, 0, 0)
        layout.setSpacing(style.TIGHT)
        self.similar_list = _tree(["Similar claim", "Verdict"])
        self.similar_list.itemActivated.connect(
            lambda item, _c: self.claimActivated.emit(item.data(0, Qt.ItemDataRole.UserRole))
        )
        self.prior_list = _tree(["Prior fact-check", "Rating"])
        self.prior_list.itemActivated.connect(
            lambda item, _c: _open_web(item.data(0, Qt.ItemDataRole.UserRole))
        )
        self.note = QLabel()
        self.note.setObjectName("quietNote")
        self.note.setWordWrap(True)
        self.lookup_button = QPushButton("Look up published fact-checks (online)")
        self.lookup_button.clicked.connect(self.lookupRequested)
        for widget in (self.similar_list, self.prior_list, self.note, self.lookup_button):
            layout.addWidget(widget)

    def clear(self) -> None:
        self.similar_list.clear()
        self.prior_list.clear()
        self.note.clear()

    def show_prior_checks(self, checks: list[PriorCheck]) -> None:
        self.prior_list.clear()
        for check in checks:
            who = f" — {check.publisher}" if check.publisher else ""
            row = QTreeWidgetItem([f"{check.title or check.claim_text}{who}", check.rating or ""])
            row.setToolTip(0, check.url)
            row.setData(0, Qt.ItemDataRole.UserRole, check.url)
            self.prior_list.addTopLevelItem(row)

    def show_similar(self, matches: list[SimilarClaim]) -> None:
        self.similar_list.clear()
        for match in matches:
            verdict = match.seen_before or match.claim.verdict or ""
            row = QTreeWidgetItem([" ".join(match.claim.text.split()), verdict])
            row.setToolTip(0, f"{match.claim.text}\nsimilarity {match.similarity:.2f}")
            row.setData(0, Qt.ItemDataRole.UserRole, match.claim.id)
            self.similar_list.addTopLevelItem(row)

    def show_note(self, message: str) -> None:
        self.note.setText(message)


def _open_web(url: str | None) -> None:
    if url and url.startswith(("http://", "https://")):
        QDesktopServices.openUrl(QUrl(url))
