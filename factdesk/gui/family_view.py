"""The family view (F9, issue 23 item 3): the claim's family, its first appearance, its
appearances over time drawn as a bar chart (QPainter: PySide6-Essentials has no QtCharts),
one bar a week (a month, a year over long spans), the first appearance's bar marked, and
each appearance listed under it. Enter on one goes to that claim; Esc closes the view and
the keys are back in the claims table. Read on the reader thread: it opens at once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPaintEvent, QPolygonF
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factdesk.lists import FamilyTimeline, appeared_on

from .operations import DeskSession, QueryOp
from .statistics import BAR_COLOUR, start_chart

FIRST_COLOUR = "#d9822b"  # the first appearance's bar (the others: the statistics' blue)


class TimelineChart(QWidget):
    """Vertical bars, oldest left: how many of the family's claims appeared in each period,
    the first appearance's period marked (its own colour, a triangle and "first")."""

    TOP, BOTTOM = 34, 22  # room for the title and the "first" mark; for the period labels

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.periods: list[tuple[str, int]] = []
        self.first: str | None = None
        self.unit = "week"
        self.setMinimumSize(420, 170)

    def set_timeline(self, periods: list[tuple[str, int]], first: str | None, unit: str) -> None:
        self.periods, self.first, self.unit = periods, first, unit
        said = ", ".join(f"{p} {n}" for p, n in periods if n) or "none"
        self.setAccessibleDescription(f"Appearances per {unit}: {said}; first {first or '-'}")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        empty = "(in no family yet)" if not self.periods else None
        started = start_chart(self, f"Appearances per {self.unit}", empty)
        if started is None:
            return
        painter, text = started
        left, top = 24.0, float(self.TOP)
        height = max(self.height() - self.TOP - self.BOTTOM, 10)
        step = (self.width() - left) / len(self.periods)
        most = max(n for _p, n in self.periods) or 1
        baseline = top + height
        painter.drawLine(QPointF(left, baseline), QPointF(self.width(), baseline))
        painter.drawText(QRectF(0, top - 8, left - 4, 16), Qt.AlignmentFlag.AlignRight, str(most))
        # Period labels: the first, the last and as many between as fit.
        every = max(1, int(90 // step) + 1)
        for index, (period, count) in enumerate(self.periods):
            x = left + index * step
            bar = height * count / most
            marked = period == self.first
            colour = QColor(FIRST_COLOUR if marked else BAR_COLOUR)
            width = min(max(step * 0.7, 1.0), 48.0)
            painter.fillRect(QRectF(x + (step - width) / 2, baseline - bar, width, bar), colour)
            if marked:
                middle = x + step / 2
                tip = baseline - bar - 3
                painter.setBrush(colour)
                painter.setPen(colour)
                painter.drawPolygon(QPolygonF([QPointF(middle, tip), QPointF(middle - 5, tip - 8),
                                               QPointF(middle + 5, tip - 8)]))  # fmt: skip
                painter.drawText(QRectF(middle - 40, tip - 24, 80, 14),
                                 Qt.AlignmentFlag.AlignHCenter, "first")  # fmt: skip
                painter.setPen(text)
            if index % every == 0 or index == len(self.periods) - 1:
                painter.drawText(QRectF(x - 20, baseline + 3, max(step, 1) + 40, 16),
                                 Qt.AlignmentFlag.AlignHCenter, period)  # fmt: skip
        painter.end()


class FamilyDialog(QDialog):
    """The family of one claim (Esc closes it; Enter on an appearance goes to its claim)."""

    shown_family = Signal()  # the family is drawn
    claimActivated = Signal(str)

    def __init__(self, session: DeskSession, claim_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("claimFamily")
        self.setWindowTitle("Claim family")
        self.timeline: FamilyTimeline | None = None
        self.summary = QLabel("Reading the family…")
        self.summary.setObjectName("familySummary")
        self.summary.setWordWrap(True)
        self.chart = TimelineChart()
        self.list = QTreeWidget()
        self.list.setObjectName("familyAppearances")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Appeared", "Article", "Claim"])
        self.list.itemActivated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
        QueryOp(session, lambda desk: desk.family_timeline(claim_id),
                label="Reading the claim's family").success(self._show).failure(
            lambda message: self.summary.setText(message or "Not read.")).run()  # fmt: skip

    def _show(self, timeline: FamilyTimeline) -> None:
        self.timeline = timeline
        self.summary.setText(describe(timeline))
        self.chart.set_timeline(timeline.periods(), timeline.first_period(), timeline.unit())
        self.list.clear()
        for number, appearance in enumerate(timeline.appearances):
            day = appeared_on(appearance).isoformat()
            item = QTreeWidgetItem([
                f"{day}  (first)" if number == 0 else day,
                appearance.title or appearance.url or "",
                timeline.texts.get(appearance.claim_id, ""),
            ])  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, appearance.claim_id)
            item.setToolTip(1, appearance.url or "")
            item.setToolTip(2, timeline.texts.get(appearance.claim_id, ""))
            self.list.addTopLevelItem(item)
            if appearance.claim_id == timeline.claim_id:
                self.list.setCurrentItem(item)
        self.list.resizeColumnToContents(0)
        self.list.setColumnWidth(1, min(self.list.sizeHintForColumn(1), 240))
        self.list.setFocus()
        self.shown_family.emit()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.claimActivated.emit(item.data(0, Qt.ItemDataRole.UserRole))
        self.accept()


def describe(timeline: FamilyTimeline) -> str:
    first = timeline.first
    if first is None:
        return ("This claim is in no family yet: Ctrl+Shift+F in the claims list links it"
                " with its closest repeat in another article.")  # fmt: skip
    day = appeared_on(first)
    where = first.title or first.url or "an article"
    said = (f"{len(timeline.appearances)} appearances; first on {_day(day)} in “{where}”."
            " Enter on an appearance goes to its claim; Esc closes.")  # fmt: skip
    verdict = timeline.verdict
    if verdict is None:
        return f"{said}\nNo member has a verdict yet."
    label = verdict.rating or f"concluded {verdict.summary[:60]!r}"
    by = f" by {verdict.reviewer}" if verdict.reviewer else ""
    return (f"{said}\nThe family's verdict: {label}{by} on {verdict.at[:10]}. A member"
            " without a verdict takes it with Ctrl+T in the claims list.")  # fmt: skip


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
