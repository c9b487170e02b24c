"""ClaimReview import from the real files in ../shared/data/claimreview/ and odd shapes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from factdesk.errors import BadInput
from factdesk.ingest.claimreview import parse_claimreview


def _find_data() -> Path:
    """../shared/data/claimreview beside the repository (looked for upwards)."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "claimreview"
        if candidate.is_dir():
            return candidate
    return Path("shared/data/claimreview")


DATA = _find_data()
# Data, not a tool: without the shared folder beside the clone these skip, as the other
# tests of ../shared/data do (CI's strict mode is for missing programs).
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data/claimreview not found")

NEWSNATION_PAGE = "page_076f4f33bf75059db581bedf36e76fb65e89a8f7752db3339aa3ea11c5122f32.html.gz"
POLYGRAPH_PAGE = "page_1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432.html.gz"
SNOPES_PAGE = "page_8380689f358c1e3a0f6fca6e11ed13e5304a74060139f7a584347db213950446.html.gz"


def read(name: str) -> str:
    path = DATA / name
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def parse(name: str):
    return parse_claimreview(read(name), source=name)


def test_every_file_in_the_folder_imports():
    names = sorted(p.name for p in DATA.iterdir())
    assert len(names) >= 11
    for name in names:
        checks = parse(name)
        assert checks, name
        for check in checks:
            assert check.claim_text and check.url.startswith(("http://", "https://")), name


@pytest.mark.parametrize("name", ["snopes.com.raw.jsonld", "snopes.com.parsed.json", SNOPES_PAGE])
def test_snopes_minus_one_scale_and_untyped_author(name):
    (check,) = parse(name)
    assert check.claim_text == (
        "Former U.S. ambassador to Ukraine Marie Yovanovitch has a net worth of $17 million."
    )
    assert check.rating == "Unproven"  # -1/-1 is no scale: the label is the rating
    assert check.url == "https://www.snopes.com/fact-check/marie-yovanovitch-net-worth/"
    assert check.claimant == "Multiple Sources"  # given as "type", not "@type"
    assert check.publisher == "Snopes" and check.site == "snopes.com"
    assert check.review_date == "2019-11-18T10:15:00+00:00"
    assert check.claim_date is None


def test_snopes_page_adds_title_and_language():
    (check,) = parse(SNOPES_PAGE)
    assert check.title == "Does Marie Yovanovitch Have a Net Worth of $17 Million?"
    assert check.language == "en"


@pytest.mark.parametrize(
    "name", ["polygraph.info.raw.jsonld", "polygraph.info.parsed.json", POLYGRAPH_PAGE]
)
def test_polygraph_lower_case_rating_and_year_one_date(name):
    (check,) = parse(name)
    assert check.rating == "False"  # "@type": "rating" in lower case
    assert check.claim_text.startswith("A cause for serious concern is the situation")
    assert check.claim_text.endswith("threatened families wishing to leave the camp.")
    assert not check.claim_text.startswith("“")  # the wrapping quotes are dropped
    assert check.claimant == "The Russian and Syrian defense ministries"
    # itemReviewed.dateModified is "0001-01-01 00:00:00Z" (unknown); datePublished is real.
    assert check.claim_date == "2019-11-18"
    assert check.review_date == "2019-11-18"
    assert check.title == "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"
    assert check.language == "en"  # from "en-Poly"
    assert check.publisher == "POLYGRAPH.info" and check.site == "polygraph.info"
    assert (
        check.url
        == "https://www.polygraph.info/a/fact-check-russia-us-al-tanf-rukban/30279001.html"
    )


