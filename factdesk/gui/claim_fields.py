"""The claim panel's fields besides the text and the summary: the Details form (speaker,
handle, date said, score, type) with the one line that sums it up, and the status row
(status and assignee).

Each field is saved when it is left; only what the reviewer typed is saved (a field
shows a score rounded, say: leaving it untouched must not store the rounded value). The
claim is the panel's: each part asks the panel for the claim shown when it saves."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from factdesk.model import CLAIM_KINDS, STATUSES, Claim, short_id

from . import style
from .models import KIND_WORDS
from .widgets import ChoiceBox, SaveOnLeave, being_edited

LINE_FIELDS = ("speaker", "speaker_handle", "said_on", "score")


class DetailsForm(QWidget):
    """Who said the claim, when, its score and type: the fields behind Details."""

    edited = Signal(object)  # fields -> new values, for the claim shown
    done = Signal()  # Enter saved a field: back to the claims table

    def __init__(self, claim: Callable[[], Claim | None], parent: QWidget | None = None):
        super().__init__(parent)
        self._claim = claim
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, style.TIGHT)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.speaker, self.handle, self.said_on, self.score = (QLineEdit() for _ in range(4))
        self.said_on.setPlaceholderText("YYYY-MM-DD")
        self.score.setPlaceholderText("0 to 1")
        self.kind = ChoiceBox()
        self.kind.addItem("", "")
        for kind in CLAIM_KINDS:
            self.kind.addItem(KIND_WORDS.get(kind, kind), kind)
        for label, name in (("Speaker", "speaker"), ("Handle", "speaker_handle"),
                            ("Said on", "said_on"), ("Score", "score")):  # fmt: skip
            widget = self.line(name)
            form.addRow(label, widget)
            SaveOnLeave(widget, functools.partial(self._save_field, name), self.done.emit)
        form.addRow("Type", self.kind)
        self.kind.activated.connect(lambda _i: self._save_kind())
        SaveOnLeave(self.kind, self._save_kind)

    def line(self, name: str) -> QLineEdit:
        return {"speaker": self.speaker, "speaker_handle": self.handle,
                "said_on": self.said_on, "score": self.score}[name]  # fmt: skip

    def fill(self, claim: Claim | None, keep_edits: bool) -> None:
        """The claim's values; with keep_edits, a field being typed in keeps what is typed."""
        values: dict[str, Any] = {name: getattr(claim, name) if claim else None
                                  for name in LINE_FIELDS}  # fmt: skip
        if values["score"] is not None:
            values["score"] = f"{values['score']:.2f}"
        for name, value in values.items():
            widget = self.line(name)
            if not (keep_edits and being_edited(widget)):
                widget.setText(value or "")
        kind = (claim.kind or "") if claim else ""
        if self.kind.findData(kind) < 0:  # a kind this version does not name: shown as stored
            self.kind.addItem(kind, kind)
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def save(self) -> None:
        """Save every field that differs from the claim."""
        for name in LINE_FIELDS:
            self._save_field(name)
        self._save_kind()

    def _save_field(self, name: str) -> None:
        widget, claim = self.line(name), self._claim()
        if claim is None or not widget.isModified():
            return
        raw = widget.text().strip()
        value: object = raw or None
        if name == "score" and raw:
            try:
                value = max(0.0, min(1.0, float(raw)))
            except ValueError:
                widget.setText("" if claim.score is None else f"{claim.score:.2f}")
                return
        widget.setModified(False)
        if value != getattr(claim, name):
            self.edited.emit({name: value})

    def _save_kind(self) -> None:
        value, claim = self.kind.currentData() or None, self._claim()
        if claim and value != claim.kind:
            self.edited.emit({"kind": value})


class StatusRow(QWidget):
    """The claim's status and who it is assigned to."""

    statusRequested = Signal(str, str, str)  # claim id, status, assignee
    refused = Signal(str)  # an assignee not on the team, in words
    done = Signal()  # Enter saved the assignee: back to the claims table

    def __init__(self, claim: Callable[[], Claim | None], parent: QWidget | None = None):
        super().__init__(parent)
        self._claim = claim
        self._checkers: list[str] = []  # the team hub's checkers (empty: not on a team)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(style.GAP)
        self.status = ChoiceBox()
        self.status.addItems(STATUSES)
        self.status.setToolTip("Status (↑/↓ or the first letter changes it)")
        self.status.activated.connect(lambda _i: self.save())
        self.assignee = QLineEdit()
        self.assignee.setPlaceholderText("Assignee (A)")
        self.assignee_names = QStringListModel(self)
        completer = QCompleter(self.assignee_names, self.assignee)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.assignee.setCompleter(completer)
        SaveOnLeave(self.assignee, self.save, self.done.emit)
        label = QLabel("Status")
        label.setBuddy(self.status)
        row.addWidget(label)
        row.addWidget(self.status, 1)
        row.addWidget(self.assignee, 1)

    def fill(self, claim: Claim | None, keep_edits: bool) -> None:
        """The claim's values; with keep_edits, an assignee being typed stays."""
        if not (keep_edits and being_edited(self.assignee)):
            self.assignee.setText(claim.assignee or "" if claim else "")
        self.status.setCurrentText(claim.status if claim else STATUSES[0])

    def set_checkers(self, names: list[str]) -> None:
        """On a team hub, work is assigned to its checkers: they are offered as the
        assignee is typed (↓ lists them all), and no other name is taken."""
        self._checkers = sorted(names)
        self.assignee_names.setStringList(self._checkers)

    def save(self) -> None:
        claim = self._claim()
        if claim is None:
            return
        status = self.status.currentText()
        assignee = self.assignee.text().strip() if self.assignee.isModified() else None
        if assignee and self._checkers and assignee not in self._checkers:
            self.refused.emit(
                f"{assignee}: not one of the team's checkers ({', '.join(self._checkers)})"
            )
            self.assignee.setText(claim.assignee or "")
            self.assignee.setModified(False)
            assignee = None
        assignee = (claim.assignee or "") if assignee is None else assignee
        self.assignee.setModified(False)
        if (status, assignee or None) != (claim.status, claim.assignee or None):
            self.statusRequested.emit(claim.id, status, assignee)
            claim.status, claim.assignee = status, assignee or None


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
    parts.append(f"#{short_id(claim.id)}")  # what `factdesk` commands take for this claim
    return " · ".join(parts)
