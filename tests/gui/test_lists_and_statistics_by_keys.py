"""Saved lists and statistics by keys alone (issue 23), in the real app on a real X server
(Xvfb) driven by xdotool: rate two claims, list every article's claims (Ctrl+Shift+L),
save that list (Ctrl+Alt+S, a name, Return), undo and redo the save (Ctrl+Z,
Ctrl+Shift+Z), clear the filters and open the list again by its key (Ctrl+Alt+1), then the
statistics (F8) and Escape. What was stored is read back with the `factdesk` command."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.gui.xsession import app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(240)


def saved_lists(db) -> list[dict]:
    return json.loads(factdesk(db, "lists", "list", "--format", "json"))


def verdict_count(db) -> int:
    return json.loads(factdesk(db, "stats", "--format", "json"))["rated_claims"]


def test_saved_lists_and_statistics_by_keys(db, tmp_path):
    with app_on(db, tmp_path / "home", screen="1366x768") as app:
        app.wait_ready(lambda: verdict_count(db))  # the first claim rated 1 (True)
        app.keys("j", "5")  # the next claim: False
        wait_until(lambda: verdict_count(db) == 2, timeout=20, what="the second verdict")

        app.keys("ctrl+shift+l")  # the claims of every article
        time.sleep(0.5)
        app.keys("ctrl+alt+s")
        time.sleep(0.5)
        app.type("every article")
        app.keys("Return")
        wait_until(lambda: len(saved_lists(db)) == 1, timeout=20, what="the saved list")
        [saved] = saved_lists(db)
        assert saved["name"] == "every article"
        assert saved["claims"] == json.loads(factdesk(db, "stats", "--format", "json"))["claims"]

        app.focus()
        app.keys("ctrl+z")
        wait_until(lambda: saved_lists(db) == [], timeout=20, what="the save undone")
        app.keys("ctrl+shift+z")
        wait_until(lambda: len(saved_lists(db)) == 1, timeout=20, what="the save redone")

        app.keys("ctrl+shift+r", "ctrl+alt+1")  # filters cleared, then the list again
        time.sleep(0.5)
        app.keys("F8")
        statistics = app.wait_for_title("Statistics")
        time.sleep(1)
        app.screenshot(Path(os.environ.get("FACTDESK_SHOT_DIR", tmp_path)) / "statistics.png")
        app.keys("Escape")
        app.wait_gone(statistics)
        assert app.running(), app.stderr()
        assert "Traceback" not in app.stderr()

    stats = json.loads(factdesk(db, "stats", "--format", "json"))
    assert stats["rated_claims"] == 2
    assert stats["verdicts_per_checker"] == [{"checker": "Test Reviewer", "verdicts": 2}]
