"""The articles pane: search, sort and the list of articles: each its whole title (on up
to three lines, the full one in a tooltip) over its counts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes

from . import style
from .delegates import ArticleDelegate
from .models import ArticleListModel
from .operations import DeskSession
from .widgets import debounce, go_to_results_on_enter


class ArticleList(QListView):
    """Items' heights follow their wrapped titles: a new width lays them out again."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.scheduleDelayedItemsLayout()


SORTS = (("Newest first", "imported", True), ("Oldest first", "imported", False),
         ("Title", "title", False), ("Date published", "published", True))  # fmt: skip


class ArticlesPane(QWidget):
    articleChosen = Signal(str)  # the user picked an article
    loaded = Signal()  # the list (re)arrived
    deleteRequested = Signal(str)  # Delete on the list: the article's id

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ArticleListModel(session, self)
        self.model.loaded.connect(self._loaded)
        self._current: str | None = None
        self._quiet = 0
        self.search = QLineEdit()
        self.search.setObjectName("articleSearch")
        self.search.setPlaceholderText("Articles")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        go_to_results_on_enter(self.search, self.focus_list)
        # The order as a small menu button: the search keeps the pane's width.
        self.sort = QToolButton()
        self.sort.setObjectName("articleSort")
        self.sort.setIcon(style.icon("sort"))
        self.sort.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        sort_menu = QMenu(self.sort)
        group = QActionGroup(sort_menu)
        for choice, (label, _key, _descending) in enumerate(SORTS):
            act = QAction(label, sort_menu, checkable=True)
            act.setChecked(choice == 0)
            act.triggered.connect(lambda _c=False, n=choice: self._sort_changed(n))
            group.addAction(act)
            sort_menu.addAction(act)
        self.sort.setMenu(sort_menu)
        self.sort.setToolTip(f"Order: {SORTS[0][0]}")
        self.view = ArticleList()
        self.view.setObjectName("articles")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ArticleDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(False)
        # Thousands of articles: rows laid out a batch at a time, between events, so the
        # first page of claims does not wait for every row's size.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(50)
        self.view.setAlternatingRowColors(True)
        delete = self.view.addAction("Delete article")
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self._delete_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.GAP, style.GAP, 0, 0)
        layout.setSpacing(style.TIGHT)
        row = QHBoxLayout()
        row.setSpacing(style.TIGHT)
        row.addWidget(self.search, 1)
        row.addWidget(self.sort)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self._search_timer = debounce(self, 200, lambda: self.model.set_search(self.search.text()))
        self.search.textChanged.connect(self._search_timer.start)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        session.desk_changed.connect(self._desk_changed)

    def show_current(self, article_id: str | None) -> None:
        """Mark the article being read (without acting on it)."""
        self._current = article_id
        row = self.model.row_of(article_id) if article_id else None
        if row is None:
            return
        with self._quietly():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def count(self) -> int:
        return self.model.rowCount()

    def focus_list(self) -> None:
        """From the search box (Enter, Down): the first article found, ready to open."""
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def current_article_id(self) -> str | None:
        article = self.model.article_at(self.view.currentIndex().row())
        return article.id if article else None

    def _delete_current(self) -> None:
        article_id = self.current_article_id()
        if article_id:
            self.deleteRequested.emit(article_id)

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    @Slot(int)
    def _sort_changed(self, choice: int) -> None:
        label, key, descending = SORTS[choice]
        self.sort.setToolTip(f"Order: {label}")
        self.model.set_sort(key, descending)

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article = self.model.article_at(current.row())
        if article is not None and not self._quiet:
            self._current = article.id
            self.articleChosen.emit(article.id)

    @Slot()
    def _loaded(self) -> None:
        self.show_current(self._current)
        self.loaded.emit()

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        # Counts of claims and verdicts follow any change to articles or claims.
        if changes.articles or changes.claims:
            self.model.reload()
