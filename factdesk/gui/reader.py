"""The article reader: the text with every claim highlighted, embedded posts set apart.

The document is built with QTextCursor (not HTML) so that every stretch of article
text has a known position in the document: selections map back to article offsets
(to add a claim), claims map to document positions (to scroll to them).
"""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrameFormat,
    QTextLine,
)

from factdesk.desk import checkworthy_threshold, headline_span
from factdesk.model import Article, Claim, Post

from . import style
from .colours import claim_colour
from .widgets import TextView

# How strongly a claim is highlighted: faint at the threshold, full for a verdict.
WEAKEST, STRONGEST = 0.14, 0.42

_LINE = re.compile(r"[^\n]+")


class ArticleReader(TextView):
    """Shows one article; emits claimClicked(id) when a highlight is clicked."""

    claimClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.article: Article | None = None
        self._claims: list[Claim] = []
        # Claims seen before at import: claim id -> "seen before: rated False by ..."
        self.seen_before: dict[str, str] = {}
        # Stretches of article text in the document: (document position, article offset,
        # length in characters, length in UTF-16 units, which is what Qt positions count).
        self._runs: list[tuple[int, int, int, int]] = []
        self._run_starts: list[int] = []
        self._current: str | None = None
        self._press: QPoint | None = None
        # Claims scoring under this are not highlighted, only underlined (a setting).
        self.highlight_from = checkworthy_threshold()

    # --- showing ----------------------------------------------------------------

    def show_article(
        self, article: Article | None, claims: list[Claim], verdict_colours: dict[str, str]
    ) -> None:
        """Render `article` with `claims` highlighted (keeps the scroll position if it is
        the same article)."""
        same = self.article is not None and article is not None and self.article.id == article.id
        scroll = self.verticalScrollBar().value() if same else 0
        self.article = article
        self._claims = sorted(claims, key=lambda c: (c.start, -c.end))
        self._verdict_colours = verdict_colours
        self._runs = []
        self.clear()
        if article is not None:
            self._build(article)
        self._run_starts = [r[0] for r in self._runs]
        self.verticalScrollBar().setValue(scroll)
        self._mark_current()

    def _build(self, article: Article) -> None:
        doc = self.document()
        doc.setUndoRedoEnabled(False)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        title_format = QTextCharFormat()
        title_format.setFontPointSize(style.font(style.TITLE).pointSizeF())
        title_format.setFontWeight(QFont.Weight.DemiBold)
        heading = article_heading(article)
        meta = " · ".join(
            x for x in (article.author, article.publisher, (article.published or "")[:10]) if x
        )
        grey = QTextCharFormat()
        grey.setForeground(style.muted_text())
        if heading:
            cursor.insertText(heading, title_format)
        elif not (meta or article.url):
            meta = _source_words(article)
        if meta or article.url:
            if heading:
                cursor.insertBlock(_block_format(top=style.TIGHT, bottom=style.MARGIN))
            cursor.insertText(meta + ("  ·  " if meta and article.url else ""), grey)
            if article.url:
                link = QTextCharFormat(grey)
                link.setAnchor(True)
                link.setAnchorHref(article.url)
                cursor.insertText(article.url, link)

        posts = sorted(article.posts, key=lambda p: p.start)
        open_post: Post | None = None
        headline = headline_span(article)  # the title is shown once, above
        for line in _LINE.finditer(article.text):
            start, end = line.span()
            if headline and start < headline[1]:
                continue
            post = next((p for p in posts if p.start <= start < p.end), None)
            if post is not open_post:
                if open_post is not None:
                    cursor = doc.rootFrame().lastCursorPosition()
                if post is not None:
                    cursor = self._open_post(cursor, post)
                    first_in_post = True
                open_post = post
            if open_post is not None and first_in_post:
                first_in_post = False
            else:
                cursor.insertBlock(_block_format(top=0 if open_post else 6, bottom=6))
            self._insert_line(cursor, article.text, start, end)
        cursor.endEditBlock()

    def _open_post(self, cursor: QTextCursor, post: Post) -> QTextCursor:
        frame = QTextFrameFormat()
        frame.setBackground(style.subtle_fill())
        frame.setBorder(1)
        frame.setBorderBrush(QBrush(style.border()))
        frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        frame.setPadding(10)
        frame.setTopMargin(8)
        frame.setBottomMargin(8)
        frame.setLeftMargin(18)
        frame.setRightMargin(18)
        cursor.insertFrame(frame)
        who = QTextCharFormat()
        who.setFontWeight(QFont.Weight.DemiBold)
        cursor.insertText(post.author or post.handle or "Embedded post", who)
        small = QTextCharFormat()
        small.setForeground(style.muted_text())
        extra = " · ".join(
            x
            for x in ((f"@{post.handle.lstrip('@')}" if post.handle else None), post.date)
            if x and x != post.author
        )
        if extra:
            cursor.insertText("  " + extra, small)
        cursor.insertBlock(_block_format(top=4, bottom=0))
        return cursor

    def _insert_line(self, cursor: QTextCursor, text: str, start: int, end: int) -> None:
        cuts = {start, end}
        for claim in self._claims:
            if claim.end <= start or claim.start >= end:
                continue
            cuts.add(max(claim.start, start))
            cuts.add(min(claim.end, end))
        edges = sorted(cuts)
        for left, right in itertools.pairwise(edges):
            covering = self._claim_covering(left, right)
            fmt = QTextCharFormat()
            if covering is not None:
                self._mark(fmt, covering)
            piece = text[left:right]
            self._runs.append((cursor.position(), left, right - left, _utf16_len(piece)))
            cursor.insertText(piece, fmt)

    def highlight_strength(self, claim: Claim) -> float:
        """0 (only underlined) under the threshold or set aside; then stronger with the
        score; a verdict at full strength."""
        if claim.verdict:
            return STRONGEST
        if claim.status == "not checking" or claim.score is None:
            return 0.0
        if claim.score < self.highlight_from:
            return 0.0
        room = max(1.0 - self.highlight_from, 0.01)
        return WEAKEST + (STRONGEST - WEAKEST) * min((claim.score - self.highlight_from) / room, 1)

    def claim_colour(self, claim: Claim) -> str:
        """The verdict's colour, else the status's."""
        return claim_colour(claim, self._verdict_colours.get(claim.verdict or ""))

    def _mark(self, fmt: QTextCharFormat, claim: Claim) -> None:
        colour = QColor(self.claim_colour(claim))
        strength = self.highlight_strength(claim)
        if strength:
            fmt.setBackground(style.tint(colour, strength))
        fmt.setAnchor(True)
        fmt.setAnchorHref(f"claim:{claim.id}")
        fmt.setForeground(style.role(QPalette.ColorRole.Text))  # not the link colour
        fmt.setUnderlineStyle(
            QTextCharFormat.UnderlineStyle.SingleUnderline
            if strength
            else QTextCharFormat.UnderlineStyle.DotLine
        )
        fmt.setUnderlineColor(colour if strength else style.tint(colour, 0.7))
        tip = _claim_tip(claim)
        seen = self.seen_before.get(claim.id)
        fmt.setToolTip(f"{SEEN_MARK}{seen}\n{tip}" if seen else tip)

    def _claim_covering(self, left: int, right: int) -> Claim | None:
        """The innermost claim covering text[left:right]."""
        best = None
        for claim in self._claims:
            if claim.start > left:
                break
            if claim.end >= right and (
                best is None or claim.end - claim.start < best.end - best.start
            ):
                best = claim
        return best

    # --- positions ------------------------------------------------------------------

    def doc_position(self, offset: int) -> int | None:
        """The document position of article offset `offset`."""
        for pos, start, length, units in self._runs:
            if start <= offset <= start + length:
                if units == length or self.article is None:
                    return pos + (offset - start)
                return pos + _utf16_len(self.article.text[start:offset])
        return None

    def article_offset(self, position: int) -> int | None:
        """The article offset at document position `position` (None outside the text)."""
        i = bisect.bisect_right(self._run_starts, position) - 1
        if i < 0:
            return None
        pos, start, length, units = self._runs[i]
        if position > pos + units:
            return None
        if units == length or self.article is None:
            return start + (position - pos)
        counted = 0
        for index, char in enumerate(self.article.text[start : start + length]):
            if counted >= position - pos:
                return start + index
            counted += 2 if ord(char) > 0xFFFF else 1
        return start + length

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as article offsets (start, end), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.article_offset(cursor.selectionStart())
        end = self.article_offset(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            return None
        return start, end

    def claim_at_offset(self, offset: int) -> Claim | None:
        hits = [c for c in self._claims if c.start <= offset < c.end]
        return min(hits, key=lambda c: c.end - c.start) if hits else None

    # --- the current claim ------------------------------------------------------------

    def set_current_claim(self, claim_id: str | None, scroll: bool = True) -> None:
        self._current = claim_id
        self._mark_current()
        if scroll and claim_id:
            self.scroll_to_claim(claim_id)

    def scroll_to_claim(self, claim_id: str) -> None:
        claim = next((c for c in self._claims if c.id == claim_id), None)
        if claim is None:
            return
        pos = self.doc_position(claim.start)
        if pos is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        # Centre the claim unless it is already comfortably in view.
        view = self.viewport().height()
        if rect.top() < view * 0.15 or rect.bottom() > view * 0.85:
            bar.setValue(bar.value() + rect.top() - view // 3)

    def _mark_current(self) -> None:
        """The current claim: a frame drawn around its lines (see paintEvent)."""
        self.viewport().update()

    def current_claim_rects(self) -> list[QRectF]:
        """Where the current claim's lines are, in viewport coordinates."""
        claim = next((c for c in self._claims if c.id == self._current), None)
        if claim is None:
            return []
        start, end = self.doc_position(claim.start), self.doc_position(claim.end)
        if start is None or end is None:
            return []
        doc, rects = self.document(), []
        layout = doc.documentLayout()
        offset = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        block = doc.findBlock(start)
        while block.isValid() and block.position() <= end:
            box = layout.blockBoundingRect(block)
            lines = block.layout()
            for n in range(lines.lineCount()):
                line = lines.lineAt(n)
                first = block.position() + line.textStart()
                last = first + line.textLength()
                if last <= start or first >= end:
                    continue
                left = _x_of(line, max(start, first) - block.position())
                right = _x_of(line, min(end, last) - block.position())
                rect = QRectF(left, line.y(), right - left, line.height())
                rects.append(rect.translated(box.topLeft()).translated(offset))
            block = block.next()
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rects = self.current_claim_rects()
        if not rects:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        claim = next(c for c in self._claims if c.id == self._current)
        pen = QPen(QColor(self.claim_colour(claim)).darker(115), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-3, -1, 3, 1), 4, 4)
        painter.end()

    # --- clicks -------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        if (
            self._press is not None
            and (event.position().toPoint() - self._press).manhattanLength() > 4
        ):
            return
        offset = self.article_offset(self.cursorForPosition(event.position().toPoint()).position())
        claim = self.claim_at_offset(offset) if offset is not None else None
        if claim is not None:
            self.claimClicked.emit(claim.id)


