"""The claims pane: a compact filter bar (search, scope, a Filter menu, a chip per filter
in force) over the claims table (paged, sorted and filtered in SQL on the reader thread).
It says which claim is current; it never edits anything itself."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout, QWidget

from factdesk.desk import Changes
from factdesk.model import Claim, ClaimFilter

from . import style
from .claim_filters import ClaimFilterBar
from .claims_table import ClaimTable
from .models import ClaimTableModel
from .operations import DeskSession, QueryOp

NO_ARTICLE = "-"  # a filter that lists nothing (before an article is open)
# Sorted highest first on the first click: what a reviewer wants on top.
DESCENDING_FIRST = (ClaimTableModel.SCORE_COLUMN, ClaimTableModel.SAID_ON_COLUMN)


class ClaimsPane(QWidget):
    currentClaimChanged = Signal(object)  # the Claim the reviewer moved to
    emptied = Signal()  # the list holds no claim: none is current, the panel empties
    loaded = Signal()  # the table's rows (re)arrived
    filtersChanged = Signal()
    scopeChanged = Signal(bool)  # all articles listed (True) or the article shown
    notice = Signal(str)  # something to say in the status bar (no hits here, a sort)

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._article_id: str | None = None
        self._wanted: str | None = None  # a claim to make current when the rows arrive
        self._before_reset: str | None = None  # the current claim when a reload began
        self._first_on_load = False
        self._pending_move: int | None = None
        self._quiet = 0
        self._sorted_column = -1
        self.created_since: str | None = None  # a saved list's "last N days"
        self.model = ClaimTableModel(session, self, ClaimFilter(article_id=NO_ARTICLE))
        self.model.loaded.connect(self._rows_loaded)
        self.model.modelAboutToBeReset.connect(
            lambda: setattr(self, "_before_reset", self.current_claim_id())
        )
        self.model.page_added.connect(self._page_added)
        self.filter_bar = ClaimFilterBar(session)
        self.filter_bar.changed.connect(self.apply_filters)
        self.filter_bar.searchEntered.connect(self._search_entered)
        self.filter_bar.clearRequested.connect(self.clear_filters)
        # The bar's parts, as the window and the keys know them.
        self.search, self.scope = self.filter_bar.search, self.filter_bar.scope
        self.filter_button, self.filter_menu = (self.filter_bar.filter_button,
                                                self.filter_bar.filter_menu)  # fmt: skip
        self.chip_bar = self.filter_bar.chip_bar
        self.filters = self.filter_bar.filters  # what the Filter menu narrows the list to
        # Which article a claim is from matters only when listing all articles.
        self.scope.currentIndexChanged.connect(lambda _i: self.fit_columns())
        self.scope.currentIndexChanged.connect(lambda i: self.scopeChanged.emit(i == 1))
        self.view = ClaimTable(self.model)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._sort_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.resized.connect(self.fit_columns)
        self.fit_columns()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, style.GAP, 0, 0)
        layout.setSpacing(style.TIGHT)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view)
        session.desk_changed.connect(self._desk_changed)
        session.scales_changed.connect(self._scales_changed)

    # --- the filters --------------------------------------------------------------

    @property
    def me(self) -> str | None:
        """Whose claims "mine" lists (the hub login, or my name)."""
        return self.filter_bar.me

    @me.setter
    def me(self, name: str | None) -> None:
        self.filter_bar.me = name

    def toggle_mine(self) -> None:
        """The claims assigned to me (on a team: to my login on the hub)."""
        self.filter_bar.toggle_mine()

    def set_filter(self, name: str, value: Any) -> None:
        """Narrow the list by `name` (status, verdict, kind, speaker, min_score); None: any."""
        self.filter_bar.set_filter(name, value)

    def _search_entered(self) -> None:
        """Enter or Down in the search box: the results, from the first."""
        self._first_on_load = True
        self._wanted = None
        if not self.apply_filters():  # nothing changed: the rows are there already
            self._first_on_load = False
            if self.model.rowCount():
                self.set_current_row(0)
        self.focus_table()

    # --- what is listed -------------------------------------------------------------

    def all_articles(self) -> bool:
        return self.scope.currentIndex() == 1

    def set_all_articles(self, on: bool) -> None:
        """List the claims of all articles, or of the article the reader shows."""
        if self.all_articles() != on:
            self.scope.setCurrentIndex(1 if on else 0)  # (the bar lists them again)

    def follow_article(self, article_id: str) -> None:
        """The reader shows another article (a claim of it was chosen in the list of all
        articles): "This article" means that one from now on."""
        if article_id != self._article_id and self.all_articles():
            self._article_id = article_id

    def set_article(self, article_id: str, claim_id: str | None = None) -> None:
        """The article being read: its claims are listed (unless all articles are), and
        `claim_id` (or else the first claim) becomes current when they arrive."""
        self._article_id = article_id
        self._first_on_load = claim_id is None
        if claim_id is not None:
            self.select_claim(claim_id)
        # Listing all articles too: a session restored with "All articles" left the model on
        # its first, empty filter, and the window never showed a claim (issue 22).
        if not self.apply_filters() and not self.model.busy():
            # Listed already: nothing arrives, and the next reload (a sync's, say) must
            # keep the claim shown rather than go back to the first.
            self._first_on_load = False

    def claim_filter(self) -> ClaimFilter:
        article_id = None if self.all_articles() else (self._article_id or NO_ARTICLE)
        return ClaimFilter(
            article_id=article_id,
            text=self.search.text().strip() or None,
            status=self.filters["status"],
            verdict=self.filters["verdict"],
            speaker=self.filters["speaker"],
            kind=self.filters["kind"],
            min_score=self.filters["min_score"],
            assignee=self.filters["assignee"],
            created_since=self.created_since,
        )

    def show_saved(self, flt: ClaimFilter) -> None:
        """List what a saved list says (its scope resolved): its filters, its search, all
        articles, its sort."""
        for name in self.filters:
            self.filters[name] = getattr(flt, name)
        self.created_since = flt.created_since
        self.search.blockSignals(True)
        self.search.setText(flt.text or "")
        self.search.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(1)
        self.scope.blockSignals(False)
        self.scopeChanged.emit(True)
        self.filter_bar.show_chips()
        self.fit_columns()
        sorts = [key for _header, key in ClaimTableModel.COLUMNS]
        header = self.view.horizontalHeader()
        if flt.sort != "position" and flt.sort in sorts:
            self._sorted_column = sorts.index(flt.sort)
            order = Qt.SortOrder.DescendingOrder if flt.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(self._sorted_column, order)
        self._first_on_load = True
        self.apply_filters()

    @Slot()
    def apply_filters(self) -> bool:
        """List what the filters say; False when that is what is listed already."""
        changed = self.model.set_filter(self.claim_filter())
        self.filtersChanged.emit()
        return changed

    def clear_filters(self) -> None:
        """Everything back to the start: no search, no filter, this article, article order."""
        for name in self.filters:
            self.filters[name] = None
        self.created_since = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(0)
        self.scope.blockSignals(False)
        self.scopeChanged.emit(False)  # the View menu's check too: one state, reset whole
        self.filter_bar.show_chips()
        self.fit_columns()
        self._sorted_column = -1
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort(-1)
        self.apply_filters()
        self.notice.emit("Filters cleared: this article's claims, in article order.")

    # --- the session: what is listed, kept between runs ------------------------------

    def state(self) -> dict[str, Any]:
        header = self.view.horizontalHeader()
        return {
            "search": self.search.text(),
            "all_articles": self.all_articles(),
            "filters": dict(self.filters),
            "sort": header.sortIndicatorSection(),
            "descending": header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """The list as it was when the window closed (before the first rows are read)."""
        filters = state.get("filters") or {}
        for name in self.filters:
            self.filters[name] = filters.get(name)
        self.search.blockSignals(True)
        self.search.setText(str(state.get("search") or ""))
        self.search.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(1 if state.get("all_articles") else 0)
        self.scope.blockSignals(False)
        self.scopeChanged.emit(self.all_articles())
        self.filter_bar.show_chips()
        if self.all_articles():  # the claims of every article: no need to wait for one
            self.model.set_filter(self.claim_filter())
        sort = int(state.get("sort", -1))
        if 0 <= sort < self.model.columnCount():
            order = Qt.SortOrder.DescendingOrder if state.get("descending") else (
                Qt.SortOrder.AscendingOrder)  # fmt: skip
            self._sorted_column = sort
            self.view.horizontalHeader().setSortIndicator(sort, order)
        self.fit_columns()

    # --- columns --------------------------------------------------------------------

    def fit_columns(self) -> None:
        """The table's columns to the window (see ClaimTable.fit_columns)."""
        levels = [level.label for level in self._session.scale.levels]
        self.view.fit_columns(levels, self.all_articles())

    def sort_by(self, column: int) -> None:
        """The Sort menu's keys: by `column` (-1: article order); the same again sorts the
        other way. Said in the status bar."""
        header = self.view.horizontalHeader()
        if column < 0:
            self._sorted_column = -1
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.model.sort(-1)
            self.filtersChanged.emit()
            self.notice.emit("Sorted in article order.")
            return
        if column == header.sortIndicatorSection():
            order = (Qt.SortOrder.AscendingOrder
                     if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                     else Qt.SortOrder.DescendingOrder)  # fmt: skip
        else:
            order = (Qt.SortOrder.DescendingOrder if column in DESCENDING_FIRST
                     else Qt.SortOrder.AscendingOrder)  # fmt: skip
        self._sorted_column = column
        header.setSortIndicator(column, order)
        name = str(self.model.headerData(column, Qt.Orientation.Horizontal,
                                         Qt.ItemDataRole.DisplayRole))  # fmt: skip
        way = "highest first" if column == ClaimTableModel.SCORE_COLUMN else (
            "descending" if order == Qt.SortOrder.DescendingOrder else "ascending")  # fmt: skip
        if column == ClaimTableModel.SAID_ON_COLUMN:
            way = "newest first" if order == Qt.SortOrder.DescendingOrder else "oldest first"
        elif column == ClaimTableModel.SCORE_COLUMN and order == Qt.SortOrder.AscendingOrder:
            way = "lowest first"
        self.notice.emit(f"Sorted by {name.lower()}, {way} (the same key again: the other way).")

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        """A first click on Score or Said on sorts highest first; clicks after toggle."""
        first_click = column != self._sorted_column
        self._sorted_column = column
        if first_click and column in DESCENDING_FIRST and order == Qt.SortOrder.AscendingOrder:
            self.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
            return  # (called again with the new order)
        self.filtersChanged.emit()

    # --- the current claim ----------------------------------------------------------

    def current_claim_id(self) -> str | None:
        claim = self.model.claim_at(self.view.currentIndex().row())
        return claim.id if claim else None

    def selected_claims(self) -> list[Claim]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [c for c in (self.model.claim_at(r) for r in rows) if c is not None]

    def select_claim(self, claim_id: str) -> bool:
        """Make a listed claim current; one not listed (yet) becomes current if it arrives."""
        row = self.model.row_of(claim_id)
        if row is None:
            self._wanted = claim_id
            return False
        self._wanted = None
        self.set_current_row(row)
        return True

    def set_current_row(self, row: int) -> None:
        """Make `row` the current and only selected claim (whatever keys are held)."""
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def move_claim(self, step: int) -> None:
        """J/K: the next or previous claim (the next page is read first if need be)."""
        current = self.view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        if row >= self.model.rowCount() and self.model.has_more():
            self._pending_move = row
            self.model.fetchMore()
        elif 0 <= row < self.model.rowCount():
            self.set_current_row(row)

    def focus_table(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def counts_text(self) -> str:
        total = self.model.total()
        return f"{total:,} claim{'s' if total != 1 else ''} listed"

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        claim = self.model.claim_at(current.row())
        if claim is not None and not self._quiet:
            self.currentClaimChanged.emit(claim)

    @Slot()
    def _rows_loaded(self) -> None:
        wanted = None if self._first_on_load and not self._wanted else (
            self._wanted or self._before_reset)  # fmt: skip
        row = self.model.row_of(wanted) if wanted else None
        if row is not None:
            self._wanted = None
        elif self._first_on_load and self.model.rowCount():
            row = 0
        elif row is None and self.model.rowCount():
            row = 0  # the claim shown is not listed (any more): keys act on one listed
        self._first_on_load = False
        if row is not None and wanted is not None and wanted == self._before_reset:
            with self._quietly():  # the claim shown stays current: not shown again
                self.set_current_row(row)
        elif row is not None:
            self.set_current_row(row)
        if not self.model.rowCount():
            self.emptied.emit()
            self._say_hits_elsewhere()
        self.loaded.emit()

    def _say_hits_elsewhere(self) -> None:
        """A search with no hits in this article: how many in the others (a count)."""
        flt = self.model.filter
        if flt.text is None or flt.article_id is None or flt.article_id == NO_ARTICLE:
            self.notice.emit("No claim is listed: keys rate nothing.") if flt.text else None
            return
        everywhere = dataclasses.replace(flt, article_id=None)

        def say(count: int) -> None:
            if self.model.filter.text != flt.text or self.model.rowCount():
                return  # the search changed meanwhile
            elsewhere = (f"{count:,} in other articles: Ctrl+Shift+L lists all articles"
                         if count else "none in other articles either")  # fmt: skip
            self.notice.emit(f"No claim in this article matches “{flt.text}”; {elsewhere}.")

        QueryOp(self._session, lambda desk: desk.count_claims(everywhere),
                label="Counting").success(say).run()  # fmt: skip

    @Slot()
    def _page_added(self) -> None:
        row, self._pending_move = self._pending_move, None
        if row is not None and 0 <= row < self.model.rowCount():
            self.set_current_row(row)
        self.loaded.emit()

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if changes.claims:
            self.model.refresh_claims(changes.claims)

    def _scales_changed(self) -> None:
        if self.filters["verdict"] and self.filters["verdict"] not in {
            level.label for level in self._session.scale.levels
        }:
            self.set_filter("verdict", None)
        self.model.refresh_scales()
        self.fit_columns()
