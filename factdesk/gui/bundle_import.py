"""File > Import a bundle…: a teammate's bundle merged into this database by a child
process (export_runner.ChildBundleImport), as exports run: the rows read so far counted
in a dialog, and a Cancel that ends the child at once. The merge is one transaction, so a
cancelled import merges nothing. When it is done every pane reads again (a bundle may
bring any article, claim, scale or setting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout

from factdesk.desk import Changes

from . import files
from .export_runner import ChildBundleImport
from .widgets import warn

BUNDLE_FILTER = "factdesk bundles (*.bundle);;All files (*)"
# The window is passed in untyped (`Any`): naming MainWindow here would close an import
# circle (main_window opens this dialog). It needs: session, settings, say, reload_all.


class BundleImportDialog(QDialog):
    """Shows one bundle's merge: rows read, then merging; Cancel (Esc) stops it."""

    def __init__(self, window: Any, bundle: Path):
        super().__init__(window)
        self.window_, self.bundle = window, Path(bundle)
        self.setObjectName("bundleImport")
        self.setWindowTitle("Import a bundle")
        self.setMinimumWidth(460)
        self.note = QLabel(f"Reading {self.bundle.name} … (Cancel stops it)")
        self.note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # rows: how many is known only once all are read
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.job: ChildBundleImport | None = None

    def start(self) -> ChildBundleImport | None:
        problem = files.database_file_problem(self.bundle, self.window_.session.path)
        if problem:
            warn(self, "Import a bundle", problem)
            return None
        job = ChildBundleImport(self.window_.session.path, self.bundle, self)
        job.progressed.connect(self._progressed)
        job.finished.connect(self._merged)
        job.failed.connect(self._failed)
        self.job = job
        job.start()
        return job

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.note.setText(f"{text} … (Cancel stops it)")

    def reject(self) -> None:
        """Cancel: ends a merge under way at once (nothing is merged; the dialog stays to
        say so); else closes the dialog."""
        if self.job is not None and self.job.running:
            self.job.cancel()
            return
        super().reject()

    def _merged(self, message: str) -> None:
        self.job = None
        window = self.window_
        window.session.notify(
            Changes(scales=True, settings=True, prior_checks=True, saved_lists=True)
        )
        window.reload_all()
        window.say(message, 8000)
        self.accept()

    def _failed(self, message: str) -> None:
        self.job = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.note.setText(message or "Cancelled: nothing was merged.")


def import_bundle(window: Any, bundle: Path) -> BundleImportDialog | None:
    """Merge `bundle` into the window's database, in a dialog with progress and Cancel."""
    dialog = BundleImportDialog(window, bundle)
    if dialog.start() is None:
        dialog.deleteLater()
        return None
    dialog.show()
    return dialog


def open_bundle(window: Any) -> None:
    folder = str(window.settings.value("session/open_dir", str(Path.home())))
    chosen = files.open_file_names(window, "Import a bundle", folder, BUNDLE_FILTER)
    if chosen:
        window.settings.setValue("session/open_dir", str(Path(chosen[0]).parent))
        import_bundle(window, Path(chosen[0]))
