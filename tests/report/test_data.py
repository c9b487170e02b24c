"""Helpers shared by the renderers: URL and colour checks, verdict and speaker counts."""

from __future__ import annotations

import pytest

from factdesk.model import Article, Claim, Verdict
from factdesk.report import Report, ReportItem, safe_url, verdict_counts
from factdesk.report.data import safe_colour, speaker_counts, text_colour_on

from .conftest import truth_scale


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/x?y=1#z",
        "http://a.example",
        "HTTPS://A.EXAMPLE/",
        "http://[::1]:8000/x",
        "http://127.0.0.1:5/",
        'https://ok.example/"onmouseover="x\'',  # valid; the template escapes the quotes
    ],
)
def test_http_urls_are_safe(url):
    assert safe_url(url) == url
    assert safe_url(f"  {url}\n") == url


def test_a_published_url_holds_no_credentials():
    assert safe_url("https://user:pw@a.example:8080/p") == "https://a.example:8080/p"
    assert safe_url("https://:token@a.example/") == "https://a.example/"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "https://",
        "https:///path",
        "http://:80/",
        "https://a b.example/",
        "https://a.example/\nx",
        "//a.example/x",
        "/relative",
        "https://@/x",
        "ftp://a.example",
        "https:a.example",
        None,
        "",
    ],
)
def test_everything_else_is_not(url):
    assert safe_url(url) is None


def test_colours():
    assert safe_colour("#2E7D32") == "#2e7d32"
    assert safe_colour("#abc") == "#abc"
    for bad in ("red", "#12345", "#2e7d32;x:y", "url(x)", None, ""):
        assert safe_colour(bad) == "#888888"
    assert text_colour_on("#ffffff") == "#000000"
    assert text_colour_on("#fbc02d") == "#000000"  # yellow: black text reads better
    assert text_colour_on("#8e24aa") == "#ffffff"
    assert text_colour_on("#000") == "#ffffff"


def test_verdict_counts_follow_scale_order():
    scale = truth_scale()
    article = Article(source="a", text="")

    def item(rating: str | None, rated: bool = True) -> ReportItem:
        claim = Claim(text="c", sentence="c", start=0, end=1)
        if not rated:
            return ReportItem(claim, article)
        verdict = Verdict(claim.id, scale.id, rating)
        return ReportItem(claim, article, verdict, None, scale)  # level looked up by label

    items = [item(None, rated=False), item("False"), item("true"), item("False"), item("Odd")]
    counts = verdict_counts(Report("r", items).items)
    assert [(c.label, c.count, c.colour) for c in counts] == [
        ("True", 1, "#2e7d32"),
        ("False", 2, "#e53935"),
        ("Odd", 1, "#888888"),
        ("Not yet rated", 1, "#9e9e9e"),
    ]


def test_speaker_counts_one_row_per_person_voice_and_unattributed_quotes():
    scale = truth_scale()
    article = Article(source="a", text="")

    def item(speaker: str | None, handle: str | None = None, **fields) -> ReportItem:
        claim = Claim(text="c", sentence="c", start=0, end=1, speaker=speaker,
                      speaker_handle=handle, **fields)  # fmt: skip
        verdict = Verdict(claim.id, scale.id, "False")
        name = "Elena Rusk" if claim.speaker_key == "elena rusk" else None
        return ReportItem(claim, article, verdict, None, scale, speaker_name=name)

    items = [
        item(None, attribution="article"),
        item("Omar Haddad", speaker_key="omar haddad"),
        item(None, attribution="unattributed"),
        item("Cllr Elena Rusk", "@ElenaRusk", speaker_key="elena rusk"),
        item("Elena Rusk", speaker_key="elena rusk"),
        item(None, attribution="unattributed"),
    ]
    rows = speaker_counts(items)
    # Most claims first; equal counts keep the order the claims come in.
    assert [(r.label, r.handle, r.count, r.verdicts_in_words) for r in rows] == [
        ("An unattributed quote", None, 2, "2 False"),
        ("Elena Rusk", "@ElenaRusk", 2, "2 False"),
        ("The article itself", None, 1, "1 False"),
        ("Omar Haddad", None, 1, "1 False"),
    ]
