"""The articles pane: search, sort and the list of articles with their counts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes

from .models import ArticleListModel
from .operations import DeskSession
from .widgets import ChoiceBox, debounce, tidy_table

SORTS = (("Newest first", "imported", True), ("Oldest first", "imported", False),
         ("Title", "title", False), ("Date published", "published", True))  # fmt: skip


class ArticlesPane(QWidget):
    articleChosen = Signal(str)  # the user picked an article
    loaded = Signal()  # the list (re)arrived

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ArticleListModel(session, self)
        self.model.loaded.connect(self._loaded)
        self._current: str | None = None
        self._quiet = 0
        self.search = QLineEdit()
        self.search.setObjectName("articleSearch")
        self.search.setPlaceholderText("Search articles")
        self.search.setClearButtonEnabled(True)
        self.sort = ChoiceBox()
        self.sort.addItems([label for label, _key, _descending in SORTS])
        self.view = QTableView()
        self.view.setObjectName("articles")
        self.view.setModel(self.model)
        tidy_table(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would read every row of a long list.
        for column, width in ((1, 50), (2, 46), (3, 78)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.sort)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self._search_timer = debounce(self, 200, lambda: self.model.set_search(self.search.text()))
        self.search.textChanged.connect(self._search_timer.start)
        self.sort.currentIndexChanged.connect(self._sort_changed)
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

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    @Slot(int)
    def _sort_changed(self, choice: int) -> None:
        _label, key, descending = SORTS[choice]
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
