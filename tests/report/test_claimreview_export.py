"""ClaimReview JSON-LD export: Google's required fields, ratings, authors, URLs."""

from __future__ import annotations

import json

import pytest

from factdesk.ingest.claimreview import parse_claimreview
from factdesk.model import Article, Claim, Verdict
from factdesk.report import (
    Report,
    ReportItem,
    claimreview_jsonld,
    looks_like_organisation,
    render_claimreview,
)

from .conftest import HOSTILE_SCRIPT, truth_scale


def assert_google_required_fields(review: dict) -> None:
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert isinstance(review["reviewRating"]["alternateName"], str)
    assert review["reviewRating"]["alternateName"]
    assert isinstance(review["url"], str) and review["url"]


def test_rated_claims_only_with_required_fields(sample_report):
    reviews = claimreview_jsonld(sample_report)
    assert [r["claimReviewed"] for r in reviews] == [
        "Fantastic to see #Jews4Labour trending at no.1 in the UK.",
        "The Labour Party has expelled every member accused of antisemitism.",
        "Unemployment fell.",
    ]
    for review in reviews:
        assert_google_required_fields(review)


def test_numeric_rating_from_the_scale(sample_report):
    true_review, false_review, no_rating = claimreview_jsonld(sample_report)
    assert true_review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 6,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "True",
        "ratingExplanation": "It did trend.",
    }
    assert false_review["reviewRating"]["ratingValue"] == 2
    assert false_review["reviewRating"]["ratingExplanation"] == (
        "Many cases remain open. The party's own figures show it."
    )
    # A no-rating scale: no numbers, the summary is the textual rating.
    assert no_rating["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Depends on the measure used.",
    }


def test_item_reviewed_author_date_and_appearance(sample_report):
    true_review, false_review, no_rating = claimreview_jsonld(sample_report)
    assert true_review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Mr V", "alternateName": "@LordMVee"},
        "datePublished": "2019-11-26",
        "appearance": {"@type": "CreativeWork", "url": "https://www.example.org/news/jews4labour"},
    }
    assert false_review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "The Labour Party",
    }
    assert true_review["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org/reports/week48",
    }
    assert true_review["datePublished"] == "2019-11-27"
    assert true_review["url"] == (
        f"https://checks.example.org/reports/week48#claim-{sample_report.items[0].claim.id}"
    )
    # The article had no URL: the appearance names it instead.
    assert no_rating["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "headline": "Notes"}


def test_no_speaker_means_the_publisher_and_url_falls_back(sample_report):
    item = sample_report.items[0]
    item.claim.speaker = None
    item.claim.speaker_handle = None
    report = Report("r", [item])  # no organisation at all
    review = claimreview_jsonld(report)[0]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Example News"}
    assert review["url"] == "https://www.example.org/news/jews4labour"
    assert "author" not in review
    item.article.url = "javascript:alert(1)"
    review = claimreview_jsonld(report)[0]
    assert review["url"] == f"urn:factdesk:claim:{item.claim.id}"
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": item.article.title,
    }
    assert_google_required_fields(review)


@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("Ministry of Health", True),
        ("The Russian and Syrian defense ministries", True),
        ("Labour Party", True),
        ("Acme Inc", True),
        ("BBC", True),
        ("NHS", True),
        ("Westminster City Council", True),
        ("Boris Johnson", False),
        ("Mr V", False),
        ("Jeremy Corbyn", False),
        ("Henry Stewart", False),
        ("Labour MP Diane Abbott", False),
        ("Police Chief John Doe", False),
        ("WHO Director-General Tedros", False),
        ("Health Minister", False),
        ("Department of Health", True),
        ("Prime Minister's Office", True),
        ("The Times", True),
        ("", False),
    ],
)
def test_organisation_rule(name, organisation):
    assert looks_like_organisation(name) is organisation


def test_render_one_object_or_an_array(sample_report):
    many = json.loads(render_claimreview(sample_report))
    assert isinstance(many, list) and len(many) == 3
    one = json.loads(render_claimreview(Report("r", sample_report.items[:1], "Org")))
    assert isinstance(one, dict) and one["claimReviewed"].startswith("Fantastic")
    assert json.loads(render_claimreview(Report("r", sample_report.items[2:3]))) == []


def test_hostile_text_stays_data_and_cannot_close_a_script(hostile_report):
    text = render_claimreview(hostile_report)
    assert "<" not in text and ">" not in text
    review = json.loads(text)
    assert review["claimReviewed"].startswith(HOSTILE_SCRIPT)
    # javascript: URLs are dropped; the hostile claim id is percent-encoded.
    assert review["url"].startswith("urn:factdesk:claim:c%22%20onmouseover%3D%22")
    assert "author" in review and "url" not in review["author"]
    assert_google_required_fields(review)


def test_export_then_import_round_trip(sample_report):
    text = render_claimreview(sample_report)
    checks = parse_claimreview(text, source="ours.json")
    assert [(c.claim_text, c.rating, c.claimant) for c in checks] == [
        ("Fantastic to see #Jews4Labour trending at no.1 in the UK.", "True", "Mr V"),
        (
            "The Labour Party has expelled every member accused of antisemitism.",
            "False",
            "The Labour Party",
        ),
        ("Unemployment fell.", "Depends on the measure used.", "Minister"),
    ]
    assert checks[0].publisher == "Example Checks" and checks[0].site == "checks.example.org"
    assert checks[0].review_date == "2019-11-27" and checks[0].claim_date == "2019-11-26"
    assert checks[0].language == "en"


def test_fractional_scale_values_are_kept():
    scale = truth_scale()
    for level in scale.levels:
        level.value = level.value / 2  # 0.5 .. 3.0
    article = Article(source="a", text="", url="https://a.example/x")
    claim = Claim(text="c", sentence="c", start=0, end=1, speaker="Ann Lee")
    verdict = Verdict(claim.id, scale.id, "Half true")
    report = Report("r", [ReportItem(claim, article, verdict, scale.level("Half true"), scale)])
    rating = claimreview_jsonld(report)[0]["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (2, 3, 0.5)


def test_without_an_organisation_the_reviewer_is_the_author(sample_report):
    sample_report.organisation = sample_report.organisation_url = None
    assert all("author" not in review for review in claimreview_jsonld(sample_report))
    sample_report.reviewer = "Ada Lovelace"
    reviews = claimreview_jsonld(sample_report)
    assert {json.dumps(r["author"]) for r in reviews} == {
        json.dumps({"@type": "Person", "name": "Ada Lovelace"})
    }