@pytest.mark.parametrize(
    "name", ["newsnation.in.raw.jsonld", "newsnation.in.parsed.json", NEWSNATION_PAGE]
)
def test_newsnation_headline_as_claim_reviewed(name):
    (check,) = parse(name)
    assert check.claim_text == "Is An 'Oxygen Bar' In Delhi Offering Fresh Air For Rs 300?"
    assert check.title == "Fact Check: Is An 'Oxygen Bar' In Delhi Offering Fresh Air For Rs 300?"
    assert check.rating == "True"
    assert check.claimant == "News Nation"
    assert check.publisher == "News Nation Fact Check"
    assert check.claim_date == "2019-11-19T09:01:42+05:30"
    assert check.url.endswith(
        "fact-check-is-an-oxygen-bar-in-delhi-offering-fresh-air-for-rs-300-244592.html"
    )


def test_newsnation_page_skips_the_other_json_ld_blocks():
    checks = parse(NEWSNATION_PAGE)  # WebSite, WebPage and NewsArticle blocks are no reviews
    assert len(checks) == 1 and checks[0].language == "en"


def test_politifact_example_without_alternate_name():
    (check,) = parse("schemaorg_issue1061_politifact_example.jsonld")  # "@type" is a list
    assert check.rating == "1/6"
    assert check.claimant == "Rich Perry"
    assert check.claim_date == "2014-07-17" and check.review_date == "2014-07-23"
    assert check.site == "politifact.com" and check.publisher == "politifact.com"
    assert check.claim_text.startswith("More than 3,000 homicides")


def test_fact_check_tools_api_response():
    checks = parse("factchecktools_api_claims_search.sample.json")
    assert len(checks) == 10
    first = checks[0]
    assert first.claim_text == 'Silchar flooded due to "flood jihad"'
    assert first.publisher == "Alt News" and first.site == "altnews.in"
    assert first.rating == "False" and first.language == "en"
    assert first.claim_date == "2016-06-20T00:00:00+00:00"
    assert first.review_date == "2022-07-11T00:00:00+00:00"
    assert checks[2].rating == "false"  # kept as published
    assert checks[1].claimant == "Social media"


def test_graph_nested_and_lower_case_rating_key():
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "name": "A page"},
            {
                "@type": "ClaimReview",
                "url": "https://fc.example/1",
                "claimReviewed": "The moon is made of cheese.",
                "rating": {"@type": "Rating", "alternateName": "Pants on fire"},
                "itemReviewed": [{"@type": "Claim", "author": [{"name": "Ann"}, {"name": "Bob"}]}],
                "datePublished": "0001-01-01T00:00:00Z",
            },
        ],
    }
    (check,) = parse_claimreview(json.dumps(document), source="graph.json")
    assert check.rating == "Pants on fire"
    assert check.claimant == "Ann, Bob"
    assert check.review_date is None


def test_page_with_comment_wrapped_and_broken_blocks():
    review = {"@type": "ClaimReview", "claimReviewed": "X is Y.", "url": "https://fc.example/2"}
    html = (
        '<html lang="de"><head><link rel="canonical" href="https://fc.example/2">'
        '<script type="application/ld+json">{ broken </script>'
        '<script type="application/ld+json">{"@type": "ClaimReview", "url": "https://fc.example/3",'
        ' "claimReviewed": "Hand-written\n JSON,", "reviewRating": {"alternateName": "Odd",},}'
        "</script>"
        f'<script type=" Application/LD+JSON ">\n<!--\n{json.dumps(review)}\n-->\n</script>'
        "</head><body></body></html>"
    )
    trailing_commas, check = parse_claimreview(html, source="page.html")
    assert check.claim_text == "X is Y." and check.language == "de"
    assert check.rating is None
    assert trailing_commas.claim_text == "Hand-written JSON,"
    assert trailing_commas.rating == "Odd"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"@type": "NewsArticle", "headline": "x"}', "notes.json: no ClaimReview found"),
        ("<html><body><p>hello</p></body></html>", "notes.json: no ClaimReview found"),
        ('{"claimReviewed": ', "notes.json: not valid JSON"),
        ("just some words", "notes.json: neither JSON nor an HTML page"),
        ("", "notes.json: neither JSON nor an HTML page"),
    ],
)
def test_bad_input_names_the_source(text, message):
    with pytest.raises(BadInput) as error:
        parse_claimreview(text, source="notes.json")
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
