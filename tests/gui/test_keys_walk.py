"""The walk of issue 19 by keys alone: the real app in its own process on a real X server
(Xvfb, 1366x768), driven by xdotool, on a database that already holds two articles. What
the keys did is read back through `factdesk` and a read-only Desk, before and after a
SIGKILL.

- The name is asked at start (a dialog with the focus in its field), so keys typed ahead at
  the first verdict (2 j 3 j) all act: two verdicts with the name, no key swallowed.
- A summary typed, then SIGKILL a second after the last key: the restart shows it again
  (the claim's drafts), and a level then records it with the verdict.
- A search that finds nothing empties the panel: a digit then records nothing.
- Clear filters (Ctrl+Shift+R) resets the scope too, so Ctrl+Shift+L lists all articles.
- Ctrl+1 sorts by score (highest first); Ctrl+Home and a digit rate the top claim."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from factdesk.desk import Desk
from factdesk.gui.models import ClaimTableModel
from tests.gui.xsession import App, factdesk, wait_until, xvfb

pytestmark = pytest.mark.timeout(300)

NAME = "Sam Checker"
SUMMARY = "The figure counts members, not voters"
OTHER_ARTICLE = """Budget row deepens as minister defends figures

The finance minister, Jane Harlow, said on Monday that unemployment had fallen by 40 percent
since 2019. "We have created more jobs than any government in history," Harlow told reporters.

