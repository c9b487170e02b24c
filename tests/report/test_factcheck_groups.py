"""One fact-check for a group of claims on one point (issue 20), on a real database: the
Tory claim of the sample, said again by someone else in another article, is checked once.
Claims are added and taken out (and the undo puts them back), a claim is in one
fact-check only, the group is rated with its claim's verdict, and the page shows every
claim, its JSON-LD (read by extruct) carrying one ClaimReview per claim."""

from __future__ import annotations

import extruct
import pytest
from bs4 import BeautifulSoup

from factdesk.desk import Desk
from factdesk.errors import BadInput
from factdesk.model import Article
from tests.test_desk import sentence_split

from .sample_desk import build_sample_desk
from .test_factcheck import FINDINGS, TORY, cli, tory_id

AGAIN = (
    "Chief Rabbi Mirvis is a Tory activist. The rabbi spoke at a party meeting in 2019. "
    "Voters should know who he supports."
)
AGAIN_URL = "https://blog.example.net/2019/11/27/rabbi"
SAID_AGAIN = "Chief Rabbi Mirvis is a Tory activist."


@pytest.fixture
def desk(tmp_path):
    desk = build_sample_desk(tmp_path / "sample.db")
    yield desk
    desk.close()


def second_article(desk: Desk) -> tuple[str, str]:
    """Another article saying the Tory claim (by someone else, a day later): the ids of
    its first two claims."""
    article = desk.import_article(
        Article(source=AGAIN_URL, url=AGAIN_URL, title="What the rabbi did", text=AGAIN,
                publisher="Example Blog", published="2019-11-27"),
        split=sentence_split,
    ).article  # fmt: skip
    claims = sorted((c for c in desk.claims() if c.article_id == article.id), key=lambda c: c.start)
    desk.update_claim(claims[0].id, speaker="Jane Roe", said_on="2019-11-27")
    return claims[0].id, claims[1].id


def test_claims_are_added_taken_out_and_put_back_by_the_undo(desk):
    main = tory_id(desk)
    again, other = second_article(desk)
    assert desk.factcheck_claims(main)[0].own  # a draft not yet stored lists its claim

    changes = desk.cover_claims(main, [again, main])  # (its own claim is in already)
    assert changes.claims == {main, again} and changes.made == {again: ""}
    stored = desk.factcheck(main)
    assert stored.other_claims == [again] and stored.claim_ids == [main, again]
    assert desk.factcheck(again).id == stored.id  # F7 on either opens the one fact-check
    listed = desk.factcheck_claims(again)
    assert [(c.claim_id, c.own, c.speaker, c.said_on) for c in listed] == [
        (main, True, "James James", "2019-11-26"), (again, False, "Jane Roe", "2019-11-27"),
    ]  # fmt: skip
    assert listed[1].link == AGAIN_URL and listed[1].verdict == "Not yet rated"
    assert listed[1].agrees  # unrated: it takes the fact-check's verdict

    undo = desk.cover_claims(again, [other]).made  # added through a claim of the group
    assert desk.factcheck(main).other_claims == [again, other]
    desk.restore_factcheck_claims(undo)
    assert desk.factcheck(main).other_claims == [again]

    taken = desk.uncover_claims([again]).made
    assert taken == {again: stored.id} and desk.factcheck(main).other_claims == []
    assert desk.factcheck(again).id != stored.id  # a new draft of its own, not stored
    desk.restore_factcheck_claims(taken)
    assert desk.factcheck(main).other_claims == [again]

    with pytest.raises(BadInput, match="is the fact-check's own claim"):
        desk.uncover_claims([main])
    with pytest.raises(BadInput, match="is in no fact-check"):
        desk.uncover_claims([other])
    with pytest.raises(BadInput, match="in this fact-check already"):
        desk.cover_claims(main, [again])


def test_a_claim_is_in_one_fact_check(desk):
    main = tory_id(desk)
    again, other = second_article(desk)
    desk.cover_claims(main, [again])
    desk.save_factcheck(other, findings="Its own write-up.")  # other has a fact-check of its own
    before = desk.factcheck(main)
    with pytest.raises(BadInput, match="has a fact-check of its own"):
        desk.cover_claims(main, [other])
    with pytest.raises(BadInput, match=r"is in the fact-check .* already; take it out"):
        desk.cover_claims(other, [again])
    assert desk.factcheck(main) == before  # refused: nothing changed
    assert desk.factcheck(other).other_claims == []


def test_the_group_is_rated_with_its_claims_verdict(desk):
    main = tory_id(desk)
    again, _other = second_article(desk)
    trending = next(c.id for c in desk.claims() if c.text.startswith("The hashtag Jews4Labour"))
    desk.cover_claims(main, [again, trending])  # "True" while the fact-check says False
    desk.save_factcheck(main, findings=FINDINGS)
    with pytest.raises(BadInput, match=r"rates its claims False, but “The hashtag .* is rated"
                                       r" True: rate it the same, or take it out"):  # fmt: skip
        desk.submit_factcheck(main)
    desk.uncover_claims([trending])
    desk.submit_factcheck(again)  # (through any of its claims)
    assert {desk.claim(c).status for c in (main, again)} == {"in review"}
    desk.sign_off_factcheck(main, "Grace Hopper")
    assert {desk.claim(c).status for c in (main, again)} == {"published"}

    # Published: a change of its claims is a correction readers see.
    with pytest.raises(BadInput, match="a change of its claims is a correction"):
        desk.uncover_claims([again])
    desk.uncover_claims([again], correction="Took out a claim on another point.")
    published = desk.factcheck(main)
    assert published.other_claims == []
    assert [c.note for c in published.corrections] == ["Took out a claim on another point."]


