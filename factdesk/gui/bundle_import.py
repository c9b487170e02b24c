"""File > Import a bundle…: a teammate's bundle merged into this database by a child
process (export_runner.ChildBundleImport), as exports run: the rows read and merged so far
counted in a dialog, and a Cancel that ends the child at once. The bundle is checked whole
before anything is merged, then merged in committed batches of whole articles: a Cancel
while it is read merges nothing, one while it merges keeps the articles merged so far, and
importing the bundle again merges the rest. When it is done every pane reads again (a
bundle may bring any article, claim, scale or setting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factdesk.desk import Changes

from . import files
from .export_runner import ChildBundleImport
from .job_dialog import JobDialog
from .widgets import warn

BUNDLE_FILTER = "factdesk bundles (*.bundle);;All files (*)"
# The window is passed in untyped (`Any`): naming MainWindow here would close an import
# circle (main_window opens this dialog). It needs: session, settings, say, reload_all.


def import_bundle(window: Any, bundle: Path) -> JobDialog | None:
    """Merge `bundle` into the window's database, in a dialog with progress and Cancel."""
    bundle = Path(bundle)
    problem = files.database_file_problem(bundle, window.session.path)
    if problem:
        warn(window, "Import a bundle", problem)
        return None

    def merged(message: str) -> None:
        window.session.notify(
            Changes(scales=True, settings=True, prior_checks=True, saved_lists=True)
        )
        window.reload_all()
        window.say(message, 8000)

    dialog = JobDialog(window, "Import a bundle", f"Reading {bundle.name}",
                       "Cancelled: nothing was merged.", merged)  # fmt: skip
    dialog.setObjectName("bundleImport")

    def progressed(done: int, total: int, _text: str) -> None:
        if done and total:  # merging: batches of whole articles are in
            dialog.set_cancelled(
                f"Cancelled: {done:,} of {total:,} rows were merged (whole articles with their "
                "work). Import the bundle again to merge the rest."
            )

    job = ChildBundleImport(window.session.path, bundle, dialog)
    job.progressed.connect(progressed)
    dialog.run(job)
    return dialog


def open_bundle(window: Any) -> None:
    folder = str(window.settings.value("session/open_dir", str(Path.home())))
    chosen = files.open_file_names(window, "Import a bundle", folder, BUNDLE_FILTER)
    if chosen:
        window.settings.setValue("session/open_dir", str(Path(chosen[0]).parent))
        import_bundle(window, Path(chosen[0]))
