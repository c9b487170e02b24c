"""The claim panel's evidence box: add a link (with stance and quote), list, open, archive,
remove. It only shows and asks: it emits signals, the window turns them into operations."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factdesk.model import STANCES, Evidence

from . import style
from .widgets import ChoiceBox

STANCE_MARKS = {"supports": "✔ supports", "refutes": "✘ refutes", "context": "◆ context",
                "unclear": "? unclear"}  # fmt: skip


class EvidenceBox(QWidget):
    addRequested = Signal(str, str, str)  # url, stance, quote
    added = Signal()  # a link was asked for with Enter: back to the claims table
    removeRequested = Signal(object)  # Evidence
    editRequested = Signal(object, dict)  # Evidence, fields
    snapshotRequested = Signal(object)  # Evidence
    archiveRequested = Signal(object)  # Evidence

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._evidence: list[Evidence] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, style.GAP, 0, 0)
        layout.setSpacing(style.TIGHT)
        add_row = QHBoxLayout()
        add_row.setSpacing(style.TIGHT)
        self.url = QLineEdit()
        self.url.setPlaceholderText("Link (E)")
        self.url.returnPressed.connect(self._entered)
        self.stance = ChoiceBox()
        self.stance.addItems(STANCES)
        self.stance.setCurrentText("unclear")
        self.stance.setToolTip("How the source bears on the claim (s, r, c, u or ↑/↓)")
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self._add)
        add_row.addWidget(self.url, 1)
        add_row.addWidget(self.stance)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.quote = QLineEdit()
        self.quote.setPlaceholderText("Quote (optional)")
        self.quote.returnPressed.connect(self._entered)
        layout.addWidget(self.quote)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Stance", "Source"])
        self.list.setRootIsDecorated(False)
        self.list.setMinimumHeight(90)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemActivated.connect(lambda item, _c: self._open_snapshot(item))
        # Two rows of two: one row of four is wider than the panel.
        buttons = QGridLayout()
        buttons.setSpacing(style.TIGHT)
        for n, (label, tip, slot) in enumerate(
            (
                ("Offline copy", "Read the copy kept offline",
                 lambda: self._open_snapshot(self.list.currentItem())),
                ("Open", "Open the live page in the browser", self._open_live),
                ("Archive", "Find or make a Wayback Machine copy", self._archive),
                ("Remove", "Remove the link from this claim", self._remove),
            )
        ):  # fmt: skip
            button = QToolButton()  # as wide as its word: four fit a narrow panel
            button.setText(label)
            button.setToolTip(tip)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(slot)
            buttons.addWidget(button, 0, n)
        # The buttons over the list, which takes the rest: they stay in sight however long
        # the verdict's summary grows above them.
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)

    def show_evidence(self, evidence: list[Evidence]) -> None:
        self._evidence = evidence
        self.list.clear()
        for item in evidence:
            title = item.title or item.url
            source = f"{title} — {item.publisher}" if item.publisher else title
            if item.fetch_error:
                source += "  (no offline copy)"
            row = QTreeWidgetItem([STANCE_MARKS.get(item.stance, item.stance), source])
            row.setToolTip(1, "\n".join(x for x in (item.url, item.quote, item.fetch_error) if x))
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            self.list.addTopLevelItem(row)
        self.list.resizeColumnToContents(0)

    def clear(self) -> None:
        self.show_evidence([])

    def reset_form(self) -> None:
        """A fresh form for the next claim: no link, no quote, stance unclear."""
        self.url.clear()
        self.quote.clear()
        self.stance.setCurrentText("unclear")

    def _entered(self) -> None:
        if self.url.text().strip():
            self._add()
            self.added.emit()

    def by_id(self, evidence_id: str) -> Evidence | None:
        return next((e for e in self._evidence if e.id == evidence_id), None)

    def _add(self) -> None:
        url = self.url.text().strip()
        if url:
            self.addRequested.emit(url, self.stance.currentText(), self.quote.text().strip())
            self.reset_form()

    def _selected(self) -> Evidence | None:
        item = self.list.currentItem()
        return self.by_id(item.data(0, Qt.ItemDataRole.UserRole)) if item else None

    def _open_snapshot(self, item: QTreeWidgetItem | None) -> None:
        evidence = self.by_id(item.data(0, Qt.ItemDataRole.UserRole)) if item else None
        if evidence:
            self.snapshotRequested.emit(evidence)

    def _open_live(self) -> None:
        evidence = self._selected()
        if evidence and evidence.url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(evidence.url))

    def _remove(self) -> None:
        evidence = self._selected()
        if evidence:
            self.removeRequested.emit(evidence)

    def _archive(self) -> None:
        evidence = self._selected()
        if evidence:
            self.archiveRequested.emit(evidence)

    def _menu(self, pos) -> None:
        evidence = self._selected()
        if evidence is None:
            return
        menu = QMenu(self)
        for stance in STANCES:
            action = menu.addAction(f"Mark as {stance}")
            action.setCheckable(True)
            action.setChecked(stance == evidence.stance)
            action.triggered.connect(
                lambda _c=False, s=stance: self.editRequested.emit(evidence, {"stance": s})
            )
        menu.addSeparator()
        menu.addAction("Read offline copy", lambda: self.snapshotRequested.emit(evidence))
        menu.addAction("Open live page", self._open_live)
        menu.addAction("Archive in the Wayback Machine", self._archive)
        remove = menu.addAction("Remove", self._remove)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        menu.exec(self.list.viewport().mapToGlobal(pos))
