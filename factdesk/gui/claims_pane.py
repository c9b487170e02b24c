"""The claims pane: filters and the claims table (paged, sorted and filtered in SQL on the
reader thread). It says which claim is current; it never edits anything itself."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes
from factdesk.model import CLAIM_KINDS, STATUSES, Claim, ClaimFilter

from .models import ClaimTableModel
from .operations import DeskSession
from .widgets import ChoiceBox, debounce, tidy_table

NO_ARTICLE = "-"  # a filter that lists nothing (before an article is open)


class ClaimsPane(QWidget):
    currentClaimChanged = Signal(object)  # the Claim the reviewer moved to
    loaded = Signal()  # the table's rows (re)arrived

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._article_id: str | None = None
        self._wanted: str | None = None  # a claim to make current when the rows arrive
        self._before_reset: str | None = None  # the current claim when a reload began
        self._first_on_load = False
        self._pending_move: int | None = None
        self._quiet = 0
        self.model = ClaimTableModel(session, self, ClaimFilter(article_id=NO_ARTICLE))
        self.model.loaded.connect(self._rows_loaded)
        self.model.modelAboutToBeReset.connect(
            lambda: setattr(self, "_before_reset", self.current_claim_id())
        )
        self.model.page_added.connect(self._page_added)
        self._build_filters()
        self.view = QTableView()
        self.view.setObjectName("claims")
        self.view.setModel(self.model)
        tidy_table(self.view)
        # No sort column: claims in article order. Set before enabling sorting, which
        # would otherwise sort by the first column at once.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 80), (3, 46), (4, 84), (5, 76), (6, 96), (7, 160)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.view.setColumnHidden(ClaimTableModel.ARTICLE_COLUMN, True)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self._filter_row)
        layout.addWidget(self.view)
        session.desk_changed.connect(self._desk_changed)
        session.scales_changed.connect(self._scales_changed)

    def _build_filters(self) -> None:
        self.scope = ChoiceBox()
        self.scope.addItems(["This article", "All articles"])
        self.scope.setToolTip("Show the claims of the current article or of all articles")
        self.status_filter = ChoiceBox()
        self.status_filter.addItems(["Any status", *STATUSES])
        self.verdict_filter = ChoiceBox()
        self.kind_filter = ChoiceBox()
        self.kind_filter.addItems(["Any type", *CLAIM_KINDS])
        self.speaker_filter = QLineEdit()
        self.speaker_filter.setPlaceholderText("Speaker")
        self.speaker_filter.setClearButtonEnabled(True)
        self.score_filter = QDoubleSpinBox()
        self.score_filter.setRange(0, 1)
        self.score_filter.setSingleStep(0.1)
        self.score_filter.setDecimals(2)
        self.score_filter.setPrefix("score ≥ ")
        self.score_filter.setToolTip("Only claims at least this check-worthy")
        self.search = QLineEdit()
        self.search.setObjectName("claimSearch")
        self.search.setPlaceholderText("Search claims  ( / )")
        self.search.setClearButtonEnabled(True)
        self._fill_verdict_filter()
        combos = (self.scope, self.status_filter, self.verdict_filter, self.kind_filter)
        for combo in combos:
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(9)
        self._filter_row = QHBoxLayout()
        self._filter_row.setSpacing(4)
        for widget, stretch in ((self.search, 3), (self.scope, 0), (self.status_filter, 0),
                                (self.verdict_filter, 0), (self.kind_filter, 0),
                                (self.speaker_filter, 1), (self.score_filter, 0)):  # fmt: skip
            self._filter_row.addWidget(widget, stretch)
        self._filter_timer = debounce(self, 150, self.apply_filters)
        self.search.textChanged.connect(self._filter_timer.start)
        self.speaker_filter.textChanged.connect(self._filter_timer.start)
        self.score_filter.valueChanged.connect(self._filter_timer.start)
        for combo in combos:
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        # Which article a claim is from matters only when listing all articles.
        self.scope.currentIndexChanged.connect(
            lambda i: self.view.setColumnHidden(ClaimTableModel.ARTICLE_COLUMN, i == 0)
        )

    def _fill_verdict_filter(self) -> None:
        current = self.verdict_filter.currentData()
        self.verdict_filter.blockSignals(True)
        self.verdict_filter.clear()
        self.verdict_filter.addItem("Any verdict", None)
        self.verdict_filter.addItem("No verdict", "")
        for level in self._session.scale.levels:
            self.verdict_filter.addItem(level.label, level.label)
        self.verdict_filter.setCurrentIndex(max(self.verdict_filter.findData(current), 0))
        self.verdict_filter.blockSignals(False)

    # --- what is listed -------------------------------------------------------------

    def all_articles(self) -> bool:
        return self.scope.currentIndex() == 1

    def set_article(self, article_id: str, claim_id: str | None = None) -> None:
        """The article being read: its claims are listed (unless all articles are), and
        `claim_id` (or else the first claim) becomes current when they arrive."""
        self._article_id = article_id
        self._first_on_load = claim_id is None
        if claim_id is not None:
            self.select_claim(claim_id)
        if not self.all_articles():
            self.apply_filters()

    def claim_filter(self) -> ClaimFilter:
        article_id = None if self.all_articles() else (self._article_id or NO_ARTICLE)
        status = self.status_filter.currentText() if self.status_filter.currentIndex() else None
        kind = self.kind_filter.currentText() if self.kind_filter.currentIndex() else None
        return ClaimFilter(
            article_id=article_id,
            text=self.search.text().strip() or None,
            status=status,
            verdict=self.verdict_filter.currentData(),
            speaker=self.speaker_filter.text().strip() or None,
            kind=kind,
            min_score=self.score_filter.value() or None,
        )

    @Slot()
    def apply_filters(self) -> None:
        self.model.set_filter(self.claim_filter())

    def clear_filters(self) -> None:
        for widget in (self.search, self.speaker_filter):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        for combo in (self.status_filter, self.verdict_filter, self.kind_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.score_filter.blockSignals(True)
        self.score_filter.setValue(0)
        self.score_filter.blockSignals(False)
        self.apply_filters()

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
        self.view.scrollTo(index)

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
        more = "+" if self.model.has_more() else ""
        return f"{self.model.rowCount()}{more} claims listed"

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
        wanted = self._wanted or self._before_reset
        row = self.model.row_of(wanted) if wanted else None
        if row is not None:
            self._wanted = None
        elif self._first_on_load and self.model.rowCount():
            row = 0
        self._first_on_load = False
        if row is not None and wanted is not None and wanted == self._before_reset:
            with self._quietly():  # the claim shown stays current: not shown again
                self.set_current_row(row)
        elif row is not None:
            self.set_current_row(row)
        self.loaded.emit()

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
        self._fill_verdict_filter()
        self.model.refresh_scales()
