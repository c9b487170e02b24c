"""A fact-check from verdict to published page (issue 20), on a real database: written,
sent for review, signed off by a second checker, corrected after publishing; exported as
a page whose ClaimReview a structured-data parser (extruct) reads, as Markdown, a CMS
fragment and a PDF that says what the page says, section by section."""

from __future__ import annotations

import re

import extruct
import pytest
from bs4 import BeautifulSoup

from factdesk.cli import main
from factdesk.desk import Desk
from factdesk.errors import BadInput
from factdesk.model import RatingScale
from factdesk.report.factcheck import findings_html, published_scale_name

from .pdf_text import pdf_pages
from .sample_desk import build_sample_desk

FINDINGS = (
    "The post names no source. We searched the register of party members [1], which "
    "covers everyone who joined since 1998.\n\n"
    "The register has **no record** of Ephraim Mirvis [1]. He has spoken at events of "
    "several parties [2].\n\n"
    "We asked the post's author for a source and had no reply."
)
TORY = "Chief Rabbi Mirvis is a Tory activist"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def desk(tmp_path):
    desk = build_sample_desk(tmp_path / "sample.db")
    yield desk
    desk.close()


def tory_id(desk: Desk) -> str:
    return next(c.id for c in desk.claims() if c.text.startswith(TORY))


def publish(desk: Desk, claim_id: str) -> None:
    desk.save_factcheck(claim_id, findings=FINDINGS)
    desk.submit_factcheck(claim_id)
    desk.sign_off_factcheck(claim_id, "Grace Hopper")


def test_a_fact_check_goes_from_draft_through_review_to_published(desk):
    claim_id = tory_id(desk)
    draft = desk.factcheck(claim_id)
    assert draft.state == "draft" and draft.authors == ["Ada Lovelace"]
    assert draft.headline.startswith("False: ") and TORY in draft.headline

    with pytest.raises(BadInput, match="needs findings first"):
        desk.submit_factcheck(claim_id)
    desk.save_factcheck(claim_id, findings=FINDINGS + " See also [3].")
    with pytest.raises(BadInput, match=r"cite \[3\] but the claim has 2 sources"):
        desk.submit_factcheck(claim_id)
    desk.save_factcheck(claim_id, findings=FINDINGS)
    with pytest.raises(BadInput, match="only one in review"):
        desk.sign_off_factcheck(claim_id, "Grace Hopper")
    desk.submit_factcheck(claim_id)
    assert desk.claim(claim_id).status == "in review"

    with pytest.raises(BadInput, match="ADA LOVELACE wrote this fact-check"):
        desk.sign_off_factcheck(claim_id, "ADA LOVELACE")
    assert desk.factcheck(claim_id).state == "in review"  # nothing changed
    desk.sign_off_factcheck(claim_id, "Grace Hopper")
    published = desk.factcheck(claim_id)
    assert (published.state, published.editor) == ("published", "Grace Hopper")
    assert published.published_at and desk.claim(claim_id).status == "published"

    # After publishing, an edit is a correction, with a note readers see.
    with pytest.raises(BadInput, match="a change is a correction"):
        desk.save_factcheck(claim_id, headline="False: no record of party membership")
    assert desk.factcheck(claim_id).headline == published.headline
    desk.save_factcheck(
        claim_id,
        headline="False: no record of party membership",
        correction="The headline named the wrong register.",
    )
    corrected = desk.factcheck(claim_id)
    assert corrected.headline == "False: no record of party membership"
    assert [c.note for c in corrected.corrections] == ["The headline named the wrong register."]
    desk.save_factcheck(claim_id, headline=corrected.headline)  # no change: no correction
    assert len(desk.factcheck(claim_id).corrections) == 1


def test_on_a_team_only_an_editor_signs_off(desk):
    from factdesk.store.outbox import HubState, save_hub_state

    claim_id = tory_id(desk)
    desk.save_factcheck(claim_id, findings=FINDINGS)
    desk.submit_factcheck(claim_id)
    state = HubState(hub_id="hub-1")
    state.checkers = [
        {"name": "Grace Hopper", "editor": False},
        {"name": "Ed Itor", "editor": True},
    ]
    with desk.db.write():
        save_hub_state(desk.db, state)
    with pytest.raises(BadInput, match="Grace Hopper is a checker of the team hub but not an"):
        desk.sign_off_factcheck(claim_id, "Grace Hopper")
    with pytest.raises(BadInput, match="Nobody is not a checker of the team hub"):
        desk.sign_off_factcheck(claim_id, "Nobody")
    desk.sign_off_factcheck(claim_id, "Ed Itor")
    assert desk.factcheck(claim_id).editor == "Ed Itor"


