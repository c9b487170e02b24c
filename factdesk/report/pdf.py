"""The PDF report: the report's data written as Typst markup and laid out by Typst, a
compiled typesetting engine (the `typst` package), on A4 pages with the look of the HTML
report's print rules: a claim kept whole on a page, headings kept with what follows, the
verdict chips, the summary's bars, "Page N of M" on every page.

Speed: Typst lays out the runs of pages between explicit page breaks in parallel, one
run a core (a run, not a page, is its unit of work). So a report of more than RUN_CLAIMS
claims starts a new page at an article's start every RUN_CLAIMS claims or so: a 500-claim
report is laid out by two cores at once (about half the time on two idle cores; on a
busy machine, twice the share of the CPU), at the cost of at most a part-empty page a
run. The rule depends only on the report, never on the machine, so a report looks the
same everywhere.

Safety: the layout (resources/report/report.typ) is ours; everything from the user reaches
Typst as a string literal (`typst_string`), which Typst shows as text, never as markup or
code. Typst compiles from memory with an empty folder as its root, so nothing in a report
can make it read a file; it loads no package, so it fetches nothing either.

Typst is imported on first use only (only a PDF export needs it).
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factdesk.errors import FactdeskError
from factdesk.paths import resource
from factdesk.report.data import (
    Report,
    ReportItem,
    article_heading,
    claim_type_words,
    date_part,
    group_by_article,
    public_source,
    safe_url,
    speaker_counts,
    text_colour_on,
    verdict_counts,
)

# Characters Typst would show as boxes or reject: C0 controls but tab and newline, DEL,
# and lone surrogates (which cannot be written as UTF-8).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# A claim this long (characters of text, summary and evidence) may not fit on one page:
# Typst measures it and lets it break rather than run off the page (see report.typ).
_MAY_OVERFLOW_CHARACTERS = 1800
_MAY_OVERFLOW_EVIDENCE = 5
# Claims in a run of pages Typst lays out on a core of its own (see Speed above).
RUN_CLAIMS = 250


class PdfUnavailable(FactdeskError):
    """Typst (the `typst` package) is missing or could not lay the report out."""


def typst_string(text: str | None) -> str:
    """`text` as a Typst string literal: Typst shows it as it is (no markup, no code)."""
    text = _UNPRINTABLE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


def _value(value: Any) -> str:
    """A Python value as Typst code: None, bools, ints, strings, lists and dicts of them,
    and `Code` (our own Typst expressions, never user text)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Code):
        return value.code
    if isinstance(value, str):
        return typst_string(value)
    if isinstance(value, list | tuple):
        return "(" + "".join(_value(v) + ", " for v in value) + ")"
    if isinstance(value, dict):
        if not value:
            return "(:)"
        return "(" + ", ".join(f"{key}: {_value(v)}" for key, v in value.items()) + ")"
    raise TypeError(f"no Typst form for {type(value).__name__}")


class Code:
    """A Typst expression we write ourselves; its user parts go through `_value`."""

    def __init__(self, code: str):
        self.code = code


def call(function: str, *args: Any) -> Code:
    return Code(f"{function}({', '.join(_value(a) for a in args)})")


def joined(parts: list[Any], separator: str | Code = "") -> Code:
    """Text and drawn parts as one piece of content."""
    pieces: list[Any] = []
    for part in parts:
        if pieces and separator:
            pieces.append(separator)
        pieces.append(part)
    return Code(f"{_value(pieces)}.join()") if pieces else Code("[]")


def date(iso: str | None) -> Code:
    return call("date", date_part(iso) or "")


