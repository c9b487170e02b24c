"""File > Import a bundle…: a teammate's bundle merged into this database by a child
process (export_runner.ChildBundleImport), as exports run: the rows read so far counted
in a dialog, and a Cancel that ends the child at once. The merge is one transaction, so a
cancelled import merges nothing. When it is done every pane reads again (a bundle may
bring any article, claim, scale or setting)."""

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
    dialog.run(ChildBundleImport(window.session.path, bundle, dialog))
    return dialog


def open_bundle(window: Any) -> None:
    folder = str(window.settings.value("session/open_dir", str(Path.home())))
    chosen = files.open_file_names(window, "Import a bundle", folder, BUNDLE_FILTER)
    if chosen:
        window.settings.setValue("session/open_dir", str(Path(chosen[0]).parent))
        import_bundle(window, Path(chosen[0]))