Opposition leader Tom Briggs said wages had fallen by 3 percent in real terms last year.
"""


def verdicts(db: Path) -> list[tuple[str, str | None, str, str | None]]:
    """(claim id, rating, summary, reviewer) of every current verdict, via the CLI."""
    rows = json.loads(factdesk(db, "claims", "--format", "json"))
    found = []
    for row in rows:
        if row["verdict"]:
            history = json.loads(factdesk(db, "history", row["id"], "--format", "json"))
            (last,) = [h for h in history if h["type"] == "verdict"][-1:]
            found.append((row["id"], last["rating"], last["summary"], last["reviewer"]))
    return sorted(found)


def verdict_count(db: Path) -> int:
    with Desk(db, read_only=True) as desk:
        return sum(len(desk.verdicts(c.id)) for c in desk.claims())


def listed_state(home: Path) -> dict:
    """What the app wrote of its list (scope, search, sort) to its session file."""
    from PySide6.QtCore import QSettings

    saved = QSettings(str(home / "factdesk" / "window.ini"), QSettings.Format.IniFormat)
    return json.loads(str(saved.value("session/list") or "{}"))


def wait_ready(app: App) -> None:
    """The window is up, its first claim shown and the keys in the claims table."""
    wait_until(lambda: len(app.open_files()) >= 3, what="the app to open the database")
    time.sleep(2.5)


@pytest.fixture
def two_articles(db: Path, tmp_path: Path) -> Path:
    other = tmp_path / "budget.txt"
    other.write_text(OTHER_ARTICLE, encoding="utf-8")
    factdesk(db, "import", str(other))
    return db


def test_the_walk_by_keys_loses_nothing(two_articles: Path, tmp_path: Path) -> None:
    db, home = two_articles, tmp_path / "home"
    with Desk(db, read_only=True) as desk:
        sample = next(a for a in desk.articles() if "Jews4Labour" in (a.title or ""))
        listed = [c for c in desk.claims() if c.article_id == sample.id]
        levels = [level.label for level in desk.scale().levels]
    first, second, third = listed[0], listed[1], listed[2]
    with xvfb("1366x768") as display:
        app = App(db, display, home, ask_name=True)
        try:
            # The name is asked at start, before any key of review.
            dialog = app.wait_for_title("Your name")
            app.xdotool("windowfocus", "--sync", dialog)  # as a window manager would
            app.type(NAME)
            app.keys("Return")
            app.wait_gone(dialog)
            app.focus()
            wait_ready(app)
            # Type-ahead at the first verdict: every key acts, none lands in a name field.
            app.keys("2", "j", "3", "j", delay_ms=40)
            wait_until(lambda: verdict_count(db) == 2, what="the two verdicts")
            assert verdicts(db) == sorted(
                [(first.id, levels[1], "", NAME), (second.id, levels[2], "", NAME)]
            )
            rows = json.loads(factdesk(db, "claims", "--format", "json"))
            statuses = {c["id"]: c["status"] for c in rows}
            assert statuses[first.id] == statuses[second.id] == "rated"
            # A summary typed on the third claim, then a kill a second after the last key.
            app.keys("s")
            app.type(SUMMARY)
            time.sleep(1.0)
            app.kill()
            assert "Traceback" not in app.stderr(), app.stderr()
            with Desk(db, read_only=True) as desk:
                assert desk.drafts(third.id) == {"summary": SUMMARY}
                assert desk.verdicts(third.id) == []  # a draft is not a verdict
            app.screenshot(tmp_path / "killed.png")

            app = App(db, display, home)
            wait_ready(app)
            app.screenshot(tmp_path / "restored.png")
            app.keys("4")  # the restored summary goes with the level
            wait_until(lambda: verdict_count(db) == 3, what="the third verdict")
            assert (third.id, levels[3], SUMMARY, NAME) in verdicts(db)
            wait_until(lambda: Desk(db, read_only=True).drafts(third.id) == {}, what="no draft")

            # A search that finds nothing: no claim is shown, and a digit records nothing.
            app.keys("slash")
            app.type("zzqqxx")
            app.keys("Return", "6", "x")
            time.sleep(1.5)
            assert verdict_count(db) == 3
            with Desk(db, read_only=True) as desk:
                assert {c.status for c in desk.claims()} <= {"new", "rated"}

            # All articles, Clear filters (the scope too), and Ctrl+Shift+L lists all again.
            app.keys("ctrl+shift+l")
            wait_until(lambda: listed_state(home).get("all_articles") is True, what="all")
            app.keys("ctrl+shift+r")
            wait_until(lambda: listed_state(home).get("all_articles") is False, what="reset")
            assert listed_state(home)["search"] == ""
            app.keys("ctrl+shift+l")
            wait_until(lambda: listed_state(home).get("all_articles") is True, what="all again")
            app.keys("ctrl+shift+r")

            # Sort by key: Ctrl+1 is score, highest first; the top claim rated by keys.
            app.keys("ctrl+1")
            wait_until(
                lambda: listed_state(home).get("sort") == ClaimTableModel.SCORE_COLUMN,
                what="sorted by score",
            )
            assert listed_state(home)["descending"] is True
            time.sleep(1)
            app.keys("ctrl+Home", "5")
            wait_until(lambda: verdict_count(db) == 4, what="the top claim's verdict")
            top_score = max(c.score or 0 for c in listed)
            rated_now = {cid: rating for cid, rating, _s, _r in verdicts(db)}
            top_rated = [cid for cid in rated_now if rated_now[cid] == levels[4]]
            assert len(top_rated) == 1
            with Desk(db, read_only=True) as desk:
                assert desk.claim(top_rated[0]).score == top_score
            assert app.running(), app.stderr()
            assert "Traceback" not in app.stderr(), app.stderr()
        finally:
            app.kill()


def test_delete_kill_restart_and_restore_from_the_trash_by_keys(db: Path, tmp_path: Path) -> None:
    """A rated claim deleted by a key goes to the trash, survives a SIGKILL and a restart,
    and comes back with its verdict from Trash (Ctrl+Shift+T, Enter): nothing is gone for
    good by one key."""
    home = tmp_path / "home"
    with Desk(db, read_only=True) as desk:
        count = len(desk.claims())
    with xvfb("1366x768") as display:
        app = App(db, display, home)
        try:
            wait_ready(app)
            app.keys("3")  # the first claim rated, so there is work to lose
            wait_until(lambda: verdict_count(db) == 1, what="the verdict")
            (rated,) = [cid for cid, *_rest in verdicts(db)]
            app.keys("Delete")
            wait_until(lambda: len(Desk(db, read_only=True).claims()) == count - 1,
                       what="the claim moved to the trash")  # fmt: skip
            trash = json.loads(factdesk(db, "trash", "list", "--format", "json"))
            assert len(trash) == 1
            app.kill()

            app = App(db, display, home)
            wait_ready(app)
            app.keys("ctrl+shift+t")
            dialog = app.wait_for_title("Trash")
            app.xdotool("windowfocus", "--sync", dialog)
            app.keys("Return")
            wait_until(lambda: len(Desk(db, read_only=True).claims()) == count,
                       what="the claim restored")  # fmt: skip
            assert [cid for cid, *_rest in verdicts(db)] == [rated]  # with its verdict
            assert json.loads(factdesk(db, "trash", "list", "--format", "json")) == []
            assert "Traceback" not in app.stderr(), app.stderr()
        finally:
            app.kill()
