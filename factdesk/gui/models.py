"""Qt item models over the Desk: paged, sorted and filtered in SQL, read off the GUI thread."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from factdesk.errors import NotFound
from factdesk.model import CLAIM_KIND_NAMES, Article, Claim, ClaimFilter

from .colours import STATUS_COLOURS, claim_colour
from .delegates import COLOUR_ROLE, META_ROLE, PREFIX_ROLE, STRENGTH_ROLE
from .operations import DeskSession, QueryOp
from .reader import SEEN_MARK

Index = QModelIndex | QPersistentModelIndex
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole
_ROOT = QModelIndex()  # the invisible root: the parent of every row

# A claim's type in a word or two: the one name it has everywhere (reports too).
KIND_WORDS = CLAIM_KIND_NAMES


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
    rows arrive as the view scrolls, through canFetchMore/fetchMore). Every page is read on
    the session's reader thread; the rows arrive a moment later (`loaded` after a reload)."""

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
    SPEAKER_COLUMN, SAID_ON_COLUMN, SCORE_COLUMN, TYPE_COLUMN = 1, 2, 3, 4
    STATUS_COLUMN, VERDICT_COLUMN = 5, 6
    PAGE = 200

    loaded = Signal()  # the first page of a reload is in
    page_added = Signal()  # a further page is in

    def __init__(self, session: DeskSession, parent=None, flt: ClaimFilter | None = None):
        super().__init__(parent)
        self._session = session
        self._filter = flt or ClaimFilter()
        self._rows: list[Claim] = []
        self._row_of: dict[str, int] = {}
        self._article_titles: dict[str, str] = {}
        self._seen_before: dict[str, str] = {}  # claim id -> "seen before: rated ..."
        self._more = False
        self._total = 0  # all the claims the filter lists (counted with the first page)
        self._fetching = False
        self._generation = 0
        # The reload that listed a new filter, and the last reload whose rows are in.
        self._filter_generation = self._loaded_generation = 0
        self._colours = session.verdict_colours()
        # When the Speaker column is hidden (a narrow window), the claim's text names them.
        self.speaker_in_text = False
        self.reload()

    # --- what to show -------------------------------------------------------

    @property
    def filter(self) -> ClaimFilter:
        return dataclasses.replace(self._filter)

    def set_filter(self, flt: ClaimFilter) -> bool:
        """List what `flt` says (keeping the sort); False when that is listed already."""
        flt = dataclasses.replace(flt, sort=self._filter.sort, descending=self._filter.descending)
        if flt == self._filter:
            return False
        self._filter = flt
        self.reload()
        self._filter_generation = self._generation
        return True

    def listing_new_filter(self) -> bool:
        """Whether the rows shown are still those of the filter before the last change (the
        claim shown may not be in the new list: keys must not act on it yet)."""
        return self._loaded_generation < self._filter_generation

    def refresh_scales(self) -> None:
        self._colours = self._session.verdict_colours()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 6))

    def verdict_colour(self, label: str | None) -> str | None:
        return self._colours.get(label) if label else None

    def reload(self) -> None:
        """Start again from the first page (after a filter, sort or big change); the rows
        shown stay until the new ones arrive."""
        self._generation += 1
        self._fetching = True
        self._read_page(0, self._apply_reload)

    def busy(self) -> bool:
        return self._fetching

    def _read_page(self, offset: int, apply) -> None:
        flt, known, generation = self.filter, set(self._article_titles), self._generation

        def read(desk) -> tuple[list[Claim], dict[str, str], int | None, dict[str, str]]:
            page = desk.claims(flt, limit=self.PAGE, offset=offset)
            seen = {cid: s.describe() for cid, s in desk.seen_before([c.id for c in page]).items()}
            unknown = {c.article_id for c in page} - known
            titles = desk.article_titles(unknown) if unknown else {}
            # The exact count with the first page (a full page may have more behind it).
            whole = len(page) < self.PAGE and offset == 0
            count = None if offset else (len(page) if whole else desk.count_claims(flt))
            return page, titles, count, seen

        def arrived(loaded: tuple[list[Claim], dict[str, str], int | None, dict[str, str]]) -> None:
            page, titles, count, seen = loaded
            self._remark(page, seen)
            if count is not None and generation == self._generation:
                self._total = count
            apply(generation, page, titles)

        QueryOp(self._session, read, label="Listing claims", latest=f"claims-{id(self)}").success(
            arrived
        ).failure(lambda message: self._failed(generation, message)).run()

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._fetching = False
            self._loaded_generation = generation  # said, and the keys are not held for ever
            if message:
                self._session.report_error(message)

    def _apply_reload(self, generation: int, page: list[Claim], titles: dict[str, str]) -> None:
        if generation != self._generation:  # a newer reload is on its way
            return
        self._loaded_generation = generation
        self.beginResetModel()
        self._rows, self._row_of = [], {}
        self._append(page, titles)
        self._fetching = False
        self.endResetModel()
        self.loaded.emit()

    def _apply_page(self, generation: int, page: list[Claim], titles: dict[str, str]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._append(page, titles)
            self.endInsertRows()
        else:
            self._more = False
        self.page_added.emit()

    def _append(self, page: list[Claim], titles: dict[str, str]) -> None:
        self._more = len(page) == self.PAGE
        self._article_titles |= titles
        for claim in page:
            self._row_of[claim.id] = len(self._rows)
            self._rows.append(claim)

    # --- Qt model API ---------------------------------------------------------

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if parent.isValid() or not self._more or self._fetching:
            return
        self._fetching = True
        self._read_page(len(self._rows), self._apply_page)

    def has_more(self) -> bool:
        """Rows beyond those loaded (a page may be on its way)."""
        return self._more

    def total(self) -> int:
        """How many claims the filter lists, loaded or not (exact, counted in SQL)."""
        return max(self._total, len(self._rows))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        claim = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.ARTICLE_COLUMN:
                return self._article_titles.get(claim.article_id or "", "")
            return self._display(claim, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(claim, column)
        if role == COLOUR_ROLE:
            if column == 0:
                return claim_colour(claim, self.verdict_colour(claim.verdict))
            if column == self.STATUS_COLUMN:
                return STATUS_COLOURS.get(claim.status)
            if column == self.VERDICT_COLUMN and claim.verdict:
                return self.verdict_colour(claim.verdict)
        if role == STRENGTH_ROLE and column == 0:
            return 1.0 if claim.verdict or claim.score is None else claim.score
        if role == PREFIX_ROLE and column == 0:
            mark = SEEN_MARK if claim.id in self._seen_before else ""
            if self.speaker_in_text and claim.speaker:
                return f"{mark}{claim.speaker}: "
            return mark or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SCORE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == CLAIM_ROLE:
            return claim
        return None

    def seen_before(self, claim_id: str) -> str | None:
        """What the claim repeats, if it was seen before at import."""
        return self._seen_before.get(claim_id)

    def _tooltip(self, claim: Claim, column: int) -> str | None:
        if column == 0:
            said = f"{claim.speaker}: {claim.text}" if claim.speaker else claim.text
            seen = self._seen_before.get(claim.id)
            return f"{SEEN_MARK}{seen}\n{said}" if seen else said
        if column == self.ARTICLE_COLUMN:
            return self._article_titles.get(claim.article_id or "", "")
        if column == self.TYPE_COLUMN:
            return claim.kind
        if column == self.SPEAKER_COLUMN:
            return " ".join(x for x in (claim.speaker, claim.speaker_handle) if x) or None
        if column == self.STATUS_COLUMN and claim.assignee:
            return f"{claim.status}, assigned to {claim.assignee}"
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
            return KIND_WORDS.get(claim.kind or "", claim.kind or "")
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

    # --- look-ups for the panes ---------------------------------------------------

    def claim_at(self, row: int) -> Claim | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, claim_id: str) -> int | None:
        return self._row_of.get(claim_id)

    def refresh_claims(self, claim_ids: set[str] | frozenset[str]) -> None:
        """Re-read changed claims (on the reader thread) and update their rows in place;
        when a claim came or went, reload (the rows' order may have changed)."""
        if any(cid not in self._row_of for cid in claim_ids):
            self.reload()
            return
        generation, ids = self._generation, list(claim_ids)

        def read(desk) -> tuple[list[Claim], dict[str, str]]:
            fresh = [c for c in (_claim_or_none(desk, cid) for cid in ids) if c is not None]
            # (a link, a verdict or its undo changes what the claim is offered: Ctrl+T)
            return fresh, {cid: s.describe() for cid, s in desk.seen_before(ids).items()}

        QueryOp(self._session, read, label="Refreshing claims").success(
            lambda loaded: self._apply_refresh(generation, ids, *loaded)
        ).run()

    def _remark(self, claims: list[Claim], seen: dict[str, str]) -> None:
        """The seen-before marks of these claims as just read (a mark may have gone)."""
        for claim in claims:
            self._seen_before.pop(claim.id, None)
        self._seen_before |= seen

    def _apply_refresh(
        self, generation: int, ids: list[str], fresh: list[Claim], seen: dict[str, str]
    ) -> None:
        if generation != self._generation:
            return
        self._remark(fresh, seen)
        if len(fresh) != len(ids) or any(c.id not in self._row_of for c in fresh):
            self.reload()  # deleted meanwhile
            return
        for claim in fresh:
            row = self._row_of[claim.id]
            self._rows[row] = claim
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))


