"""Edit > Trash… (Ctrl+Shift+T): what was deleted, newest first, to restore with all its
work (Enter) or to delete for good. Deleting for good takes a second press of its button
(no modal question to get in the way of keys); it is only then that the deletion reaches
bundles and the team hub."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from factdesk.desk import TRASH_DAYS

from .operations import DeskOp, QueryOp

KIND_WORDS = {"article": "Article", "claims": "Claims", "evidence": "Evidence"}


def _read_trash(desk: Any) -> tuple[list, int]:
    return desk.trash(), desk.setting("trash_days", TRASH_DAYS)


class TrashDialog(QDialog):
    def __init__(self, window: Any):  # the main window (not imported: no import circle)
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.setWindowTitle("Trash")
        self.resize(820, 460)
        self.note = QLabel()
        self.note.setObjectName("quietNote")
        self.note.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("trashList")
        self.list.setHeaderLabels(["Deleted", "What", "Item", "With"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setColumnWidth(0, 140)
        self.list.setColumnWidth(1, 80)
        self.list.setColumnWidth(2, 360)
        # Enter goes to the default button (Restore); a double click restores too.
        self.list.itemDoubleClicked.connect(lambda _item, _column: self.restore())
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setDefault(True)
        self.delete_button = QPushButton("&Delete for good")
        self.empty_button = QPushButton("&Empty trash")
        for button in (self.restore_button, self.delete_button, self.empty_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore)
        self.delete_button.clicked.connect(lambda: self._for_good(self.delete_button, one=True))
        self.empty_button.clicked.connect(lambda: self._for_good(self.empty_button, one=False))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda *_: self._disarm())
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reload()

    # --- reading ------------------------------------------------------------------------

    def reload(self) -> None:
        QueryOp(self.session, _read_trash, label="Reading the trash").success(self._show).run()

    def _show(self, loaded: tuple[list, int]) -> None:
        items, days = loaded
        current = self.current_id()
        self.list.clear()
        for entry in items:
            row = QTreeWidgetItem([entry.trashed_at[:16].replace("T", " "),
                                   KIND_WORDS.get(entry.kind, entry.kind),
                                   entry.label, entry.detail])  # fmt: skip
            row.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            row.setToolTip(2, f"{entry.label}\nshort id {entry.short_id}")
            self.list.addTopLevelItem(row)
            if entry.id == current:
                self.list.setCurrentItem(row)
        first = self.list.topLevelItem(0)  # None when the trash is empty
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        count = len(items)
        self.note.setText(
            (f"{count} deleted item{'s' if count != 1 else ''}, kept with all their work. "
             if count else "The trash is empty. ")
            + f"Items are deleted for good after {days} days (Settings: trash_days); until "
            "then nothing deleted reaches the team hub or a bundle."
        )  # fmt: skip
        for button in (self.restore_button, self.delete_button, self.empty_button):
            button.setEnabled(bool(count))
        self._disarm()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    # --- acting -----------------------------------------------------------------------------

    def restore(self) -> None:
        entry_id, item = self.current_id(), self.list.currentItem()
        if entry_id is None or item is None:
            return  # nothing chosen
        label = item.text(2)
        DeskOp(self.session, lambda desk: desk.restore_from_trash(entry_id),
               label="Restoring from the trash").success(
            lambda _changes: self._restored(label)).failure(self._failed).run()  # fmt: skip

    def _restored(self, label: str) -> None:
        self.window_.say(f"Restored {label[:60]!r} with all its work.", 6000)
        self.reload()

    def _for_good(self, button: QPushButton, *, one: bool) -> None:
        """The first press arms the button (it says what a second press does)."""
        if not button.property("armed"):
            self._disarm()
            button.setProperty("armed", True)
            button.setText("Press again: delete it for good" if one
                           else "Press again: empty the trash for good")  # fmt: skip
            return
        entry_id = self.current_id()
        if one and entry_id is None:
            return
        ids = [entry_id] if one else None
        DeskOp(self.session, lambda desk: desk.empty_trash(ids),
               label="Emptying the trash").success(
            lambda count: self._emptied(count)).failure(self._failed).run()  # fmt: skip

    def _emptied(self, count: int) -> None:
        self.window_.say(f"Deleted {count} item{'s' if count != 1 else ''} for good.", 6000)
        self.reload()

    def _disarm(self) -> None:
        for button, text in ((self.delete_button, "&Delete for good"),
                             (self.empty_button, "&Empty trash")):  # fmt: skip
            button.setProperty("armed", False)
            button.setText(text)

    def _failed(self, message: str) -> None:
        if message:
            self.session.report_error(message)
        self.reload()
