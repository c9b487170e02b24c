"""A fact-check written by keys alone (issue 20), in the real app on a real X server
(Xvfb), driven by xdotool: the verdict (5: False), F7, a headline, three paragraphs of
findings citing the claim's two sources, Submit for review (Alt+S), the second checker's
name (Alt+Y) and Sign off (Alt+O). Then `factdesk export --format page` publishes it, and
the page says what the keys wrote."""

from __future__ import annotations

import json
import time

import pytest
from bs4 import BeautifulSoup

from factdesk.desk import Desk
from tests.gui.xsession import app_on, factdesk, wait_until

pytestmark = pytest.mark.timeout(240)

HEADLINE = "False: no record shows the Chief Rabbi is a party activist"
PARAGRAPHS = (
    "The post gives no source for the claim [1].",
    "The register of party members has no record of him [2].",
    "He has spoken at events of several parties, as a religious leader does [1].",
)
SOURCES = ("https://register.example.org/members", "https://news.example.org/events")


def wait_for_first_claim(app, title: str) -> None:
    """Wait until the app has opened its database and shows the article titled `title`."""
    wait_until(lambda: len(app.open_files()) >= 3, what="the app to open the database")
    wait_until(
        lambda: app.xdotool("search", "--onlyvisible", "--name", " ".join(title.split()[:3])),
        timeout=30,
        what="the first claim",
    )
    time.sleep(0.5)


def write_and_submit(app, db, claim_id: str) -> str:
    """F7, the headline, the three paragraphs, Alt+S: the fact-check in review. Returns
    the editor window (still open)."""
    app.keys("F7")
    editor = app.wait_for_title("Fact-check")
    time.sleep(0.8)
    app.keys("ctrl+a")
    app.type(HEADLINE)
    app.keys("alt+f")
    for number, paragraph in enumerate(PARAGRAPHS):
        if number:
            app.keys("Return", "Return")
        app.type(paragraph)
    time.sleep(1.0)  # saved half a second after typing stops
    app.keys("alt+s")
    wait_until(
        lambda: factdesk(db, "factcheck", "show", claim_id).startswith("in review"),
        timeout=20,
        what="the fact-check in review",
    )
    return editor


def test_a_fact_check_by_keys_is_signed_off_and_published(db, tmp_path):
    with Desk(db, read_only=True) as desk:
        first = desk.claims()[0]
        title = desk.article(first.article_id, with_raw=False).title
    for url in SOURCES:
        factdesk(db, "evidence", "add", first.id, url, "--no-fetch", "--quote", "q")
    factdesk(db, "settings", "reviewer", "Sam Checker")
    started = time.monotonic()
    with app_on(db, tmp_path / "home", screen="1600x1000") as app:
        wait_for_first_claim(app, title)
        app.keys("5")
        wait_until(
            lambda: json.loads(factdesk(db, "claims", "--format", "json"))[0]["verdict"],
            timeout=20,
            what="the verdict",
        )
        editor = write_and_submit(app, db, first.id)
        app.keys("alt+y")
        app.type("Grace Hopper")
        app.keys("alt+o")
        wait_until(
            lambda: factdesk(db, "factcheck", "show", first.id).startswith("published"),
            timeout=20,
            what="the fact-check published",
        )
        app.screenshot(tmp_path / "editor.png")
        app.keys("Escape")
        app.wait_gone(editor)
        assert app.running(), app.stderr()
        assert "Traceback" not in app.stderr(), app.stderr()
    elapsed = time.monotonic() - started
    assert elapsed < 300  # the bar: a published fact-check in under five minutes

    stored = json.loads(factdesk(db, "factcheck", "show", first.id, "--format", "json"))
    assert stored["headline"] == HEADLINE
    assert stored["findings"] == "\n\n".join(PARAGRAPHS)
    assert (stored["authors"], stored["editor"]) == (["Sam Checker"], "Grace Hopper")

    page = tmp_path / "page.html"
    out = factdesk(db, "export", "--format", "page", "--claim", first.id, "-o", str(page),
                   "--json")  # fmt: skip
    assert json.loads(out)["factchecks"] == 1 and json.loads(out)["published"] == 1
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == HEADLINE
    assert [p.get_text() for p in soup.select(".findings p")] == list(PARAGRAPHS)
    assert [a["href"] for a in soup.select(".findings a")] == ["#source-1", "#source-2",
                                                               "#source-1"]  # fmt: skip
    assert [li.a["href"] for li in soup.select(".source-list li")] == list(SOURCES)
    assert "Edited by Grace Hopper" in soup.select_one(".byline").get_text()
