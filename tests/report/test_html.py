"""The HTML report: content, self-containment, and escaping of hostile input."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factdesk.model import Article, Claim
from factdesk.report import Report, ReportItem, render_html

from .conftest import HOSTILE_ATTR, HOSTILE_IMG, HOSTILE_JS_URL, HOSTILE_SCRIPT, HOSTILE_SVG


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_summary_counts_with_bars_in_verdict_colours(sample_report):
    soup = soup_of(render_html(sample_report))
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.counts tr")[1:]
    ]
    assert rows == [
        ["True", "1", "25%", ""],
        ["False", "1", "25%", ""],
        ["No rating", "1", "25%", ""],
        ["Not yet rated", "1", "25%", ""],
    ]
    bars = [bar["style"] for bar in soup.select("table.counts .bar")]
    assert [re.search(r"background-color:(#\w+)", b)[1] for b in bars] == [
        "#2e7d32",
        "#e53935",
        "#888888",
        "#9e9e9e",
    ]


def test_bars_scale_with_counts(sample_report):
    # Three "True", one of each other verdict.
    sample_report.items.append(sample_report.items[0])
    sample_report.items.append(sample_report.items[0])
    soup = soup_of(render_html(sample_report))
    widths = {
        bar.find_parent("tr").td.get_text(strip=True): int(
            re.search(r"width:(\d+)%", bar["style"])[1]
        )
        for bar in soup.select("table.counts .bar")
    }
    assert widths == {"True": 100, "False": 33, "No rating": 33, "Not yet rated": 33}


def test_head_names_organisation_reviewer_and_methodology(sample_report):
    sample_report.reviewer = "Ada Lovelace"
    sample_report.methodology = "We rate claims against primary sources."
    soup = soup_of(render_html(sample_report))
    assert soup.select_one(".byline").get_text() == "By Example Checks · Reviewed by Ada Lovelace"
    assert soup.select_one(".byline a")["href"] == "https://checks.example.org/reports/week48"
    assert soup.select_one(".methodology").get_text() == "We rate claims against primary sources."
    sample_report.organisation = sample_report.reviewer = sample_report.methodology = None
    soup = soup_of(render_html(sample_report))
    assert soup.select(".byline, .methodology") == []


def test_claim_types_in_words_or_not_at_all(sample_report):
    soup = soup_of(render_html(sample_report))
    shown = [c.select_one(".claim-type") for c in soup.select("div.claim")]
    # quantity, laws or rules, prediction, none
    assert [t.get_text() if t else None for t in shown] == [
        "Numbers",
        "Laws and rules",
        "Prediction",
        None,
    ]
    sample_report.items[3].claim.kind = "other"
    html = render_html(sample_report)
    for internal in (">quantity<", ">laws or rules<", ">prediction<", ">other<"):
        assert internal not in html
    sample_report.show_claim_types = False
    assert soup_of(render_html(sample_report)).select(".claim-type") == []


def test_dates_are_marked_unbreakable(sample_report):
    soup = soup_of(render_html(sample_report))
    dates = [span.get_text() for span in soup.select("span.date")]
    assert {"2019-11-26", "2019-11-27", "2019-10-01", "2019-12-02"} <= set(dates)
    assert ".date { white-space: nowrap; }" in soup.style.get_text()


def test_claims_grouped_by_article_with_all_details(sample_report):
    soup = soup_of(render_html(sample_report))
    articles = soup.select("div.article")
    assert [a.select_one("h2").get_text() for a in articles] == [
        "Jews4Labour trends after Chief Rabbi's attack on Corbyn",
        "Notes",
    ]
    first_claims = articles[0].select("div.claim")
    assert len(first_claims) == 3 and len(articles[1].select("div.claim")) == 1
    claim = first_claims[0]
    assert claim["id"] == f"claim-{sample_report.items[0].claim.id}"
    badge = claim.select_one(".verdict")
    assert badge.get_text(strip=True) == "True"
    assert "background-color:#2e7d32" in badge["style"] and "color:#ffffff" in badge["style"]
    assert claim.select_one(".attribution").get_text() == "Mr V (@LordMVee), said on 2019-11-26"
    assert "It did trend." in claim.select_one(".verdict-summary").get_text()
    assert "Reviewed by Ada on 2019-11-27" in claim.get_text()
    evidence = claim.select_one("ul.evidence li")
    assert evidence.select_one(".stance").get_text() == "supports"
    links = [a["href"] for a in evidence.find_all("a")]
    assert links == [
        "https://twitter.com/LordMVee/status/1",
        "https://web.archive.org/web/2019/https://twitter.com/LordMVee/status/1",
    ]
    assert evidence.select_one(".quote").get_text() == (
        "Fantastic to see #Jews4Labour trending at no.1"
    )
    source = articles[0].select_one(".source")
    assert source.a["href"] == "https://www.example.org/news/jews4labour"
    assert "Example News" in source.get_text() and "2019-11-26" in source.get_text()
    # Two summary paragraphs stay two paragraphs.
    assert len(first_claims[1].select(".verdict-summary p:not(.reviewer)")) == 2


def test_article_text_is_not_copied_into_the_report(sample_report):
    html = render_html(sample_report)
    assert sample_report.items[0].article.text not in html
    assert "The hashtag Jews4Labour is trending ..." not in html


def test_self_contained_and_print_friendly(sample_report):
    html = render_html(sample_report)
    soup = soup_of(html)
    assert not soup.find_all(["script", "iframe", "object", "embed", "img", "link", "base"])
    assert not any(tag.get("src") for tag in soup.find_all(True))
    assert not re.search(r"url\(|@import", html)
    assert "@media print" in soup.style.get_text()
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp
    # Every link goes out over http(s): nothing is loaded, only linked.
    assert all(a["href"].startswith(("https://", "http://")) for a in soup.find_all("a"))


def test_for_qt_makes_bars_of_table_cells(sample_report):
    soup = soup_of(render_html(sample_report, for_qt=True))
    assert soup.select(".bar") == []
    bars = soup.select("table.counts td[bgcolor]")
    assert [bar["bgcolor"] for bar in bars] == ["#2e7d32", "#e53935", "#888888", "#9e9e9e"]


def test_hostile_text_shows_as_text(hostile_report):
    html = render_html(hostile_report)
    soup = soup_of(html)
    # No element or attribute came from user text.
    assert soup.find_all("script") == []
    assert soup.find_all("img") == []
    assert soup.find_all("svg") == []
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on")], tag
        assert "autofocus" not in tag.attrs
    # Only http(s) URLs became links; the one with quotes stayed inside its attribute.
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["https://ok.example/\"onmouseover=\"document.title='PWNED'"]
    assert 'href="https://ok.example/&#34;onmouseover=&#34;document.title=&#39;PWNED&#39;"' in html
    text = soup.get_text()
    for hostile in (HOSTILE_SCRIPT, HOSTILE_IMG, HOSTILE_ATTR, HOSTILE_SVG, HOSTILE_JS_URL):
        assert hostile in text
    assert soup.title.get_text() == HOSTILE_SCRIPT
    # A hostile level colour never reaches a style attribute.
    assert "onclick" not in html and "url(x)" not in html
    assert soup.select_one(".verdict")["style"].startswith("background-color:#888888;")


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=80), speaker=st.text(max_size=30))
def test_any_text_round_trips_as_text(text, speaker):
    # BeautifulSoup collapses whitespace-only strings (control characters dropped, as the
    # page drops them), so those say nothing here.
    assume(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).strip())
    article = Article(source="a.txt", text="", title="T")
    claim = Claim(text=text, sentence=text, start=0, end=len(text), speaker=speaker or None)
    soup = soup_of(render_html(Report("R", [ReportItem(claim, article)])))
    shown = soup.select_one(".claim-text")
    # Shown as given, less control characters (not allowed in HTML); CR LF written as LF.
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    assert shown.get_text() == expected.replace("\r\n", "\n").replace("\r", "\n")
    assert shown.find(True) is None  # no element inside: it is all text
    assert len(soup.select("div.claim")) == 1


def test_empty_report_renders_in_every_format():
    from factdesk.report import render_claimreview, render_csv, render_json, render_markdown

    report = Report("Nothing yet", [])
    soup = soup_of(render_html(report))
    assert soup.select_one(".empty").get_text() == "No claims in this report."
    assert soup.select("table.counts") == [] and soup.select("div.claim") == []
    assert "No claims in this report." in render_markdown(report)
    assert render_csv(report).count("\r\n") == 1  # the header only
    assert '"articles": []' in render_json(report)
    assert render_claimreview(report) == "[]\n"
