"""Nothing the app does outside SQLite may cost the database its locks (closing any file
descriptor of it drops them all, and a `factdesk` command then deletes the WAL the app still
writes to): with the app open, browse the database's folder in a file dialog, drop the
database on the window, export into its folder; then a `factdesk` command writes and reads,
the app writes, the app is killed (SIGKILL). A fresh process must see every write from both.

The real app runs in its own process: on Xvfb driven by xdotool, or (for a drop, which
xdotool cannot make) offscreen, driven through its own event handlers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gui.xsession import REPO, SAMPLE, app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def db(tmp_path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    path = folder / "desk.db"
    factdesk(path, "import", str(SAMPLE))
    return path


def claim_ids(db: Path) -> list[str]:
    return [c["id"] for c in json.loads(factdesk(db, "claims", "--format", "json"))]


def ratings(db: Path, claim_id: str) -> list[str]:
    """The verdicts in a claim's history, as a fresh `factdesk` process reads them."""
    lines = factdesk(db, "history", claim_id).splitlines()
    return [line for line in lines if "verdict" in line]


def cli_writes_and_reads(db: Path, claim_id: str) -> None:
    factdesk(db, "verdict", claim_id, "Mostly True", "--summary", "from the command line")
    assert any("Mostly True" in line for line in ratings(db, claim_id))


def both_writes_survive(db: Path, cli_claim: str, app_claim: str) -> None:
    assert any("Mostly True" in line for line in ratings(db, cli_claim)), "the CLI's verdict"
    assert any("False" in line for line in ratings(db, app_claim)), "the app's verdict"


def test_browsing_the_folder_in_a_file_dialog_loses_nothing(db, tmp_path):
    ids = claim_ids(db)
    with app_on(db, tmp_path / "home") as app:
        wait_until(lambda: len(app.open_files()) >= 3, what="the app to open the database")
        time.sleep(1.5)  # the first claims listed
        app.keys("ctrl+o")
        dialog = app.wait_for_title("Open articles")
        app.type(f"{db.parent}/")
        app.keys("Return")  # the dialog lists the database's folder
        time.sleep(1.5)
        app.keys("Escape")
        app.wait_gone(dialog)
        app.focus()
        cli_writes_and_reads(db, ids[5])
        app.keys("j", "5")  # the app writes: the second claim is False
        wait_until(lambda: any("False" in r for r in ratings(db, ids[1])), timeout=20,
                   what="the app's verdict to reach the file")  # fmt: skip
        assert all("(deleted)" not in f for f in app.open_files()), app.open_files()
        app.kill()
        assert "Traceback" not in app.stderr()
    both_writes_survive(db, ids[5], ids[1])


def test_exporting_into_its_folder_loses_nothing(db, tmp_path):
    ids = claim_ids(db)
    report = db.parent / "report.html"
    with app_on(db, tmp_path / "home") as app:
        wait_until(lambda: len(app.open_files()) >= 3, what="the app to open the database")
        time.sleep(1.5)
        app.keys("4")  # a verdict to report: the first claim is Mostly False
        time.sleep(0.5)
        app.keys("ctrl+shift+e")
        app.wait_for_title("Export")
        time.sleep(1)  # the preview
        app.keys("Return")  # Export…
        save = app.wait_for_title("Save the report")
        app.keys("ctrl+a")
        app.type(f"{db.parent}/")
        app.keys("Return")  # into the database's folder: the dialog lists it
        time.sleep(1.5)
        app.keys("ctrl+a")
        app.type("report.html")
        app.keys("Return")
        app.wait_gone(save)
        wait_until(report.exists, what="the report to be written")
        app.focus()
        cli_writes_and_reads(db, ids[5])
        app.keys("j", "5")
        wait_until(lambda: any("False" in r for r in ratings(db, ids[1])), timeout=20,
                   what="the app's verdict to reach the file")  # fmt: skip
        app.kill()
        assert "Traceback" not in app.stderr()
    both_writes_survive(db, ids[5], ids[1])
    assert any("Mostly False" in line for line in ratings(db, ids[0]))
    assert "Mostly False" in report.read_text(encoding="utf-8")


DRIVER = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from factdesk.gui.app import make_app
from factdesk.gui.main_window import MainWindow
from factdesk.gui.operations import DeskSession

app = make_app()
window = MainWindow(DeskSession(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
window.activateWindow()

def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)

pump(2)
print("ready", flush=True)
for line in sys.stdin:
    command, *args = line.split()
    if command == "drop":  # what Qt hands the window when files are dropped on it
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(arg) for arg in args])
        window.dropEvent(QDropEvent(QPointF(60, 60), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        pump(1.5)
        print("dropped", window.statusBar().currentMessage(), flush=True)
    elif command == "keys":
        for key in args:
            QTest.keyClick(QApplication.focusWidget() or window, getattr(Qt.Key, "Key_" + key))
            pump(0.2)
        pump(1)
        print("pressed", flush=True)
"""


def test_dropping_the_database_on_the_window_loses_nothing(db, tmp_path):
    ids = claim_ids(db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FACTDESK_DATA_DIR=str(tmp_path / "data"))
    app = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db), str(tmp_path / "window.ini")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert app.stdout.readline().strip() == "ready"
        app.stdin.write(f"drop {db} {db}-wal {db}-shm\n")
        app.stdin.flush()
        said = app.stdout.readline()
        assert said.startswith("dropped") and "factdesk's database" in said, said
        cli_writes_and_reads(db, ids[5])
        app.stdin.write("keys J 5\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "pressed"
        wait_until(lambda: any("False" in r for r in ratings(db, ids[1])), timeout=20,
                   what="the app's verdict to reach the file")  # fmt: skip
    finally:
        app.kill()
        _out, err = app.communicate(timeout=10)
    assert "Traceback" not in err
    both_writes_survive(db, ids[5], ids[1])
