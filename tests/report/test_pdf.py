"""The PDF report, read as a reader would: the sample report's PDF (WeasyPrint, through
Desk.export) and its HTML page (printed by headless Chromium) compared page by page with
the HTML's sections: the same sections in the same order, no heading left alone at the
foot of a page, no evidence quote cut off from its claim, no date split across lines."""

from __future__ import annotations

import http.server
import logging
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factdesk.model import Article, Claim, Verdict
from factdesk.report import Report, ReportItem, render_html, render_pdf
from factdesk.report.pdf import html_to_pdf

from .conftest import truth_scale
from .pdf_text import flat, page_images, pdf_pages
from .sample_desk import SETTINGS, build_sample_desk
from .test_html_chromium import CHROMIUM


@dataclass
class Section:
    kind: str  # title, heading, claim, evidence, quote
    text: str
    owner: int | None = None  # for a quote: the index of its claim's section


def html_sections(html: str) -> list[Section]:
    """The report's sections in reading order, from the HTML page itself."""
    soup = BeautifulSoup(html, "html.parser")
    sections = [Section("title", soup.h1.get_text())]
    sections.append(Section("heading", soup.select_one(".summary h2").get_text()))
    sections += [Section("row", row.td.get_text()) for row in soup.select("table.counts tr")[1:]]
    sections.append(Section("heading", soup.select_one(".speakers h2").get_text()))
    sections += [Section("row", row.td.get_text()) for row in soup.select("table.who tbody tr")]
    for article in soup.select("div.article"):
        sections.append(Section("heading", article.select_one("h2").get_text()))
        for claim in article.select("div.claim"):
            sections.append(Section("claim", claim.select_one(".claim-text").get_text()))
            claim_index = len(sections) - 1
            if claim.h3:
                sections.append(Section("heading", claim.h3.get_text()))
            for item in claim.select("ul.evidence li"):
                link = item.a.get_text() if item.a else item.select_one(".bad-url").get_text()
                sections.append(Section("evidence", link, claim_index))
                quote = item.select_one(".quote")
                if quote:
                    sections.append(Section("quote", quote.get_text(), claim_index))
    sections.append(Section("footer", soup.select_one(".footer").get_text()))
    return sections


def _key(text: str) -> str:
    """Text compared without whitespace or case: pages wrap lines, CSS sets case."""
    return re.sub(r"\s+", "", text).casefold()


def locate(sections: list[Section], pages: list[str]) -> list[int]:
    """The page (0-based) each section starts on, finding them in order; fails naming
    the first section missing or out of order."""
    keys = [_key(page) for page in pages]
    found, page, position = [], 0, 0
    for section in sections:
        wanted = _key(section.text)
        while page < len(keys):
            at = keys[page].find(wanted, position)
            if at >= 0:
                position = at + len(wanted)
                break
            page, position = page + 1, 0
        assert page < len(keys), f"{section.kind} {section.text!r}: missing or out of order"
        found.append(page)
    return found


def assert_reads_like_the_html(pages: list[str], html: str, engine: str) -> None:
    sections = html_sections(html)
    on_page = locate(sections, pages)  # same sections, same order
    for index, section in enumerate(sections[:-1]):
        if section.kind in ("title", "heading"):
            assert on_page[index] == on_page[index + 1], (
                f"{engine}: heading {section.text!r} is alone at the foot of page "
                f"{on_page[index] + 1}"
            )
        if section.kind in ("evidence", "quote"):
            assert on_page[index] == on_page[section.owner], (
                f"{engine}: {section.kind} {section.text[:40]!r} is on page {on_page[index] + 1},"
                f" its claim on page {on_page[section.owner] + 1}"
            )
    assert len(pages) > 3  # the sample fills several pages: the checks above had work


@pytest.fixture(scope="module")
def sample_exports(tmp_path_factory) -> tuple[str, bytes]:
    """The sample report exported as a checker would: HTML and PDF through Desk.export."""
    folder = tmp_path_factory.mktemp("sample")
    desk = build_sample_desk(folder / "sample.db")
    try:
        desk.export("html", folder / "report.html")
        desk.export("pdf", folder / "report.pdf")
    finally:
        desk.close()
    return (folder / "report.html").read_text(encoding="utf-8"), (
        folder / "report.pdf"
    ).read_bytes()


