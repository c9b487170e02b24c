"""What a ClaimReview import accepts is fit to keep: every field checked and tidied, so
nothing it stores can break `lookup --offline`, `similar` or an export later."""

from __future__ import annotations

import json

import pytest

from factdesk.cli import main
from factdesk.desk import Desk
from factdesk.ingest.claimreview import parse_claimreview
from tests.conftest import MIRVIS_REVIEW, SAMPLE


def _one(**changes) -> object:
    review = {**MIRVIS_REVIEW, **changes}
    checks = parse_claimreview(json.dumps(review, allow_nan=True), source="r.json")
    assert len(checks) == 1
    return checks[0]


def test_text_is_one_line_without_control_or_unpaired_characters():
    check = _one(claimReviewed="Mirvis\x00 is a\ud800 Tory\u202e\n\tactivist", author="A\x07B")
    assert check.claim_text == "Mirvis is a Tory activist"
    assert check.publisher == "A B"
    check.claim_text.encode("utf-8")  # storable


def test_lengths_are_bounded():
    check = _one(claimReviewed="word " * 10_000, headline="h" * 5000)
    assert len(check.claim_text) <= 2000 and check.claim_text.endswith("…")
    assert len(check.title) <= 500


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://sam:pw@checks.example.org/x", "https://checks.example.org/x"),
        ("https://checks.example.org/" + "a" * 5000, None),
        ("javascript:alert(1)", None),
        ("https://[::1/", None),
        ("https://checks.example.org:99999/", None),
    ],
)
def test_links_are_http_without_credentials_or_the_review_is_left_out(url, kept):
    review = {**MIRVIS_REVIEW, "url": url}
    text = json.dumps(
        [review, {**MIRVIS_REVIEW, "url": "https://ok.example/r", "claimReviewed": "x y"}]
    )
    urls = [check.url for check in parse_claimreview(text, source="r.json")]
    assert urls == ([kept] if kept else []) + ["https://ok.example/r"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), "NaN", "1e999"])
def test_ratings_are_finite_numbers_or_words(value):
    rating = {"@type": "Rating", "ratingValue": value, "bestRating": 5}
    assert _one(reviewRating=rating).rating is None


@pytest.mark.parametrize("value", ["29/11/2019", "2019-13-45", "0001-01-01", 2019.5, ["x"]])
def test_dates_are_iso_or_absent(value):
    assert _one(datePublished=value).review_date is None


def test_api_responses_are_checked_alike():
    response = {
        "claims": [
            {"text": "Mirvis\x00 is a Tory", "claimReview": [{"url": "https://a:b@x.example/1"}]},
            {"text": "No link here", "claimReview": [{"url": "ftp://x.example/2"}]},
        ]
    }
    (check,) = parse_claimreview(json.dumps(response), source="api.json")
    assert (check.claim_text, check.url) == ("Mirvis is a Tory", "https://x.example/1")


def test_what_was_imported_can_be_looked_up_and_compared(db_path, tmp_path, capsys):
    # A claim of several sentences beside reviews whose claim has no sentence of two
    # words: `lookup --offline` and `similar` crashed on such data (max() of nothing).
    reviews = [
        {**MIRVIS_REVIEW, "url": f"https://checks.example.org/{n}", "claimReviewed": text}
        for n, text in enumerate(["Yes.", "Hi! No. OK.", "Rabbi\ud800.", "Mirvis is a Tory."])
    ]
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(reviews), encoding="utf-8")
    db = ["--db", str(db_path)]
    assert main([*db, "import", str(SAMPLE)]) == 0
    assert main([*db, "claimreview", str(path)]) == 0
    with Desk(db_path) as desk:
        article = desk.article(desk.articles()[0].id)
        start = article.text.index("I joined Labour")
        several = desk.add_claim(article.id, start, article.text.index("Minister.", start) + 9).made
        assert several.text.count(". ") >= 1
        other = desk.add_claim(*_second_article(desk)).made
    for claim_id in (several.id, other.id):
        assert main([*db, "lookup", claim_id, "--offline"]) == 0
        assert main([*db, "similar", claim_id]) == 0
    assert "Mirvis is a Tory" in capsys.readouterr().out


def _second_article(desk) -> tuple[str, int, int]:
    """Another article holding the sample's claim, so `similar` has a candidate."""
    text = "Yes. Chief Rabbi Ephraim Mirvis is a Tory activist. He said so. Hi."
    article_id = desk.import_source("-", stdin_text=text).article.id
    return article_id, 0, len(text)
