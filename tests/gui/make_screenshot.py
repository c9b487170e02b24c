"""The README's screenshot: the main window at 1366x768 (a laptop screen) with the sample
article under review. Run it when the window's looks change:

    QT_QPA_PLATFORM=offscreen python -m tests.gui.make_screenshot   # writes docs/screenshot.png

The test suite renders the same to a temporary file (test_window.py), so a test run never
changes the checkout."""

from __future__ import annotations

import http.server
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIZE = (1366, 768)
SAMPLE = REPO / "seeds" / "000_ea872c36249f8574.txt"
EVIDENCE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Labour Party membership and the Jewish Labour Movement</title>
<meta property="og:site_name" content="Local Statistics Office"></head><body><article>
<h1>Labour Party membership and the Jewish Labour Movement</h1>
<p>The activist named in the post has been a Labour member since 2015, the party confirmed.</p>
</article></body></html>"""


def _serve() -> tuple[http.server.ThreadingHTTPServer, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(EVIDENCE)))
            self.end_headers()
            self.wfile.write(EVIDENCE)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/membership.html"


def _desk_under_review(db: Path) -> str:
    """The sample with a few verdicts, statuses and one piece of evidence; the id of the
    claim to show (the Tory-activist post, rated)."""
    from factdesk.desk import Desk

    server, url = _serve()
    try:
        with Desk(db) as desk:
            desk.set_settings({"reviewer": "Sam Checker", "organisation": "Example Checks"})
            desk.import_source(str(SAMPLE))
            claims = desk.claims()
            for row, level in ((0, "2"), (3, "5"), (5, "1"), (8, "4"), (11, "3")):
                desk.set_verdict(claims[row].id, level, summary="Checked against the source.")
            for row in (1, 2):
                desk.set_status(claims[row].id, "not checking")
            desk.set_status(claims[6].id, "researching", assignee="Sam Checker")
            shown = desk.search("Tory activist")[0]
            desk.set_status(shown.id, "in review", assignee="Sam Checker")
            desk.add_evidence(shown.id, url, stance="refutes",
                              quote="a Labour member since 2015")  # fmt: skip
            desk.set_verdict(shown.id, "5", summary="He has been a party member since 2015.")
            return shown.id
    finally:
        server.shutdown()
        server.server_close()


def make_screenshot(target: Path, work: Path) -> Path:
    """Render the window with the sample under review to `target` (PNG)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from factdesk.gui.app import make_app
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession

    work.mkdir(parents=True, exist_ok=True)
    db = work / "review.db"
    shown = _desk_under_review(db)
    app = make_app()
    settings = QSettings(str(work / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("session/claim", shown)
    window = MainWindow(DeskSession(db), settings)
    window.resize(*SIZE)
    window.fit_panes()
    window.show()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
        window.panel.claim is not None
        and window.panel.claim.id == shown
        and window.panel.evidence.list.topLevelItemCount() == 1
        and window.session.idle()
    ):
        pump(0.05)
    pump(0.3)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(target)):
        raise RuntimeError(f"{target}: could not be written")
    window.close()
    QApplication.processEvents()
    return target


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot.png"
    with tempfile.TemporaryDirectory(prefix="factdesk-screenshot-") as work:
        print(make_screenshot(target, Path(work)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
