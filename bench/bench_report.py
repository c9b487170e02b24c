"""HTML report of 10,000 claims (target <= 2 s), plus Markdown, CSV, JSON and ClaimReview;
then the PDF report of the sample and of 500 claims by each engine, and of 10,000 claims.

Synthetic but realistic: 500 articles of 20 claims, claims of ~150 characters, verdicts
with ~300-character summaries, 2 pieces of evidence each with a quote and archived link.
The peer of the HTML, measured in the same run, is a bare stdlib renderer of the same
fields (html.escape + f-strings, no template): the floor any HTML report costs.

The PDF (Typst, factdesk/report/pdf.py) is measured beside its peers in the same run,
each engine in a fresh process of its own so that its peak memory (ru_maxrss, with any
worker it starts) is its own: WeasyPrint laying out the HTML report (the engine before
Typst; `pip install weasyprint`), ReportLab's platypus drawing the same fields (`pip
install reportlab`), Qt's rich text engine (QTextDocument.print_ to a QPdfWriter), and
headless Chromium printing the HTML page (with its process start, as an export would pay
it) when Chromium is installed. Then 10,000 claims with Typst (laid out in chunks of 500,
each in its own process): time and peak memory. WeasyPrint is not run at 10,000 claims
(it held 7.6 GB and had not finished after 600 s when issue 22 measured it).

    PYTHONPATH=. python bench/bench_report.py [--claims N] [--pdf-claims N] [--pdf-only]
        [--engines typst,typst-1run,weasyprint,reportlab,qt,chromium] [--big-pdf-claims 0]
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import random
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from factdesk.model import Article, Claim, Evidence, RatingLevel, RatingScale, Verdict
from factdesk.report import (
    Report,
    ReportItem,
    render_claimreview,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_pdf,
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


def qt_pdf(report: Report) -> bytes:
    """The old PDF path (factdesk/gui/pdf.py until this change): Qt's rich text engine."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import (
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPdfWriter,
        QTextDocument,
    )

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qt_pdf.app = QGuiApplication([])  # type: ignore[attr-defined]  # kept alive
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        document = QTextDocument()
        document.setHtml(render_html(report, for_qt=True))
        writer = QPdfWriter(str(path))
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
                QPageLayout.Unit.Millimeter,
            )
        )
        document.print_(writer)
        del writer  # closes the file
        return path.read_bytes()


def chromium_pdf(report: Report) -> bytes:
    """Headless Chromium printing the HTML report, started once per export."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium
    with tempfile.TemporaryDirectory() as folder:
        page, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(render_html(report), encoding="utf-8")
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", f"--user-data-dir={folder}/profile",
             "--no-pdf-header-footer", f"--print-to-pdf={target}", page.as_uri()],
            capture_output=True, check=True, timeout=300,
        )  # fmt: skip
        return target.read_bytes()


def page_count(pdf: bytes) -> int | None:
    """Pages in `pdf`, read by poppler's pdfinfo (None without it)."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found[1]) if found else None


def sample_report() -> Report:
    """The sample report of the tests: the sample article, reviewed (4 verdicts)."""
    from tests.report.sample_desk import build_sample_desk

    with tempfile.TemporaryDirectory() as folder:
        desk = build_sample_desk(Path(folder) / "sample.db")
        report = desk.report()
        desk.close()
    return report


def weasyprint_pdf(report: Report) -> bytes:
    """The PDF before Typst: the HTML report laid out by WeasyPrint."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    page = weasyprint.HTML(string=render_html(report), url_fetcher=URLFetcher(allowed_protocols=()))
    return page.write_pdf()


def reportlab_pdf(report: Report) -> bytes:
    """ReportLab's platypus: the same fields (chip, claim, summary, evidence and quotes), each
    claim kept together, "Page N of M" by laying the story out twice (its usual way)."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    e = html.escape

    def story() -> list:
        flow = [Paragraph(e(report.title), styles["Title"])]
        for item in report.items:
            claim, verdict = item.claim, item.verdict
            parts = [
                Paragraph(f'<font backColor="{item.verdict_colour}" color="white"><b>'
                          f" {e(item.verdict_label)} </b></font>", styles["Normal"]),
                Paragraph(e(claim.text), styles["Italic"]),
                Paragraph(f"{e(item.speaker_label)}, said on {e(claim.said_on or '')}",
                          styles["Normal"]),
                Paragraph(e(verdict.summary if verdict else ""), styles["BodyText"]),
            ]  # fmt: skip
            for ev in item.evidence:
                parts.append(Paragraph(f"<b>{e(ev.stance.upper())}</b> {e(ev.title or '')} "
                                       f"&lt;{e(ev.url)}&gt;", styles["Normal"]))  # fmt: skip
                parts.append(Paragraph(f"<i>{e(ev.quote or '')}</i>", styles["Normal"]))
            flow += [KeepTogether(parts), Spacer(1, 4 * mm)]
        return flow

    def pages(total: int | None):
        def footer(canvas, document) -> None:
            canvas.setFont("Helvetica", 8)
            canvas.setFillColor(colors.grey)
            canvas.drawRightString(194 * mm, 10 * mm, f"Page {document.page} of {total or '?'}")

        return footer

    out = io.BytesIO()
    first = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    first.build(story(), onFirstPage=pages(None), onLaterPages=pages(None))
    document = SimpleDocTemplate(out, pagesize=A4, title=report.title)
    numbered = pages(first.page)
    document.build(story(), onFirstPage=numbered, onLaterPages=numbered)
    return out.getvalue()


