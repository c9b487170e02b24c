"""Long work in the status bar: a progress bar and Cancel (Esc) while an import, an export
or a sync runs; reads and edits, which are quick, show neither."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QProgressBar, QStatusBar, QToolButton

from .operations import DeskSession
from .tasks import Task


class StatusProgress(QObject):
    def __init__(self, session: DeskSession, bar: QStatusBar, say: Callable[[str, int], None]):
        super().__init__(bar)
        self._session, self._say = session, say
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        session.tasks.started.connect(self._started)
        session.tasks.finished.connect(self._finished)

    def long_work(self) -> list[Task]:
        """Imports and other long work the user can cancel (not reads, not edits)."""
        return [t for t in self._session.tasks.active() if t.cancellable and t.kind != "read"]

    def cancel(self) -> None:
        for task in self._session.tasks.active():
            task.cancel()
        self._say("Cancelled.", 4000)

    def show(self, done: int, total: int, text: str) -> None:
        """How far the long work is, and what it does now."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if text:
            self._say(text, 0)

    @Slot(object)
    def _started(self, task: Task) -> None:
        if task in self.long_work():
            self.bar.setRange(0, 0)
            self.bar.show()
            self.cancel_button.show()

    @Slot(object)
    def _finished(self, _task: Task) -> None:
        if not self.long_work():
            self.bar.hide()
            self.cancel_button.hide()
