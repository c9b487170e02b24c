"""The claims table: a row per claim, its status and verdict as chips, and columns that
fit the window (the claim's text keeps the room; a narrow window hides columns first)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from factdesk.model import STATUSES

from .delegates import CELL_PADDING, ChipDelegate, ClaimTextDelegate, chip_width, row_height
from .models import KIND_WORDS, ClaimTableModel
from .widgets import tidy_table

# Columns a narrow window hides first, so the claim's text keeps room for two lines (the
# panel shows them; a hidden speaker opens the claim's text instead). Listing all articles,
# the score and then the article's title give way too (the reader and the panel's heading
# name the article of the claim shown).
HIDE_FIRST = (ClaimTableModel.TYPE_COLUMN, ClaimTableModel.SAID_ON_COLUMN,
              ClaimTableModel.SPEAKER_COLUMN)  # fmt: skip
HIDE_FIRST_ALL_ARTICLES = (*HIDE_FIRST, ClaimTableModel.SCORE_COLUMN,
                           ClaimTableModel.ARTICLE_COLUMN)  # fmt: skip
CLAIM_MIN_WIDTH = 240
SPEAKER_WIDTH = 130


class ClaimTable(QTableView):
    """The claims table: rows are claims (Tab leaves it, as from any list)."""

    resized = Signal()

    def __init__(self, model: ClaimTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._claims = model
        self.setObjectName("claims")
        self.setModel(model)
        tidy_table(self)
        self.setTabKeyNavigation(False)  # Tab goes on to the claim panel
        self.setWordWrap(True)
        self.setItemDelegateForColumn(0, ClaimTextDelegate(self))
        chips = ChipDelegate(self)
        for column in (ClaimTableModel.STATUS_COLUMN, ClaimTableModel.VERDICT_COLUMN):
            self.setItemDelegateForColumn(column, chips)
        # No sort column: claims in article order. Set before enabling sorting, which
        # would otherwise sort by the first column at once.
        header = self.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.setColumnHidden(ClaimTableModel.ARTICLE_COLUMN, True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyboardSearch(self, search: str) -> None:
        """Letters are review keys here (J, K, S, X, ...): one that is not, or one whose
        shortcut did not fire, must not jump to a claim that begins with it."""

    def fit_columns(self, levels: list[str], all_articles: bool) -> None:
        """Short columns as wide as their widest label (never cut, `levels` being the
        verdicts' labels); the claim's text takes the rest, and a narrow window hides Type,
        Said on and Speaker (in that order) rather than squeeze it. The article's title is
        shown only when listing `all_articles`."""
        header = self.horizontalHeader()
        metrics = QFontMetrics(self.font())
        header_metrics = QFontMetrics(header.font())
        self.verticalHeader().setDefaultSectionSize(row_height(metrics))
        labels = {
            ClaimTableModel.SAID_ON_COLUMN: ["2000-00-00"],
            ClaimTableModel.SCORE_COLUMN: ["0.00"],
            ClaimTableModel.TYPE_COLUMN: list(KIND_WORDS.values()),
        }
        widths = {}
        for column in range(1, ClaimTableModel.ARTICLE_COLUMN + 1):
            heading = header.sectionSizeFromContents(column).width()
            if column in (ClaimTableModel.STATUS_COLUMN, ClaimTableModel.VERDICT_COLUMN):
                words = STATUSES if column == ClaimTableModel.STATUS_COLUMN else levels
                content = max((chip_width(metrics, w) for w in words), default=0)
            elif column in labels:
                content = max(metrics.horizontalAdvance(w) for w in labels[column])
                content += 2 * CELL_PADDING
            elif column == ClaimTableModel.SPEAKER_COLUMN:
                content = SPEAKER_WIDTH
            else:
                content = SPEAKER_WIDTH  # the article's title (elided; whole in its tooltip)
            widths[column] = max(heading, content, header_metrics.height())
        hidden = {ClaimTableModel.ARTICLE_COLUMN} if not all_articles else set()
        available = self.viewport().width() or self.width()

        def spare() -> int:
            return available - sum(w for c, w in widths.items() if c not in hidden)

        for column in HIDE_FIRST_ALL_ARTICLES if all_articles else HIDE_FIRST:
            if spare() >= CLAIM_MIN_WIDTH:
                break
            hidden.add(column)
        for column, width in widths.items():
            self.setColumnHidden(column, column in hidden)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        speaker_hidden = ClaimTableModel.SPEAKER_COLUMN in hidden
        if self._claims.speaker_in_text != speaker_hidden:
            self._claims.speaker_in_text = speaker_hidden
            self.viewport().update()
