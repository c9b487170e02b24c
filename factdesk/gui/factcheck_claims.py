"""One fact-check for several claims on one point (issue 20), in the window.

With several claims selected in the claims table, F7 (Write the fact-check) offers one
fact-check for the selection: the current claim's (its verdict is the group's), the other
selected claims added to it, or added to the fact-check it already has. The fact-check
editor lists the claims it covers, each with what was claimed (claim, speaker, date,
link), and takes one out. Adding and taking out are undoable edits (Ctrl+Z).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes, CoveredClaim, Desk
from factdesk.model import Claim, FactCheck

from .operations import DeskSession, QueryOp
from .undo import DeskCommand, Editor, _kept

MainWindow = Any  # (passed in: the main window imports the editor that imports this)


class CoverClaims(DeskCommand):
    """Put other claims in a claim's fact-check (a new draft if it has none)."""

    def __init__(self, editor: Editor, claim_id: str, others: list[str], correction: str = ""):
        n = len(others)
        super().__init__(editor, f"Add {n} claim{'s' if n != 1 else ''} to the fact-check")
        self.claim_id, self.others, self.correction = claim_id, others, correction
        self.before: dict[str, str] | None = None
        self.after: dict[str, str] = {}

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.cover_claims(self.claim_id, self.others, correction=self.correction)
        self.before = changes.made
        factcheck_id = desk.factcheck(self.claim_id).id
        self.after = {claim_id: factcheck_id for claim_id in self.before}
        return changes

    def do_again(self, desk: Desk) -> Changes:
        return desk.restore_factcheck_claims(self.after)

    def do_undo(self, desk: Desk) -> Changes:
        return desk.restore_factcheck_claims(_kept(self.before))


class UncoverClaims(DeskCommand):
    """Take claims out of the fact-check covering them."""

    def __init__(self, editor: Editor, claim_ids: list[str], correction: str = ""):
        super().__init__(editor, "Take a claim out of the fact-check")
        self.claim_ids, self.correction = claim_ids, correction
        self.before: dict[str, str] | None = None

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.uncover_claims(self.claim_ids, correction=self.correction)
        self.before = changes.made
        return changes

    def do_again(self, desk: Desk) -> Changes:
        return desk.restore_factcheck_claims({claim_id: "" for claim_id in _kept(self.before)})

    def do_undo(self, desk: Desk) -> Changes:
        return desk.restore_factcheck_claims(_kept(self.before))


def offer_one_factcheck(
    window: MainWindow, selected: list[Claim], open_on: Callable[[str], None]
) -> None:
    """Several claims selected: offer one fact-check for them all, the one the current
    claim (else another selected claim) is in, or a new one of the current claim; on yes
    add the others to it and open it with `open_on(claim_id)`. "Only this claim" opens
    the current claim's alone."""
    current = window.panel.claim
    ids = [c.id for c in selected]
    texts = {c.id: " ".join(c.text.split()) for c in selected}
    first = current.id if current is not None and current.id in ids else ids[0]

    def ask(found: dict[str, FactCheck]) -> None:
        stored = found.get(first) or next((found[c] for c in ids if c in found), None)
        main_id = stored.claim_id if stored is not None else first
        adding = [c for c in ids if c != main_id and (stored is None or c not in stored.claim_ids)]
        if not adding:  # all in its fact-check already
            open_on(main_id)
            return
        words = texts.get(main_id) or (stored.headline if stored else "")
        words = words if len(words) <= 80 else words[:80].rsplit(" ", 1)[0] + "…"
        box = QMessageBox(window)
        box.setObjectName("oneFactcheckQuestion")
        box.setWindowTitle("One fact-check for the selected claims")
        if stored is not None:
            box.setText(
                f"Add the {len(adding)} other selected claim{'s' if len(adding) != 1 else ''}"
                f" to the fact-check “{stored.headline or words}”?"
            )
            group = box.addButton("&Add to this fact-check", QMessageBox.ButtonRole.AcceptRole)
        else:
            box.setText(f"Write one fact-check for the {len(selected)} selected claims?")
            group = box.addButton(
                f"&One fact-check for all {len(selected)}", QMessageBox.ButtonRole.AcceptRole
            )
        box.setInformativeText(
            f"It is rated with the verdict of “{words}”, and its page shows each claim "
            "with who said it, when and where. Ctrl+Z takes the claims out again."
        )
        alone = box.addButton("Only &this claim", QMessageBox.ButtonRole.RejectRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(group)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: Any) -> None:
            if button is group:
                correction = ""
                if stored is not None and stored.state == "published":
                    correction = f"Added {len(adding)} more claim(s) on the same point."
                command = CoverClaims(window.editor, main_id, adding, correction)
                window.editor.execute(
                    command, on_done=lambda _c: open_on(main_id), on_error=window.show_error
                )
            elif button is alone:
                open_on(first)

        box.buttonClicked.connect(answered)
        box.open()

    def look(desk: Desk) -> dict[str, FactCheck]:
        return {c: found for c in ids if (found := desk.stored_factcheck(c)) is not None}

    QueryOp(window.session, look).success(ask).failure(window.show_error).run()


class CoveredClaimsList(QWidget):
    """The claims a fact-check covers, its own first: each with what was claimed (the
    claim, who said it, when, the link to the original) and its verdict if it differs.
    "Take out" (or Delete) removes the chosen one, an undoable edit; `changed` follows."""

    changed = Signal()
    refused = Signal(str)  # why a claim was not taken out

    def __init__(
        self,
        session: DeskSession,
        editor: Editor | None,
        claim_id: str,
        correction: Callable[[], str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.session, self.editor, self.claim_id = session, editor, claim_id
        self.correction = correction
        self.claims: list[CoveredClaim] = []
        self.heading = QLabel("Claims it covers")
        self.list = QListWidget()
        self.list.setObjectName("coveredClaims")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(150)
        self.take_out = QPushButton("&Take out")
        self.take_out.setObjectName("takeOutClaim")
        self.take_out.setEnabled(editor is not None)
        self.take_out.clicked.connect(self.take_out_current)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.take_out_current)
        row = QHBoxLayout()
        row.addWidget(self.heading, 1)
        row.addWidget(self.take_out)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.hide()  # until the claims are read: shown when there are several
        self.refresh()

    def refresh(self) -> None:
        QueryOp(self.session, lambda desk: desk.factcheck_claims(self.claim_id)).success(
            self._show
        ).run()

    def _show(self, claims: list[CoveredClaim]) -> None:
        self.claims = claims
        self.list.clear()
        for claim in claims:
            said = claim.speaker + (f", {claim.said_on}" if claim.said_on else "")
            where = claim.link or claim.source_title
            lines = [f"“{' '.join(claim.text.split())}”", f"{said} — {where}"]
            if claim.own:
                lines[1] += " (its own claim: the verdict of all)"
            elif not claim.agrees:
                lines.append(f"Rated {claim.verdict} here: rate it as the rest, or take it out")
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, claim.claim_id)
            item.setToolTip(claim.link or "")
            self.list.addItem(item)
        n = len(claims)
        self.heading.setText(f"Claims it covers ({n})" if n > 1 else "The claim it covers")
        self.setVisible(n > 1)

    def take_out_current(self) -> None:
        item = self.list.currentItem()
        if item is None or self.editor is None:
            return
        claim_id = item.data(Qt.ItemDataRole.UserRole)
        command = UncoverClaims(self.editor, [claim_id], self.correction())
        done = self._taken_out
        self.editor.execute(command, on_done=lambda _c: done(), on_error=self.refused.emit)

    def _taken_out(self) -> None:
        self.refresh()
        self.changed.emit()
