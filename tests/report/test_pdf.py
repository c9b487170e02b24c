"""The PDF report, read as a reader would: the sample report's PDF (Typst, through
Desk.export) and its HTML page (printed by headless Chromium) compared page by page with
the HTML's sections: the same sections in the same order, no heading left alone at the
foot of a page, no evidence quote cut off from its claim, no date split across lines.
Then hostile text (Typst's markup and code characters) shown as it is, a claim longer
than a page kept whole, a report laid out in runs of pages (one a core), and a long report
laid out in chunks numbered as one."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk.model import Article, Claim, Evidence, Verdict
from factdesk.report import Report, ReportItem, render_html, render_pdf
from factdesk.report.pdf import typst_markup

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
    assert_reads_like_the_html(pdf_pages(pdf), html, "Typst")


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
    outputs = {"Typst": render_pdf(report)}
    if CHROMIUM is not None:
        outputs["Chromium"] = chromium_print(html, tmp_path)
    for engine, pdf in outputs.items():
        lines = [line for page in pdf_pages(pdf) for line in page.splitlines()]
        assert sum("2024-03-14" in line for line in lines) >= 2 * 79, engine
        broken = [line for line in lines if _DATE_PIECE.search(line.replace("2024-03-14", ""))]
        assert broken == [], f"{engine}: {broken[:3]}"


def test_our_layout_gives_typst_no_warning(sample_report):
    import typst

    _pdf, warnings = typst.compile_with_warnings(typst_markup(sample_report).encode(), format="pdf")
    assert [warning.message for warning in warnings] == []


# Typst's markup (*strong*, _emph_, #code, $math$, @reference, <label>, [content], `raw`,
# \escapes, = headings, - lists, // comments) and code that would read a file or load a
# package, and text from the world: emoji, right-to-left, combining marks.
HOSTILE_TYPST = [
    '#read("/etc/passwd")',
    '#import "@preview/cetz:0.3.0": *',
    "*not bold* _not emph_ $x^2$ @ref <label> `raw`",
    "] ) } #{ [ unbalanced",
    'back\\slash \\" quote" \\u{41} \\n',
    "= not a heading\n- not a list\n// not a comment /* nor this",
    "emoji 😀 👍🏽 🇺🇦 family 👨‍👩‍👧",
    "עברית العربية and e\u0301 combining",
]


def _hostile_report() -> Report:
    scale = truth_scale()
    everything = " | ".join(HOSTILE_TYPST)
    article = Article(source="hostile.txt", text="x", title="Title " + everything,
                      publisher=everything, author=everything)  # fmt: skip
    items = []
    for hostile in HOSTILE_TYPST:
        claim = Claim(text=hostile, sentence=hostile, start=0, end=len(hostile),
                      article_id=article.id, speaker=hostile,
                      speaker_handle="@" + hostile)  # fmt: skip
        verdict = Verdict(claim.id, scale.id, "False", hostile + "\n\n" + hostile, hostile)
        url = "https://example.org/" + hostile
        evidence = [Evidence(claim_id=claim.id, url=url, stance="refutes", title=hostile,
                             quote=hostile, note=hostile, publisher=hostile)]  # fmt: skip
        items.append(ReportItem(claim, article, verdict, scale.level("False"), scale, evidence))
    return Report(everything, items, organisation=everything, reviewer=everything,
                  methodology=everything, generated_at="2024-03-14T10:00:00")  # fmt: skip


def test_hostile_text_is_shown_as_it_is_never_run(tmp_path):
    """Every user field holds Typst's markup and code: the PDF shows each one as written,
    reads no file and loads no package (the compile would fail or show other text)."""
    pdf = render_pdf(_hostile_report())
    # (pdftotext marks right-to-left runs with Unicode's embedding controls)
    text = _key(re.sub("[\u202a-\u202e\u2066-\u2069]", "", "\n".join(pdf_pages(pdf))))
    assert "root:" not in text  # /etc/passwd was not read
    for hostile in HOSTILE_TYPST:
        for line in hostile.splitlines():
            assert _key(line) in text, line
    # Emoji are drawn (a colour emoji font or Typst's fallback), not dropped.
    fonts = subprocess.run(
        [
            "pdffonts",
            "-",
        ],
        input=pdf,
        capture_output=True,
    ).stdout
    assert b"Type 3" in fonts or b"Emoji" in fonts


def test_a_claim_longer_than_a_page_breaks_rather_than_runs_off():
    """A claim is kept whole on a page where it fits; one taller than a page goes on to the
    next page (Typst would otherwise cut it off at the page's foot)."""
    scale = truth_scale()
    article = Article(source="long.txt", text="x", title="Long")
    words = [f"word{n}" for n in range(1800)]
    text = "Short claim with a long summary."
    claim = Claim(text=text, sentence=text, start=0, end=len(text), article_id=article.id)
    verdict = Verdict(claim.id, scale.id, "True", " ".join(words) + " THE-END", "Ada")
    report = Report("Long", [ReportItem(claim, article, verdict, scale.level("True"), scale, [])])
    pages = pdf_pages(render_pdf(report))
    assert len(pages) >= 3
    text = flat("\n".join(pages))
    assert all(word in text for word in words[::97]) and "THE-END" in text


def test_a_long_report_is_laid_out_in_chunks_numbered_as_one(monkeypatch, tmp_path):
    """Past a chunk's claims, chunks are laid out by processes of their own and joined:
    the claims all there in order, the pages numbered 1 to N of N, title kept."""
    report = _dated_report()
    # Three articles of 9, 12 and 9 claims: chunks of 10 cut the second one inside.
    articles = [replace(report.items[0].article, id=f"a{n}", title=f"Article {n}") for n in "123"]
    items = [
        replace(item, article=articles[0 if index < 9 else 1 if index < 21 else 2])
        for index, item in enumerate(report.items[:30])
    ]
    report = replace(report, items=items)
    whole = pdf_pages(render_pdf(report))
    monkeypatch.setenv("FACTDESK_PDF_CHUNK_CLAIMS", "10")
    heard: list[tuple[int, int, str]] = []
    chunked_pdf = render_pdf(report, lambda done, total, text: heard.append((done, total, text)))
    chunked = pdf_pages(chunked_pdf)
    # Chunks: article 1 (9), article 2's first 10, its last 2, article 3 (9 would not fit).
    assert [done for done, _total, _text in heard] == [0, 9, 19, 21, 30]
    assert "claims 10–19 of 30" in heard[1][2]
    numbers = [re.findall(r"Page (\d+) of (\d+)", page) for page in chunked]
    assert numbers == [[(str(n), str(len(chunked)))] for n in range(1, len(chunked) + 1)]
    assert len(whole) <= len(chunked) <= len(whole) + 3  # a chunk starts a new page
    for article in articles:  # each article's head once, continued or not
        assert flat("\n".join(chunked)).count(article.title) == 1, article.title
    speakers = re.findall(r"Speaker x+", "\n".join(chunked))
    assert speakers == re.findall(r"Speaker x+", "\n".join(whole))
    info = subprocess.run(["pdfinfo", "-"], input=chunked_pdf, capture_output=True).stdout
    assert b"Title:           Dates" in info


def test_a_report_over_a_run_of_claims_starts_a_page_at_an_article_every_run(monkeypatch):
    """Typst lays out the runs of pages between page breaks on cores of their own: past
    RUN_CLAIMS claims, an article starting a new share of the claims starts a new page;
    nothing else changes (claims in order, pages numbered 1 to N of N)."""
    from factdesk.report import pdf

    report = _dated_report()
    articles = [replace(report.items[0].article, id=f"a{n}", title=f"Article {n}") for n in "123"]
    items = [
        replace(item, article=articles[index // 10]) for index, item in enumerate(report.items[:30])
    ]
    report = replace(report, items=items)
    one_run = pdf_pages(render_pdf(report))
    monkeypatch.setattr(pdf, "RUN_CLAIMS", 12)  # three runs: articles 2 and 3 start one
    assert typst_markup(report).count("#pagebreak(weak: true)") == 2
    runs = pdf_pages(render_pdf(report))
    assert len(one_run) <= len(runs) <= len(one_run) + 2
    for title in ("Article 2", "Article 3"):  # each at the top of its page
        (page,) = [page for page in runs if title in flat(page)]
        assert flat(page).startswith(flat(title)), page[:80]
    numbers = [re.findall(r"Page (\d+) of (\d+)", page) for page in runs]
    assert numbers == [[(str(n), str(len(runs)))] for n in range(1, len(runs) + 1)]
    speakers = re.findall(r"Speaker x+", "\n".join(runs))
    assert speakers == re.findall(r"Speaker x+", "\n".join(one_run))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_text_reaches_typst_as_the_same_string(text):
    """Whatever a user types, Typst reads back exactly that string (less the control
    characters the report drops): no escape can end the literal early."""
    import json

    import typst

    from factdesk.report.pdf import typst_string

    text_lines = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text_lines)
    assert json.loads(typst.eval(b"", typst_string(text), format="json")) == expected
