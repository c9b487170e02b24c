"""Starting the desktop app."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from factdesk import __version__, paths
from factdesk.errors import FactdeskError


def make_app() -> QApplication:
    """The QApplication (made once), with factdesk's name, icon and stylesheet."""
    # While a worker thread runs Python (a look-up, an export), the GUI thread waits for the
    # interpreter lock up to this long each time it needs it (default 5 ms): keys stay quick.
    sys.setswitchinterval(0.001)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("factdesk")
    app.setApplicationDisplayName("factdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("factdesk")
    icon = paths.resource("icons/factdesk.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    from . import style

    style.apply(app)
    return app


def window_settings() -> QSettings:
    """Window layout memory lives in the data folder (never the real home in tests)."""
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)


def run(db_path: str | Path | None = None, self_test: bool = False) -> int:
    """Open the main window on `db_path` (default: the user's database).

    With self_test=True: open the window offscreen, import the sample article through
    the real worker threads, check it arrived, and exit 0 (1 on any failure).
    """
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # The self-test never touches the user's own database.
        db_path = db_path or Path(tempfile.mkdtemp(prefix="factdesk-self-test-")) / "self-test.db"
    app = make_app()
    from .main_window import MainWindow
    from .operations import DeskSession

    try:
        session = DeskSession(db_path or paths.default_db_path())
    except FactdeskError as error:
        if self_test:
            print(f"self-test: {error}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, "factdesk", str(error))
        return 1
    window = MainWindow(session, window_settings())
    window.show()
    if app.platformName() != "offscreen":  # (it has no stacking to raise a window in)
        window.raise_()
    window.activateWindow()  # keyboard shortcuts need the active window
    if self_test:
        return _self_test(app, window)
    return app.exec()


def wait_for(
    app: QApplication, started: Callable[[Callable[..., None]], object], seconds: float = 60
) -> dict:
    """Run the event loop until `started(done)` calls done(**outcome) (or time runs out)."""
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def done(**found: object) -> None:
        outcome.update(found)
        loop.quit()

    started(done)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    return outcome


def _self_test(app: QApplication, window) -> int:

    def load(done) -> None:
        window.imported.connect(lambda results, errors: done(results=results, errors=errors))
        window.importer.load_sample()

    outcome = wait_for(app, load)
    results = outcome.get("results") or []
    errors = list(outcome.get("errors") or [])
    ok = bool(results) and results[0].claim_count > 0
    reports = []
    if ok:
        # Export the sample's report in both reading formats, as a user would publish it:
        # through the export dialog's child process (which the frozen build starts as
        # itself, see __main__.py).
        from .export_runner import ChildExport

        folder = window.session.path.parent
        article_id = results[0].article.id
        for fmt in ("html", "pdf"):
            target = folder / f"self-test-report.{fmt}"

            def export(done: Callable[..., None], fmt: str = fmt, target: Path = target) -> None:
                job = ChildExport(window.session.path, fmt, target, {"article": article_id},
                                  window)  # fmt: skip
                job.finished.connect(lambda message: done(message=message))
                job.failed.connect(lambda message: done(error=message or "cancelled"))
                job.start()

            written = wait_for(app, export)
            if "message" not in written:
                errors.append(f"export {fmt}: {written.get('error', 'timed out')}")
                ok = False
                break
            ok = ok and target.stat().st_size > 1000
            reports.append(str(target))
    if ok:
        print(
            f"self-test: ok — sample imported with {results[0].claim_count} claims; "
            f"reports: {', '.join(reports)}"
        )
    else:
        problem = "; ".join(errors) or window.last_error
        print(
            f"self-test: FAILED {problem or 'the sample did not import in time'}", file=sys.stderr
        )
    window.close()
    app.processEvents()
    return 0 if ok else 1
