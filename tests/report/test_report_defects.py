"""The digest report's defects found by a newsroom editor (issue 20): "by By TOM KRISHER",
"Pants on Fire 1 — 0%", set-aside claims counted as "Not yet rated", one kind with three
names, a title beginning with a space."""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup

from factdesk.model import CLAIM_KIND_NAMES, Article, Claim, Verdict
from factdesk.report import (
    Report,
    ReportItem,
    claim_type_words,
    render_claimreview,
    render_csv,
    render_html,
    render_markdown,
    verdict_counts,
)
from factdesk.report.data import share_words

from .conftest import truth_scale


def _report(claims: list[Claim], article: Article, verdicts: dict[str, Verdict]) -> Report:
    scale = truth_scale()
    items = [
        ReportItem(c, article, verdicts.get(c.id), scale=scale if c.id in verdicts else None)
        for c in claims
    ]
    return Report("Report", items)


def _claim(n: int, article: Article, **fields) -> Claim:
    text = f"Claim number {n} went up by {n}%."
    return Claim(text, text, 0, len(text), article_id=article.id, **fields)


def test_author_bylines_title_spaces_and_small_shares():
    article = Article(source="https://news.example/vw", url="https://news.example/vw",
                      text="x", title="  VW recalls cars", author="By TOM KRISHER")  # fmt: skip
    claims = [_claim(n, article) for n in range(300)]
    verdicts = {claims[0].id: Verdict(claims[0].id, "truth-o-meter", "Pants on fire")}
    report = _report(claims, article, verdicts)
    html = render_html(report)
    soup = BeautifulSoup(html, "html.parser")
    assert "by TOM KRISHER" in soup.select_one(".source").get_text()
    assert "By TOM" not in soup.select_one(".source").get_text()
    assert "by By" not in render_markdown(report)
    shares = {row.select("td")[0].get_text(): row.select("td")[2].get_text()
              for row in soup.select("table.counts tr")[1:]}  # fmt: skip
    assert shares == {"Pants on fire": "<1%", "Not yet rated": "100%"}
    assert (share_words(1, 300), share_words(2, 300), share_words(0, 300)) == ("<1%", "1%", "0%")

    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert rows[0]["article title"] == "VW recalls cars"
    assert soup.select_one(".article-title").get_text() == "VW recalls cars"
    pasted = Article(source="-", text="x", title=" Spaced title", author="by Jane Doe")
    claim = _claim(1, pasted)
    review = json.loads(render_claimreview(_report(
        [claim], pasted, {claim.id: Verdict(claim.id, "truth-o-meter", "False")})))  # fmt: skip
    assert review["itemReviewed"]["appearance"]["headline"] == "Spaced title"
    assert review["itemReviewed"]["author"]["name"] == "Jane Doe"


def test_claims_set_aside_are_not_counted_as_not_yet_rated():
    article = Article(source="a.txt", text="x", title="A")
    claims = [_claim(1, article), _claim(2, article, status="not checking"), _claim(3, article)]
    verdicts = {claims[0].id: Verdict(claims[0].id, "truth-o-meter", "False")}
    report = _report(claims, article, verdicts)
    counts = [(row.label, row.count) for row in verdict_counts(report.items)]
    assert counts == [("False", 1), ("Not yet rated", 1), ("Set aside", 1)]
    assert report.items[1].verdict_label == "Set aside"


def test_one_name_for_each_kind_everywhere():
    assert claim_type_words("correlation or causation") == "Cause and effect"
    assert CLAIM_KIND_NAMES["correlation or causation"] == "Cause and effect"
    assert claim_type_words("other") is None  # says nothing to a reader
    article = Article(source="a.txt", text="x", title="A")
    claim = _claim(1, article, kind="correlation or causation")
    html = render_html(_report([claim], article, {}))
    assert BeautifulSoup(html, "html.parser").select_one(".claim-type").get_text() == (
        "Cause and effect"
    )