def chromium_print(html: str, folder: Path) -> bytes:
    """The HTML page as Chromium prints it (its print rules, A4 from @page)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    target = folder / "chromium.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={target}", page.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    return target.read_bytes()


def test_pdf_reads_like_the_html_page_by_page(sample_exports):
    html, pdf = sample_exports
    assert pdf.startswith(b"%PDF")
    assert_reads_like_the_html(pdf_pages(pdf), html, "WeasyPrint")


def test_html_printed_by_chromium_reads_the_same(sample_exports, tmp_path):
    html, _pdf = sample_exports
    assert_reads_like_the_html(pdf_pages(chromium_print(html, tmp_path)), html, "Chromium")


def test_pdf_says_who_checked_how_and_from_where(sample_exports):
    _html, pdf = sample_exports
    text = flat("\n".join(pdf_pages(pdf)))
    assert "By Example Checks · Reviewed by Ada Lovelace" in text
    assert flat(SETTINGS["methodology"]) in text
    assert "000_ea872c36249f8574.txt" in text  # the article's file, named
    assert "Numbers" in text
    for internal in ("quantity", "not a claim", "pasted text", "seeds/"):
        assert internal not in text
    assert re.search(r"Page 1 of \d", text)


def test_pages_look_like_pages(sample_exports, tmp_path):
    """Every page turned into an image has ink on it (nothing blank, nothing black)."""
    from PIL import Image, ImageStat

    _html, pdf = sample_exports
    images = page_images(pdf, tmp_path)
    assert len(images) == len(pdf_pages(pdf))
    for image in images:
        with Image.open(image) as page:
            assert page.width < page.height  # portrait A4
            mean = ImageStat.Stat(page.convert("L")).mean[0]
            assert 200 < mean < 254, f"{image.name}: mean grey {mean:.0f}"


def _dated_report() -> Report:
    """Claims whose dates fall at every place along a line: speakers of every length."""
    scale = truth_scale()
    article = Article(source="dates.txt", text="x", title="Dates", published="2024-03-14")
    items = []
    for length in range(1, 80):
        text = "Unemployment fell to 3.5% last year."
        claim = Claim(text=text, sentence=text, start=0, end=len(text), article_id=article.id,
                      speaker="Speaker " + "x" * length, said_on="2024-03-14")  # fmt: skip
        reviewer = "Reviewer " + "z" * (length % 30)
        summary = "Reviewed " + "y " * length
        verdict = Verdict(claim.id, scale.id, "True", summary, reviewer, "2024-03-14T09:00:00")
        items.append(ReportItem(claim, article, verdict, scale.level("True"), scale, []))
    return Report("Dates", items, organisation="O" * 40, generated_at="2024-03-14T10:00:00")


# Every date in the report is 2024-03-14: any piece of it left on a line is a split date.
_DATE_PIECE = re.compile(r"2024-|-?03-14|^\s*-?14\b")


def test_dates_never_split_across_lines(tmp_path):
    report = _dated_report()
    html = render_html(report)
    outputs = {"WeasyPrint": render_pdf(report)}
    if CHROMIUM is not None:
        outputs["Chromium"] = chromium_print(html, tmp_path)
    for engine, pdf in outputs.items():
        lines = [line for page in pdf_pages(pdf) for line in page.splitlines()]
        assert sum("2024-03-14" in line for line in lines) >= 2 * 79, engine
        broken = [line for line in lines if _DATE_PIECE.search(line.replace("2024-03-14", ""))]
        assert broken == [], f"{engine}: {broken[:3]}"


def test_our_css_is_all_understood(sample_report, caplog):
    """WeasyPrint warns of CSS it ignores: the report's own CSS must give no warning."""
    logger = logging.getLogger("weasyprint")
    render_pdf(sample_report)  # imports WeasyPrint, which quietens its logger for users
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            render_pdf(sample_report)
    finally:
        logger.setLevel(level)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_the_pdf_engine_fetches_nothing():
    """Even markup that asks for a URL (a bug letting it through) loads nothing."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        pdf = html_to_pdf(
            f'<html><head><link rel="stylesheet" href="{url}/css"></head>'
            f'<body><img src="{url}/img"><p style="background:url({url}/bg)">x</p></body></html>'
        )
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF")
    assert hits == []