def _head(report: Report, items: list[ReportItem]) -> str:
    total, articles = len(items), len(group_by_article(items))
    rated = sum(1 for item in items if item.verdict is not None)
    byline: list[Any] = []
    if report.organisation:
        url = safe_url(report.organisation_url)
        organisation = call("link", url, report.organisation) if url else report.organisation
        byline += ["By ", organisation]
    if report.organisation and report.reviewer:
        byline.append(" · ")
    if report.reviewer:
        byline.append(f"Reviewed by {report.reviewer}")
    meta = joined(
        [
            f"{total} claim{'' if total == 1 else 's'} from {articles} "
            f"article{'' if articles == 1 else 's'} · {rated} rated · generated ",
            date(report.generated_at),
        ]
    )
    counts = verdict_counts(items)
    largest = max((row.count for row in counts), default=0)
    rows = [
        (
            row.label,
            row.count,
            f"{100 * row.count / total:.0f}%",
            max(1, round(100 * row.count / largest)),
            row.colour,
        )
        for row in counts
    ]
    lines = [
        f"#set document(title: {typst_string(report.title)}"
        + (f", author: {typst_string(report.organisation)})" if report.organisation else ")"),
        "#"
        + call(
            "report-head",
            report.title,
            joined(byline) if byline else None,
            report.methodology or None,
            meta,
        ).code,
        "#" + call("summary", rows).code,
    ]
    speakers = [
        (row.label, row.handle, row.count, row.verdicts_in_words) for row in speaker_counts(items)
    ]
    if speakers:
        lines.append("#" + call("speakers", speakers).code)
    return "\n".join(lines) + "\n"


def _source(report_item: ReportItem) -> Code | None:
    article = report_item.article
    parts: list[Any] = []
    url = safe_url(article.url)
    source = public_source(article)
    if url:
        parts.append(call("link", url, url))
    elif source:
        parts.append(source)
    if article.publisher:
        parts.append(article.publisher)
    if article.author:
        parts.append("by " + article.author)
    if article.published:
        parts.append(joined(["published ", date(article.published)]))
    return joined(parts, " · ") if parts else None


def _evidence(evidence: Any) -> dict[str, Any]:
    url = safe_url(evidence.url)
    archived = safe_url(evidence.archived_url)
    published = date_part(evidence.published)
    meta: list[Any] = []
    if evidence.publisher:
        meta.append(evidence.publisher)
    if evidence.publisher and published:
        meta.append(", ")
    if published:
        meta.append(date(published))
    stance = evidence.stance if evidence.stance in ("supports", "refutes", "context") else None
    return {
        "stance": evidence.stance or "",
        "stance-kind": stance or "unclear",
        "url": url,
        "title": evidence.title or (url if url else evidence.url) or "",
        "titled": bool(url and evidence.title),
        "meta": joined(meta) if meta else None,
        "quote": evidence.quote or None,
        "note": evidence.note or None,
        "archived-url": archived,
        "archived-text": None if archived else (evidence.archived_url or None),
    }


