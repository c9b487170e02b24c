"""A review by keys alone (issue 11): the real app in its own process on a real X server
(Xvfb) at laptop size, driven by xdotool, on a database that already holds the sample; then
`factdesk` commands show exactly what the keys stored, before and after a SIGKILL.

The name asked at start, then J, 4 (the claim becomes "rated"), S, a summary, Enter, E, a link
to a local server, Tab, r (refutes), Tab, a quote, Enter, Ctrl+Z, Ctrl+Shift+Z (undo waits
for the page being fetched), /, a search, Enter, J, X."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from factdesk.desk import Desk
from factdesk.model import ClaimFilter
from tests.gui.xsession import App, app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(240)

NAME = "Sam Checker"
SUMMARY = "He has been a party member since 2015."
QUOTE = "a Labour member since 2015"
SEARCH = "Mirvis"


def wait_for_first_claim(app: App, title_words: str) -> None:
    """The app shows the article's title in its window title once its first claim is
    current and the keys are in the claims table."""
    wait_until(lambda: len(app.open_files()) >= 3, what="the app to open the database")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if app.xdotool("search", "--onlyvisible", "--name", title_words):
            break
        time.sleep(0.2)
    time.sleep(0.5)


def claims(db: Path) -> list[dict]:
    return json.loads(factdesk(db, "claims", "--format", "json"))


def check_what_was_stored(db: Path, rated: str, set_aside: str, url: str) -> None:
    """What `factdesk` shows: one verdict with its summary and reviewer, one piece of
    evidence with its stance and quote, and only the claim set aside changed status."""
    history = json.loads(factdesk(db, "history", rated, "--format", "json"))
    verdicts = [h for h in history if h["type"] == "verdict"]
    assert [(v["rating"], v["summary"], v["reviewer"]) for v in verdicts] == [
        ("Mostly False", SUMMARY, NAME)
    ], history
    # The verdict moved the claim on to "rated", in the reviewer's name.
    assert [(h["status"], h["by"]) for h in history if h["type"] == "status"] == [("rated", NAME)]
    evidence = json.loads(factdesk(db, "evidence", "list", rated, "--format", "json"))
    assert [(e["url"], e["stance"], e["quote"]) for e in evidence] == [(url, "refutes", QUOTE)]
    assert "Labour membership figures" in (evidence[0]["title"] or "")
    statuses = {c["id"]: c["status"] for c in claims(db)}
    assert statuses[set_aside] == "not checking"
    assert statuses[rated] == "rated"
    assert {s for cid, s in statuses.items() if cid not in (set_aside, rated)} == {"new"}
    aside = json.loads(factdesk(db, "history", set_aside, "--format", "json"))
    assert [(h["type"], h["status"], h["by"]) for h in aside] == [("status", "not checking", NAME)]
    rated_now = [c for c in claims(db) if c["verdict"]]
    assert [c["id"] for c in rated_now] == [rated]


def test_a_review_by_keys_alone_is_stored_exactly(db, tmp_path, web_server):
    url = f"{web_server}/evidence.html"
    with Desk(db, read_only=True) as desk:
        listed = desk.claims()
        found = desk.claims(ClaimFilter(text=SEARCH))
        title = desk.article(listed[0].article_id, with_raw=False).title
    rated, set_aside = listed[1].id, found[1].id
    assert rated != set_aside and len(found) > 2
    with app_on(db, tmp_path / "home", ask_name=True, screen="1366x768") as app:
        dialog = app.wait_for_title("Your name")  # asked at start, before review
        app.xdotool("windowfocus", "--sync", dialog)  # as a window manager would
        app.type(NAME)
        app.keys("Return")
        app.wait_gone(dialog)
        app.focus()
        wait_for_first_claim(app, " ".join(title.split()[:3]))
        app.keys("j", "4")
        app.keys("s")
        app.type(SUMMARY)
        app.keys("Return", "e")
        app.type(url)
        app.keys("Tab", "r", "Tab")
        app.type(QUOTE)
        # Undo at once (the page is still being fetched: it waits), then redo.
        app.keys("Return", "ctrl+z", "ctrl+shift+z", delay_ms=60)
        app.keys("slash")
        app.type(SEARCH)
        app.keys("Return", "j", "x")
        wait_until(
            lambda: any(c["status"] == "not checking" for c in claims(db)),
            timeout=30,
            what="the claim set aside",
        )
        time.sleep(1.5)
        assert app.running(), app.stderr()
        check_what_was_stored(db, rated, set_aside, url)
        app.kill()  # a crash: nothing more gets to run
        assert "Traceback" not in app.stderr(), app.stderr()
    check_what_was_stored(db, rated, set_aside, url)
