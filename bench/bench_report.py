"""HTML report of 10,000 claims (target <= 2 s), plus Markdown, CSV, JSON and ClaimReview.

Synthetic but realistic: 500 articles of 20 claims, claims of ~150 characters, verdicts
with ~300-character summaries, 2 pieces of evidence each with a quote and archived link.
The peer, measured in the same run, is a bare stdlib renderer of the same fields
(html.escape + f-strings, no template, no chart): the floor any HTML report costs.

    PYTHONPATH=. python bench/bench_report.py [--claims N]
"""

from __future__ import annotations

import argparse
import html
import platform
import random
import time

from factdesk.model import Article, Claim, Evidence, RatingLevel, RatingScale, Verdict
from factdesk.report import (
    Report,
    ReportItem,
    render_claimreview,
    render_csv,
    render_html,
    render_json,
    render_markdown,
)

WORDS = [
    "the",
    "government",
    "said",
    "unemployment",
    "fell",
    "by",
    "percent",
    "since",
    "last",
    "year",
    "while",
    "critics",
    "argue",
    "that",
    "figures",
    "were",
    "revised",
    "hospital",
    "waiting",
    "lists",
    "doubled",
    "under",
    "minister",
    "who",
    "claimed",
    "record",
    "investment",
    "in",
    "schools",
    "police",
    "crime",
    "rates",
    "migration",
    "taxes",
]


def sentence(rng: random.Random, length: int) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def make_report(n_claims: int, seed: int = 7) -> Report:
    rng = random.Random(seed)
    scale = RatingScale(
        id="truth-o-meter",
        name="Truth-O-Meter",
        levels=[
            RatingLevel(label, value=float(value), colour=colour)
            for label, value, colour in [
                ("True", 6, "#2e7d32"),
                ("Mostly true", 5, "#7cb342"),
                ("Half true", 4, "#fbc02d"),
                ("Mostly false", 3, "#fb8c00"),
                ("False", 2, "#e53935"),
                ("Pants on fire", 1, "#8e24aa"),
            ]
        ],
    )
    items = []
    article = None
    for index in range(n_claims):
        if index % 20 == 0:
            article = Article(
                source=f"https://news.example.org/story/{index}",
                text=sentence(rng, 6000),
                title=sentence(rng, 70),
                url=f"https://news.example.org/story/{index}",
                publisher="Example News",
                author="Jane Writer",
                published="2026-11-01T09:00:00+00:00",
            )
        text = sentence(rng, 150)
        claim = Claim(
            text=text,
            sentence=text,
            start=0,
            end=len(text),
            article_id=article.id,
            speaker=rng.choice(["Jane Doe", "Ministry of Health", "John Smith", None]),
            speaker_handle=rng.choice(["@janedoe", None]),
            said_on="2026-10-30",
            score=rng.random(),
            kind="quantity",
            status="published",
        )
        level = rng.choice(scale.levels)
        verdict = Verdict(claim.id, scale.id, level.label, sentence(rng, 300), "Ada Reviewer")
        evidence = [
            Evidence(
                claim_id=claim.id,
                url=f"https://stats.example.gov/table/{index}/{k}",
                stance=rng.choice(["supports", "refutes", "context"]),
                quote=sentence(rng, 150),
                title=sentence(rng, 60),
                publisher="Office for Statistics",
                published="2026-09-01",
                archived_url=f"https://web.archive.org/web/2026/https://stats.example.gov/{index}",
            )
            for k in range(2)
        ]
        items.append(ReportItem(claim, article, verdict, level, scale, evidence))
    return Report("Benchmark report", items, "Example Checks", "https://checks.example.org/")


def bare_html(report: Report) -> str:
    """The peer: the same fields, escaped and joined, with no template or chart."""
    e = html.escape
    parts = [f"<!DOCTYPE html><html><head><title>{e(report.title)}</title></head><body>"]
    for item in report.items:
        claim, verdict = item.claim, item.verdict
        parts.append(
            f"<div><p>{e(item.verdict_label)}</p><blockquote>{e(claim.text)}</blockquote>"
            f"<p>{e(claim.speaker or '')} {e(claim.said_on or '')}</p>"
            f"<p>{e(verdict.summary if verdict else '')}</p><ul>"
        )
        for ev in item.evidence:
            parts.append(
                f'<li>{e(ev.stance)} <a href="{e(ev.url)}">{e(ev.title or ev.url)}</a>'
                f"<blockquote>{e(ev.quote or '')}</blockquote>"
                f'<a href="{e(ev.archived_url or "")}">archived</a></li>'
            )
        parts.append("</ul></div>")
    parts.append("</body></html>")
    return "".join(parts)


def best_of(runs: int, function, *args) -> tuple[float, str]:
    best, output = float("inf"), ""
    for _ in range(runs):
        start = time.perf_counter()
        output = function(*args)
        best = min(best, time.perf_counter() - start)
    return best, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    report = make_report(args.claims)
    print(f"report benchmark: {args.claims:,} claims, 2 evidence each, best of {args.runs}")
    print(f"python {platform.python_version()}, {platform.machine()}")
    peer_seconds, peer_html = best_of(args.runs, bare_html, report)
    html_seconds, report_html = best_of(args.runs, render_html, report)
    status = "OK" if html_seconds <= 2.0 else "OVER TARGET"
    print(
        f"html        {html_seconds:7.3f} s  ({len(report_html) / 1e6:5.1f} MB)  "
        f"target <= 2 s: {status}"
    )
    print(
        f"peer        {peer_seconds:7.3f} s  ({len(peer_html) / 1e6:5.1f} MB)  "
        f"bare html.escape + f-strings; ratio html/peer = {html_seconds / peer_seconds:.1f}x"
    )
    for name, function in [
        ("html-for-qt", lambda r: render_html(r, for_qt=True)),
        ("markdown", render_markdown),
        ("csv", render_csv),
        ("json", render_json),
        ("claimreview", render_claimreview),
    ]:
        seconds, output = best_of(args.runs, function, report)
        print(f"{name:<11} {seconds:7.3f} s  ({len(output) / 1e6:5.1f} MB)")


if __name__ == "__main__":
    main()
