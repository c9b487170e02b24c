"""The claim panel: everything about the current claim, and the controls to work on it.

The panel only shows and asks: it emits signals; the main window turns them into
undoable commands. Edits are saved when a field is left (or Enter is pressed).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factdesk.model import CLAIM_KINDS, STANCES, STATUSES, Claim, Evidence, RatingScale, Verdict

from .colours import readable_text

STANCE_MARKS = {"supports": "✔ supports", "refutes": "✘ refutes", "context": "◆ context",
                "unclear": "? unclear"}  # fmt: skip


class _CommitOnLeave(QObject):
    """Calls `commit` when the watched widget loses focus (or Ctrl+Enter in a text box)."""

    def __init__(self, widget: QWidget, commit):
        super().__init__(widget)
        self._commit = commit
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._commit()
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QPlainTextEdit)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._commit()
            return True
        return False


class ClaimPanel(QScrollArea):
    editRequested = Signal(dict)  # claim fields -> new values
    verdictRequested = Signal(object, str)  # rating label (or None), summary
    statusRequested = Signal(str, str)  # status, assignee
    evidenceRequested = Signal(str, str, str)  # url, stance, quote
    removeEvidenceRequested = Signal(object)  # Evidence
    editEvidenceRequested = Signal(object, dict)  # Evidence, fields
    snapshotRequested = Signal(object)  # Evidence
    archiveRequested = Signal(object)  # Evidence
    claimActivated = Signal(str)  # a similar claim's id
    lookupRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.claim: Claim | None = None
        self.scale: RatingScale | None = None
        self._evidence: list[Evidence] = []
        body = QWidget()
        body.setObjectName("claimPanel")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(8)
        self.setWidget(body)

        self.heading = QLabel("No claim selected")
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The claim, as you would check it")
        self.text.setFixedHeight(86)
        self.text.setTabChangesFocus(True)
        _CommitOnLeave(self.text, self._commit_text)
        layout.addWidget(self.text)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.speaker = QLineEdit()
        self.handle = QLineEdit()
        self.said_on = QLineEdit()
        self.said_on.setPlaceholderText("YYYY-MM-DD")
        self.score = QLineEdit()
        self.score.setPlaceholderText("0 to 1")
        self.kind = QComboBox()
        self.kind.addItems(["", *CLAIM_KINDS])
        for label, widget, name in (
            ("Speaker", self.speaker, "speaker"),
            ("Handle", self.handle, "speaker_handle"),
            ("Said on", self.said_on, "said_on"),
            ("Score", self.score, "score"),
        ):
            form.addRow(label, widget)
            widget.editingFinished.connect(lambda n=name, w=widget: self._commit_field(n, w))
        form.addRow("Type", self.kind)
        self.kind.activated.connect(lambda _i: self._commit_kind())
        layout.addLayout(form)

        # Verdict
        verdict_box = QGroupBox("Verdict")
        verdict_layout = QVBoxLayout(verdict_box)
        self.current_verdict = QLabel()
        self.current_verdict.setWordWrap(True)
        verdict_layout.addWidget(self.current_verdict)
        self.level_grid = QGridLayout()
        self.level_grid.setSpacing(4)
        verdict_layout.addLayout(self.level_grid)
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("One-sentence summary of the verdict")
        verdict_layout.addWidget(self.summary)
        self.level_buttons: list[QPushButton] = []
        layout.addWidget(verdict_box)

        # Status and assignee
        status_row = QHBoxLayout()
        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.status.activated.connect(lambda _i: self._commit_status())
        self.assignee = QLineEdit()
        self.assignee.setPlaceholderText("Assignee")
        self.assignee.editingFinished.connect(self._commit_status)
        status_row.addWidget(QLabel("Status"))
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.assignee, 1)
        layout.addLayout(status_row)

        # Evidence
        evidence_box = QGroupBox("Evidence")
        evidence_layout = QVBoxLayout(evidence_box)
        add_row = QHBoxLayout()
        self.evidence_url = QLineEdit()
        self.evidence_url.setPlaceholderText("Paste or drop a link (E)")
        self.evidence_url.returnPressed.connect(self._add_evidence)
        self.evidence_stance = QComboBox()
        self.evidence_stance.addItems(STANCES)
        self.evidence_stance.setCurrentText("unclear")
        self.add_evidence_button = QPushButton("Add")
        self.add_evidence_button.clicked.connect(self._add_evidence)
        add_row.addWidget(self.evidence_url, 1)
        add_row.addWidget(self.evidence_stance)
        add_row.addWidget(self.add_evidence_button)
        evidence_layout.addLayout(add_row)
        self.evidence_quote = QLineEdit()
        self.evidence_quote.setPlaceholderText("Quote from the source (optional)")
        self.evidence_quote.returnPressed.connect(self._add_evidence)
        evidence_layout.addWidget(self.evidence_quote)
        self.evidence_list = QTreeWidget()
        self.evidence_list.setHeaderLabels(["Stance", "Source"])
        self.evidence_list.setRootIsDecorated(False)
        self.evidence_list.setMinimumHeight(90)
        self.evidence_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.evidence_list.customContextMenuRequested.connect(self._evidence_menu)
        self.evidence_list.itemActivated.connect(lambda item, _c: self._open_snapshot(item))
        evidence_layout.addWidget(self.evidence_list)
        # Two rows of two: one row of four is wider than the panel.
        buttons = QGridLayout()
        for n, (label, slot) in enumerate(
            (
                (
                    "Read offline copy",
                    lambda: self._open_snapshot(self.evidence_list.currentItem()),
                ),
                ("Open live page", self._open_live),
                ("Archive", self._archive_evidence),
                ("Remove", self._remove_evidence),
            )
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button, n // 2, n % 2)
        evidence_layout.addLayout(buttons)
        layout.addWidget(evidence_box)

        # Similar claims and prior fact-checks
        related_box = QGroupBox("Seen before")
        related_layout = QVBoxLayout(related_box)
        self.similar_list = QTreeWidget()
        self.similar_list.setHeaderLabels(["Similar claim", "Verdict"])
        self.similar_list.setRootIsDecorated(False)
        self.similar_list.setMaximumHeight(120)
        self.similar_list.itemActivated.connect(
            lambda item, _c: self.claimActivated.emit(item.data(0, Qt.ItemDataRole.UserRole))
        )
        related_layout.addWidget(self.similar_list)
        self.prior_list = QTreeWidget()
        self.prior_list.setHeaderLabels(["Prior fact-check", "Rating"])
        self.prior_list.setRootIsDecorated(False)
        self.prior_list.setMaximumHeight(120)
        self.prior_list.itemActivated.connect(
            lambda item, _c: QDesktopServices.openUrl(QUrl(item.data(0, Qt.ItemDataRole.UserRole)))
        )
        related_layout.addWidget(self.prior_list)
        self.lookup_button = QPushButton("Look up published fact-checks (online)")
        self.lookup_button.clicked.connect(self.lookupRequested)
        related_layout.addWidget(self.lookup_button)
        layout.addWidget(related_box)

        # History
        history_box = QGroupBox("History")
        history_layout = QVBoxLayout(history_box)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        history_layout.addWidget(self.history)
        layout.addWidget(history_box)
        layout.addStretch(1)
        self.setEnabled(False)

    # --- showing -------------------------------------------------------------------------

    def set_scale(self, scale: RatingScale) -> None:
        """Buttons for the levels of the current scale, numbered 1-9 like the keys."""
        self.scale = scale
        for button in self.level_buttons:
            button.deleteLater()
        self.level_buttons = []
        columns = 2
        for i, level in enumerate(scale.levels):
            number = f"{i + 1} " if i < 9 else ""
            button = QPushButton(f"{number}{level.label}")
            button.setToolTip(level.definition)
            button.setProperty("label", level.label)
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setStyleSheet(_level_style(level.colour))
            button.clicked.connect(lambda _c=False, label=level.label: self._pick(label))
            self.level_grid.addWidget(button, i // columns, i % columns)
            self.level_buttons.append(button)
        if not scale.levels:
            button = QPushButton("Record conclusion")
            button.clicked.connect(lambda: self._pick(None))
            self.level_grid.addWidget(button, 0, 0)
            self.level_buttons.append(button)
        self.summary.setPlaceholderText(
            "One-sentence conclusion (the verdict)"
            if not scale.levels
            else "One-sentence summary of the verdict"
        )

    def show_claim(
        self,
        claim: Claim | None,
        *,
        article_title: str = "",
        evidence: list[Evidence] = (),
        history: list = (),
        prior_checks: list = (),
    ) -> None:
        self.claim = claim
        self.setEnabled(claim is not None)
        if claim is None:
            self.heading.setText("No claim selected")
            for box in (self.text,):
                box.setPlainText("")
            for line in (self.speaker, self.handle, self.said_on, self.score, self.assignee):
                line.clear()
            self.evidence_list.clear()
            self.similar_list.clear()
            self.prior_list.clear()
            self.history.clear()
            self.current_verdict.clear()
            return
        self.heading.setText(article_title or "")
        if self.text.toPlainText() != claim.text:
            self.text.setPlainText(claim.text)
        self.speaker.setText(claim.speaker or "")
        self.handle.setText(claim.speaker_handle or "")
        self.said_on.setText(claim.said_on or "")
        self.score.setText("" if claim.score is None else f"{claim.score:.2f}")
        self.kind.setCurrentText(claim.kind or "")
        self.status.setCurrentText(claim.status)
        self.assignee.setText(claim.assignee or "")
        verdicts = [h for h in history if isinstance(h, Verdict)]
        current = verdicts[-1] if verdicts else None
        for button in self.level_buttons:
            label = button.property("label")
            button.setChecked(current is not None and label and current.rating == label)
        if current is not None:
            by = f" by {current.reviewer}" if current.reviewer else ""
            self.current_verdict.setText(
                f"<b>{_esc(current.rating or 'Conclusion')}</b>{_esc(by)} on {current.at[:10]}"
                + (f"<br>{_esc(current.summary)}" if current.summary else "")
            )
            self.summary.setText(current.summary)
        else:
            self.current_verdict.setText("<i>No verdict yet. Press 1-9 to rate.</i>")
            self.summary.clear()
        self.show_evidence(list(evidence))
        self.show_prior_checks(prior_checks)
        self.similar_list.clear()
        lines = []
        for entry in history:
            when = entry.at[:16].replace("T", " ")
            if isinstance(entry, Verdict):
                text = f"{when}  verdict {entry.rating or 'conclusion'}"
                who = entry.reviewer
            else:
                text = f"{when}  status {entry.status}"
                if entry.assignee:
                    text += f" (assigned to {entry.assignee})"
                who = entry.by
            lines.append(text + (f" by {who}" if who else ""))
        self.history.setText("\n".join(reversed(lines)) or "No changes yet.")

    def show_evidence(self, evidence: list[Evidence]) -> None:
        self._evidence = evidence
        self.evidence_list.clear()
        for item in evidence:
            title = item.title or item.url
            source = f"{title} — {item.publisher}" if item.publisher else title
            if item.fetch_error:
                source += "  (no offline copy)"
            row = QTreeWidgetItem([STANCE_MARKS.get(item.stance, item.stance), source])
            row.setToolTip(1, "\n".join(x for x in (item.url, item.quote, item.fetch_error) if x))
            row.setData(0, Qt.ItemDataRole.UserRole, item.id)
            self.evidence_list.addTopLevelItem(row)
        self.evidence_list.resizeColumnToContents(0)

    def show_similar(self, matches: list) -> None:
        self.similar_list.clear()
        for match in matches:
            claim = match.claim
            verdict = getattr(match, "seen_before", None) or claim.verdict or ""
            row = QTreeWidgetItem([" ".join(claim.text.split()), verdict])
            row.setToolTip(0, f"{claim.text}\nsimilarity {match.similarity:.2f}")
            row.setData(0, Qt.ItemDataRole.UserRole, claim.id)
            self.similar_list.addTopLevelItem(row)

    def show_prior_checks(self, checks: list) -> None:
        self.prior_list.clear()
        for check in checks:
            title = check.title or check.claim_text
            who = f" — {check.publisher}" if check.publisher else ""
            row = QTreeWidgetItem([f"{title}{who}", check.rating or ""])
            row.setToolTip(0, check.url)
            row.setData(0, Qt.ItemDataRole.UserRole, check.url)
            self.prior_list.addTopLevelItem(row)

    def focus_evidence(self) -> None:
        self.evidence_url.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ensureWidgetVisible(self.evidence_url)

    def evidence_by_id(self, evidence_id: str) -> Evidence | None:
        return next((e for e in self._evidence if e.id == evidence_id), None)

    # --- asking ---------------------------------------------------------------------------

    def _commit_text(self) -> None:
        text = self.text.toPlainText().strip()
        if self.claim and text and text != self.claim.text:
            self.editRequested.emit({"text": text})

    def _commit_field(self, name: str, widget: QLineEdit) -> None:
        if self.claim is None:
            return
        raw = widget.text().strip()
        value: object = raw or None
        if name == "score" and raw:
            try:
                value = max(0.0, min(1.0, float(raw)))
            except ValueError:
                widget.setText("" if self.claim.score is None else f"{self.claim.score:.2f}")
                return
        if value != getattr(self.claim, name):
            self.editRequested.emit({name: value})

    def _commit_kind(self) -> None:
        value = self.kind.currentText() or None
        if self.claim and value != self.claim.kind:
            self.editRequested.emit({"kind": value})

    def _commit_status(self) -> None:
        if self.claim is None:
            return
        status, assignee = self.status.currentText(), self.assignee.text().strip()
        if (status, assignee or None) != (self.claim.status, self.claim.assignee or None):
            self.statusRequested.emit(status, assignee)

    def _pick(self, label: str | None) -> None:
        self.verdictRequested.emit(label, self.summary.text().strip())

    def _add_evidence(self) -> None:
        url = self.evidence_url.text().strip()
        if url and self.claim is not None:
            self.evidenceRequested.emit(
                url, self.evidence_stance.currentText(), self.evidence_quote.text().strip()
            )
            self.evidence_url.clear()
            self.evidence_quote.clear()

    def _selected_evidence(self) -> Evidence | None:
        item = self.evidence_list.currentItem()
        return self.evidence_by_id(item.data(0, Qt.ItemDataRole.UserRole)) if item else None

    def _open_snapshot(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            evidence = self.evidence_by_id(item.data(0, Qt.ItemDataRole.UserRole))
            if evidence:
                self.snapshotRequested.emit(evidence)

    def _open_live(self) -> None:
        evidence = self._selected_evidence()
        if evidence:
            QDesktopServices.openUrl(QUrl(evidence.url))

    def _remove_evidence(self) -> None:
        evidence = self._selected_evidence()
        if evidence:
            self.removeEvidenceRequested.emit(evidence)

    def _archive_evidence(self) -> None:
        evidence = self._selected_evidence()
        if evidence:
            self.archiveRequested.emit(evidence)

    def _evidence_menu(self, pos) -> None:
        evidence = self._selected_evidence()
        if evidence is None:
            return
        menu = QMenu(self)
        for stance in STANCES:
            action = menu.addAction(f"Mark as {stance}")
            action.setCheckable(True)
            action.setChecked(stance == evidence.stance)
            action.triggered.connect(
                lambda _c=False, s=stance: self.editEvidenceRequested.emit(evidence, {"stance": s})
            )
        menu.addSeparator()
        menu.addAction("Read offline copy", lambda: self.snapshotRequested.emit(evidence))
        menu.addAction("Open live page", self._open_live)
        menu.addAction("Archive in the Wayback Machine", self._archive_evidence)
        remove = menu.addAction("Remove", self._remove_evidence)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        menu.exec(self.evidence_list.viewport().mapToGlobal(pos))

    # --- dropping a link adds it as evidence ----------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.claim is not None and _dropped_url(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self.claim is not None and _dropped_url(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        url = _dropped_url(event.mimeData())
        if url and self.claim is not None:
            event.acceptProposedAction()
            self.evidenceRequested.emit(url, self.evidence_stance.currentText(), "")


def _dropped_url(mime) -> str | None:
    for url in mime.urls():
        if url.scheme() in ("http", "https"):
            return url.toString()
    text = mime.text().strip() if mime.hasText() else ""
    if text.startswith(("http://", "https://")) and " " not in text:
        return text
    return None


def _level_style(colour: str) -> str:
    base = QColor(colour)
    hover, text = base.lighter(185).name(), readable_text(colour)
    return (
        f"QPushButton {{ border: 1px solid {colour}; border-radius: 4px; padding: 4px 6px;"
        " text-align: left; background: white; color: #1f2328; }"
        f"QPushButton:hover {{ background: {hover}; }}"
        f"QPushButton:checked {{ background: {colour}; color: {text}; font-weight: 600; }}"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
