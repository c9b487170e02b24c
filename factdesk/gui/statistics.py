"""The statistics view: verdicts per week and per checker, the backlog by status, and the
median time from import to verdict, drawn as bar charts with QPainter (PySide6-Essentials
has no QtCharts). The figures are counted on the reader thread; the view opens at once and
draws them when they arrive."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from factdesk.lists import Statistics

from . import style
from .operations import DeskSession, QueryOp

MOST_WEEKS = 26  # the last half-year of weeks
BAR_COLOUR = "#4a7fb5"


class BarChart(QWidget):
    """Labelled horizontal bars, one per (label, value)."""

    ROW = 20

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int]] = []
        self.setMinimumSize(260, 80)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = bars
        self.setMinimumHeight(self.ROW * (len(bars) + 2))
        self.setAccessibleDescription(
            f"{self.title}: " + (", ".join(f"{k} {v}" for k, v in bars) or "none")
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        started = start_chart(self, self.title, "(none yet)" if not self.bars else None)
        if started is None:
            return
        painter, text = started
        label_width = min(140.0, self.width() * 0.35)
        room = max(self.width() - label_width - 50, 10)
        most = max(value for _label, value in self.bars) or 1
        for row, (label, value) in enumerate(self.bars, start=1):
            top = row * self.ROW
            painter.setPen(text)
            painter.drawText(QRectF(0, top, label_width - 6, self.ROW - 2),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label)  # fmt: skip
            width = room * value / most
            painter.fillRect(QRectF(label_width, top + 3, width, self.ROW - 6), QColor(BAR_COLOUR))
            painter.drawText(QRectF(label_width + width + 4, top, 46, self.ROW - 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             str(value))  # fmt: skip
        painter.end()


def start_chart(widget: QWidget, title: str, empty: str | None) -> tuple[QPainter, QColor] | None:
    """A painter on `widget`, its title drawn, and the text colour; with `empty` (nothing
    to draw), that said under the title and None."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = style.role(QPalette.ColorRole.Text)
    painter.setPen(text)
    row = BarChart.ROW
    painter.drawText(QRectF(0, 0, widget.width(), row), Qt.AlignmentFlag.AlignLeft, title)
    if empty is None:
        return painter, text
    painter.drawText(QRectF(0, row, widget.width(), row), Qt.AlignmentFlag.AlignLeft, empty)
    painter.end()
    return None


class StatisticsDialog(QDialog):
    """The desk's figures as charts (Esc closes it)."""

    shown_figures = Signal()  # the figures are drawn

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statistics")
        self.setWindowTitle("Statistics")
        self.figures: Statistics | None = None
        self.summary = QLabel("Counting…")
        self.summary.setObjectName("statisticsSummary")
        self.summary.setWordWrap(True)
        self.per_week = BarChart("Verdicts per week")
        self.per_checker = BarChart("Verdicts per checker")
        self.backlog = BarChart("Backlog by status (claims without a verdict)")
        charts = QGridLayout()
        charts.addWidget(self.per_week, 0, 0, 2, 1)
        charts.addWidget(self.per_checker, 0, 1)
        charts.addWidget(self.backlog, 1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(charts)
        layout.addWidget(buttons)
        self.resize(760, 520)
        QueryOp(session, lambda desk: desk.statistics(), label="Counting statistics").success(
            self._show
        ).run()

    def _show(self, figures: Statistics) -> None:
        self.figures = figures
        hours = figures.median_hours_to_verdict
        wait = "no verdict yet" if hours is None else _duration(hours)
        self.summary.setText(
            f"{figures.claims:,} claims, {figures.rated_claims:,} with a verdict. "
            f"Median time from import to verdict: {wait}."
        )
        self.per_week.set_bars(figures.verdicts_per_week[-MOST_WEEKS:])
        self.per_checker.set_bars(figures.verdicts_per_checker[:12])
        self.backlog.set_bars(list(figures.backlog_by_status.items()))
        self.shown_figures.emit()


def _duration(hours: float) -> str:
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"
