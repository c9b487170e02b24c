"""Two laptops and a hub: offline work on both, synced twice, gives the same articles,
claims, evidence and full histories everywhere; a new laptop gets everything; conflicts
keep both histories; the same article imported on both laptops becomes one."""

from __future__ import annotations

from factdesk.cli import main
from factdesk.model import Article, ClaimFilter
from tests.hub.dumps import counts, hub_dump, laptop_dump
from tests.test_desk import TEXT, sentence_split

OTHER = "Crime fell by a third. The mayor said so. Arrests rose 8% in 2020."
THIRD = "The bridge cost 48 million pounds. It opened in May. Traffic fell by 30 per cent."


def add(desk, text, source="a.txt"):
    return desk.import_article(Article(source=source, text=text), split=sentence_split).article


def first_claim(desk, article_id=None):
    return sorted(desk.claims(ClaimFilter(article_id=article_id)), key=lambda c: c.start)[0]


def offline_work(desk, article, rating, url):
    claims = sorted(desk.claims(ClaimFilter(article_id=article.id)), key=lambda c: c.start)
    desk.set_verdict(claims[0].id, rating, scale="politifact", summary=f"{rating} says me")
    desk.add_evidence(claims[0].id, url, stance="refutes", quote="Table 3", fetch=False)
    desk.set_status(claims[1].id, "researching")
    desk.update_claim(claims[1].id, speaker="Ms Rusk")
    return claims


def test_two_laptops_and_a_hub_end_up_identical(hub, laptop, tmp_path):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("a"), laptop("b")
    # Offline: each imports and works; both import the same article on their own.
    shared_a = add(a, TEXT)
    offline_work(a, shared_a, "False", "https://example.org/a")
    mine_b = add(b, OTHER)
    offline_work(b, mine_b, "True", "https://example.org/b")
    shared_b = add(b, TEXT)
    assert shared_a.id != shared_b.id
    b.set_verdict(first_claim(b, shared_b.id).id, "Half True", scale="politifact")
    removed = b.add_evidence(
        first_claim(b, mine_b.id).id, "https://example.org/x", fetch=False
    ).made
    b.remove_evidence(removed.id)
    before_a, before_b = laptop_dump(a.path), laptop_dump(b.path)

    for _round in range(2):
        a.sync(url_a)
        b.sync(url_b)

    dump_a, dump_b = laptop_dump(a.path), laptop_dump(b.path)
    assert dump_a == dump_b
    assert dump_a == hub_dump(hub, a.path)
    assert counts(dump_a)["articles"] == 2  # the same article twice became one
    # Nothing of either side is lost: every history entry and evidence link survives.
    for before in (before_a, before_b):
        for table in ("verdicts", "status_changes"):
            ids = {row[0] for row in dump_a[table]}
            assert {row[0] for row in before[table]} <= ids
    assert len(dump_a["verdicts"]) == 3
    assert {row[2] for row in dump_a["evidence"]} == {
        "https://example.org/a",
        "https://example.org/b",
    }
    # The merged article keeps the smaller id, with both laptops' work on its claims.
    kept = min(shared_a.id, shared_b.id)
    assert {row[0] for row in dump_a["articles"]} == {kept, mine_b.id}
    ratings = [v.rating for v in a.verdicts(first_claim(a, kept).id)]
    assert sorted(ratings) == ["False", "Half True"]

    # A third, new laptop gets everything.
    url_c = hub.add_checker("carol")
    c = laptop("c")
    report = c.sync(url_c)
    assert laptop_dump(c.path) == dump_a
    assert report.received["claims"] == len(dump_a["claims"])
    assert not report.sent  # it sends back nothing it received
    # Syncing again moves nothing.
    for desk, url in ((a, url_a), (b, url_b), (c, url_c)):
        again = desk.sync(url)
        assert not again.sent and not again.received


