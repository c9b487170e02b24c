"""Saved lists in a sidebar: the filter shown now saved under a name (Ctrl+Alt+S, then the
name and Enter), a list opened by its key (Ctrl+Alt+1 … 9) or by Enter, and removed by
Delete; saving and removing are undone like any edit. Taking a seen-before claim's earlier
verdict (Ctrl+T) is an undoable edit too."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from factdesk.desk import Changes, Desk
from factdesk.lists import SavedList
from factdesk.model import ClaimFilter

from .operations import DeskSession, QueryOp
from .undo import DeskCommand, Editor, SetVerdict, _kept

LIST_KEYS = 9  # Ctrl+Alt+1 … Ctrl+Alt+9


class SaveList(DeskCommand):
    """Save a filter under a name (the same name again replaces that list)."""

    def __init__(self, editor: Editor, name: str, flt: ClaimFilter):
        super().__init__(editor, f"Save list {name!r}")
        self.name, self.flt = name, flt
        self.saved: SavedList | None = None
        self.replaced: SavedList | None = None

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.save_list(self.name, self.flt)
        self.saved, self.replaced = changes.made
        return changes

    def do_again(self, desk: Desk) -> Changes:
        return desk.restore_list(_kept(self.saved))

    def do_undo(self, desk: Desk) -> Changes:
        if self.replaced is not None:
            return desk.restore_list(self.replaced)
        return desk.remove_list(_kept(self.saved).name)


class RemoveList(DeskCommand):
    def __init__(self, editor: Editor, name: str):
        super().__init__(editor, f"Remove list {name!r}")
        self.name = name
        self.removed: SavedList | None = None

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.remove_list(self.name)
        self.removed = changes.made
        return changes

    def do_again(self, desk: Desk) -> Changes:
        return desk.remove_list(self.name)

    def do_undo(self, desk: Desk) -> Changes:
        return desk.restore_list(_kept(self.removed))


class TakeEarlierVerdict(SetVerdict):
    """Rate a claim seen before as the claim it repeats was rated, or a family's member as
    its family was (a new verdict entry citing the earlier one); like a level's key, it
    moves the claim's status on (`status_after`) in the same undo step."""

    def __init__(
        self, editor: Editor, claim_id: str, reviewer: str | None, status_after: str | None
    ):
        super().__init__(editor, claim_id, None, reviewer=reviewer, status_after=status_after)
        self.setText("Take the earlier verdict")

    def first_do(self, desk: Desk) -> Changes:
        changes = desk.take_earlier_verdict(self.claim_id, reviewer=self.reviewer)
        self.verdict = changes.made
        return changes | self._move_status_on(desk)


class LinkToFamily(DeskCommand):
    """Confirm a claim the paraphrase matcher found (`other_id`) as the same claim: the two
    join one family (issue 23 item 3)."""

    def __init__(self, editor: Editor, claim_id: str, other_id: str, reviewer: str | None):
        super().__init__(editor, "Link to the claim's family")
        self.claim_id, self.other_id, self.reviewer = claim_id, other_id, reviewer
        self.before: dict[str, str | None] | None = None

    def first_do(self, desk: Desk) -> Changes:
        return self.do_again(desk)

    def do_again(self, desk: Desk) -> Changes:
        changes = desk.link_claims(self.claim_id, _kept(self.other_id), by=self.reviewer)
        self.before = changes.made
        return changes

    def do_undo(self, desk: Desk) -> Changes:
        return desk.restore_families(_kept(self.before))


class _ListView(QListWidget):
    removeRequested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Delete and item is not None:
            self.removeRequested.emit(item.data(Qt.ItemDataRole.UserRole))
            return
        super().keyPressEvent(event)


class SavedListsSidebar(QWidget):
    """The named lists, in their order (their keys beside them), and a field to name the
    filter shown now. `done` asks for the keys back in the claims list: after a save, an
    Escape in the name field, or a list opened (so Ctrl+Z and the review keys act there,
    not in the name field)."""

    done = Signal()

    def __init__(
        self,
        session: DeskSession,
        editor: Editor,
        current_filter: Callable[[], ClaimFilter],
        show_filter: Callable[[ClaimFilter], None],
        say: Callable[[str], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._session, self._editor = session, editor
        self._current_filter, self._show_filter, self._say = current_filter, show_filter, say
        self.lists: list[SavedList] = []
        self.view = _ListView()
        self.view.setObjectName("savedLists")
        self.view.itemActivated.connect(
            lambda item: self.open_list(item.data(Qt.ItemDataRole.UserRole))
        )
        self.view.removeRequested.connect(self.remove_list)
        self.name_field = QLineEdit()
        self.name_field.setObjectName("savedListName")
        self.name_field.setPlaceholderText("Name for the list shown, then Enter")
        self.name_field.returnPressed.connect(self._save_named)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.name_field, self._leave_name_field,
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        self.empty = QLabel("No saved lists yet: Ctrl+Alt+S saves the list shown.")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        layout.addWidget(self.name_field)
        session.desk_changed.connect(self._desk_changed)
        self.reload()

    def reload(self) -> None:
        QueryOp(self._session, lambda desk: desk.saved_lists(), label="Reading saved lists",
                latest="saved-lists").success(self._show).run()  # fmt: skip

    def _show(self, lists: list[SavedList]) -> None:
        self.lists = lists
        current = self.view.currentItem()
        wanted = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.view.clear()
        for number, saved in enumerate(lists, start=1):
            key = f"Ctrl+Alt+{number}  " if number <= LIST_KEYS else ""
            item = QListWidgetItem(f"{key}{saved.name}")
            item.setData(Qt.ItemDataRole.UserRole, saved.name)
            item.setToolTip(saved.describe())
            self.view.addItem(item)
            if saved.name == wanted:
                self.view.setCurrentItem(item)
        self.empty.setVisible(not lists)

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if changes.saved_lists:
            self.reload()

    # --- keys ---------------------------------------------------------------------------

    def ask_name(self) -> None:
        """Ctrl+Alt+S: the name field, to save the list shown under a name."""
        self.window().show_saved_lists()  # type: ignore[attr-defined]
        self.name_field.setFocus()
        self.name_field.selectAll()

    def _save_named(self) -> None:
        name = self.name_field.text().strip()
        if not name:
            self._say("A saved list needs a name.")
            return
        self.save(name)
        self.name_field.clear()
        self.done.emit()

    def _leave_name_field(self) -> None:
        self.name_field.clear()
        self.done.emit()

    def save(self, name: str) -> None:
        command = SaveList(self._editor, name, self._current_filter())
        self._editor.execute(
            command,
            on_done=lambda _c: self._say(
                f"Saved list {name!r} ({_kept(command.saved).describe()}). Ctrl+Z undoes it."
            ),
        )

    def remove_list(self, name: str) -> None:
        self._editor.execute(
            RemoveList(self._editor, name),
            on_done=lambda _c: self._say(f"Removed list {name!r}. Ctrl+Z brings it back."),
        )

    def open_number(self, number: int) -> None:
        """Ctrl+Alt+N: the Nth saved list."""
        if not 1 <= number <= len(self.lists):
            self._say(f"No saved list {number} (Ctrl+Alt+S saves the list shown).")
            return
        self.open_list(self.lists[number - 1].name)

    def open_list(self, name: str) -> None:
        def shown(flt: ClaimFilter) -> None:
            self._show_filter(flt)
            self._say(f"List {name!r}.")
            self.done.emit()

        QueryOp(self._session, lambda desk: desk.list_filter(name),
                label="Opening a saved list").success(shown).run()  # fmt: skip