def _claim_or_none(desk, claim_id: str) -> Claim | None:
    try:
        return desk.claim(claim_id)
    except NotFound:
        return None


class ArticleListModel(_RowsModel):
    """Articles with their claim and verdict counts, read on the session's reader thread
    (counting the claims of thousands of articles takes a moment on a big database)."""

    COLUMNS = (("Title", "title"), ("Claims", None), ("Rated", None), ("Date", "published"))

    loaded = Signal()  # after every (re)load, when the rows are in

    def __init__(self, session: DeskSession, parent=None):
        super().__init__(parent)
        self._session = session
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
        self._generation += 1
        generation = self._generation
        QueryOp(
            self._session,
            lambda desk: desk.articles(**query),
            label="Listing articles",
            latest=f"articles-{id(self)}",
        ).success(lambda rows: self._apply(rows, generation)).run()

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
        if role == META_ROLE:
            return article_meta(article)
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


def article_meta(article: Article) -> str:
    """The counts line under an article's title."""
    claims = f"{article.claim_count} claim{'s' if article.claim_count != 1 else ''}"
    date = (article.published or article.imported_at or "")[:10]
    # No-break spaces inside each part: a narrow list wraps between the parts only.
    parts = (claims, f"{article.verdict_count} rated", date)
    return " · ".join(part.replace(" ", "\u00a0") for part in parts if part)


def article_title(article: Article) -> str:
    if article.title:
        return article.title
    first_line = next((line for line in article.text.splitlines() if line.strip()), "")
    if first_line:
        return first_line[:80]
    if article.source and article.source != "-":
        return article.source
    return f"Pasted text of {(article.imported_at or '')[:10]}".strip()