def test_conflicting_verdicts_both_survive_and_the_later_one_is_current(hub, laptop):
    url_a = hub.add_checker("alice", display_name="Alice Okafor")
    url_b = hub.add_checker("bob")
    a, b = laptop("alice"), laptop("bob")
    article = add(a, TEXT)
    a.sync(url_a)
    b.sync(url_b)
    claim = first_claim(b, article.id)
    # Both rate the same claim offline, differently; Bob's is the later.
    a.set_verdict(claim.id, "False", scale="politifact", summary="Alice checked")
    b.set_verdict(claim.id, "Mostly True", scale="politifact", summary="Bob checked")
    b.sync(url_b)
    a.sync(url_a)
    b.sync(url_b)
    for desk in (a, b):
        history = desk.verdicts(claim.id)
        # One identity: the name the administrator registered (else the login), never
        # the name each laptop typed for itself ("Alice", "Bob").
        assert [(v.rating, v.reviewer) for v in history] == [
            ("False", "Alice Okafor"),
            ("Mostly True", hub.checkers["bob"]),
        ]
        assert desk.claim(claim.id).verdict == "Mostly True"
    assert laptop_dump(a.path) == laptop_dump(b.path) == hub_dump(hub, a.path)
    # Each one's history shows the teammate's verdict, and who recorded it on the hub.
    with hub.connect() as pg:
        recorded = dict(pg.execute("SELECT rating, recorded_by FROM factdesk.verdicts"))
    assert recorded == {"False": hub.checkers["alice"], "Mostly True": hub.checkers["bob"]}


