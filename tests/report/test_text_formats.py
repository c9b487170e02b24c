"""Markdown, CSV and JSON: content, completeness and escaping."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

from factdesk.model import Article, Claim, Evidence, Verdict
from factdesk.report import (
    CSV_COLUMNS,
    Report,
    ReportItem,
    render_csv,
    render_json,
    render_markdown,
    spreadsheet_safe,
)

from .conftest import HOSTILE_JS_URL, HOSTILE_SCRIPT, PWNED

# ------------------------------------------------------------------ Markdown


def test_markdown_has_summary_and_claims(sample_report):
    md = render_markdown(sample_report)
    assert "| True | 1 |" in md and "| Not yet rated | 1 |" in md
    assert "### True: Fantastic to see \\#Jews4Labour trending at no.1 in the UK." in md
    assert "- **Said by:** Mr V (@LordMVee), said on 2019-11-26" in md
    assert "[Mr V on Twitter](https://twitter.com/LordMVee/status/1)" in md
    assert "- **Summary:** Many cases remain open. The party's own figures show it." in md
    assert "> Cases are still open." in md
    assert md.index("## Jews4Labour") < md.index("## Notes")


def test_markdown_escapes_hostile_text(hostile_report):
    md = render_markdown(hostile_report)
    # Every < is escaped, so no HTML tag reaches a Markdown renderer.
    assert not re.search(r"(?<!\\)<", md)
    assert "\\<script\\>" in md
    # Only http(s) destinations; the javascript: "link" in the summary is inert text.
    destinations = re.findall(r"(?<!\\)\]\(([^)]*)\)", md)
    assert destinations == ["https://ok.example/%22onmouseover=%22document.title=%27PWNED%27"]
    assert "\\[click\\](javascript:" in md
    # A value with newlines cannot start a heading or list of its own.
    assert not any(line.startswith("[click]") for line in md.splitlines())


# ----------------------------------------------------------------------- CSV


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_one_row_per_claim(sample_report):
    rows = read_csv(render_csv(sample_report))
    assert len(rows) == 4
    assert tuple(rows[0]) == CSV_COLUMNS
    first, second = rows[0], rows[1]
    assert first["claim id"] == sample_report.items[0].claim.id
    assert first["verdict"] == "True" and first["scale"] == "Truth-O-Meter"
    assert first["score"] == "0.810" and first["said_on"] == "2019-11-26"
    assert first["handle"] == "'@LordMVee"  # neutralised: it starts with @
    assert (
        second["evidence urls"] == "https://www.example.com/report https://www.example.net/context"
    )
    assert second["summary"] == "Many cases remain open.\n\nThe party's own figures show it."
    assert rows[2]["verdict"] == "" and rows[2]["status"] == "new"
    assert rows[3]["verdict"] == "No rating" and rows[3]["article url"] == ""
    # What the reports show: types in words, the public source, what is missing.
    assert [r["claim type"] for r in rows] == [
        "Numbers",
        "Laws and rules",
        "Prediction",
        "",
    ]
    assert [r["source"] for r in rows] == [
        "https://www.example.org/news/jews4labour",
        "https://www.example.org/news/jews4labour",
        "https://www.example.org/news/jews4labour",
        "notes.txt",
    ]
    assert [r["missing"] for r in rows] == ["", "", "", "evidence"]


def test_csv_neutralises_formulas():
    article = Article(source="a", text="", title="=1+1", url="@SUM(A1)")
    claim = Claim(
        text='=HYPERLINK("http://evil.example","click")',
        sentence="",
        start=0,
        end=0,
        speaker="+cmd|' /C calc'!A0",
        speaker_handle="-2+3",
        kind="\tx",
        said_on="\r=1",
    )
    verdict = Verdict(claim.id, "s", "False", summary="ok = fine", reviewer="＝1+1")
    evidence = [Evidence(claim.id, url="=evil()")]
    rows = read_csv(
        render_csv(Report("r", [ReportItem(claim, article, verdict, evidence=evidence)]))
    )
    row = rows[0]
    for column in ("article title", "article url", "claim text", "speaker", "handle", "kind"):
        assert row[column].startswith("'"), column
    assert row["claim text"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["said_on"] == "'\r=1"
    assert row["evidence urls"] == "'=evil()"
    assert row["reviewer"] == "'＝1+1"
    assert row["summary"] == "ok = fine"  # only a leading character is dangerous
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(0.5) == "0.5"


# ---------------------------------------------------------------------- JSON


def test_json_is_complete(sample_report):
    document = json.loads(render_json(sample_report))
    assert document["format"] == "factdesk-report" and document["version"] == 1
    assert document["organisation"] == "Example Checks"
    assert [s["id"] for s in document["scales"]] == ["truth-o-meter", "no-rating"]
    assert document["scales"][0] == dataclasses.asdict(sample_report.items[0].scale)
    groups = document["articles"]
    assert [len(g["items"]) for g in groups] == [3, 1]
    for group_items, group in zip(([0, 1, 2], [3]), groups, strict=True):
        for index, entry in zip(group_items, group["items"], strict=True):
            item = sample_report.items[index]
            assert entry["claim"] == dataclasses.asdict(item.claim)
            assert entry["verdict"] == (dataclasses.asdict(item.verdict) if item.verdict else None)
            assert entry["evidence"] == [dataclasses.asdict(e) for e in item.evidence]
    article = groups[0]["article"]
    expected = dataclasses.asdict(sample_report.items[0].article)
    expected.pop("raw")
    text = expected.pop("text")
    assert article == {**expected, "text_length": len(text)}
    assert groups[0]["items"][0]["level"]["value"] == 6.0
    assert document["summary"][0] == {"verdict": "True", "colour": "#2e7d32", "count": 1}
    assert [g["source"] for g in groups] == [
        "https://www.example.org/news/jews4labour",
        "notes.txt",
    ]
    assert [e["claim_type"] for e in groups[0]["items"]] == [
        "Numbers",
        "Laws and rules",
        "Prediction",
    ]
    assert [e["missing"] for g in groups for e in g["items"]] == [[], [], [], ["evidence"]]


def test_json_and_markdown_name_reviewer_and_methodology(sample_report):
    sample_report.reviewer = "Ada Lovelace"
    sample_report.methodology = "We rate claims against *primary* sources."
    document = json.loads(render_json(sample_report))
    assert document["reviewer"] == "Ada Lovelace"
    assert document["methodology"] == "We rate claims against *primary* sources."
    markdown = render_markdown(sample_report)
    assert "Reviewed by Ada Lovelace" in markdown.splitlines()[2]
    assert "*We rate claims against \\*primary\\* sources.*" in markdown
    assert "- **Type:** Numbers" in markdown
    assert "quantity" not in markdown and "** laws or rules" not in markdown


def test_json_can_include_article_text(sample_report):
    document = json.loads(render_json(sample_report, include_article_text=True))
    assert document["articles"][0]["article"]["text"] == sample_report.items[0].article.text


def test_json_round_trips_hostile_text_and_is_safe_inside_a_script(hostile_report):
    text = render_json(hostile_report)
    assert "<" not in text and ">" not in text  # cannot close a <script> it is pasted into
    document = json.loads(text)
    assert document["title"] == HOSTILE_SCRIPT
    assert document["articles"][0]["article"]["url"] == HOSTILE_JS_URL
    assert PWNED in document["articles"][0]["items"][0]["claim"]["text"]
