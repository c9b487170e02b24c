"""How list cells are drawn: a claim's text on up to two lines, statuses and verdicts as
coloured chips (never cut: their column is as wide as the widest label), articles as a
title on up to three lines over a line of counts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from . import style

Index = QModelIndex | QPersistentModelIndex
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 10  # a cell's chip or marker colour (a name)
STRENGTH_ROLE = Qt.ItemDataRole.UserRole + 11  # how strongly a marker shows (0..1)
META_ROLE = Qt.ItemDataRole.UserRole + 12  # an article's line of counts
PREFIX_ROLE = Qt.ItemDataRole.UserRole + 13  # words before a claim's text (its speaker)

CELL_PADDING = style.GAP  # left and right of a cell's text
CHIP_PADDING = style.GAP  # inside a chip, left and right of its label
MARKER_WIDTH = style.UNIT  # the coloured bar before a claim's text


def text_lines(text: str, font: QFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """`text` wrapped at word boundaries into at most `max_lines` lines of `width` pixels;
    the last line elided when the text goes on. Returns (lines, whether it was cut)."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.setFont(font)
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    cut = len(spans) > max_lines
    lines = [text[start : start + length].rstrip() for start, length in spans[:max_lines]]
    if cut and lines:
        rest = text[spans[max_lines - 1][0] :]
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines, cut


class ClaimTextDelegate(QStyledItemDelegate):
    """A claim: a coloured marker (verdict or status colour, as strong as its score),
    then its text on at most two lines, the second elided when it goes on."""

    LINES = 2

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = draw_cell(self, painter, option, index)
        rect = option.rect
        colour = index.data(COLOUR_ROLE)
        painter.save()
        if colour:
            strength = index.data(STRENGTH_ROLE)
            marker = style.tint(colour, 0.35 + 0.65 * (1.0 if strength is None else strength))
            painter.fillRect(
                QRect(rect.left() + 2, rect.top() + 3, MARKER_WIDTH, rect.height() - 6), marker
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_colour = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        left = rect.left() + MARKER_WIDTH + CELL_PADDING
        width = max(rect.right() - CELL_PADDING - left, 10)
        prefix = index.data(PREFIX_ROLE) or ""
        metrics = QFontMetrics(option.font)
        lines, _cut = text_lines(f"{prefix}{text}", option.font, width, self.LINES)
        height = metrics.lineSpacing() * len(lines)
        top = rect.top() + max((rect.height() - height) // 2, 0)
        painter.setFont(option.font)
        for number, line in enumerate(lines):
            line_rect = QRect(left, top + number * metrics.lineSpacing(), width, metrics.height())
            if number == 0 and prefix and line.startswith(prefix):
                muted = text_colour if selected else style.muted_text()
                painter.setPen(muted)
                painter.drawText(line_rect, Qt.AlignmentFlag.AlignLeft, prefix)
                painter.setPen(text_colour)
                shifted = QRect(line_rect)
                shifted.setLeft(left + metrics.horizontalAdvance(prefix))
                painter.drawText(shifted, Qt.AlignmentFlag.AlignLeft, line[len(prefix) :])
            else:
                painter.setPen(text_colour)
                painter.drawText(line_rect, Qt.AlignmentFlag.AlignLeft, line)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, row_height(metrics))


def draw_cell(
    delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem, index: Index
) -> str:
    """Draw the cell's background and selection as the style does, without its text or icon
    (the delegate draws those itself); return the text."""
    delegate.initStyleOption(option, index)
    text = option.text
    option.text = ""
    option.icon = option.icon.__class__()
    option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
    widget = option.widget
    if widget is not None:
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
    return text


def row_height(metrics: QFontMetrics) -> int:
    """Rows hold two lines of claim text."""
    return metrics.lineSpacing() * ClaimTextDelegate.LINES + 2 * style.TIGHT + 4


class ChipDelegate(QStyledItemDelegate):
    """A status or verdict as a rounded chip in its colour; the full label always shows
    (the column is made as wide as the widest label: see chip_width)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        label = draw_cell(self, painter, option, index)
        if not label:
            return
        colour = QColor(index.data(COLOUR_ROLE) or style.muted_text())
        metrics = QFontMetrics(option.font)
        width = metrics.horizontalAdvance(label) + 2 * CHIP_PADDING
        height = metrics.height() + 4
        rect = option.rect
        chip = QRect(rect.left() + CELL_PADDING // 2, rect.center().y() - height // 2 + 1,
                     width, height)  # fmt: skip
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = style.tint(colour, 0.85 if style.is_dark() else 0.22)
        painter.setPen(colour)
        painter.setBrush(fill)
        painter.drawRoundedRect(chip.adjusted(0, 0, -1, -1), height / 2, height / 2)
        painter.setPen(style.readable_on(fill))
        painter.setFont(option.font)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        metrics = QFontMetrics(option.font)
        return QSize(chip_width(metrics, option.text), row_height(metrics))


def chip_width(metrics: QFontMetrics, label: str) -> int:
    """The column width a chip with `label` needs."""
    return metrics.horizontalAdvance(label) + 2 * CHIP_PADDING + CELL_PADDING


class ArticleDelegate(QStyledItemDelegate):
    """An article: its title on up to three lines, then its counts in a quieter line."""

    LINES = 3

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        title = draw_cell(self, painter, option, index)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        rect = option.rect.adjusted(CELL_PADDING, style.TIGHT + 2, -CELL_PADDING, -style.TIGHT)
        bold = style.font(style.BODY, QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        lines, _cut = text_lines(title, bold, rect.width(), self.LINES)
        painter.save()
        painter.setFont(bold)
        painter.setPen(text_colour)
        top = rect.top()
        for line in lines:
            painter.drawText(QRect(rect.left(), top, rect.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft, line)  # fmt: skip
            top += metrics.lineSpacing()
        small = style.font(style.SMALL)
        painter.setFont(small)
        painter.setPen(text_colour if selected else style.muted_text())
        small_metrics = QFontMetrics(small)
        meta_lines, _cut = text_lines(index.data(META_ROLE) or "", small, rect.width(), 2)
        for line in meta_lines:
            painter.drawText(QRect(rect.left(), top + 2, rect.width(), small_metrics.height()),
                             Qt.AlignmentFlag.AlignLeft, line)  # fmt: skip
            top += small_metrics.lineSpacing()
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        widget = option.widget
        view_width = widget.viewport().width() if isinstance(widget, QAbstractItemView) else 240
        width = view_width - 2 * CELL_PADDING
        bold = style.font(style.BODY, QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        lines, _cut = text_lines(option.text, bold, max(width, 40), self.LINES)
        small = style.font(style.SMALL)
        meta, _cut = text_lines(index.data(META_ROLE) or "", small, max(width, 40), 2)
        title_height = metrics.lineSpacing() * max(len(lines), 1)
        meta_height = QFontMetrics(small).lineSpacing() * max(len(meta), 1)
        height = title_height + meta_height + 2 * style.GAP
        return QSize(width, height)