def test_a_summary_written_after_the_level_travels_through_the_hub(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("alice"), laptop("bob")
    article = add(a, TEXT)
    claim = first_claim(a, article.id)
    verdict = a.set_verdict(claim.id, "False", scale="politifact").made
    a.sync(url_a)
    b.sync(url_b)
    # Alice writes the summary after picking the level: her verdict entry is amended.
    a.amend_verdict_summary(verdict.id, "No such survey was published.")
    a.sync(url_a)
    b.sync(url_b)
    for desk in (a, b):
        (entry,) = desk.verdicts(claim.id)
        assert (entry.rating, entry.summary) == ("False", "No such survey was published.")
    assert laptop_dump(a.path) == laptop_dump(b.path) == hub_dump(hub, a.path)
    # Bob amending Alice's entry on his laptop changes nothing on the hub, and his sync
    # still goes through.
    b.amend_verdict_summary(verdict.id, "Bob's words")
    b.sync(url_b)
    a.sync(url_a)
    assert a.verdicts(claim.id)[0].summary == "No such survey was published."


def test_deletions_and_edits_travel_through_the_hub(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("a"), laptop("b")
    article = add(a, TEXT)
    claims = offline_work(a, article, "False", "https://example.org/a")
    a.sync(url_a)
    b.sync(url_b)
    # Alice takes her verdict back and deletes a claim nobody else touched; Bob edits.
    (verdict,) = a.verdicts(claims[0].id)
    a.remove_verdict(verdict.id)
    a.delete_claims([claims[2].id])
    b.update_claim(claims[0].id, kind="quantity")
    a.sync(url_a)
    b.sync(url_b)
    a.sync(url_a)
    for desk in (a, b):
        assert desk.verdicts(claims[0].id) == []
        assert claims[2].id not in {c.id for c in desk.claims()}
        assert desk.claim(claims[0].id).kind == "quantity"
    assert laptop_dump(a.path) == laptop_dump(b.path) == hub_dump(hub, a.path)


def test_a_checker_cannot_delete_an_article_through_sync(hub, laptop):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    url_e = hub.add_checker("erin", editor=True)
    a, b, e = laptop("a"), laptop("b"), laptop("e")
    article = add(a, TEXT)
    add(a, OTHER)
    a.sync(url_a)
    b.sync(url_b)
    b.delete_article(article.id)
    report = b.sync(url_b)
    assert report.refused and "only an editor" in report.refused[0]
    with hub.connect() as pg:
        assert pg.execute("SELECT count(*) FROM factdesk.articles").fetchone()[0] == 2
    # An editor may: the deletion reaches the hub and every laptop.
    e.sync(url_e)
    e.delete_article(article.id)
    e.sync(url_e)
    a.sync(url_a)
    assert [x.id for x in a.articles()] == [x.id for x in e.articles()]
    assert article.id not in {x.id for x in a.articles()}
    assert laptop_dump(a.path) == hub_dump(hub, a.path)


def test_sync_from_the_command_line_with_the_hub_url_setting(hub, laptop, tmp_path, capsys):
    url_a = hub.add_checker("alice")
    a = laptop("a")
    add(a, TEXT)
    a.close()
    db = str(tmp_path / "a.db")
    assert main(["--db", db, "settings", "hub-url", url_a]) == 0
    capsys.readouterr()
    assert main(["--db", db, "sync", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"synced with hub {hub.checkers['alice']}@")
    assert "sent 5 rows (1 articles, 4 claims)" in out
    assert main(["--db", db, "sync", "--progress"]) == 0  # with its progress on stderr
    said = capsys.readouterr()
    assert "received nothing; sent nothing" in said.out
    assert "connecting to hub" in said.err and "synced with" not in said.err  # said once


def test_work_done_after_an_editors_deletion_brings_the_claim_back_everywhere(hub, laptop):
    url_a, url_e = hub.add_checker("alice"), hub.add_checker("erin", editor=True)
    a, e = laptop("a"), laptop("e")
    article = add(a, TEXT)
    a.sync(url_a)
    e.sync(url_e)
    e.delete_article(article.id)
    e.sync(url_e)
    claim = first_claim(a, article.id)
    a.set_verdict(claim.id, "False", scale="politifact")  # offline, after the deletion
    a.sync(url_a)
    e.sync(url_e)
    for desk in (a, e):
        assert [c.id for c in desk.claims()] == [claim.id]
        assert [v.rating for v in desk.verdicts(claim.id)] == ["False"]
    assert laptop_dump(a.path) == laptop_dump(e.path) == hub_dump(hub, a.path)


def test_an_article_updated_keeps_its_posts_on_every_laptop(hub, laptop):
    from factdesk.model import Post

    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("a"), laptop("b")
    post = Post(author="Ms Rusk", handle="@rusk", date=None, url=None, text="Ms Rusk said so.",
                start=41, end=57)  # fmt: skip
    original = Article(source="a.txt", text=TEXT, posts=[post])
    a.import_article(original, split=sentence_split)
    a.sync(url_a)
    b.sync(url_b)
    again = Article(source="a.txt", text=TEXT, posts=[post])
    a.import_article(again, split=sentence_split, replace=True)  # same posts, newer article
    a.sync(url_a)
    b.sync(url_b)
    (article,) = b.articles()
    assert [p.id for p in b.article(article.id).posts] == [post.id]
    assert laptop_dump(a.path) == laptop_dump(b.path) == hub_dump(hub, a.path)


def test_evidence_snapshots_travel_with_the_evidence(hub, laptop):
    from tests.localserver import LocalServer, Reply

    page = "<html><head><title>Leakage figures</title></head><body><p>Table 3.</p></body></html>"
    server = LocalServer()
    server.route("GET", "/report.html", Reply(200, page, {"Content-Type": "text/html"}))
    server.start()
    try:
        url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
        a, b = laptop("a"), laptop("b")
        article = add(a, TEXT)
        evidence = a.add_evidence(
            first_claim(a, article.id).id, f"{server.base_url}/report.html"
        ).made
    finally:
        server.stop()
    assert a.evidence_snapshot_html(evidence.id)
    a.sync(url_a)
    b.sync(url_b)  # offline from the page's server: the snapshot came through the hub
    assert b.evidence_snapshot_html(evidence.id) == a.evidence_snapshot_html(evidence.id)
    assert b.evidence_item(evidence.id).title == "Leakage figures"


def test_one_identity_the_login_and_the_name_the_administrator_registered(hub, laptop):
    import sqlite3

    url_a = hub.add_checker("alice", display_name="Alice Okafor")
    url_b = hub.add_checker("bob")
    a = laptop("alice")  # she typed "Alice" as her reviewer name
    claim = first_claim(a, add(a, TEXT).id)
    offline = a.set_verdict(claim.id, "False", scale="politifact").made
    assert offline.reviewer == "Alice"  # no hub yet: the name typed in the settings
    a.sync(url_a)
    assert [v.reviewer for v in a.verdicts(claim.id)] == ["Alice Okafor"]
    assert a.set_verdict(claim.id, "True", scale="politifact").made.reviewer == "Alice Okafor"
    a.sync(url_a)
    b = laptop("bob")
    b.sync(url_b)
    assert [v.reviewer for v in b.verdicts(claim.id)] == ["Alice Okafor", "Alice Okafor"]
    for desk in (a, b):  # who recorded it: her login, on every laptop
        conn = sqlite3.connect(desk.path)
        logins = {r[0] for r in conn.execute("SELECT recorded_by FROM verdicts")}
        conn.close()
        assert logins == {hub.checkers["alice"]}
