"""The claim panel's verdict box: the current verdict, a button per level of the scale
(numbered like the 1-9 keys) and the one-sentence summary; and the question asked before
a verdict is recorded beside a teammate's different one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from factdesk.model import RatingScale, Verdict

from . import style
from .colours import readable_text
from .widgets import GrowingText


class VerdictBox(QGroupBox):
    levelPicked = Signal(object)  # the level's label (None: a conclusion, on a scale without)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Verdict", parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.TIGHT)
        self.current = QLabel()
        self.current.setWordWrap(True)
        layout.addWidget(self.current)
        self.grid = QGridLayout()
        self.grid.setSpacing(style.TIGHT)
        layout.addLayout(self.grid)
        # Several lines when it needs them (it grows as it is typed; Enter saves it).
        self.summary = GrowingText(least=2, most=8)
        self.summary.setObjectName("verdictSummary")
        layout.addWidget(self.summary)
        self.buttons: list[QPushButton] = []

    def set_scale(self, scale: RatingScale) -> None:
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        for i, level in enumerate(scale.levels):
            button = self._button(f"{i + 1} {level.label}" if i < 9 else level.label, level.label)
            button.setToolTip(level.definition)
            button.setCheckable(True)
            button.setStyleSheet(_level_style(level.colour))
            self.grid.addWidget(button, i // 2, i % 2)
        if not scale.levels:
            self.grid.addWidget(self._button("Record conclusion", None), 0, 0)
        self.summary.setPlaceholderText(
            "Verdict summary (S; Enter saves, Shift+Enter a new line)"
            if scale.levels
            else "Conclusion (S)"
        )

    def _button(self, text: str, label: str | None) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("label", label)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Clicking a level must not take the focus from the summary being written: the
        # summary goes with the level picked, it does not amend the verdict before it.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _c=False: self.levelPicked.emit(label))
        self.buttons.append(button)
        return button

    def show_verdict(self, current: Verdict | None, label: str | None) -> None:
        """The current verdict (or, until it is read, the claim's verdict label)."""
        for button in self.buttons:
            level = button.property("label")
            button.setChecked(bool(current and level and current.rating == level))
        if current is not None:
            by = f" by {current.reviewer}" if current.reviewer else ""
            self.current.setText(
                f"<b>{_esc(current.rating or 'Conclusion')}</b>{_esc(by)} on {current.at[:10]}"
                + (f"<br>{_esc(current.summary)}" if current.summary else "")
            )
        elif label:
            self.current.setText(f"<b>{_esc(label)}</b>")
        else:
            keys = f"1–{min(len(self.buttons), 9)}"
            self.current.setText(f"<i>No verdict yet. Press {keys} to rate.</i>")


# --- a teammate's verdict -------------------------------------------------------------


def someone_elses(verdict: Verdict | None, me: str | None) -> bool:
    """Whether `verdict` was recorded by someone else: another reviewer's name than mine
    (a verdict without a name is mine only while I have none either)."""
    return verdict is not None and (verdict.reviewer or None) != (me or None)


def differs(verdict: Verdict, label: str | None) -> bool:
    """Whether recording `label` says something else than `verdict` (a conclusion always
    may)."""
    return label is None or verdict.rating != label


def override_question(verdict: Verdict, label: str | None, today: dt.date | None = None) -> str:
    """The question, e.g. "Alice rated this False on 26 Nov; record Mostly False as well?"."""
    try:
        day = dt.datetime.fromisoformat(verdict.at).astimezone().date()
        when = f"{day.day} {day.strftime('%b')}"
        if day.year != (today or dt.date.today()).year:
            when += f" {day.year}"
    except ValueError:
        when = verdict.at[:10]
    said = f"rated this {verdict.rating}" if verdict.rating else "concluded on this"
    mine = label if label else "your conclusion"
    who = verdict.reviewer or "Someone (no name recorded)"
    return f"{who} {said} on {when}; record {mine} as well?"


def ask_to_record_as_well(
    parent: QWidget, verdict: Verdict, label: str | None, answered: Callable[[bool], None]
) -> QMessageBox:
    """Ask (window-modal, without waiting) whether to record `label` beside a teammate's
    verdict; both stay in the claim's history. Enter or Y says yes, Esc or N no."""
    box = QMessageBox(parent)
    box.setObjectName("recordAsWell")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("A teammate's verdict")
    box.setText(override_question(verdict, label))
    if verdict.summary:
        box.setInformativeText(f"Their summary: {verdict.summary}")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def finished(_result: int) -> None:
        yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        box.deleteLater()
        parent.window().activateWindow()  # the keys go back to the window
        answered(yes)

    box.finished.connect(finished)
    box.open()
    return box


def _level_style(colour: str) -> str:
    """A level's button: outlined in its colour on the page, filled when it is the verdict
    (the page's colours from the palette: light or dark)."""
    page, text = style.role(QPalette.ColorRole.Base).name(), style.role(QPalette.ColorRole.Text)
    hover = style.tint(colour, 0.25).name()
    return (
        f"QPushButton {{ border: 1px solid {colour}; border-radius: 4px;"
        f" padding: {style.TIGHT}px {style.GAP}px; text-align: left; background: {page};"
        f" color: {text.name()}; }}"
        f"QPushButton:hover {{ background: {hover}; }}"
        f"QPushButton:checked {{ background: {colour}; color: {readable_text(colour)};"
        " font-weight: 600; }"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
