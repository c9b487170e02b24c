"""A small dialog for work run by a child process (export_runner.ChildJob): what it does
now with its counts, a progress bar, and Cancel (Esc), which ends the child at once. It
stays after a Cancel or a failure to say so (Close closes it), and closes by itself when
the work is done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from .export_runner import ChildJob


class JobDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        title: str,
        starting: str,
        cancelled: str,
        done: Callable[[str], None],
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._cancelled, self._done = cancelled, done
        self.note = QLabel(f"{starting} … (Cancel stops it)")
        self.note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the work says how far it is
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.job: ChildJob | None = None

    def run(self, job: ChildJob) -> ChildJob:
        """Start `job` (made with this dialog as its parent) and show the dialog."""
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        self.job = job
        job.start()
        self.show()
        return job

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        self.note.setText(f"{text} … (Cancel stops it)")

    def set_cancelled(self, text: str) -> None:
        """What the dialog says if Cancel ends the work from now on."""
        self._cancelled = text

    def reject(self) -> None:
        """Cancel: ends the work under way at once (the dialog stays to say so); else
        closes the dialog."""
        if self.job is not None and self.job.running:
            self.job.cancel()
            return
        super().reject()

    def _finished(self, message: str) -> None:
        self.job = None
        self._done(message)
        self.accept()

    def _failed(self, message: str) -> None:
        self.job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.note.setText(message or self._cancelled)