def article_heading(article: Article) -> str | None:
    """The title to show above the text, or None when the text shows it already: a
    headline kept as its first line, or a title made of its opening words."""
    if headline_span(article) is not None:
        return article.title
    title = " ".join((article.title or "").split())
    opening = " ".join(article.text[: len(title) + 200].split())
    if title.endswith("…") and opening.startswith(title[:-1].rstrip()):
        return None
    return title or None


def _source_words(article: Article) -> str:
    """Where the article came from: its URL, its file's name, or pasted text."""
    if article.url:
        return article.url
    if article.source in ("-", "", None):
        return "Pasted text"
    return Path(article.source).name


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units (what QTextDocument counts; emoji count two)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _x_of(line: QTextLine, position: int) -> float:
    """Where a cursor at `position` (in the line's block) stands across the line."""
    # PySide6 returns (x, position) though its stub says `object`: checked, not cast.
    answer = line.cursorToX(position)
    if not isinstance(answer, tuple):
        raise TypeError(f"QTextLine.cursorToX gave {type(answer).__name__}, not (x, position)")
    return float(answer[0])


def _block_format(top: float, bottom: float) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setTopMargin(top)
    fmt.setBottomMargin(bottom)
    fmt.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return fmt


SEEN_MARK = "\u21ba "  # ↺: this claim repeats one rated before


def _claim_tip(claim: Claim) -> str:
    parts = [claim.verdict or claim.status]
    if claim.speaker:
        parts.append(claim.speaker)
    if claim.score is not None:
        parts.append(f"score {claim.score:.2f}")
    return " · ".join(parts)