def test_findings_are_sanitised_markdown_with_linked_citations():
    html = findings_html(
        "A [1] and [2] and [9].\n\n<script>alert(1)</script> [x](javascript:alert(1)) "
        "![i](https://tracker.example/pixel.png) **bold**",
        2,
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.select('a[href^="#"]')] == ["#source-1", "#source-2"]
    assert "[9]" in soup.get_text()  # no source 9: left as text
    assert not soup.find_all(["script", "img"])
    assert all(not a["href"].startswith("javascript") for a in soup.find_all("a"))
    assert soup.find("strong").get_text() == "bold" and len(soup.find_all("p")) == 2


def test_a_scale_named_after_an_outlet_is_published_as_its_style():
    scale = RatingScale(id="politifact", name="PolitiFact Truth-O-Meter", levels=[])
    assert published_scale_name(scale, "Example Checks") == "PolitiFact-style"
    assert published_scale_name(scale, None) == "PolitiFact-style"
    assert published_scale_name(scale, "PolitiFact") == "PolitiFact Truth-O-Meter"
    own = RatingScale(id="mine", name="Our five-point scale", levels=[])
    assert published_scale_name(own, "Example Checks") == "Our five-point scale"


def test_the_page_has_every_part_and_its_claimreview_has_googles_fields(desk, tmp_path):
    claim_id = tory_id(desk)
    publish(desk, claim_id)
    desk.set_settings({"corrections_policy": "Write to corrections@checks.example.org."})
    desk.save_factcheck(claim_id, findings=FINDINGS + "\n\nUpdated.", correction="Added a line.")
    page = tmp_path / "page.html"
    assert "1 fact-check (1 published)" in desk.export("page", page, claims=[claim_id])
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")

    assert soup.select_one("h1.headline").get_text().startswith("False: ")
    byline = soup.select_one(".byline").get_text()
    assert "By Ada Lovelace" in byline and "Edited by Grace Hopper" in byline
    assert "Published 20" in byline and "Updated 20" in byline
    assert soup.select_one(".verdict").get_text() == "False"
    assert soup.select_one(".scale").get_text() == "on a PolitiFact-style scale"
    assert soup.select_one(".claim-text").get_text() == TORY
    assert "James James (@Tingaling007), 2019-11-26" in soup.select_one(".who").get_text()
    assert "We kept a copy of the original on" in soup.select_one(".offline-copy").get_text()
    paragraphs = soup.select(".findings p")
    assert len(paragraphs) == 4
    assert [a["href"] for a in soup.select(".findings a")] == ["#source-1", "#source-1",
                                                               "#source-2"]  # fmt: skip
    sources = soup.select(".source-list li")
    assert [li["id"] for li in sources] == ["source-1", "source-2"]
    assert "register.example.org" in sources[0].a["href"] and "accessed 20" in sources[0].text
    assert "Added a line." in soup.select_one(".correction-list").get_text()
    assert "corrections@checks.example.org" in soup.select_one(".policy").get_text()
    assert [dt.get_text() for dt in soup.select(".scale-levels dt")][:2] == ["True", "Mostly True"]
    assert "@media print" in html and "<script" not in soup.select_one("main").decode()

    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(data) == 1
    review = data[0]
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["claimReviewed"] == TORY
    assert review["url"] == f"https://checks.example.org/#factcheck-{claim_id}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
    assert review["author"] == {"@type": "Organization", "name": "Example Checks",
                                "url": "https://checks.example.org/"}  # fmt: skip
    rating = review["reviewRating"]
    assert rating["alternateName"] == "False"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (2, 6, 1)
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2019-11-26"
    assert item["author"] == {"@type": "Person", "name": "James James",
                              "alternateName": "@Tingaling007"}  # fmt: skip
    assert item["appearance"]["@type"] == "CreativeWork"
    assert item["firstAppearance"] == item["appearance"]
    assert review["editor"]["name"] == "Grace Hopper" and review["dateModified"]


