"""The claim panel: everything about the claim shown, and the controls to work on it.

The panel shows and asks; it never writes. Every request carries the id of the claim it
is about, so an edit lands on the claim it was typed for whatever is shown next. A field
is saved when it is left (focus goes elsewhere, Enter, Esc), when the panel moves to
another claim, and when the window closes (commit_pending). The claim shown is set at
once from the table's row; its details (evidence, history, look-ups) are read on the
reader thread and arrive a moment later, so a slow or failing look-up never stops the
panel from showing the claim the keys act on.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes
from factdesk.model import CLAIM_KINDS, STATUSES, Claim, RatingScale, Verdict

from . import style
from .evidence_box import EvidenceBox
from .history import history_lines
from .models import KIND_WORDS
from .operations import DeskSession, QueryOp
from .related_box import RelatedBox
from .verdict_box import VerdictBox
from .widgets import ChoiceBox, SaveOnLeave

LINE_FIELDS = ("speaker", "speaker_handle", "said_on", "score")
# Prior checks and similar claims are looked up once the reviewer stays on a claim this
# long: shorter than a glance at the claim, longer than a key repeat.
LOOK_UP_AFTER_MS = 60
EVIDENCE_TAB, HISTORY_TAB, SEEN_TAB = range(3)


class ClaimPanel(QScrollArea):
    editRequested = Signal(str, dict)  # claim id, fields -> new values
    verdictRequested = Signal(str, object, str)  # claim id, level label (None: conclusion), summary
    summaryEdited = Signal(str, str)  # claim id, a summary written after the level
    draftsChanged = Signal()  # a summary now waits for its level, or went with it
    statusRequested = Signal(str, str, str)  # claim id, status, assignee
    evidenceRequested = Signal(str, str, str, str)  # claim id, url, stance, quote
    removeEvidenceRequested = Signal(object)  # Evidence
    editEvidenceRequested = Signal(object, dict)  # Evidence, fields
    snapshotRequested = Signal(object)  # Evidence
    archiveRequested = Signal(object)  # Evidence
    claimActivated = Signal(str)  # a similar claim's id
    lookupRequested = Signal(str)  # claim id
    done = Signal()  # Enter saved a field: back to the claims table
    refused = Signal(str)  # an entry not taken, in words (an assignee not on the team)

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.claim: Claim | None = None  # the panel's own copy of the claim shown
        self.verdict: Verdict | None = None  # its current verdict, once the details arrive
        self._summary_saved = ""  # what the summary field held when last shown or saved
        self._drafts: dict[str, str] = {}  # summaries written before a level was picked
        self.visit = 0  # counts the claims shown: a summary merges with its level's undo step
        # only while the claim stays shown
        body = QWidget()
        body.setObjectName("claimPanel")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(style.GAP, style.GAP, style.GAP, style.MARGIN)
        layout.setSpacing(style.GAP)
        self.setWidget(body)
        self.heading = QLabel("No claim selected")
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.text = QPlainTextEdit()
        self.text.setObjectName("claimText")
        self.text.setPlaceholderText("The claim, as you would check it")
        self.text.setFont(style.font(style.HEADING))
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 3 + 2 * style.GAP)
        self.text.setTabChangesFocus(True)
        SaveOnLeave(self.text, self._save_text, self.done.emit)
        layout.addWidget(self.text)
        self.meta = QLabel()
        self.meta.setObjectName("claimMeta")
        self.meta.setWordWrap(True)
        # Who said it and when, in one line; the fields to correct them behind Details.
        self.details_button = QToolButton()
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolTip("Correct the speaker, date said, score or type")
        meta_row = QHBoxLayout()
        meta_row.setSpacing(style.GAP)
        meta_row.addWidget(self.meta, 1)
        meta_row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(meta_row)
        self.details = QWidget()
        self.details.setLayout(self._build_fields())
        self.details.hide()
        self.details_button.toggled.connect(self.details.setVisible)
        layout.addWidget(self.details)
        # A teammate rated this claim on the hub since my last sync: said before I rate it.
        self.teammates = QLabel()
        self.teammates.setObjectName("warningNote")
        self.teammates.setWordWrap(True)
        self.teammates.hide()
        layout.addWidget(self.teammates)
        self._checkers: list[str] = []  # the team hub's checkers (empty: not on a team)
        self.verdict_box = VerdictBox()
        self.verdict_box.levelPicked.connect(self.pick_level)
        self.summary = self.verdict_box.summary
        SaveOnLeave(self.summary, self._save_summary, self.done.emit)
        layout.addWidget(self.verdict_box)
        layout.addLayout(self._build_status())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setExpanding(True)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.evidence = EvidenceBox()
        self.evidence.addRequested.connect(self._add_evidence)
        self.evidence.removeRequested.connect(self.removeEvidenceRequested)
        self.evidence.editRequested.connect(self.editEvidenceRequested)
        self.evidence.snapshotRequested.connect(self.snapshotRequested)
        self.evidence.archiveRequested.connect(self.archiveRequested)
        self.evidence.added.connect(self.done)
        self.related = RelatedBox()
        self.related.claimActivated.connect(self.claimActivated)
        self.related.lookupRequested.connect(
            lambda: self.claim and self.lookupRequested.emit(self.claim.id)
        )
        self.history = QLabel()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.setContentsMargins(style.TIGHT, style.GAP, style.TIGHT, style.GAP)
        for page, title in ((self.evidence, "Evidence"), (self.history, "History"),
                            (self.related, "Seen before")):  # fmt: skip
            self.tabs.addTab(page, title)
        layout.addWidget(self.tabs, 1)
        self.setEnabled(False)
        self.set_scale(session.scale)
        self._chain_tabs()
        session.desk_changed.connect(self._desk_changed)
        session.scales_changed.connect(lambda: self.set_scale(session.scale))

    def _chain_tabs(self) -> None:
        """Tab walks the panel top to bottom: the claim, the summary, status, assignee,
        then the tab shown."""
        chain = [self.text, self.summary, self.status, self.assignee, self.tabs.tabBar(),
                 self.evidence.url, self.evidence.stance, self.evidence.quote,
                 self.evidence.add_button, self.details_button, self.speaker, self.handle,
                 self.said_on, self.score, self.kind]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_fields(self) -> QFormLayout:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, style.TIGHT)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.speaker, self.handle, self.said_on, self.score = (QLineEdit() for _ in range(4))
        self.said_on.setPlaceholderText("YYYY-MM-DD")
        self.score.setPlaceholderText("0 to 1")
        self.kind = ChoiceBox()
        self.kind.addItem("", "")
        for kind in CLAIM_KINDS:
            self.kind.addItem(kind, kind)
        for label, name in (("Speaker", "speaker"), ("Handle", "speaker_handle"),
                            ("Said on", "said_on"), ("Score", "score")):  # fmt: skip
            widget = self._line(name)
            form.addRow(label, widget)
            SaveOnLeave(widget, lambda n=name: self._save_field(n), self.done.emit)
        form.addRow("Type", self.kind)
        self.kind.activated.connect(lambda _i: self._save_kind())
        SaveOnLeave(self.kind, self._save_kind)
        return form

    def _line(self, name: str) -> QLineEdit:
        return {"speaker": self.speaker, "speaker_handle": self.handle,
                "said_on": self.said_on, "score": self.score}[name]  # fmt: skip

    def _build_status(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(style.GAP)
        self.status = ChoiceBox()
        self.status.addItems(STATUSES)
        self.status.setToolTip("Status (↑/↓ or the first letter changes it)")
        self.status.activated.connect(lambda _i: self._save_status())
        self.assignee = QLineEdit()
        self.assignee.setPlaceholderText("Assignee (A)")
        self.assignee_names = QStringListModel(self)
        completer = QCompleter(self.assignee_names, self.assignee)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.assignee.setCompleter(completer)
        SaveOnLeave(self.assignee, self._save_status, self.done.emit)
        label = QLabel("Status")
        label.setBuddy(self.status)
        row.addWidget(label)
        row.addWidget(self.status, 1)
        row.addWidget(self.assignee, 1)
        return row

    # --- showing -------------------------------------------------------------------------

    def set_scale(self, scale: RatingScale) -> None:
        """Buttons for the levels of the current scale, numbered 1-9 like the keys."""
        self.verdict_box.set_scale(scale)
        self._show_verdict()

    def show_claim(self, claim: Claim | None, heading: str = "") -> None:
        """Show `claim` at once (what is being typed for the claim shown before is saved
        first); its details follow from the reader thread."""
        moving = self.claim is not None and (claim is None or claim.id != self.claim.id)
        if moving:
            self.commit_pending()
        if claim is None or moving or self.claim is None:
            self.visit += 1
        self.claim = dataclasses.replace(claim) if claim else None
        self.setEnabled(claim is not None)
        self.heading.setText(heading if claim else "No claim selected")
        if claim is None or moving or self.verdict is None or self.verdict.claim_id != claim.id:
            self.verdict = None
            self.evidence.clear()
            self.related.clear()
            self.history.clear()
            self._count_tabs(None, None)
            self._summary_saved = self._drafts.get(claim.id, "") if claim else ""
            self.summary.setText(self._summary_saved)
        if moving or claim is None:
            self.teammates.hide()
            # Another claim: its text at the top, a fresh stance, not the last one's scroll.
            self.verticalScrollBar().setValue(0)
            self.evidence.reset_form()
        self._fill(keep_edits=not moving)
        self._show_verdict()
        if claim is not None:
            self.load_details()

    def load_details(self) -> None:
        """Read the claim again with its evidence and history, the published fact-checks
        it matches and the similar claims (each arrives on its own; a failing one says so
        in its place)."""
        if self.claim is None:
            return
        claim_id = self.claim.id
        session, key = self._session, f"panel-{id(self)}"

        def details(desk) -> tuple:
            return desk.claim(claim_id), desk.evidence(claim_id), desk.history(claim_id)

        QueryOp(session, details, label="Reading the claim", latest=key).success(
            lambda loaded: self._details(claim_id, *loaded)
        ).failure(lambda message: self._note(claim_id, message)).run()
        session.later(key, LOOK_UP_AFTER_MS, lambda: self._look_up(claim_id))

    def _look_up(self, claim_id: str) -> None:
        """The published fact-checks and the team's claims like this one."""
        if not self._shown(claim_id):
            return
        session, key = self._session, f"panel-{id(self)}"
        QueryOp(session, lambda desk: desk.prior_checks_for(claim_id),
                label="Finding prior fact-checks", latest=key + "-prior").success(
            lambda checks: self._prior(claim_id, checks)
        ).failure(lambda message: self._note(claim_id, message)).run()  # fmt: skip
        QueryOp(session, lambda desk: desk.similar_claims(claim_id, limit=8),
                label="Finding similar claims", latest=key + "-similar").success(
            lambda matches: self._similar(claim_id, matches)
        ).failure(lambda message: self._note(claim_id, message)).run()  # fmt: skip

    def _shown(self, claim_id: str) -> bool:
        return self.claim is not None and self.claim.id == claim_id

    def _details(self, claim_id: str, claim: Claim, evidence: list, history: list) -> None:
        if not self._shown(claim_id):
            return
        self.claim = claim
        self._fill(keep_edits=True)
        verdicts = [h for h in history if isinstance(h, Verdict)]
        self.verdict = verdicts[-1] if verdicts else None
        if not self._editing(self.summary):
            saved = self.verdict.summary if self.verdict else self._drafts.get(claim_id, "")
            self.summary.setText(saved)
            self.summary.setCursorPosition(0)  # its start, not its end, shows
            self._summary_saved = saved
        self._show_verdict()
        self.evidence.show_evidence(list(evidence))
        self.history.setText(history_lines(history))
        self._count_tabs(len(evidence), len(history))

    def _count_tabs(self, evidence: int | None, history: int | None) -> None:
        for tab, title, count in ((EVIDENCE_TAB, "Evidence", evidence),
                                  (HISTORY_TAB, "History", history)):  # fmt: skip
            self.tabs.setTabText(tab, f"{title} {count}" if count else title)

    def _prior(self, claim_id: str, checks: list) -> None:
        if self._shown(claim_id):
            self.related.show_prior_checks(checks)

    def _similar(self, claim_id: str, matches: list) -> None:
        if self._shown(claim_id):
            self.related.show_similar(matches)

    def _note(self, claim_id: str, message: str) -> None:
        if self._shown(claim_id) and message:
            self.related.show_note(message)

    def _fill(self, keep_edits: bool) -> None:
        """The claim's fields into the widgets; with keep_edits, a field being typed in
        keeps what is typed."""
        claim = self.claim
        self.meta.setText(claim_meta(claim) if claim else "")
        values: dict[str, Any] = {name: getattr(claim, name) if claim else None
                                  for name in LINE_FIELDS}  # fmt: skip
        if values["score"] is not None:
            values["score"] = f"{values['score']:.2f}"
        for name, value in values.items():
            widget = self._line(name)
            if not (keep_edits and self._editing(widget)):
                widget.setText(value or "")
        if not (keep_edits and self._editing(self.text)):
            text = claim.text if claim else ""
            if self.text.toPlainText() != text:
                self.text.setPlainText(text)
            self.text.document().setModified(False)
        if not (keep_edits and self._editing(self.assignee)):
            self.assignee.setText(claim.assignee or "" if claim else "")
        self.kind.setCurrentText(claim.kind or "" if claim else "")
        self.status.setCurrentText(claim.status if claim else STATUSES[0])

    @staticmethod
    def _editing(widget: QWidget) -> bool:
        if isinstance(widget, QPlainTextEdit):
            return widget.hasFocus() and widget.document().isModified()
        return widget.hasFocus() and isinstance(widget, QLineEdit) and widget.isModified()

    def _show_verdict(self) -> None:
        if self.claim is None:
            self.verdict_box.show_verdict(None, None)
        else:
            self.verdict_box.show_verdict(self.verdict, self.claim.verdict)

    def focus_evidence(self) -> None:
        self.tabs.setCurrentIndex(EVIDENCE_TAB)
        self._focus(self.evidence.url)

    def focus_summary(self) -> None:
        self._focus(self.summary)
        self.summary.selectAll()

    def focus_assignee(self) -> None:
        self._focus(self.assignee)
        self.assignee.selectAll()

    def focus_first(self) -> None:
        """Tab from the claims table lands here: the claim's text."""
        self._focus(self.text)

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ensureWidgetVisible(widget, 0, style.GAP)

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if self.claim is not None and (self.claim.id in changes.claims or changes.prior_checks):
            self.load_details()

    # --- asking ---------------------------------------------------------------------------

    def commit_pending(self) -> None:
        """Save every field that differs from what is stored (before the claim changes,
        and when the window closes)."""
        if self.claim is None:
            return
        self._save_text()
        for name in LINE_FIELDS:
            self._save_field(name)
        self._save_kind()
        self._save_status()
        self._save_summary()

    def _edit(self, **fields: Any) -> None:
        if self.claim is None:
            return
        self.editRequested.emit(self.claim.id, fields)
        for name, value in fields.items():  # the panel's copy: the same edit is asked once
            setattr(self.claim, name, value)

    # Only what the reviewer typed is saved (a field shows a score rounded, say: leaving
    # it untouched must not store the rounded value).

    def _save_text(self) -> None:
        text = self.text.toPlainText().strip()
        if self.claim and self.text.document().isModified() and text and text != self.claim.text:
            self._edit(text=text)
        self.text.document().setModified(False)

    def _save_field(self, name: str) -> None:
        widget = self._line(name)
        if self.claim is None or not widget.isModified():
            return
        raw = widget.text().strip()
        value: object = raw or None
        if name == "score" and raw:
            try:
                value = max(0.0, min(1.0, float(raw)))
            except ValueError:
                widget.setText("" if self.claim.score is None else f"{self.claim.score:.2f}")
                return
        widget.setModified(False)
        if value != getattr(self.claim, name):
            self._edit(**{name: value})

    def _save_kind(self) -> None:
        value = self.kind.currentText() or None
        if self.claim and value != self.claim.kind:
            self._edit(kind=value)

    def set_checkers(self, names: list[str]) -> None:
        """On a team hub, work is assigned to its checkers: they are offered as the
        assignee is typed (↓ lists them all), and no other name is taken."""
        self._checkers = sorted(names)
        self.assignee_names.setStringList(self._checkers)

    def show_teammates(self, claim_id: str, notices: list[str]) -> None:
        if not self._shown(claim_id):
            return
        self.teammates.setText("\n".join(notices))
        self.teammates.setVisible(bool(notices))

    def _save_status(self) -> None:
        if self.claim is None:
            return
        status = self.status.currentText()
        assignee = self.assignee.text().strip() if self.assignee.isModified() else None
        if assignee and self._checkers and assignee not in self._checkers:
            self.refused.emit(
                f"{assignee}: not one of the team's checkers ({', '.join(self._checkers)})"
            )
            self.assignee.setText(self.claim.assignee or "")
            self.assignee.setModified(False)
            assignee = None
        assignee = (self.claim.assignee or "") if assignee is None else assignee
        self.assignee.setModified(False)
        if (status, assignee or None) != (self.claim.status, self.claim.assignee or None):
            self.statusRequested.emit(self.claim.id, status, assignee)
            self.claim.status, self.claim.assignee = status, assignee or None

    def _save_summary(self) -> None:
        """A summary is kept for the level still to be picked, and amends the current
        verdict when there is one (the writer thread decides: a level picked a moment ago
        may not be stored yet)."""
        if self.claim is None:
            return
        text = self.summary.text().strip()
        if not self.summary.isModified() or text == self._summary_saved:
            return
        self.summary.setModified(False)
        self._summary_saved = text
        self._drafts[self.claim.id] = text
        self.draftsChanged.emit()
        self.summaryEdited.emit(self.claim.id, text)

    def pick_level(self, label: str | None) -> None:
        """Record a verdict at `label` with the summary in the field."""
        if self.claim is None:
            return
        text = self.summary.text().strip()
        self._summary_saved = text
        if self._drafts.pop(self.claim.id, None) is not None:
            self.draftsChanged.emit()
        self.summary.setModified(False)
        self.verdictRequested.emit(self.claim.id, label, text)

    def drafts(self) -> dict[str, str]:
        """Summaries written before a level was picked, by claim id (the window keeps them
        with the session, so a crash does not lose them)."""
        return {claim_id: text for claim_id, text in self._drafts.items() if text}

    def set_drafts(self, drafts: dict[str, str]) -> None:
        self._drafts.update(drafts)

    def _add_evidence(self, url: str, stance: str, quote: str) -> None:
        if self.claim is not None:
            self.evidenceRequested.emit(self.claim.id, url, stance, quote)

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
            self._add_evidence(url, self.evidence.stance.currentText(), "")


def claim_meta(claim: Claim) -> str:
    """Who said it, when, how check-worthy and what kind: one quiet line under the text."""
    who = claim.speaker or ("an unattributed quote" if claim.attribution == "unattributed"
                            else "the article")  # fmt: skip
    parts = [who]
    if claim.said_on:
        parts.append(f"said {claim.said_on[:10]}")
    if claim.score is not None:
        parts.append(f"score {claim.score:.2f}")
    if claim.kind:
        parts.append(KIND_WORDS.get(claim.kind, claim.kind))
    return " · ".join(parts)


def _dropped_url(mime) -> str | None:
    for url in mime.urls():
        if url.scheme() in ("http", "https"):
            return url.toString()
    text = mime.text().strip() if mime.hasText() else ""
    if text.startswith(("http://", "https://")) and " " not in text:
        return text
    return None
