"""Qt item models over the Desk: paged, sorted and filtered in SQL."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from factdesk.model import Article, Claim, ClaimFilter

from .colours import claim_colour

Index = QModelIndex | QPersistentModelIndex
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole
_ROOT = QModelIndex()  # the invisible root: the parent of every row


class _RowsModel(QAbstractTableModel):
    """A flat table of `_rows` with the headers of `COLUMNS` (header, ...) pairs."""

    COLUMNS: tuple = ()
    _rows: list

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section][0]
        return None


class ClaimTableModel(_RowsModel):
    """Claims of one article or of all, a page at a time (never all rows in memory at once:
    rows arrive as the view scrolls, through canFetchMore/fetchMore)."""

    # (header, ClaimFilter.sort key)
    COLUMNS = (
        ("Claim", "text"),
        ("Speaker", "speaker"),
        ("Said on", "said_on"),
        ("Score", "score"),
        ("Type", "kind"),
        ("Status", "status"),
        ("Verdict", "verdict"),
        ("Article", "position"),  # shown when listing the claims of all articles
    )
    ARTICLE_COLUMN = 7
    PAGE = 200

    def __init__(self, desk, parent=None, flt: ClaimFilter | None = None):
        super().__init__(parent)
        self._desk = desk
        self._filter = flt or ClaimFilter()
        self._rows: list[Claim] = []
        self._row_of: dict[str, int] = {}
        self._article_titles: dict[str, str] = {}
        self._more = False
        self._scale_colours: dict[str, str] = {}
        self.refresh_scales()
        self.reload()

    # --- what to show -------------------------------------------------------

    @property
    def filter(self) -> ClaimFilter:
        return dataclasses.replace(self._filter)

    def set_filter(self, flt: ClaimFilter) -> None:
        flt = dataclasses.replace(flt, sort=self._filter.sort, descending=self._filter.descending)
        if flt != self._filter:
            self._filter = flt
            self.reload()

    def refresh_scales(self) -> None:
        """Verdict colours by label, from every scale (the current scale's win)."""
        colours: dict[str, str] = {}
        current = self._desk.scale()
        for scale in [*self._desk.scales(), current]:
            for level in scale.levels:
                colours[level.label] = level.colour
        self._scale_colours = colours

    def verdict_colour(self, label: str | None) -> str | None:
        return self._scale_colours.get(label) if label else None

    def reload(self) -> None:
        """Start again from the first page (after a filter, sort or big change)."""
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        self._more = True
        self._append(self._read_page())
        self.endResetModel()

    def _read_page(self) -> list[Claim]:
        """The next page of claims, with the titles of any articles not seen yet."""
        page = self._desk.claims(self._filter, limit=self.PAGE, offset=len(self._rows))
        self._more = len(page) == self.PAGE
        unknown = {c.article_id for c in page} - self._article_titles.keys()
        if unknown:  # one light query a page, for the Article column
            self._article_titles |= self._desk.article_titles(unknown)
        return page

    def _append(self, page: list[Claim]) -> None:
        for claim in page:
            self._row_of[claim.id] = len(self._rows)
            self._rows.append(claim)

    def total(self) -> int:
        """How many claims match the filter (one COUNT in SQL)."""
        return self._desk.count_claims(self._filter)

    # --- Qt model API ---------------------------------------------------------

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        page = self._read_page()
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        claim = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ARTICLE_COLUMN:
                return self._article_titles.get(claim.article_id, "")
            return self._display(claim, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return claim.text
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ARTICLE_COLUMN:
            return self._article_titles.get(claim.article_id, "")
        if role == Qt.ItemDataRole.DecorationRole and (
            column == 0 or (column == 6 and claim.verdict)
        ):
            return QColor(claim_colour(claim, self.verdict_colour(claim.verdict)))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == CLAIM_ROLE:
            return claim
        return None

    @staticmethod
    def _display(claim: Claim, column: int) -> str:
        if column == 0:
            return " ".join(claim.text.split())
        if column == 1:
            if not claim.speaker and claim.attribution == "unattributed":
                return "(unattributed quote)"  # a quotation nobody is credited with
            return claim.speaker or ""
        if column == 2:
            return (claim.said_on or "")[:10]
        if column == 3:
            return "" if claim.score is None else f"{claim.score:.2f}"
        if column == 4:
            return claim.kind or ""
        if column == 5:
            return claim.status
        if column == 6:
            return claim.verdict or ""
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            column, key = -1, "position"
        else:
            key = self.COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._filter.sort, self._filter.descending):
            return
        self._filter = dataclasses.replace(self._filter, sort=key, descending=descending)
        # Sorting changes which rows are loaded: start over from the first page.
        self.reload()

    # --- look-ups for the window ------------------------------------------------

    def claim_at(self, row: int) -> Claim | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, claim_id: str) -> int | None:
        return self._row_of.get(claim_id)

    def loaded_claims(self) -> list[Claim]:
        return list(self._rows)

    def refresh_claims(self, claim_ids: set[str] | frozenset[str]) -> bool:
        """Re-read changed claims in place. Returns False when a claim came or went, so the
        caller should reload (the rows' order may have changed)."""
        known = [cid for cid in claim_ids if cid in self._row_of]
        if len(known) != len(claim_ids):
            return False
        fresh = {c.id: c for c in self._desk_get(known)}
        if len(fresh) != len(known):
            return False
        for cid, claim in fresh.items():
            row = self._row_of[cid]
            self._rows[row] = claim
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        return True

    def _desk_get(self, claim_ids: list[str]) -> list[Claim]:
        found = []
        for cid in claim_ids:
            try:
                found.append(self._desk.claim(cid))
            except Exception:  # deleted meanwhile
                continue
        return found