def test_the_page_shows_every_claim_with_one_claimreview_each(desk, tmp_path):
    main = tory_id(desk)
    again, _other = second_article(desk)
    desk.add_evidence(again, "https://register.example.org/members/search?q=Mirvis", fetch=False)
    desk.add_evidence(again, "https://archive.example.org/blog-rabbi", fetch=False)
    desk.cover_claims(main, [again])
    desk.save_factcheck(main, findings=FINDINGS + "\n\nThe blog's post is archived [3].")
    desk.submit_factcheck(main)
    desk.sign_off_factcheck(main, "Grace Hopper")

    # Chosen by its other claim, the page is the whole fact-check's, once.
    for chosen in ([again], [main, again]):
        assert desk.export("page", tmp_path / "p.html", claims=chosen).startswith(
            f"{tmp_path / 'p.html'}: page of 1 fact-check"
        )
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("article.factcheck")) == 1
    claimed = soup.select(".claimed .claimed-item")
    assert [c.select_one(".claim-text").get_text() for c in claimed] == [TORY, SAID_AGAIN]
    assert "Jane Roe, 2019-11-27" in claimed[1].select_one(".who").get_text()
    assert claimed[1].select_one("a.original")["href"] == AGAIN_URL
    assert "covers 2 claims" in soup.select_one(".claim-count").get_text()
    # Sources: the claims' evidence as one list, a link both have listed once.
    sources = soup.select(".source-list li")
    assert len(sources) == 3 and "archive.example.org/blog-rabbi" in sources[2].a["href"]
    assert [a["href"] for a in soup.select(".findings a")][-1] == "#source-3"

    reviews = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [r["claimReviewed"] for r in reviews] == [TORY, SAID_AGAIN]
    first, second = reviews
    for shared in ("reviewRating", "url", "author", "datePublished", "@type"):
        assert first[shared] == second[shared], shared
    assert second["reviewRating"]["alternateName"] == "False"
    assert second["url"] == f"https://checks.example.org/#factcheck-{main}"
    assert second["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Roe"}
    assert second["itemReviewed"]["datePublished"] == "2019-11-27"
    appearance = second["itemReviewed"]["appearance"]
    appearance = appearance[0] if isinstance(appearance, list) else appearance
    assert appearance["url"] == AGAIN_URL and appearance["headline"] == "What the rabbi did"
    assert first["itemReviewed"]["author"]["name"] == "James James"

    desk.export("page-md", tmp_path / "p.md", claims=[main])
    markdown = (tmp_path / "p.md").read_text(encoding="utf-8")
    said = markdown.split("## What was claimed")[1].split("## What we found")[0]
    assert f"> {TORY}" in said and "> " + SAID_AGAIN in said
    assert f"Jane Roe, 2019-11-27 — [What the rabbi did]({AGAIN_URL})" in said
    desk.export("page-fragment", tmp_path / "p.htm", claims=[main])
    fragment = (tmp_path / "p.htm").read_text(encoding="utf-8")
    data = extruct.extract(fragment, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [r["claimReviewed"] for r in data] == [TORY, SAID_AGAIN]
    assert len(BeautifulSoup(fragment, "html.parser").select(".claimed-item")) == 2


def test_a_covered_claim_goes_to_the_trash_and_comes_back_in_its_fact_check(desk):
    main = tory_id(desk)
    again, _other = second_article(desk)
    desk.cover_claims(main, [again])
    item = desk.trash_claims([again]).made
    assert desk.factcheck(main).other_claims == []
    desk.restore_from_trash(item.id)
    assert desk.factcheck(main).other_claims == [again]
    # The fact-check's own claim trashed: the group comes back whole with it.
    item = desk.trash_claims([main]).made
    assert desk.factcheck(again).claim_id == again  # (a new draft: the group is away)
    desk.restore_from_trash(item.id)
    assert desk.factcheck(again).claim_ids == [main, again]


def test_the_factcheck_command_adds_and_takes_out_claims(desk, capsys):
    main = tory_id(desk)
    again, other = second_article(desk)
    desk.close()
    db = ["--db", str(desk.path)]
    code, out, _ = cli(capsys, *db, "factcheck", "add", main, "--claims", f"{again},{other}")
    assert code == 0 and out.startswith("draft: False: ")
    assert f"also covers {again}: {SAID_AGAIN}" in out and f"also covers {other}:" in out
    code, out, _ = cli(capsys, *db, "factcheck", "take-out", other)
    assert code == 0 and f"also covers {again}" in out and other not in out
    code, _, err = cli(capsys, *db, "factcheck", "add", main)
    assert code == 2 and "name the claims to add" in err
    code, _, err = cli(capsys, *db, "factcheck", "take-out", main)
    assert code == 2 and "is the fact-check's own claim" in err


def test_an_undone_deletion_puts_a_covered_claim_back_in_its_fact_check(desk):
    main = tory_id(desk)
    again, _other = second_article(desk)
    desk.cover_claims(main, [again])
    records = desk.delete_claims([again]).made  # (as the undo of a claim marked by hand)
    assert desk.factcheck(main).other_claims == []
    desk.restore_claims(records)
    assert desk.factcheck(main).other_claims == [again]