def typst_one_run_pdf(report: Report) -> bytes:
    """Typst as before issue 22's speed-up: the whole report one run of pages, laid out
    by one core (no page break at an article's start every RUN_CLAIMS claims)."""
    from factdesk.report import pdf

    pdf.RUN_CLAIMS = 10**9
    return render_pdf(report)


ENGINES = {
    "typst": render_pdf,
    "typst-1run": typst_one_run_pdf,
    "weasyprint": weasyprint_pdf,
    "reportlab": reportlab_pdf,
    "qt": qt_pdf,
    "chromium": chromium_pdf,
}


def _measured(engine: str, claims: int | None, runs: int, pipe) -> None:
    """In a fresh process: the best of `runs` of `engine` on the report, its pages, size,
    and the process's peak memory (with the workers it started)."""
    import resource

    report = sample_report() if claims is None else make_report(claims)

    def cpu() -> float:  # CPU seconds of this process and the workers it waited for
        own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                            resource.RUSAGE_CHILDREN))  # fmt: skip
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    before = cpu()
    seconds, pdf = best_of(runs, ENGINES[engine], report)
    cpu_seconds = (cpu() - before) / runs
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    pipe.send((seconds, cpu_seconds, page_count(pdf), len(pdf), max(own, workers) / 1024))


def measure(engine: str, claims: int | None, runs: int) -> tuple:
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    receiving, sending = spawn.Pipe(duplex=False)
    process = spawn.Process(target=_measured, args=(engine, claims, runs, sending))
    process.start()
    result = receiving.recv()
    process.join()
    return result


def available(engine: str) -> bool:
    if engine == "chromium":
        return bool(shutil.which("chromium") or shutil.which("chromium-browser"))
    module = {"weasyprint": "weasyprint", "reportlab": "reportlab"}.get(engine)
    if module is None:
        return True
    try:
        __import__(module)
    except (ImportError, OSError):
        return False
    return True


def bench_pdf(
    pdf_claims: int, big_claims: int, runs: int, sample: bool = True, only: str = ""
) -> None:
    wanted = only.split(",") if only else list(ENGINES)
    engines = [engine for engine in ENGINES if engine in wanted and available(engine)]
    print(
        f"\npdf engines, each in a fresh process (best of {runs}; cpu = CPU seconds of the "
        "process and its workers, which a busy machine does not inflate; peak = ru_maxrss):"
    )
    sizes = [("sample", None)] if sample else []
    for name, claims in [*sizes, (f"{pdf_claims} claims", pdf_claims)]:
        figures = {}
        for engine in engines:
            seconds, cpu_seconds, pages, size, peak = measure(engine, claims, runs)
            figures[engine] = seconds
            print(
                f"pdf {name:<11} {engine:<10} {seconds:7.2f} s  cpu {cpu_seconds:7.2f} s"
                f"  {pages or '?':>5} pages  {size / 1e6:6.2f} MB  peak {peak:6.0f} MB"
            )
        ratios = ", ".join(
            f"{engine}/typst = {seconds / figures['typst']:.1f}x"
            for engine, seconds in figures.items()
            if engine != "typst"
        )
        print(f"pdf {name:<11} ratio: {ratios}")
    if big_claims:
        seconds, cpu_seconds, pages, size, peak = measure("typst", big_claims, 1)
        print(
            f"pdf {big_claims:,} claims typst {seconds:7.1f} s  cpu {cpu_seconds:7.1f} s"
            f"  {pages or '?':>5} pages"
            f"  {size / 1e6:6.2f} MB  peak {peak:6.0f} MB (chunks of 500, each its own process)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--pdf-claims", type=int, default=500)
    parser.add_argument("--big-pdf-claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF engines")
    parser.add_argument("--no-sample", action="store_true", help="skip the sample's PDF")
    parser.add_argument("--engines", default="", help="comma-separated, e.g. typst,typst-1run")
    args = parser.parse_args()
    if args.pdf_only:
        bench_pdf(args.pdf_claims, args.big_pdf_claims, args.runs, not args.no_sample, args.engines)
        return
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
    bench_pdf(args.pdf_claims, args.big_pdf_claims, args.runs, not args.no_sample, args.engines)


if __name__ == "__main__":
    main()
