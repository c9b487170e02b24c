"""Reports to render: an ordinary one (from the sample article) and a hostile one."""

from __future__ import annotations

import pytest

from factdesk.model import Article, Claim, Evidence, RatingLevel, RatingScale, Verdict
from factdesk.report import Report, ReportItem

# A script that ran would change the page title or this element: the Chromium test looks.
PWNED = "PWNED"
HOSTILE_SCRIPT = f"<script>document.title='{PWNED}';document.body.innerHTML='{PWNED}'</script>"
HOSTILE_IMG = f"<img src=x onerror=\"document.title='{PWNED}'\">"
HOSTILE_ATTR = (
    f'" onmouseover="document.title=\'{PWNED}\'" autofocus onfocus="document.title=\'{PWNED}\'" x="'
)
HOSTILE_JS_URL = f"javascript:document.title='{PWNED}'"
HOSTILE_SVG = f"<svg onload=\"document.title='{PWNED}'\"></svg>"
HOSTILE_STYLE = "</style><script>document.title='PWNED'</script>"


def truth_scale() -> RatingScale:
    labels = [
        ("True", 6, "#2e7d32"),
        ("Mostly true", 5, "#7cb342"),
        ("Half true", 4, "#fbc02d"),
        ("Mostly false", 3, "#fb8c00"),
        ("False", 2, "#e53935"),
        ("Pants on fire", 1, "#8e24aa"),
    ]
    return RatingScale(
        id="truth-o-meter",
        name="Truth-O-Meter",
        levels=[RatingLevel(label, f"{label}.", float(v), colour) for label, v, colour in labels],
    )


def no_rating_scale() -> RatingScale:
    return RatingScale(id="no-rating", name="No rating (explain)", levels=[])


@pytest.fixture
def scale() -> RatingScale:
    return truth_scale()


@pytest.fixture
def sample_report(scale: RatingScale) -> Report:
    article = Article(
        source="https://www.example.org/news/jews4labour",
        text="The hashtag Jews4Labour is trending ... " * 50,
        title="Jews4Labour trends after Chief Rabbi's attack on Corbyn",
        url="https://www.example.org/news/jews4labour",
        author="Jane Writer",
        publisher="Example News",
        published="2019-11-26T10:00:00+00:00",
        language="en",
    )
    second = Article(source="notes.txt", text="Unemployment fell.", title="Notes")
    claims = [
        Claim(
            text="Fantastic to see #Jews4Labour trending at no.1 in the UK.",
            sentence="Fantastic to see #Jews4Labour trending at no.1 in the UK.",
            start=0,
            end=57,
            article_id=article.id,
            speaker="Mr V",
            speaker_handle="@LordMVee",
            said_on="2019-11-26",
            score=0.81,
            kind="quantity",
            status="published",
            verdict="True",
        ),
        Claim(
            text="The Labour Party has expelled every member accused of antisemitism.",
            sentence="The Labour Party has expelled every member accused of antisemitism.",
            start=60,
            end=127,
            article_id=article.id,
            speaker="The Labour Party",
            said_on="2019-11-25",
            score=0.93,
            kind="laws or rules",
            status="in review",
            verdict="False",
        ),
        Claim(
            text="Turnout will be the highest since 1992.",
            sentence="Turnout will be the highest since 1992.",
            start=130,
            end=169,
            article_id=article.id,
            score=0.55,
            kind="prediction",
        ),
        Claim(
            text="Unemployment fell.",
            sentence="Unemployment fell.",
            start=0,
            end=18,
            article_id=second.id,
            speaker="Minister",
            status="published",
        ),
    ]
    evidence = [
        Evidence(
            claim_id=claims[0].id,
            url="https://twitter.com/LordMVee/status/1",
            stance="supports",
            quote="Fantastic to see #Jews4Labour trending at no.1",
            title="Mr V on Twitter",
            publisher="Twitter",
            archived_url="https://web.archive.org/web/2019/https://twitter.com/LordMVee/status/1",
        ),
        Evidence(
            claim_id=claims[1].id,
            url="https://www.example.com/report",
            stance="refutes",
            quote="Cases are still open.",
            title="Labour disciplinary statistics",
            publisher="Example Research",
            published="2019-10-01",
        ),
        Evidence(claim_id=claims[1].id, url="https://www.example.net/context", stance="context"),
    ]
    verdicts = [
        Verdict(
            claims[0].id,
            "truth-o-meter",
            "True",
            "It did trend.",
            "Ada",
            "2019-11-27T09:00:00+00:00",
        ),
        Verdict(
            claims[1].id,
            "truth-o-meter",
            "False",
            "Many cases remain open.\n\nThe party's own figures show it.",
            "Ada",
            "2019-11-28T10:00:00+00:00",
        ),
        Verdict(
            claims[3].id,
            "no-rating",
            None,
            "Depends on the measure used.",
            None,
            "2019-12-01T00:00:00+00:00",
        ),
    ]
    no_rating = no_rating_scale()
    items = [
        ReportItem(claims[0], article, verdicts[0], scale.level("True"), scale, [evidence[0]]),
        ReportItem(claims[1], article, verdicts[1], scale.level("False"), scale, evidence[1:]),
        ReportItem(claims[2], article, None, None, None, []),
        ReportItem(claims[3], second, verdicts[2], None, no_rating, []),
    ]
    return Report(
        "Election claims, week 48",
        items,
        organisation="Example Checks",
        organisation_url="https://checks.example.org/reports/week48",
        generated_at="2019-12-02T12:00:00+00:00",
    )


