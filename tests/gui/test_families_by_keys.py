"""Claim families by keys alone (issue 23 item 3 and its "done when"), in the real app on a
real X server (Xvfb) driven by xdotool: the sample's first claim rated False, a later
article repeating it imported by keys (Ctrl+L, its path, Return), the repeat linked with
its family (Ctrl+Shift+F), the family view and its timeline (F9, Escape: the keys are
back in the claims table without a window manager's help), the family's verdict taken
(Ctrl+T), undone (Ctrl+Z) and redone, then a saved list (Ctrl+Shift+L, Ctrl+Alt+S, a
name, Return; Ctrl+Alt+1) and the statistics (F8). After each step the database is read
with the `factdesk` command."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.gui.xsession import app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(300)


def claims(db) -> list[dict]:
    return json.loads(factdesk(db, "claims", "--format", "json"))


def family(db, claim_id: str) -> dict:
    return json.loads(factdesk(db, "family", claim_id, "--format", "json"))


def verdicts(db, claim_id: str) -> list[dict]:
    rows = json.loads(factdesk(db, "history", claim_id, "--format", "json"))
    return [row for row in rows if row.get("kind", row.get("type")) == "verdict"]


def look_at(app, key: str, title: str, shot: Path) -> None:
    """Open a view by its key, take a screenshot of it, close it with Escape."""
    app.keys(key)
    window = app.wait_for_title(title)
    time.sleep(1)
    app.screenshot(shot)
    app.keys("Escape")
    app.wait_gone(window)


def test_claim_family_by_keys_then_a_saved_list_and_statistics(db, tmp_path):
    shots = Path(os.environ.get("FACTDESK_SHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    [sample] = json.loads(factdesk(db, "articles", "--format", "json"))
    first = claims(db)[0]
    later = tmp_path / "later.txt"
    later.write_text(f"{first['sentence']}\n\nThe council will meet again on Tuesday.\n")

    with app_on(db, tmp_path / "home", screen="1366x768") as app:
        app.wait_ready(lambda: len(verdicts(db, first["id"])))  # 1: the first level
        app.keys("5")  # False
        wait_until(lambda: claims(db)[0]["verdict"] == "False", timeout=20, what="False")

        app.keys("ctrl+l")
        time.sleep(0.3)
        app.type(str(later))
        app.keys("Return")
        wait_until(lambda: len(json.loads(factdesk(db, "articles", "--format", "json"))) == 2,
                   timeout=60, what="the later article")  # fmt: skip
        [repeat] = [c for c in claims(db) if c["article_id"] != sample["id"] and c["start"] == 0]
        assert repeat["seen_before"] and repeat["verdict"] is None
        time.sleep(1.5)  # the later article is shown, its first claim current

        app.keys("ctrl+shift+f")
        wait_until(lambda: family(db, repeat["id"])["members"] == 2, timeout=60,
                   what="the family link")  # fmt: skip
        linked = family(db, repeat["id"])
        assert linked["first_appearance"]["claim"] == first["id"]
        assert linked["verdict"]["rating"] == "False"
        listed = next(c for c in claims(db) if c["id"] == repeat["id"])
        assert listed["seen_before"].startswith("its family: rated False by Test Reviewer")
        time.sleep(1)
        app.screenshot(shots / "family-linked.png")

        look_at(app, "F9", "Claim family", shots / "family-view.png")
        time.sleep(0.5)
        # No app.focus(): the keys must be back in the claims table of themselves.
        app.keys("ctrl+t")
        wait_until(lambda: len(verdicts(db, repeat["id"])) == 1, timeout=20,
                   what="the family's verdict taken")  # fmt: skip
        [taken] = verdicts(db, repeat["id"])
        assert taken["rating"] == "False" and taken["reviewer"] == "Test Reviewer"
        assert taken["summary"].startswith("In one family with a claim rated False")
        assert first["id"] in taken["summary"]
        # As a level's key does, the verdict moves the claim on to "rated" (one undo step).
        assert next(c for c in claims(db) if c["id"] == repeat["id"])["status"] == "rated"
        time.sleep(1)
        app.screenshot(shots / "family-verdict-taken.png")

        app.keys("ctrl+z")
        wait_until(lambda: verdicts(db, repeat["id"]) == [], timeout=20, what="the undo")
        assert family(db, repeat["id"])["members"] == 2  # the link stays: one undo, one edit
        assert next(c for c in claims(db) if c["id"] == repeat["id"])["status"] == "new"
        app.keys("ctrl+shift+z")
        wait_until(lambda: len(verdicts(db, repeat["id"])) == 1, timeout=20, what="the redo")

        app.keys("ctrl+shift+l")  # every article's claims
        time.sleep(0.5)
        app.keys("ctrl+alt+s")
        time.sleep(0.5)
        app.type("both articles")
        app.keys("Return")
        wait_until(lambda: json.loads(factdesk(db, "lists", "list", "--format", "json")),
                   timeout=20, what="the saved list")  # fmt: skip
        [saved] = json.loads(factdesk(db, "lists", "list", "--format", "json"))
        assert saved["name"] == "both articles" and saved["claims"] == len(claims(db))
        app.keys("ctrl+shift+r", "ctrl+alt+1")  # filters cleared, then the list by its key
        time.sleep(0.5)

        look_at(app, "F8", "Statistics", shots / "family-statistics.png")
        assert app.running(), app.stderr()
        assert "Traceback" not in app.stderr(), app.stderr()

    stats = json.loads(factdesk(db, "stats", "--format", "json"))
    assert stats["rated_claims"] == 2
    assert stats["verdicts_per_checker"] == [{"checker": "Test Reviewer", "verdicts": 3}]
    assert family(db, first["id"])["members"] == 2