def _paragraphs(text: str) -> list[Code]:
    """Blank-line separated paragraphs, single newlines kept as line breaks."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return [joined(list(p.splitlines()), Code("linebreak()")) for p in paragraphs]


def _claim(item: ReportItem, show_claim_types: bool) -> str:
    claim, verdict = item.claim, item.verdict
    colour = item.verdict_colour
    attribution: list[Any] = [item.speaker_label]
    if item.speaker and claim.speaker_handle:
        attribution += [" ", call("muted", Code("9pt"), "#666666", f"({claim.speaker_handle})")]
    if claim.said_on:
        attribution += [", said on ", date(claim.said_on)]
    reviewed = None
    if verdict is not None:
        who = f"Reviewed by {verdict.reviewer} on " if verdict.reviewer else "Rated on "
        reviewed = joined([who, date(verdict.at)])
    evidence = [_evidence(e) for e in item.evidence]
    size = (
        len(claim.text)
        + len(verdict.summary if verdict else "")
        + sum(
            len(e.quote or "") + len(e.note or "") + len(e.title or "") + len(e.url or "")
            for e in item.evidence
        )
    )
    fields = {
        "verdict": item.verdict_label,
        "colour": colour,
        "ink": text_colour_on(colour),
        "scale": item.scale.name if item.scale else None,
        "kind": claim_type_words(claim.kind) if show_claim_types else None,
        "text": claim.text,
        "attribution": joined(attribution),
        "summary": _paragraphs(verdict.summary) if verdict else None,
        "reviewed": reviewed,
        "evidence": evidence,
        "long": size > _MAY_OVERFLOW_CHARACTERS or len(evidence) > _MAY_OVERFLOW_EVIDENCE,
    }
    return "#" + call("claim", fields).code + "\n"


def typst_markup(report: Report) -> str:
    """The whole report as one Typst document (the layout, then the report's parts)."""
    return "".join(_parts(report, report.items, first=True, last=True, page_footer=True))


def _parts(
    report: Report,
    items: list[ReportItem],
    *,
    first: bool,
    last: bool,
    page_footer: bool,
    continued: str | None = None,
) -> list[str]:
    """The Typst document of `items`: with the report's head if `first`, its closing note
    if `last`, and "Page N of M" drawn on each page if `page_footer`. The article whose id
    is `continued` goes on from the chunk before: its head is not drawn again."""
    parts = [_layout()]
    if not page_footer:
        parts.append("#set page(footer: none)\n")
    if first:
        parts.append(_head(report, report.items))
    shown = {continued}
    groups = group_by_article(items)
    breaks = _run_starts([len(group) for _article, group in groups])
    for number, (article, group) in enumerate(groups):
        if number in breaks:
            parts.append("#pagebreak(weak: true)\n")
        if article.id not in shown:
            heading = article_heading(article)
            parts.append("#" + call("article-head", heading, _source(group[0])).code + "\n")
        parts += [_claim(item, report.show_claim_types) for item in group]
    if last:
        parts.append("#" + call("footer-note", date_part(report.generated_at) or "").code + "\n")
    return parts


def _run_starts(sizes: list[int]) -> set[int]:
    """The articles (their numbers, given each one's claims) that start a new run of
    pages: the first to start at or after each RUN_CLAIMS-or-so share of the claims."""
    total = sum(sizes)
    runs = -(-total // RUN_CLAIMS)
    if runs <= 1:
        return set()
    share = total / runs
    starts, done, boundary = set(), 0, share
    for number, size in enumerate(sizes):
        if number and done >= boundary:
            starts.add(number)
            while boundary <= done:
                boundary += share
        done += size
    return starts


@functools.cache
def _layout() -> str:
    return resource("report/report.typ").read_text(encoding="utf-8")


Progress = Callable[[int, int, str], None]


def render_pdf(report: Report, progress: Progress | None = None) -> bytes:
    """The report as an A4 PDF. Up to `chunk_claims()` claims it is laid out in one go; a
    larger report is laid out that many at a time, each chunk in a process of its own (Typst
    keeps what it lays out in memory until its process ends), and the chunks joined."""
    say = progress or (lambda done, total, text: None)
    total = len(report.items)
    if total <= chunk_claims():
        say(0, total, f"Laying out {total:,} claims …")
        pdf = compile_markup(typst_markup(report))
        say(total, total, "Laid out")
        return pdf
    return _render_in_chunks(report, say)


def compile_markup(markup: str, inputs: dict[str, str] | None = None) -> bytes:
    """Typst markup laid out as a PDF, with an empty folder as root: it reads no file."""
    typst = _typst()
    with tempfile.TemporaryDirectory(prefix="factdesk-typst-") as root:
        try:
            pdf = typst.compile(
                markup.encode("utf-8"),
                root=root,
                format="pdf",
                sys_inputs=inputs or {},
                package_path=root,
                package_cache_path=root,
            )
        except typst.TypstError as error:  # a bug of ours: say what Typst said, plainly
            raise PdfUnavailable(f"the PDF could not be laid out ({error.message})") from None
    assert isinstance(pdf, bytes)
    return pdf


def _typst() -> Any:
    try:
        import typst
    except ImportError as error:
        raise PdfUnavailable(f"PDF export needs the typst package ({error})") from None
    return typst


# --- large reports: chunks laid out in processes of their own, then joined -------------

CHUNK_CLAIMS = 500  # about 250 pages, about 350 MB for Typst while it lays them out


def chunk_claims() -> int:
    """CHUNK_CLAIMS, or FACTDESK_PDF_CHUNK_CLAIMS (tests and benchmarks make small chunks)."""
    return int(os.environ.get("FACTDESK_PDF_CHUNK_CLAIMS") or CHUNK_CLAIMS)


def _chunks(items: list[ReportItem]) -> list[list[ReportItem]]:
    """`items` cut into runs of about CHUNK_CLAIMS, at an article's start where one allows
    (a chunk starts a new page); an article longer than a chunk is cut inside."""
    size = chunk_claims()
    chunks: list[list[ReportItem]] = [[]]
    for _article, group in group_by_article(items):
        if chunks[-1] and len(chunks[-1]) + len(group) > size:
            chunks.append([])
        for item in group:
            if len(chunks[-1]) >= size:
                chunks.append([])
            chunks[-1].append(item)
    return chunks


def _render_in_chunks(report: Report, say: Progress) -> bytes:
    chunks = _chunks(report.items)
    total, done = len(report.items), 0
    with tempfile.TemporaryDirectory(prefix="factdesk-pdf-") as name:
        folder = Path(name)
        files = []
        for number, chunk in enumerate(chunks):
            say(done, total, f"Laying out claims {done + 1:,}–{done + len(chunk):,} of {total:,} …")
            last = number == len(chunks) - 1
            before = chunks[number - 1][-1].article.id if number else None
            continued = before if before == chunk[0].article.id else None
            markup = "".join(_parts(report, chunk, first=number == 0, last=last,
                                    page_footer=False, continued=continued))  # fmt: skip
            files.append(_compile_in_own_process(markup, folder / f"chunk-{number:04}"))
            done += len(chunk)
        say(done, total, "Numbering the pages …")
        return _joined_with_page_numbers(files, folder)


def _compile_in_own_process(markup: str, stem: Path) -> Path:
    """`markup` laid out as `stem`.pdf by a process of its own: Typst keeps what it lays out
    in memory until its process ends."""
    import multiprocessing

    source, target = stem.with_suffix(".typ"), stem.with_suffix(".pdf")
    source.write_text(markup, encoding="utf-8")
    worker = multiprocessing.get_context("spawn").Process(
        target=_compile_file, args=(str(source), str(target)), name="factdesk-pdf-chunk"
    )
    worker.start()
    worker.join()
    if not target.exists():
        problem = source.with_suffix(".error")
        raise PdfUnavailable(
            problem.read_text(encoding="utf-8") if problem.exists()
            else f"the PDF could not be laid out (exit code {worker.exitcode})"
        )  # fmt: skip
    source.unlink()
    return target


def _compile_file(source: str, target: str) -> None:
    """Lay out the Typst file `source` as the PDF `target` (in a process of its own); a
    failure is told in a file beside `source`."""
    try:
        pdf = compile_markup(Path(source).read_text(encoding="utf-8"))
    except PdfUnavailable as error:
        Path(source).with_suffix(".error").write_text(str(error), encoding="utf-8")
        return
    partial = Path(target + ".part")
    partial.write_bytes(pdf)
    partial.replace(target)


def _joined_with_page_numbers(files: list[Path], folder: Path) -> bytes:
    """The chunks' pages in order, each with "Page N of M" drawn over it: a page of Typst's
    own footer (the short report's), one for each page."""
    import pikepdf

    joined_path = folder / "joined.pdf"
    with pikepdf.Pdf.new() as joined_pdf:
        opened = [pikepdf.Pdf.open(file) for file in files]
        for chunk in opened:
            joined_pdf.pages.extend(chunk.pages)
        docinfo = joined_pdf.copy_foreign(opened[0].docinfo)  # title, author
        if not isinstance(docinfo, pikepdf.Dictionary):  # copy_foreign is typed as any Object
            raise TypeError("the first chunk's document information is not a dictionary")
        joined_pdf.docinfo = docinfo
        count = len(joined_pdf.pages)
        footers_markup = _layout() + f"#for _ in range({count}) {{ page[] }}\n"
        with pikepdf.Pdf.open(
            _compile_in_own_process(footers_markup, folder / "footers")
        ) as footers:
            for page, footer in zip(joined_pdf.pages, footers.pages, strict=True):
                page.add_overlay(footer, pikepdf.Rectangle(page.mediabox))
            joined_pdf.save(joined_path)
        for chunk in opened:
            chunk.close()
    return joined_path.read_bytes()


# --- a fact-check page's PDF: its HTML laid out by WeasyPrint ----------------------------


def html_to_pdf(html: str) -> bytes:
    """`html` (a self-contained page: a fact-check page, report/factcheck_page.py) laid out
    as a PDF by WeasyPrint, an HTML/CSS engine, allowed to fetch nothing: a URL in hostile
    text is never requested. The report's own PDF is Typst's (render_pdf)."""
    import logging

    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango's library not found
        raise PdfUnavailable(
            f"this PDF needs WeasyPrint and Pango ({error}); see the README's set-up"
        ) from None
    # WeasyPrint reports CSS it does not support as warnings: noise for the person exporting.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    pdf = document.write_pdf()
    assert pdf is not None  # write_pdf() returns the bytes when given no target
    return pdf
