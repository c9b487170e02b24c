"""Fixtures for GUI tests: a main window on a temporary database, a local web server."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings

from tests.gui.helpers import settle

TEST_REVIEWER = "Test Reviewer"


def _name_dialog_shown(window) -> bool:
    from PySide6.QtWidgets import QDialog

    dialog = window.findChild(QDialog, "reviewerName")
    return dialog is not None and dialog.isVisible()


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Open MainWindows on a database (tmp_path/gui.db unless given); closed at the end."""
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession

    windows = []

    def make(db: Path | None = None, settings_file: Path | None = None, ask_name: bool = False):
        session = DeskSession(db or tmp_path / "gui.db")
        settings = QSettings(
            str(settings_file or tmp_path / "window.ini"), QSettings.Format.IniFormat
        )
        if ask_name is False and not session.reviewer:
            # Most tests rate without being asked the reviewer's name: a name is known
            # (for this window only; the database's settings stay as they were).
            session.reviewer = TEST_REVIEWER
        window = MainWindow(session, settings)
        window.resize(1400, 860)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        # Window shortcuts (Ctrl+Z...) only fire in the active window. With no name
        # known, the name dialog may open first and be the active one instead.
        qtbot.waitUntil(
            lambda: window.isActiveWindow() or (ask_name and _name_dialog_shown(window)),
            timeout=5000,
        )
        settle(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def db(tmp_path) -> Path:
    """A database holding the sample, imported by the `factdesk` command, in a folder of
    its own (the app under Xvfb opens it)."""
    from tests.gui.xsession import SAMPLE, factdesk

    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "desk.db"
    factdesk(path, "import", str(SAMPLE))
    return path


@pytest.fixture
def sample_window(make_window, qtbot):
    """A window with the sample article imported through the real worker threads."""
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        window.importer.load_sample()
    results, errors = blocker.args
    assert not errors and results[0].claim_count > 0
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    settle(qtbot, window)
    return window


EVIDENCE_PAGE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Labour membership figures 2019</title>
<meta property="og:site_name" content="Local Statistics Office"></head>
<body><article><h1>Labour membership figures 2019</h1>
<p>The party had about 485,000 members at the end of 2019, according to its annual report.</p>
<p>Membership fell from a peak of 564,000 in 2017, the report says, and the figures
were published in the party's accounts filed with the Electoral Commission.</p>
</article></body></html>"""


@pytest.fixture
def web_server():
    """A real HTTP server on 127.0.0.1 serving a small evidence page at /evidence.html."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/evidence.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(EVIDENCE_PAGE)))
                self.end_headers()
                self.wfile.write(EVIDENCE_PAGE)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pytest_collection_modifyitems(items):
    # The offscreen platform plugin says this whenever a window's size limits change;
    # it is not a problem of the app (on xcb/Wayland the hints are applied).
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    r"This plugin does not support propagateSizeHints",
                    # A popup (a completer's list) on the offscreen platform.
                    r"This plugin does not support (raise\(\)|grabbing the keyboard)",
                )
            )