@pytest.fixture
def hostile_report(scale: RatingScale) -> Report:
    """Every user-written field holds something that would run or break out if unescaped."""
    article = Article(
        source=HOSTILE_JS_URL,
        text="x",
        title=HOSTILE_SCRIPT + " title",
        url=HOSTILE_JS_URL,
        author=HOSTILE_IMG,
        publisher=HOSTILE_ATTR,
        published="2019-01-01",
        id="a" + HOSTILE_ATTR,  # ids come from other laptops' bundles too
    )
    claim = Claim(
        text=HOSTILE_SCRIPT + " claim " + HOSTILE_IMG,
        sentence="x",
        start=0,
        end=1,
        article_id=article.id,
        speaker=HOSTILE_SVG + " speaker",
        speaker_handle=HOSTILE_ATTR,
        said_on=HOSTILE_IMG,
        kind=HOSTILE_STYLE,
        status=HOSTILE_IMG,
        id="c" + HOSTILE_ATTR,
    )
    hostile_level = RatingLevel(
        HOSTILE_SCRIPT + " level", value=None, colour=f'red;background:url(x)" onclick="{PWNED}'
    )
    hostile_scale = RatingScale(id="h", name=HOSTILE_STYLE, levels=[hostile_level])
    verdict = Verdict(
        claim.id,
        "h",
        hostile_level.label,
        summary=HOSTILE_SCRIPT + "\n\n" + "[click](" + HOSTILE_JS_URL + ")",
        reviewer=HOSTILE_IMG,
        at="2020-02-02T00:00:00+00:00",
    )
    evidence = [
        Evidence(
            claim_id=claim.id,
            url=HOSTILE_JS_URL,
            stance=HOSTILE_ATTR,
            quote=HOSTILE_SCRIPT,
            note=HOSTILE_IMG,
            title=HOSTILE_SVG,
            publisher=HOSTILE_ATTR,
            archived_url="data:text/html,<script>alert(1)</script>",
        ),
        Evidence(
            claim_id=claim.id,
            url="https://ok.example/\"onmouseover=\"document.title='PWNED'",
            stance="supports",
            title='=HYPERLINK("http://evil.example","x")',
        ),
        Evidence(claim_id=claim.id, url=" JaVaScRiPt:alert(1)", stance="refutes"),
        Evidence(claim_id=claim.id, url="java\tscript:alert(1)", stance="context"),
    ]
    return Report(
        title=HOSTILE_SCRIPT,
        items=[ReportItem(claim, article, verdict, hostile_level, hostile_scale, evidence)],
        organisation=HOSTILE_IMG,
        organisation_url=HOSTILE_JS_URL,
        generated_at="2020-02-03T00:00:00+00:00",
    )
