"""The claim panel's tabs: the claim's evidence (and the form to add more), its history,
and what was seen before (published fact-checks it matches, the team's similar claims).

The look-ups for "Seen before" run on the reader thread; what arrives for a claim no
longer shown is dropped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from . import style
from .evidence_box import EvidenceBox
from .history import history_lines
from .operations import DeskSession, QueryOp
from .related_box import RelatedBox

EVIDENCE_TAB, HISTORY_TAB, SEEN_TAB = range(3)


class ClaimTabs(QTabWidget):
    def __init__(
        self,
        session: DeskSession,
        shown: Callable[[str], bool],  # is the claim with this id the one shown?
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._session = session
        self._shown = shown
        self.setDocumentMode(True)
        self.tabBar().setExpanding(True)
        self.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.evidence = EvidenceBox()
        self.related = RelatedBox()
        self.history = QLabel()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history.setContentsMargins(style.TIGHT, style.GAP, style.TIGHT, style.GAP)
        for page, title in ((self.evidence, "Evidence"), (self.history, "History"),
                            (self.related, "Seen before")):  # fmt: skip
            self.addTab(page, title)

    def clear_details(self) -> None:
        """Nothing shown until the details of the claim now shown arrive."""
        self.evidence.clear()
        self.related.clear()
        self.history.clear()
        self._count(None, None)

    def show_details(self, evidence: list, history: list) -> None:
        self.evidence.show_evidence(list(evidence))
        self.history.setText(history_lines(history))
        self._count(len(evidence), len(history))

    def _count(self, evidence: int | None, history: int | None) -> None:
        for tab, title, count in ((EVIDENCE_TAB, "Evidence", evidence),
                                  (HISTORY_TAB, "History", history)):  # fmt: skip
            self.setTabText(tab, f"{title} {count}" if count else title)

    def look_up(self, claim_id: str) -> None:
        """The published fact-checks and the team's claims like this one."""
        if not self._shown(claim_id):
            return
        session, key = self._session, f"seen-before-{id(self)}"
        QueryOp(session, lambda desk: desk.prior_checks_for(claim_id),
                label="Finding prior fact-checks", latest=key + "-prior").success(
            lambda checks: self._prior(claim_id, checks)
        ).failure(lambda message: self.note(claim_id, message)).run()  # fmt: skip
        QueryOp(session, lambda desk: desk.similar_claims(claim_id, limit=8),
                label="Finding similar claims", latest=key + "-similar").success(
            lambda matches: self._similar(claim_id, matches)
        ).failure(lambda message: self.note(claim_id, message)).run()  # fmt: skip

    def _prior(self, claim_id: str, checks: list) -> None:
        if self._shown(claim_id):
            self.related.show_prior_checks(checks)

    def _similar(self, claim_id: str, matches: list) -> None:
        if self._shown(claim_id):
            self.related.show_similar(matches)

    def note(self, claim_id: str, message: str) -> None:
        """A look-up that failed says so in "Seen before" (if its claim is still shown)."""
        if self._shown(claim_id) and message:
            self.related.show_note(message)