def test_markdown_fragment_and_pdf_say_what_the_page_says(desk, tmp_path):
    claim_id = tory_id(desk)
    publish(desk, claim_id)
    desk.export("page", tmp_path / "p.html", claims=[claim_id])
    desk.export("page-md", tmp_path / "p.md", claims=[claim_id])
    desk.export("page-fragment", tmp_path / "p.frag", claims=[claim_id])
    desk.export("page-pdf", tmp_path / "p.pdf", claims=[claim_id])
    soup = BeautifulSoup((tmp_path / "p.html").read_text(encoding="utf-8"), "html.parser")

    markdown = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert markdown.startswith("# False: ") and FINDINGS in markdown
    for heading in ("What was claimed", "What we found", "Our verdict", "Sources"):
        assert f"## {heading}" in markdown
    assert "1. [https://register.example.org/members/search?q=Mirvis]" in markdown

    fragment = (tmp_path / "p.frag").read_text(encoding="utf-8")
    assert "<html" not in fragment and "<style" not in fragment
    assert fragment.lstrip().startswith('<article class="factcheck"')
    assert len(extruct.extract(fragment, syntaxes=["json-ld"])["json-ld"]) == 1

    # The PDF, section by section: each heading in the page's order, followed by that
    # section's text.
    pdf_text = re.sub(r"\s+", " ", "\n".join(pdf_pages((tmp_path / "p.pdf").read_bytes())))
    position = 0
    for section in soup.select("article.factcheck > section"):
        heading = section.h2.get_text()
        found = pdf_text.find(heading, position)
        assert found >= position, heading
        position = found
        body = re.sub(r"\s+", " ", section.get_text(" ")).replace(heading, "", 1).split()
        words = [w for w in body[:12] if w.isalpha()]
        for word in words:
            assert word in pdf_text[position:], (heading, word)
    headline = re.sub(r"\s+", " ", soup.select_one("h1").get_text())
    assert headline in pdf_text


def test_export_defaults_to_rated_claims_and_takes_claim_and_filters(desk, tmp_path, capsys):
    claim_id = tory_id(desk)
    publish(desk, claim_id)
    desk.close()
    db = ["--db", str(desk.path)]
    code, _, out = cli(capsys, *db, "export", "--format", "md", "-o", str(tmp_path / "r.md"))
    assert code == 0 and "report of 4 claims (4 rated)" in out
    code, _, out = cli(capsys, *db, "export", "--format", "md", "--all",
                       "-o", str(tmp_path / "r.md"))  # fmt: skip
    assert code == 0 and "(4 rated)" in out and "report of 4 claims" not in out
    code, _, out = cli(capsys, *db, "export", "--format", "md", "--verdict", "False",
                       "-o", str(tmp_path / "r.md"))  # fmt: skip
    assert code == 0 and "report of 1 claims (1 rated)" in out
    code, _, out = cli(capsys, *db, "export", "--format", "page", "--claim", claim_id,
                       "-o", str(tmp_path / "p.html"))  # fmt: skip
    assert code == 0 and "page of 1 fact-check (1 published)" in out
    code, _, err = cli(capsys, *db, "export", "--format", "page", "--verdict", "True",
                       "-o", str(tmp_path / "none.html"))  # fmt: skip
    assert code == 2 and "no fact-check among these claims" in err
    assert not (tmp_path / "none.html").exists()


def test_the_factcheck_command_writes_submits_and_signs_off(desk, tmp_path, capsys):
    claim_id = tory_id(desk)
    desk.close()
    db = ["--db", str(desk.path)]
    findings = tmp_path / "findings.md"
    findings.write_text(FINDINGS, encoding="utf-8")
    code, out, _ = cli(capsys, *db, "factcheck", "edit", claim_id, "--headline",
                       "False: no party record", "--findings", str(findings))  # fmt: skip
    assert code == 0 and out.startswith("draft: False: no party record")
    assert cli(capsys, *db, "factcheck", "submit", claim_id)[1].startswith("in review:")
    code, _, err = cli(capsys, *db, "factcheck", "sign-off", claim_id, "--editor", "Ada Lovelace")
    assert code == 2 and err.count("\n") == 1 and "a second checker signs off" in err
    code, out, _ = cli(capsys, *db, "factcheck", "sign-off", claim_id, "--editor", "Grace Hopper")
    assert code == 0 and "signed off by Grace Hopper" in out
    code, _, err = cli(capsys, *db, "factcheck", "edit", claim_id, "--headline", "X")
    assert code == 2 and "a change is a correction" in err
    code, out, _ = cli(capsys, *db, "factcheck", "edit", claim_id, "--headline", "False: none",
                       "--correction", "Shorter headline")  # fmt: skip
    assert code == 0 and "Shorter headline" in out


def test_a_deleted_claim_comes_back_with_its_fact_check(desk):
    claim_id = tory_id(desk)
    publish(desk, claim_id)
    desk.save_factcheck(claim_id, findings=FINDINGS + "\n\nMore.", correction="Added a line.")
    before = desk.factcheck(claim_id)
    records = desk.delete_claims([claim_id]).made
    assert desk.factcheck_pages(claims=None) == []  # gone with its claim
    desk.restore_claims(records)
    assert desk.factcheck(claim_id) == before
    article = desk.delete_article(desk.claim(claim_id).article_id).made
    desk.restore_article(article)
    assert desk.factcheck(claim_id) == before
