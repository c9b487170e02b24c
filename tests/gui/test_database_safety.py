"""Nothing the app does outside SQLite may cost the database its locks (closing any file
descriptor of it drops them all, and a `factdesk` command then deletes the WAL the app still
writes to): with the app open, browse the database's folder in a file dialog, drop the
database on the window, export into its folder; then a `factdesk` command writes and reads,
the app writes, the app is killed (SIGKILL). A fresh process must see every write from both.

The real app runs in its own process: on Xvfb driven by xdotool, or (for a drop, which
xdotool cannot make) offscreen, driven through its own event handlers (DrivenApp)."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest

from tests.gui.xsession import DrivenApp, app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(240)


def claim_ids(db: Path) -> list[str]:
    return [c["id"] for c in json.loads(factdesk(db, "claims", "--format", "json"))]


def ratings(db: Path, claim_id: str) -> list[str]:
    """The verdicts in a claim's history, as a fresh `factdesk` process reads them."""
    lines = factdesk(db, "history", claim_id).splitlines()
    return [line for line in lines if "verdict" in line]


def cli_writes_and_reads(db: Path, claim_id: str) -> None:
    factdesk(db, "verdict", claim_id, "Mostly True", "--summary", "from the command line")
    assert any("Mostly True" in line for line in ratings(db, claim_id))


def app_verdicts(db: Path) -> list[str]:
    """The claims the app rated False (by keys: J, 5), as a fresh process reads them."""
    return [c["id"] for c in json.loads(factdesk(db, "claims", "--format", "json"))
            if c["verdict"] == "False"]  # fmt: skip


def both_writes_survive(db: Path, cli_claim: str) -> None:
    assert any("Mostly True" in line for line in ratings(db, cli_claim)), "the CLI's verdict"
    assert app_verdicts(db), "the app's verdict"


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
        wait_until(lambda: app_verdicts(db), timeout=20, what="the app's verdict in the file")
        assert all("(deleted)" not in f for f in app.open_files()), app.open_files()
        app.kill()
        assert "Traceback" not in app.stderr()
    both_writes_survive(db, ids[5])


def test_exporting_into_its_folder_loses_nothing(db, tmp_path):
    ids = claim_ids(db)
    report = db.parent / "report.html"
    with app_on(db, tmp_path / "home") as app:
        wait_until(lambda: len(app.open_files()) >= 3, what="the app to open the database")
        time.sleep(1.5)
        # A verdict to report: the first claim is Mostly False (once the app shows it).
        rated = lambda: "Mostly False" in factdesk(db, "claims", "--format", "json")  # noqa: E731
        for _attempt in range(3):
            app.keys("4")
            with contextlib.suppress(AssertionError):
                wait_until(rated, timeout=5, what="the first verdict")
                break
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
        wait_until(lambda: app_verdicts(db), timeout=20, what="the app's verdict in the file")
        app.kill()
        assert "Traceback" not in app.stderr()
    both_writes_survive(db, ids[5])
    assert rated()
    assert "Mostly False" in report.read_text(encoding="utf-8")


def test_dropping_the_database_on_the_window_loses_nothing(db, tmp_path):
    ids = claim_ids(db)
    with DrivenApp(db, tmp_path) as app:
        said = app.say(f"drop {db} {db}-wal {db}-shm")
        assert said.startswith("dropped") and "factdesk's database" in said, said
        cli_writes_and_reads(db, ids[5])
        assert app.say("keys J 5") == "pressed"
        wait_until(lambda: app_verdicts(db), timeout=20, what="the app's verdict in the file")
        app.kill()
        assert "Traceback" not in app.stderr()
    both_writes_survive(db, ids[5])
