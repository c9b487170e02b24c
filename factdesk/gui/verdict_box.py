"""The claim panel's verdict box: the current verdict, a button per level of the scale
(numbered like the 1-9 keys) and the one-sentence summary."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
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
