"""The trash and the team hub (issue 19 item 2): what is in a laptop's trash is not
deleted on the hub or on any other laptop, also when a teammate keeps working on it;
emptying the trash is what sends the deletion."""

from __future__ import annotations

from tests.hub.test_sync import OTHER, add, first_claim
from tests.test_desk import TEXT


def _hub_articles(hub) -> int:
    with hub.connect() as pg:
        return pg.execute("SELECT count(*) FROM factdesk.articles").fetchone()[0]


def test_the_trash_tells_the_hub_nothing_until_emptied(hub, laptop):
    url_e, url_b = hub.add_checker("erin", editor=True), hub.add_checker("bob")
    e, b = laptop("e"), laptop("b")
    article = add(e, TEXT)
    add(e, OTHER, source="b.txt")
    e.sync(url_e)
    b.sync(url_b)
    claim = first_claim(b, article.id)
    e.trash_article(article.id)
    e.sync(url_e)
    assert _hub_articles(hub) == 2
    # A teammate works on a claim that is in my trash; my sync brings it, leaves it be.
    b.set_verdict(claim.id, "False", scale="politifact")
    b.sync(url_b)
    e.sync(url_e)
    b.sync(url_b)
    assert _hub_articles(hub) == 2
    assert b.claim(claim.id).verdict == "False" and len(b.articles()) == 2
    with hub.connect() as pg:
        assert pg.execute("SELECT count(*) FROM factdesk.verdicts").fetchone()[0] == 1
    # Restored, it is all there on my laptop again; then deleted for good, it goes.
    (item,) = e.trash()
    e.restore_from_trash(item.id)
    assert len(e.articles()) == 2
    e.trash_article(article.id)
    assert e.empty_trash() == 1
    report = e.sync(url_e)
    assert not report.refused, report.refused
    b.sync(url_b)
    assert _hub_articles(hub) == 1
    assert article.id not in {a.id for a in b.articles()}
