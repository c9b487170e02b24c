"""Every dialog of the app fits a 1024x700 screen: the real app on a real X server (Xvfb at
1024x700), each dialog opened as the app opens it, and each of its buttons read back on the
screen (its whole rectangle inside the screen's area). Each also opens with the keyboard
focus in its first field, so typing goes somewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui.xsession import REPO, xvfb

pytestmark = pytest.mark.timeout(180)

# Opens the window and each dialog (shown, not run modally), and prints per dialog its
# title, the screen's area, each visible button's rectangle on the screen, and the
# focused widget's class and name.
DRIVER = """
import json, sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QInputDialog, QMessageBox
from factdesk.desk import Desk
from factdesk.model import Evidence
from factdesk.gui.app import make_app
from factdesk.gui.dialogs import SettingsDialog
from factdesk.gui.scale_editor import ScaleEditor
from factdesk.gui.sheets import ShortcutsDialog, SnapshotDialog
from factdesk.gui.dialogs import read_settings
from factdesk.gui.export_dialog import ExportDialog
from factdesk.gui.main_window import MainWindow
from factdesk.gui.operations import DeskSession
from factdesk.gui.reviewer import ReviewerDialog
from factdesk.gui.factcheck_editor import FactCheckEditor, PublishingDialog
from factdesk.gui.statistics import StatisticsDialog
from factdesk.gui.trash_dialog import TrashDialog

app = make_app()
session = DeskSession(sys.argv[1])
session.reviewer = "Sam Checker"  # not asked at start: each dialog is opened here in turn
window = MainWindow(session, QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()

def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)

pump(2)
with Desk(sys.argv[1], read_only=True) as desk:
    stored, scale = read_settings(desk), desk.scale()
    factcheck = desk.factcheck(desk.claims()[0].id)
evidence = Evidence(claim_id="x", url="https://example.org/a", title="A page",
                    snapshot_text="\\n".join(f"Paragraph {n} of the page." for n in range(200)))
speaker = QInputDialog(window)
speaker.setWindowTitle("Filter by speaker")
speaker.setLabelText("Claims by (part of a name or handle):")
about = QMessageBox(QMessageBox.Icon.Information, "About factdesk", "factdesk", parent=window)
dialogs = {
    "settings": lambda: SettingsDialog(session, stored, window, window.settings),
    "scale editor": lambda: ScaleEditor(scale, window),
    "shortcuts": lambda: ShortcutsDialog(window.actions_.key_sheet(), window),
    "snapshot": lambda: SnapshotDialog(evidence, window),
    "export": lambda: ExportDialog(window),
    "reviewer": lambda: ReviewerDialog("", window),
    "speaker filter": lambda: speaker,
    "about": lambda: about,
    "trash": lambda: TrashDialog(window),
    "fact-check editor": lambda: FactCheckEditor(session, factcheck, window),
    "publishing": lambda: PublishingDialog(session, window),
    "statistics": lambda: StatisticsDialog(session, window),
}
screen = app.primaryScreen().availableGeometry()
for name, make in dialogs.items():
    dialog = make()
    dialog.show()
    pump(1.5)
    buttons = []
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible() and button.window() is dialog:
            top_left = button.mapToGlobal(button.rect().topLeft())
            buttons.append([button.text(), top_left.x(), top_left.y(),
                            button.width(), button.height()])
    focus = dialog.focusWidget()  # where the keys go once it is active
    frame = dialog.frameGeometry()
    print(json.dumps({
        "dialog": name,
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "buttons": buttons,
        "focus": [type(focus).__name__, focus.objectName()] if focus else None,
    }), flush=True)
    dialog.close()
    pump(0.3)
window.close()
"""

# The field each dialog's focus is in when it opens (class name, object name or "").
FIRST_FIELDS = {
    "settings": "QLineEdit",
    "scale editor": "QLineEdit",
    "export": "ChoiceBox",
    "reviewer": "QLineEdit",
    "speaker filter": "QLineEdit",
}


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_every_dialog_fits_1024x700_with_its_buttons_on_the_screen(db: Path, tmp_path: Path):
    with xvfb("1024x700") as display:
        env = dict(
            os.environ,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            FACTDESK_DATA_DIR=str(tmp_path / "data"),
            HOME=str(tmp_path),
        )
        env.pop("WAYLAND_DISPLAY", None)
        done = subprocess.run(
            [sys.executable, "-c", DRIVER, str(db), str(tmp_path / "window.ini")],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=150,
        )
    assert done.returncode == 0, done.stderr
    seen = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [s["dialog"] for s in seen] == [
        "settings", "scale editor", "shortcuts", "snapshot", "export", "reviewer",
        "speaker filter", "about", "trash", "fact-check editor", "publishing", "statistics",
    ]  # fmt: skip
    for found in seen:
        name, area = found["dialog"], found["screen"]
        assert area[2:] == [1024, 700], found
        assert found["buttons"], f"{name}: no buttons read back"
        off = [b for b in found["buttons"] if not inside(b[1:], area)]
        assert not off, f"{name}: buttons off the screen {area}: {off}"
        assert found["frame"][3] <= 700, f"{name}: taller than the screen: {found['frame']}"
        if name in FIRST_FIELDS:
            assert found["focus"] and found["focus"][0] == FIRST_FIELDS[name], found
    settings = next(s for s in seen if s["dialog"] == "settings")
    assert settings["focus"][0] == "QLineEdit"  # the reviewer's name, not the tab bar
