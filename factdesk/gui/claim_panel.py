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
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes
from factdesk.model import Claim, RatingScale, Verdict

from . import style
from .claim_fields import DetailsForm, StatusRow, claim_meta
from .claim_tabs import EVIDENCE_TAB, ClaimTabs
from .operations import DeskSession, QueryOp
from .panel_drafts import DraftKeeper, restored_words
from .reader import SEEN_MARK
from .review_state import ReviewState
from .verdict_box import VerdictBox, someone_elses
from .widgets import SaveOnLeave, being_edited

# Prior checks and similar claims are looked up once the reviewer stays on a claim this
# long: shorter than a glance at the claim, longer than a key repeat.
LOOK_UP_AFTER_MS = 60


class ClaimPanel(QScrollArea):
    editRequested = Signal(str, dict)  # claim id, fields -> new values
    summaryEdited = Signal(str, str)  # claim id, a summary written after the level
    statusRequested = Signal(str, str, str)  # claim id, status, assignee
    evidenceRequested = Signal(str, str, str, str)  # claim id, url, stance, quote
    removeEvidenceRequested = Signal(object)  # Evidence
    editEvidenceRequested = Signal(object, dict)  # Evidence, fields
    snapshotRequested = Signal(object)  # Evidence
    archiveRequested = Signal(object)  # Evidence
    claimActivated = Signal(str)  # a similar claim's id
    claimRenamed = Signal(str, object)  # the old id, the Claim under the id a merge gave it
    lookupRequested = Signal(str)  # claim id
    done = Signal()  # Enter saved a field: back to the claims table
    refused = Signal(str)  # an entry not taken, in words (an assignee not on the team)

    def __init__(
        self, session: DeskSession, state: ReviewState | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._session = session
        # The claim shown, its verdict and the summary drafts: the review's (review_state.py)
        self.state = state if state is not None else ReviewState()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self._summary_saved = ""  # what the summary field held when last shown or saved
        # Asked before a verdict is recorded (the window's: is the reviewer known?).
        # Team integrity (issue 18): a teammate's different verdict is asked about once a
        # visit.
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
        self.details = DetailsForm(lambda: self.claim)
        self.details.edited.connect(lambda fields: self._edit(**fields))
        self.details.done.connect(self.done)
        self.speaker, self.handle = self.details.speaker, self.details.handle
        self.said_on, self.score, self.kind = (self.details.said_on, self.details.score,
                                               self.details.kind)  # fmt: skip
        self.details.hide()
        self.details_button.toggled.connect(self.details.setVisible)
        layout.addWidget(self.details)
        # A teammate rated this claim on the hub since my last sync: said before I rate it.
        self.teammates = QLabel()
        self.teammates.setObjectName("warningNote")
        self.teammates.setWordWrap(True)
        self.teammates.hide()
        layout.addWidget(self.teammates)
        # What the claim repeats, or its family's verdict: offered for one key (Ctrl+T).
        self.offer = QLabel()
        self.offer.setObjectName("verdictOffer")
        self.offer.setWordWrap(True)
        self.offer.hide()
        layout.addWidget(self.offer)
        self.verdict_box = VerdictBox()
        self.summary = self.verdict_box.summary
        SaveOnLeave(self.summary, self._save_summary, self.done.emit)
        layout.addWidget(self.verdict_box)
        self.status_row = StatusRow(lambda: self.claim)
        self.status_row.statusRequested.connect(self.statusRequested)
        self.status_row.refused.connect(self.refused)
        self.status_row.done.connect(self.done)
        self.status, self.assignee = self.status_row.status, self.status_row.assignee
        self.assignee_names = self.status_row.assignee_names
        layout.addWidget(self.status_row)
        self.tabs = ClaimTabs(session, self._shown)
        self.evidence, self.related = self.tabs.evidence, self.tabs.related
        self.history = self.tabs.history
        self.evidence.addRequested.connect(self._add_evidence)
        self.evidence.removeRequested.connect(self.removeEvidenceRequested)
        self.evidence.editRequested.connect(self.editEvidenceRequested)
        self.evidence.snapshotRequested.connect(self.snapshotRequested)
        self.evidence.archiveRequested.connect(self.archiveRequested)
        self.evidence.added.connect(self.done)
        self.related.claimActivated.connect(self.claimActivated)

        def look_up() -> None:
            if self.claim is not None:
                self.lookupRequested.emit(self.claim.id)

        self.related.lookupRequested.connect(look_up)
        layout.addWidget(self.tabs, 1)
        self._keep_drafts(layout)
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

    # --- showing -------------------------------------------------------------------------

    def set_scale(self, scale: RatingScale) -> None:
        """Buttons for the levels of the current scale, numbered 1-9 like the keys."""
        self.verdict_box.set_scale(scale)
        self._show_verdict()

    # The review's state, as the panel shows it (review_state.py).
    @property
    def claim(self) -> Claim | None:
        return self.state.claim

    @claim.setter
    def claim(self, claim: Claim | None) -> None:
        self.state.claim = claim

    @property
    def verdict(self) -> Verdict | None:
        return self.state.verdict

    @verdict.setter
    def verdict(self, verdict: Verdict | None) -> None:
        self.state.verdict = verdict

    @property
    def visit(self) -> int:
        return self.state.visit

    @visit.setter
    def visit(self, visit: int) -> None:
        self.state.visit = visit

    def show_claim(self, claim: Claim | None, heading: str = "") -> None:
        """Show `claim` at once (what is being typed for the claim shown before is saved
        first); its details follow from the reader thread."""
        moving = self.claim is not None and (claim is None or claim.id != self.claim.id)
        if moving:
            self.commit_pending()
        if moving or self.claim is None:
            self.drafts_keeper.begin(claim.id if claim else None)
        if claim is None or moving or self.claim is None:
            self.visit += 1
        self.claim = dataclasses.replace(claim) if claim else None
        self.setEnabled(claim is not None)
        self.heading.setText(heading if claim else "No claim selected")
        if claim is None or moving or self.verdict is None or self.verdict.claim_id != claim.id:
            self.verdict = None
            self.tabs.clear_details()
            self._summary_saved = self.state.summary_drafts.get(claim.id, "") if claim else ""
            self.summary.setText(self._summary_saved)
        if moving or claim is None:
            self.teammates.hide()
            self.offer.hide()
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
            claim = desk.claim(claim_id)
            offer = offer_words(desk.seen_before([claim_id]).get(claim_id),
                                len(desk.claim_family(claim_id)), claim.verdict)  # fmt: skip
            return (claim, desk.evidence(claim_id), desk.history(claim_id),
                    desk.drafts(claim_id), offer)  # fmt: skip

        QueryOp(session, details, label="Reading the claim", latest=key).success(
            lambda loaded: self._details(claim_id, *loaded)
        ).failure(lambda message: self.tabs.note(claim_id, message)).run()
        session.later(key, LOOK_UP_AFTER_MS, lambda: self.tabs.look_up(claim_id))

    def _shown(self, claim_id: str) -> bool:
        return self.claim is not None and self.claim.id == claim_id

    def _details(
        self, claim_id: str, claim: Claim, evidence: list, history: list, drafts: dict, offer: str
    ) -> None:
        if not self._shown(claim_id):
            return
        self.offer.setText(offer)
        self.offer.setVisible(bool(offer))
        self.claim = claim
        if claim.id != claim_id:  # a merge renamed it (store/aliases.py): all follows it
            self._follow_rename(claim_id, claim.id)
            self.claimRenamed.emit(claim_id, claim)
        self._fill(keep_edits=True)
        verdicts = [h for h in history if isinstance(h, Verdict)]
        self.verdict = verdicts[-1] if verdicts else None
        # The summary field is my draft, waiting for a level: never the current verdict's
        # text (issue 18), which the verdict box shows above it. A summary that went with
        # a verdict (or amended mine) leaves the field.
        if not being_edited(self.summary):
            draft = self.state.summary_drafts.get(claim_id, "")
            if self.summary.text() != draft:
                self.summary.setText(draft)
            self._summary_saved = draft
        self._show_verdict()
        self.tabs.show_details(evidence, history)
        self.drafts_keeper.arrive(claim_id, drafts)

    def _follow_rename(self, old: str, new: str) -> None:
        """Drafts, and the summary being typed, go with the claim to its new id (the claim
        is shown again under it: what is in the field must not be dropped)."""
        self.state.claim_renamed(old, new)
        typed = self.summary.text()
        if typed.strip() and typed.strip() != self._summary_saved:
            self.state.summary_drafts[new] = typed
        self.drafts_keeper.renamed(old, new)

    def _fill(self, keep_edits: bool) -> None:
        """The claim's fields into the widgets; with keep_edits, a field being typed in
        keeps what is typed."""
        claim = self.claim
        self.meta.setText(claim_meta(claim) if claim else "")
        self.details.fill(claim, keep_edits)
        if not (keep_edits and being_edited(self.text)):
            text = claim.text if claim else ""
            if self.text.toPlainText() != text:
                self.text.setPlainText(text)
            self.text.document().setModified(False)
        self.status_row.fill(claim, keep_edits)

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
        self.details.save()
        self.status_row.save()
        self._save_summary()
        self.drafts_keeper.flush()

    def _edit(self, **fields: Any) -> None:
        if self.claim is None:
            return
        self.editRequested.emit(self.claim.id, fields)
        for name, value in fields.items():  # the panel's copy: the same edit is asked once
            setattr(self.claim, name, value)

    def _save_text(self) -> None:
        text = self.text.toPlainText().strip()
        if self.claim and self.text.document().isModified() and text and text != self.claim.text:
            self._edit(text=text)
        self.text.document().setModified(False)

    def set_checkers(self, names: list[str]) -> None:
        """On a team hub, only its checkers are taken as assignees (see StatusRow)."""
        self.status_row.set_checkers(names)

    def show_teammates(self, claim_id: str, notices: list[str]) -> None:
        if not self._shown(claim_id):
            return
        self.teammates.setText("\n".join(notices))
        self.teammates.setVisible(bool(notices))

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
        if self.verdict is not None and not self._teammates(self.verdict):
            # it amends my verdict: no longer a draft (a teammate's is never amended)
            self.drafts_keeper.saved("summary", text)
        else:  # it waits for its level (a draft until then)
            self.state.summary_drafts[self.claim.id] = text
        self.summaryEdited.emit(self.claim.id, text)

    def summary_typed(self) -> str:
        """The verdict summary as typed in the field now."""
        return self.summary.text().strip()

    def verdict_recorded(self, claim_id: str, summary: str, visit: int) -> bool:
        """A verdict with `summary` is on its way for `claim_id`: its summary draft is done
        with (kept no more); whether the claim is still the one shown, in the same visit."""
        had_draft = self.state.summary_drafts.pop(claim_id, None) is not None
        still_shown = self._shown(claim_id) and self.visit == visit
        if still_shown:
            self._summary_saved = summary
            if had_draft:
                self.summary.setModified(False)
            self.drafts_keeper.saved("summary", summary)
        return still_shown

    def _teammates(self, verdict: Verdict | None) -> bool:
        """Whether `verdict` is a teammate's (never amended, asked about before rating)."""
        return someone_elses(verdict, self._session.reviewer)

    # --- drafts: what is typed is kept while it is typed (panel_drafts.py, issue 19) -----

    def _keep_drafts(self, layout: QVBoxLayout) -> None:
        def put_text(text: str) -> None:
            self.text.setPlainText(text)
            self.text.document().setModified(True)  # saved when left, like typed text

        def put_summary(text: str) -> None:
            self.summary.setText(text)
            self.summary.setModified(True)

        def put_line(field: QLineEdit) -> Callable[[str], None]:
            return lambda text: field.setText(text)

        evidence = self.evidence
        self.drafts_keeper = DraftKeeper(self._session, {
            "text": (self.text.toPlainText, put_text,
                     lambda: self.claim.text if self.claim else ""),
            "summary": (self.summary.text, put_summary,  # my verdict's, never a teammate's
                        lambda: self.verdict.summary
                        if self.verdict and not self._teammates(self.verdict) else ""),
            "evidence_url": (evidence.url.text, put_line(evidence.url), str),
            "evidence_quote": (evidence.quote.text, put_line(evidence.quote), str),
        }, self)  # fmt: skip
        for signal in (self.text.textChanged, self.summary.textChanged,
                       evidence.url.textChanged, evidence.quote.textChanged):  # fmt: skip
            signal.connect(self.drafts_keeper.typed)
        self.restored_mark = QLabel()
        self.restored_mark.setObjectName("restoredDraft")
        self.restored_mark.setWordWrap(True)
        self.restored_mark.hide()
        layout.insertWidget(1, self.restored_mark)  # under the heading: seen at once
        self.drafts_keeper.restored.connect(self._show_restored)

    def _show_restored(self, fields: list[str]) -> None:
        self.restored_mark.setText(restored_words(fields) if fields else "")
        self.restored_mark.setVisible(bool(fields))
        if "evidence_url" in fields or "evidence_quote" in fields:
            self.tabs.setCurrentIndex(EVIDENCE_TAB)

    # --- end of drafts -------------------------------------------------------------------

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


def offer_words(seen: Any, family_size: int, verdict: str | None) -> str:
    """The panel's line on what the claim repeats (a SeenBefore, or None) and its family;
    the key that takes the earlier verdict, unless the claim has that verdict already."""
    family = " F9 shows the family." if family_size else ""
    if seen is not None and seen.verdict is not None:
        said = seen.describe()
        taken = seen.verdict.rating is not None and seen.verdict.rating == verdict
        key = "" if taken else " Ctrl+T takes that verdict."
        return f"{SEEN_MARK}{said[0].upper()}{said[1:]}.{key}{family}"
    if family_size:
        return f"In a family of {family_size} claims.{family}"
    return ""


def _dropped_url(mime) -> str | None:
    for url in mime.urls():
        if url.scheme() in ("http", "https"):
            return url.toString()
    text = mime.text().strip() if mime.hasText() else ""
    if text.startswith(("http://", "https://")) and " " not in text:
        return text
    return None