class ArticleListModel(_RowsModel):
    """Articles with their claim and verdict counts (articles() reads thousands quickly)."""

    COLUMNS = (("Title", "title"), ("Claims", None), ("Rated", None), ("Date", "published"))

    loaded = Signal()  # after every (re)load, when the rows are in

    def __init__(self, desk, parent=None, runner=None):
        """With a TaskRunner, the list is read on the database thread (counting the claims
        of thousands of articles takes a moment on a big database); without, at once."""
        super().__init__(parent)
        self._desk = desk
        self._runner = runner
        self._generation = 0
        self._search: str | None = None
        self._sort = "imported"
        self._descending = True
        self._rows: list[Article] = []
        self.reload()

    def set_search(self, text: str | None) -> None:
        text = (text or "").strip() or None
        if text != self._search:
            self._search = text
            self.reload()

    def set_sort(self, key: str, descending: bool) -> None:
        if (key, descending) != (self._sort, self._descending):
            self._sort, self._descending = key, descending
            self.reload()

    def reload(self) -> None:
        query = {"search": self._search, "sort": self._sort, "descending": self._descending}
        if self._runner is None:
            self._apply(self._desk.articles(**query), self._generation)
            return
        self._generation += 1
        generation = self._generation
        self._runner.run_db(
            "Listing articles",
            lambda desk, _ctx: desk.articles(**query),
            lambda rows: self._apply(rows, generation),
            lambda _message: None,
        )

    def _apply(self, rows: list[Article], generation: int) -> None:
        if generation != self._generation:  # a newer reload is on its way
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.loaded.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        article = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return article_title(article)
            if column == 1:
                return str(article.claim_count)
            if column == 2:
                return str(article.verdict_count)
            if column == 3:
                return (article.published or article.imported_at or "")[:10]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return "\n".join(
                x for x in (article_title(article), article.publisher, article.source) if x
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ARTICLE_ID_ROLE:
            return article.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column][1] if 0 <= column < len(self.COLUMNS) else None
        self.set_sort(key or "imported", order == Qt.SortOrder.DescendingOrder)

    def article_at(self, row: int) -> Article | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: str) -> int | None:
        for row, article in enumerate(self._rows):
            if article.id == article_id:
                return row
        return None


def article_title(article: Article) -> str:
    if article.title:
        return article.title
    first_line = next((line for line in article.text.splitlines() if line.strip()), "")
    if first_line:
        return first_line[:80]
    if article.source and article.source != "-":
        return article.source
    return f"Pasted text of {(article.imported_at or '')[:10]}".strip()
