"""Reports name each person once: the speaker entity (Desk.speakers) names every claim,
whatever form the claim itself carries, and "Who said it" counts each person's claims
and verdicts. Two real articles in a real database: a news story that quotes Elena Rusk
twice ("Elena Rusk, the finance director, said ..."; "Ms Rusk said ...") and a post by
"Cllr Elena Rusk (@ElenaRusk)" in another article."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factdesk.desk import Desk
from factdesk.model import Claim

from .pdf_text import flat, pdf_pages

NEWS = """Council budget row deepens

Elena Rusk, the finance director, said the council spent £4.2 million on consultants last year.

The council leader, Omar Haddad, said that bus fares rose by 20 per cent in 2023.

Ms Rusk said the reserves had fallen by 30 per cent since 2020.
"""

REACTION = (
    "Reaction to the budget\n\n"
    "The council's reserves have fallen by a third since 2020."
    " — Cllr Elena Rusk (@ElenaRusk) March 3, 2024\n\n"
    "The council has 4,200 employees.\n"
)

# (start of the claim's text, rating)
VERDICTS = [
    ("the council spent", "False"),
    ("the reserves had fallen", "Half True"),
    ("The council's reserves", "False"),
    ("bus fares rose", "True"),
]

# One row per person, most claims first; the article's own voice is a row of its own.
WHO_SAID_IT = [
    ["Elena Rusk (@ElenaRusk)", "3", "1 Half True, 2 False"],
    ["Omar Haddad", "1", "1 True"],
    ["The article itself", "1", "1 Not yet rated"],
]


@pytest.fixture
def desk(tmp_path: Path):
    with Desk(tmp_path / "desk.db") as desk:
        for name, text in (("news.txt", NEWS), ("reaction.txt", REACTION)):
            (tmp_path / name).write_text(text, encoding="utf-8")
            desk.import_source(str(tmp_path / name))
        for start, rating in VERDICTS:
            desk.set_verdict(claim_starting(desk, start).id, rating, summary="Checked.")
        yield desk


def claim_starting(desk: Desk, start: str) -> Claim:
    return next(c for c in desk.claims() if c.text.startswith(start))


def rusk_claims(desk: Desk) -> list[Claim]:
    return [c for c in desk.claims() if c.speaker_key == "elena rusk"]


def test_html_names_her_once_and_counts_her_claims(desk, tmp_path):
    # What these tests rest on: attribution gives her three claims, two forms, one key.
    forms = {(c.speaker, c.speaker_handle) for c in rusk_claims(desk)}
    assert forms == {("Elena Rusk", None), ("Cllr Elena Rusk", "@ElenaRusk")}
    assert len(rusk_claims(desk)) == 3
    assert [s.name for s in desk.speakers() if s.key == "elena rusk"] == ["Elena Rusk"]
    desk.export("html", tmp_path / "report.html")
    soup = BeautifulSoup((tmp_path / "report.html").read_text(encoding="utf-8"), "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select(".speakers table.who tbody tr")
    ]
    assert rows == WHO_SAID_IT
    # Right after the verdict summary, before the articles.
    headings = [h2.get_text() for h2 in soup.select("h2")]
    assert headings[:3] == ["Summary", "Who said it", "Council budget row deepens"]
    # Every card of hers says "Elena Rusk", the post's keeping its handle.
    cards = {
        card.select_one(".claim-text").get_text(): card.select_one(".attribution").get_text()
        for card in soup.select("div.claim")
    }
    for claim in rusk_claims(desk):
        assert cards[claim.text].startswith("Elena Rusk"), cards[claim.text]
    post = claim_starting(desk, "The council's reserves")
    assert cards[post.text].startswith("Elena Rusk (@ElenaRusk)")
    assert "Cllr" not in soup.get_text()


def test_markdown_names_her_once_and_counts_her_claims(desk, tmp_path):
    desk.export("md", tmp_path / "report.md")
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    section = md[md.index("## Who said it") : md.index("## Council budget row deepens")]
    assert md.index("## Summary") < md.index("## Who said it")
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    assert rows == [f"| {name} | {count} | {verdicts} |" for name, count, verdicts in WHO_SAID_IT]
    assert md.count("- **Said by:** Elena Rusk") == 3
    assert "- **Said by:** Elena Rusk (@ElenaRusk), said on 2024-03-03" in md
    assert "Cllr" not in md


def test_claimreview_author_is_the_person(desk, tmp_path):
    desk.export("claimreview", tmp_path / "reviews.json")
    reviews = json.loads((tmp_path / "reviews.json").read_text(encoding="utf-8"))
    authors = {
        review["claimReviewed"]: review["itemReviewed"]["author"]
        for review in reviews  # an array: the report rates four claims
    }
    post = claim_starting(desk, "The council's reserves")
    assert authors[post.text] == {
        "@type": "Person",
        "name": "Elena Rusk",
        "alternateName": "@ElenaRusk",
    }
    assert authors[claim_starting(desk, "the council spent").text]["name"] == "Elena Rusk"


def test_csv_and_json_add_the_persons_name_and_key(desk, tmp_path):
    desk.export("csv", tmp_path / "report.csv")
    desk.export("json", tmp_path / "report.json")
    text = (tmp_path / "report.csv").read_text(encoding="utf-8")
    rows = {row["claim text"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    post = rows[claim_starting(desk, "The council's reserves").text]
    # `speaker` stays the claim's own form, for tools that read it today (a leading "@"
    # is a formula to a spreadsheet, hence the apostrophe).
    assert (post["speaker"], post["handle"]) == ("Cllr Elena Rusk", "'@ElenaRusk")
    assert (post["speaker_name"], post["speaker_key"]) == ("Elena Rusk", "elena rusk")
    voice = rows[claim_starting(desk, "The council has").text]
    assert (voice["speaker_name"], voice["speaker_key"]) == ("", "")
    document = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    names = {
        item["claim"]["text"]: (item["claim"]["speaker"], item["speaker_name"])
        for article in document["articles"]
        for item in article["items"]
    }
    assert names[post["claim text"]] == ("Cllr Elena Rusk", "Elena Rusk")


def test_pdf_has_who_said_it_after_the_summary(desk, tmp_path):
    desk.export("pdf", tmp_path / "report.pdf")
    text = flat("\n".join(pdf_pages((tmp_path / "report.pdf").read_bytes())))
    assert text.index("Summary") < text.index("Who said it") < text.index("Council budget")
    for name, count, verdicts in WHO_SAID_IT:
        assert f"{name} {count} {verdicts}" in text
    assert "Cllr" not in text
