"""Team features over the hub: assignees from the hub's checkers, a "mine" filter, a
notice when a teammate rated a claim since my last sync, similar claims the team rated."""

from __future__ import annotations

import json

from factdesk.cli import main
from factdesk.model import Article, ClaimFilter
from tests.test_desk import TEXT, sentence_split

SIMILAR = "Officials said the council cut leakage by half in 2019. Nobody disputed it."


def add(desk, text):
    return desk.import_article(Article(source="s.txt", text=text), split=sentence_split).article


def test_assignees_mine_and_teammates_verdicts(hub, laptop, tmp_path, capsys):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    alice, bob = hub.checkers["alice"], hub.checkers["bob"]
    a, b = laptop("a"), laptop("b")
    assert a.hub_identity() == (None, [])
    article = add(a, TEXT)
    a.sync(url_a)
    b.sync(url_b)
    # The hub's checkers are known offline after a sync: the assignee chooser's list.
    assert b.hub_identity() == (bob, sorted([alice, bob]))
    claims = sorted(b.claims(ClaimFilter(article_id=article.id)), key=lambda c: c.start)
    b.set_status(claims[0].id, "researching", assignee=alice)
    b.set_status(claims[1].id, "researching", assignee=bob)
    b.sync(url_b)
    a.sync(url_a)
    mine = a.claims(ClaimFilter(assignee=alice))
    assert [c.id for c in mine] == [claims[0].id]
    db = str(tmp_path / "a.db")
    a.close()
    capsys.readouterr()
    assert main(["--db", db, "claims", "--mine", "--format", "json"]) == 0
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [claims[0].id]
    a = laptop("a")
    # Bob rates a claim after Alice's last sync: asking the hub, Alice's panel can say so.
    b.set_verdict(claims[2].id, "False", scale="politifact")
    assert a.teammate_verdicts(claims[2].id, hub_url=url_a) == []
    b.sync(url_b)
    (news,) = a.teammate_verdicts(claims[2].id, hub_url=url_a)
    assert (news.rating, news.recorded_by) == ("False", bob)
    assert news.notice().startswith(f"{bob} rated this claim False at ")
    assert b.teammate_verdicts(claims[2].id, hub_url=url_b) == []  # his own: no news
    a.sync(url_a)
    assert a.teammate_verdicts(claims[2].id, hub_url=url_a) == []  # seen now
    assert a.claim(claims[2].id).verdict == "False"


def test_similar_claims_cover_what_the_team_rated(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("a"), laptop("b")
    article = add(a, TEXT)
    rated = sorted(a.claims(ClaimFilter(article_id=article.id)), key=lambda c: c.start)[0]
    a.set_verdict(rated.id, "Pants on Fire", scale="politifact")
    a.sync(url_a)
    mine = add(b, SIMILAR)
    claim = sorted(b.claims(ClaimFilter(article_id=mine.id)), key=lambda c: c.start)[0]
    assert b.similar_claims(claim.id) == []
    b.sync(url_b)
    (match,) = b.similar_claims(claim.id)
    assert match.claim.id == rated.id
    assert match.seen_before and "rated Pants on Fire" in match.seen_before


def test_on_a_team_the_assignee_is_one_of_the_hubs_checkers(hub, laptop, tmp_path, capsys):
    url_a = hub.add_checker("alice")
    a = laptop("a")
    article = add(a, TEXT)
    a.sync(url_a)
    claim = sorted(a.claims(ClaimFilter(article_id=article.id)), key=lambda c: c.start)[0]
    a.close()
    db = str(tmp_path / "a.db")
    assert main(["--db", db, "status", claim.id, "researching", "--assignee", "Sam"]) == 2
    assert "Sam: not one of the team hub's checkers" in capsys.readouterr().err
    alice = hub.checkers["alice"]
    assert main(["--db", db, "status", claim.id, "researching", "--assignee", alice]) == 0
    assert alice in capsys.readouterr().out
