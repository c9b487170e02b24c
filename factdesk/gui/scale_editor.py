"""The scale editor: a copy of a rating scale made your own (name, levels with their
definitions, values and colours)."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from factdesk.model import RatingLevel, RatingScale

from .widgets import fit_to_screen


class ScaleEditor(QDialog):
    """Edit a copy of a scale as your own: name, and levels (label, definition, value, colour)."""

    def __init__(self, base: RatingScale, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Your rating scale")
        fit_to_screen(self, 640, 420)
        own = not base.builtin
        self.scale_id = base.id if own else _slug(f"my-{base.id}")
        self.name = QLineEdit(base.name if own else f"My {base.name}")
        self.description = QLineEdit(base.description)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Label", "Definition", "Value", "Colour"])
        self.table.horizontalHeader().setStretchLastSection(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        for level in base.levels:
            self._add_row(level)
        self.table.cellDoubleClicked.connect(self._pick_colour)
        add = QPushButton("Add level")
        add.clicked.connect(lambda: self._add_row(RatingLevel("New level")))
        remove = QPushButton("Remove level")
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        up = QPushButton("Move up")
        up.clicked.connect(lambda: self._move(-1))
        down = QPushButton("Move down")
        down.clicked.connect(lambda: self._move(1))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        row = QHBoxLayout()
        for button in (add, remove, up, down):
            row.addWidget(button)
        row.addStretch(1)
        hint = QLabel("Levels from most to least accurate. Double-click a colour to change it.")
        hint.setObjectName("quietNote")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.name.setFocus()  # the first field

    def _add_row(self, level: RatingLevel) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        value = "" if level.value is None else f"{level.value:g}"
        for column, text in enumerate((level.label, level.definition, value, level.colour)):
            item = QTableWidgetItem(text)
            if column == 3:
                item.setBackground(QColor(level.colour))
            self.table.setItem(row, column, item)

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        for column in range(4):
            a, b = self.table.takeItem(row, column), self.table.takeItem(target, column)
            self.table.setItem(row, column, b)
            self.table.setItem(target, column, a)
        self.table.setCurrentCell(target, 0)

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 3:
            return
        item = self.table.item(row, 3)
        if item is None:
            return
        colour = QColorDialog.getColor(QColor(item.text()), self, "Level colour")
        if colour.isValid():
            item.setText(colour.name())
            item.setBackground(colour)

    def scale(self) -> RatingScale:
        levels = []
        for row in range(self.table.rowCount()):
            cells = [(cell.text().strip() if (cell := self.table.item(row, c)) else "")
                     for c in range(4)]  # fmt: skip
            if not cells[0]:
                continue
            try:
                value = float(cells[2]) if cells[2] else None
            except ValueError:
                value = None
            colour = cells[3] if re.fullmatch(r"#[0-9a-fA-F]{6}", cells[3]) else "#888888"
            levels.append(RatingLevel(cells[0], cells[1], value, colour))
        return RatingScale(
            id=self.scale_id,
            name=self.name.text().strip() or "My scale",
            description=self.description.text().strip(),
            levels=levels,
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")[:40] or "my-scale"
