"""The window's actions, menus and toolbar, and the keyboard shortcuts sheet (F1), which is
read from the actions themselves: a key is declared once, where its action is made.

Single-letter and digit keys (and Delete) act only while the claims table or the reader has
the focus: typed anywhere else they belong to that field or drop-down (r in the stance
drop-down picks "refutes"; it must not set the claim to "researching"). Esc leaves any
field for the claims table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from factdesk.model import STATUSES

from .models import ClaimTableModel
from .style import icon

if TYPE_CHECKING:
    from .window_view import WindowView

# Keys that are not actions (Qt's focus chain, a field's own Enter): the sheet lists them
# beside those read from the actions themselves (the one key map: see key_sheet).
FIELD_KEYS = (
    ("Tab", "From the claims table to the claim panel, and on from field to field"),
    ("Enter", "In a field: save it and come back to the claims table (Shift+Enter: a new line"
              " in the summary; Ctrl+Enter in the claim's wording)"),
)  # fmt: skip
LEVELS_KEYS = "1 … 9"
SAVED_LIST_KEYS = "Ctrl+Alt+1 … 9"
# The Sort menu: (words, column of the claims table or -1 for article order, key).
SORTS = (
    ("Article &order", -1, "Ctrl+0"),
    ("&Score (highest first)", ClaimTableModel.SCORE_COLUMN, "Ctrl+1"),
    ("Said &on (newest first)", ClaimTableModel.SAID_ON_COLUMN, "Ctrl+2"),
    ("S&peaker", ClaimTableModel.SPEAKER_COLUMN, "Ctrl+3"),
    ("S&tatus", ClaimTableModel.STATUS_COLUMN, "Ctrl+4"),
    ("&Verdict", ClaimTableModel.VERDICT_COLUMN, "Ctrl+5"),
    ("T&ype", ClaimTableModel.TYPE_COLUMN, "Ctrl+6"),
    ("&Claim text", 0, "Ctrl+7"),
)


class Actions:
    """Builds the window's actions; `review_keys` are those bound to the table and reader."""

    def __init__(self, window: WindowView):
        self.window = window
        self.review_widgets: list[QWidget] = [window.claims.view, window.reader.reader]
        self.keyed: list[QAction] = []  # every action with a key, in the sheet's order
        w, review, importer = window, window.review, window.importer
        self.next = self._review_key("&Next claim", lambda: w.claims.move_claim(1), "J")
        self.prev = self._review_key("&Previous claim", lambda: w.claims.move_claim(-1), "K")
        self.levels = [
            self._review_key(f"Level {n}", lambda n=n: review.set_verdict_level(n), str(n),
                             "Set the verdict to that level of the current scale")
            for n in range(1, 10)
        ]  # fmt: skip
        self.summary = self._review_key(
            "Write the &summary", w.panel.focus_summary, "S",
            "Write the verdict's summary (Enter saves it and comes back)",
        )  # fmt: skip
        self.evidence = self._review_key(
            "Add &evidence", w.focus_evidence, "E",
            "Add evidence: link, Tab, stance (s/r/c/u), Tab, quote, Enter",
        )  # fmt: skip
        self.assign = self._review_key(
            "&Assign…", w.panel.focus_assignee, "A", "Assign the claim (Enter saves it)"
        )
        # A key for each step of the workflow (a verdict itself moves the claim to "rated").
        self.researching = self._review_key(
            "Take on (&researching)", lambda: review.triage("researching"), "R",
            "Researching: take the selected claims on (assigned to you)",
        )  # fmt: skip
        self.in_review = self._review_key(
            "Ready for rev&iew (in review)", lambda: review.triage("in review"), "I",
            "In review: the verdict is ready for an editor's check",
        )  # fmt: skip
        self.published = self._review_key(
            "&Published", lambda: review.triage("published"), "P",
            "Published: the fact-check is out",
        )  # fmt: skip
        self.back_to_new = self._review_key(
            "Back to ne&w", lambda: review.triage("new"), "N", "New: back to the start"
        )
        self.not_checking = self._review_key(
            "Set aside (&not checking)", lambda: review.triage("not checking"), "X",
            "Not checking: set the selected claims aside",
        )  # fmt: skip
        self.find = self._add("&Search claims", w.claims.focus_search, "/",
                              "Search claims (Enter or ↓ goes to the results)")  # fmt: skip
        self.all_articles = self._add(
            "Claims of &all articles", lambda: None, "Ctrl+Shift+L",
            "List the claims of all articles, or of the article shown (again)",
        )  # fmt: skip
        self.all_articles.setCheckable(True)
        # One state: the View menu's check and the scope drop-down follow the pane's scope.
        self.all_articles.toggled.connect(w.claims.set_all_articles)
        w.claims.scopeChanged.connect(self.all_articles.setChecked)
        self.reset_filters = self._add(
            "&Clear filters", w.claims.clear_filters, "Ctrl+Shift+R",
            "Clear filters: no search, no filter, this article, article order",
        )  # fmt: skip
        self.sorts = [
            self._add(words, lambda c=column: w.claims.sort_by(c), key,
                      f"Sort by {words.replace('&', '').lower()} (again: the other way)"
                      if column >= 0 else "Sort in article order")
            for words, column, key in SORTS
        ]  # fmt: skip
        self.escape = self._add(
            "Leave the field", w.escape, "Esc",
            "Leave a field for the claims table (what was typed is kept); cancel an import",
        )  # fmt: skip
        self.url = self._add("Import from &URL", w.focus_url, "Ctrl+L",
                             "Go to the URL field (import an article)")  # fmt: skip
        self.open = self._add("&Open file…", importer.open_files, QKeySequence.StandardKey.Open)
        self.folder = self._add("Import &folder…", importer.open_folder)
        self.paste = self._add("&Paste as new article", importer.paste, "Ctrl+Shift+V")
        self.sample = self._add("Load the &sample article", importer.load_sample)
        self.claimreview = self._add(
            "Import published &fact-checks (ClaimReview)…", importer.open_claimreview
        )
        self.bundle = self._add(
            "Import a &bundle…", w.open_bundle, None,
            "Merge a bundle from another factdesk (its progress, and Cancel)",
        )  # fmt: skip
        self.add_claim = self._add(
            "&Add selection as claim", review.add_claim_from_selection, "Ctrl+Shift+A"
        )
        self.split = self._add("&Split at cursor", review.split_claim, "Ctrl+Shift+S",
                               "Split the claim at the cursor in the reader")  # fmt: skip
        self.merge = self._add("&Merge selected", review.merge_claims, "Ctrl+M",
                               "Merge the selected claims")  # fmt: skip
        self.delete = self._review_key(
            "&Delete", review.delete_claims, QKeySequence.StandardKey.Delete,
            "Delete the selected claims (or, in the article list, the article)",
        )  # fmt: skip
        self.lookup = self._add("&Look up prior fact-checks", review.lookup_prior_checks)
        self.undo = self._add("&Undo", w.editor.undo, "Ctrl+Z")
        self.redo = self._add("&Redo", w.editor.redo, "Ctrl+Shift+Z")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack = w.editor.stack
        stack.undoTextChanged.connect(lambda text: self.undo.setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: self.redo.setText(f"&Redo {text}".strip()))
        for signal in (stack.canUndoChanged, stack.canRedoChanged, w.editor.pending_changed):
            signal.connect(self._undo_state)
        self._undo_state()
        self.export = self._add("&Export…", w.export, "Ctrl+Shift+E", "Export a report")
        self.sync = self._add("S&ync now", lambda: w.team.sync_now(), "F5",
                              "Sync now with the team hub")  # fmt: skip
        self.settings = self._add("Se&ttings…", w.open_settings, "Ctrl+,")
        self.your_name = self._add("Your &name…", review.reviewer.ask)
        self.shortcuts = self._add("&Keyboard shortcuts", w.show_shortcuts, "F1", "This sheet")
        self.quit = self._add("&Quit", w.close, "Ctrl+Q")  # (not every platform has one)
        self.about = self._add("&About factdesk", w.show_about)
        self.delete_article = self._add("Delete &article", review.delete_current_article)
        # Saved lists (gui/saved_lists.py), statistics and seen before (issue 23).
        self.save_list = self._add(
            "&Save the list shown as…", w.saved_lists.ask_name, "Ctrl+Alt+S",
            "Save the list shown (its filters, search and sort) under a name",
        )  # fmt: skip
        self.open_lists = [
            self._add(f"Saved list {n}", lambda n=n: w.saved_lists.open_number(n),
                      f"Ctrl+Alt+{n}", "Open that saved list (in the order of the sidebar)")
            for n in range(1, 10)
        ]  # fmt: skip
        self.lists_dock = w.lists_dock.toggleViewAction()
        self.lists_dock.setText("Saved &lists")
        self.statistics = self._add(
            "S&tatistics…", w.show_statistics, "F8",
            "Statistics: verdicts per week and per checker, backlog, time to verdict",
        )  # fmt: skip
        self.take_verdict = self._review_key(
            "&Take the earlier verdict", w.take_earlier_verdict, "Ctrl+T",
            "Seen before (↺): rate the claim as the claim it repeats was rated",
        )  # fmt: skip
        self.link_family = self._review_key(
            "Link to its &family", w.link_to_family, "Ctrl+Shift+F",
            "Confirm the closest claim of another article as the same claim (one family)",
        )  # fmt: skip
        self.family = self._add(
            "The claim's famil&y…", w.show_family, "F9",
            "The claim's family: its first appearance and appearances over time",
        )  # fmt: skip
        self.trash = self._add(
            "&Trash…", w.show_trash, "Ctrl+Shift+T", "Trash: restore what was deleted"
        )

    def key_sheet(self) -> list[tuple[str, str]]:
        """The F1 sheet, read from the actions (their keys as bound now), plus the keys of
        fields: (keys, what they do) rows."""
        rows: list[tuple[str, str]] = []
        for act in self.keyed:
            keys = " or ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
            )
            words = act.statusTip() or act.text().replace("&", "")
            if act in self.levels:
                if act is not self.levels[0]:
                    continue
                keys = LEVELS_KEYS
            if act in self.open_lists:
                if act is not self.open_lists[0]:
                    continue
                keys = SAVED_LIST_KEYS
            rows.append((keys, words))
        return rows + list(FIELD_KEYS)

    def _add(self, text: str, slot: Callable, shortcut=None, words: str = "") -> QAction:
        act = QAction(text, self.window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            self.keyed.append(act)
        act.setStatusTip(words)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)  # shortcuts work while menus are closed and toolbars hidden
        return act

    def _undo_state(self) -> None:
        # Undo works as soon as an edit is asked for (it waits for the edit to be done).
        editor = self.window.editor
        self.undo.setEnabled(editor.can_undo())
        self.redo.setEnabled(editor.stack.canRedo() or editor.pending > 0)

    def _review_key(self, text: str, slot: Callable, shortcut, words: str = "") -> QAction:
        act = QAction(text, self.window)
        act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(words)
        self.keyed.append(act)
        act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        for widget in self.review_widgets:
            widget.addAction(act)
        return act

    def fill_verdict_menu(self) -> None:
        levels = self.window.session.scale.levels
        self.verdict_menu.clear()
        # Every digit stays live: one past the scale says so in the status bar.
        for number, act in enumerate(self.levels, start=1):
            if number <= len(levels):
                act.setText(f"{number}  {levels[number - 1].label}")
                self.verdict_menu.addAction(act)

    def build_menus(self) -> None:
        w = self.window
        menu = w.menuBar()
        file_menu = menu.addMenu("&File")
        file_actions = (self.url, self.open, self.folder, self.paste, None, self.sample,
                        self.claimreview, self.bundle, self.export, None, self.sync, None,
                        self.settings, None, self.quit)  # fmt: skip
        for act in file_actions:
            file_menu.addSeparator() if act is None else file_menu.addAction(act)
        # (File > Quit shows its key: Ctrl+Q.)
        edit_menu = menu.addMenu("&Edit")
        for act in (self.undo, self.redo, None, self.add_claim, self.find, None,
                    self.delete_article, self.trash):  # fmt: skip
            edit_menu.addSeparator() if act is None else edit_menu.addAction(act)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.all_articles)
        view_menu.addAction(self.reset_filters)
        sort_menu = view_menu.addMenu("S&ort")
        for act in self.sorts:
            sort_menu.addAction(act)
        view_menu.addSeparator()
        view_menu.addAction(w.undo_dock.toggleViewAction())
        view_menu.addAction(self.lists_dock)
        view_menu.addAction(self.save_list)
        lists_menu = view_menu.addMenu("Open saved &list")
        for act in self.open_lists:
            lists_menu.addAction(act)
        view_menu.addAction(self.statistics)
        view_menu.addAction(self.family)
        claim_menu = menu.addMenu("&Claim")
        claim_menu.addAction(self.next)
        claim_menu.addAction(self.prev)
        claim_menu.addSeparator()
        self.verdict_menu = claim_menu.addMenu("&Verdict")
        status_menu = claim_menu.addMenu("S&tatus")
        for status in STATUSES:
            status_menu.addAction(status).triggered.connect(
                lambda _checked=False, s=status: w.set_status(s)
            )
        for act in (self.summary, None, self.back_to_new, self.researching, self.in_review,
                    self.published, self.not_checking, None, self.assign, self.your_name,
                    self.evidence, self.lookup, self.take_verdict, self.link_family, self.family,
                    None, self.add_claim, self.split, self.merge, self.delete):  # fmt: skip
            claim_menu.addSeparator() if act is None else claim_menu.addAction(act)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.shortcuts)
        help_menu.addAction(self.about)
        self.fill_verdict_menu()

    def build_toolbar(self) -> QLineEdit:
        """The URL field and icon buttons (their names and keys in tooltips): it fits a
        1024-pixel window whole."""
        toolbar = self.window.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        url_field = QLineEdit()
        url_field.setObjectName("urlField")
        url_field.setPlaceholderText("Article URL or file path, then Enter  (Ctrl+L)")
        url_field.setClearButtonEnabled(True)
        url_field.setMinimumWidth(280)
        url_field.addAction(icon("import"), QLineEdit.ActionPosition.LeadingPosition)
        toolbar.addWidget(url_field)
        import_button = QPushButton("Import")
        import_button.clicked.connect(lambda: url_field.returnPressed.emit())
        toolbar.addWidget(import_button)
        toolbar.addSeparator()
        for item in (self.open, self.paste, None, self.prev, self.next, self.evidence, None,
                     self.undo, self.redo, None, self.sync, self.export,
                     self.settings):  # fmt: skip
            toolbar.addSeparator() if item is None else toolbar.addAction(item)
        self.set_icons()
        return url_field

    TOOLBAR_ICONS = (("open", "open"), ("paste", "paste"), ("undo", "undo"), ("redo", "redo"),
                     ("export", "export"), ("settings", "settings"), ("evidence", "evidence"),
                     ("next", "next"), ("prev", "previous"), ("delete_article", "delete"),
                     ("find", "search"), ("sync", "sync"))  # fmt: skip

    def set_icons(self) -> None:
        """Icons in the palette's colours (again after the system goes light or dark)."""
        for attribute, name in self.TOOLBAR_ICONS:
            act: QAction = getattr(self, attribute)
            act.setIcon(icon(name))
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            words = act.text().replace("&", "")
            act.setToolTip(f"{words} ({keys})" if keys else words)
