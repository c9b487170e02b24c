"""A fact-check signed off through the team hub, by keys alone (issue 20): Alice writes it in
the real app on a real X server (5, F7, a headline, three paragraphs citing two sources,
Alt+S), and F5 sends it to a real PostgreSQL hub; Grace, an editor, syncs on her own
laptop, opens it with F7 and signs it off (Alt+Y, her login, Alt+O), and F5 sends the
sign-off back. Alice's next sync publishes it on her laptop, and her page export says who
edited it, by the name the hub registered."""

from __future__ import annotations

import json
import time

import pytest
from bs4 import BeautifulSoup

from factdesk.desk import Desk
from tests.gui.test_factcheck_by_keys import (
    HEADLINE,
    SOURCES,
    wait_for_first_claim,
    write_and_submit,
)
from tests.gui.xsession import SAMPLE, app_on, factdesk, wait_until
from tests.hub.test_factchecks_and_lists import hub_factcheck

pytestmark = pytest.mark.timeout(300)


def shown(db, claim_id: str) -> str:
    return factdesk(db, "factcheck", "show", claim_id, check=False)


def test_a_fact_check_by_keys_is_signed_off_by_an_editor_through_the_hub(hub, tmp_path):
    url_alice = hub.add_checker("alice")
    url_grace = hub.add_checker("grace", editor=True, display_name="Grace Hopper")
    alice, grace = tmp_path / "alice" / "alice.db", tmp_path / "grace" / "grace.db"
    alice.parent.mkdir()
    grace.parent.mkdir()
    factdesk(alice, "import", str(SAMPLE))
    with Desk(alice, read_only=True) as desk:
        first = desk.claims()[0]
        title = desk.article(first.article_id, with_raw=False).title
    for url in SOURCES:
        factdesk(alice, "evidence", "add", first.id, url, "--no-fetch", "--quote", "q")
    factdesk(alice, "settings", "reviewer", "Alice")
    factdesk(alice, "settings", "hub-url", url_alice)
    factdesk(alice, "sync")

    with app_on(alice, tmp_path / "alice-home", screen="1600x1000") as app:
        wait_for_first_claim(app, title)
        app.keys("5")
        editor = write_and_submit(app, alice, first.id)
        app.keys("Escape")
        app.wait_gone(editor)
        app.focus()
        app.keys("F5")  # Sync now
        wait_until(lambda: hub_factcheck(hub, first.id).get("state") == "in review",
                   timeout=60, what="the fact-check on the hub")  # fmt: skip
        assert "Traceback" not in app.stderr(), app.stderr()

    # Grace, an editor, on her own laptop: what the hub holds comes with her first sync.
    factdesk(grace, "settings", "reviewer", "Grace")
    factdesk(grace, "settings", "hub-url", url_grace)
    factdesk(grace, "sync")
    assert shown(grace, first.id).startswith("in review")
    with app_on(grace, tmp_path / "grace-home", screen="1600x1000") as app:
        wait_for_first_claim(app, title)
        app.keys("F7")
        editor = app.wait_for_title("Fact-check")
        time.sleep(0.8)
        app.keys("alt+y")
        app.type(hub.checkers["grace"])
        app.keys("alt+o")
        wait_until(lambda: shown(grace, first.id).startswith("published"), timeout=20,
                   what="the fact-check signed off")  # fmt: skip
        app.keys("Escape")
        app.wait_gone(editor)
        app.focus()
        app.keys("F5")
        wait_until(lambda: hub_factcheck(hub, first.id).get("state") == "published",
                   timeout=60, what="the sign-off on the hub")  # fmt: skip
        assert "Traceback" not in app.stderr(), app.stderr()

    row = hub_factcheck(hub, first.id)
    assert (row["editor"], row["recorded_by"]) == ("Grace Hopper", hub.checkers["alice"])
    factdesk(alice, "sync")
    stored = json.loads(factdesk(alice, "factcheck", "show", first.id, "--format", "json"))
    assert (stored["state"], stored["editor"]) == ("published", "Grace Hopper")
    assert stored["headline"] == HEADLINE

    page = tmp_path / "page.html"
    factdesk(alice, "export", "--format", "page", "--claim", first.id, "-o", str(page))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == HEADLINE
    assert "Edited by Grace Hopper" in soup.select_one(".byline").get_text()
