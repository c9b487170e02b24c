"""What the user gives (a URL, a file, pasted text, stdin) -> an `Article`, or a one-line
BadInput naming the source and the reason. Never a partial result."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from factdesk.errors import BadInput
from factdesk.ingest.posts import find_text_posts
from factdesk.model import Article
from factdesk.untrusted import gunzip, without_credentials
from factdesk.web.text import HTML_TYPES, decode_html, detect_charset, sniff_binary

if TYPE_CHECKING:
    from factdesk.web.http import Fetcher

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_FILE_BYTES = 20 * 1024 * 1024

# Files people may try, and why they are refused, in words they know.
_REFUSED_SUFFIXES = {
    ".pdf": "PDF files",
    ".doc": "Word documents",
    ".docx": "Word documents",
    ".odt": "OpenDocument files",
    ".rtf": "RTF documents",
    ".epub": "e-books",
    ".zip": "ZIP archives",
    ".gz": "gzip archives (other than .html.gz)",
    ".tgz": "archives",
    ".tar": "archives",
    ".bz2": "archives",
    ".xz": "archives",
    ".7z": "archives",
    ".rar": "archives",
    ".png": "images",
    ".jpg": "images",
    ".jpeg": "images",
    ".gif": "images",
    ".webp": "images",
    ".bmp": "images",
    ".tif": "images",
    ".tiff": "images",
    ".svg": "images",
    ".heic": "images",
    ".mp3": "audio files",
    ".mp4": "videos",
    ".mov": "videos",
    ".exe": "programs",
    ".xls": "spreadsheets",
    ".xlsx": "spreadsheets",
    ".csv": "spreadsheets (CSV)",
    ".ppt": "presentations",
    ".pptx": "presentations",
    ".json": "JSON files",
    ".sqlite": "databases",
    ".db": "databases",
}
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_LOOKS_LIKE_A_WEB_ADDRESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/|$)", re.I)


def read_source(
    source: str, *, fetcher: Fetcher | None = None, stdin_text: str | None = None
) -> Article:
    """The article in `source`: an http(s) URL, a local .html/.htm/.html.gz/.txt/.md file,
    or "-" for standard input (`stdin_text`, else sys.stdin). BadInput or NetworkError
    (one line, naming the source) for anything that cannot be read as an article.
    A user name and password in a URL are used to fetch it, never kept in the article."""
    return _without_credentials(_read_source(source, fetcher, stdin_text))


def _read_source(source: str, fetcher: Fetcher | None, stdin_text: str | None) -> Article:
    if source == "-":
        text = stdin_text if stdin_text is not None else sys.stdin.read()
        return article_from_text(text, source="-")
    scheme = _SCHEME.match(source.strip())
    if scheme:  # one-letter "schemes" are Windows drive letters, so need two or more
        if scheme["scheme"].lower() in ("http", "https"):
            return _read_url(source.strip(), fetcher)
        raise BadInput(
            f"{source}: {scheme['scheme'].lower()}: addresses are not supported; "
            "give an http(s) URL or a local file"
        )
    return read_file(Path(source), source=source)


def _without_credentials(article: Article) -> Article:
    """The article with credentials removed from every URL it would store and publish."""
    article.source = without_credentials(article.source)
    article.url = article.url and without_credentials(article.url)
    for post in article.posts:
        post.url = post.url and without_credentials(post.url)
    return article


def read_markup(source: str, *, fetcher: Fetcher | None = None) -> str:
    """The text of a document holding structured markup (JSON, JSON-LD or an HTML page):
    an http(s) URL (fetched with `fetcher`), or a file, gzip-compressed or not. Sizes are
    capped, compressed or not; BadInput names the source for anything unreadable."""
    if _SCHEME.match(source.strip()):
        from factdesk.web.http import Fetcher

        own_fetcher = fetcher is None
        fetcher = fetcher or Fetcher()
        try:
            markup_types = ("application/json", "application/ld+json")
            return fetcher.get(source.strip(), accept=(*HTML_TYPES, *markup_types)).text
        finally:
            if own_fetcher:
                fetcher.close()
    data = _read_bytes(Path(source), source)
    if data.startswith(b"\x1f\x8b"):
        data = gunzip(data, limit=MAX_FILE_BYTES, source=source)
    if _has_nul(data):
        raise BadInput(f"{source}: binary data, not JSON or an HTML page")
    return decode_html(data)[0]


def _read_url(url: str, fetcher: Fetcher | None) -> Article:
    from factdesk.ingest.extract import extract_article
    from factdesk.web.http import Fetcher

    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        page = fetcher.get(url)
    finally:
        if own_fetcher:
            fetcher.close()
    if page.content_type == "text/plain":
        article = article_from_text(page.text, source=url)
        article.url = page.final_url
        return article
    article = extract_article(page.text, source=url, url=page.final_url)
    article.raw = page.body
    article.url = article.url or page.final_url
    return article


def read_file(path: Path, *, source: str | None = None) -> Article:
    """The article in a local file (HTML, gzip-compressed HTML, text or Markdown)."""
    source = source or str(path)
    name = path.name.lower()
    if not path.exists():
        known_suffix = name.endswith(HTML_SUFFIXES + TEXT_SUFFIXES + tuple(_REFUSED_SUFFIXES))
        if _LOOKS_LIKE_A_WEB_ADDRESS.match(source) and not known_suffix:
            raise BadInput(f"{source}: no such file (for a web page, give the full https:// URL)")
        raise BadInput(f"{source}: no such file")
    if path.is_dir():
        raise BadInput(f"{source}: is a folder (import a folder to read every article in it)")
    if not path.is_file():
        raise BadInput(f"{source}: not a regular file")
    suffix = ".html.gz" if name.endswith((".html.gz", ".htm.gz")) else path.suffix.lower()
    if suffix in _REFUSED_SUFFIXES:
        raise BadInput(f"{source}: {_REFUSED_SUFFIXES[suffix]} are not supported")
    data = _read_bytes(path, source)
    if suffix == ".html.gz":
        data = gunzip(data, limit=MAX_FILE_BYTES, source=source)
    kind = sniff_binary(data[:16])
    if kind:
        raise BadInput(f"{source}: {kind} are not supported (the file is not HTML or text)")
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(data)):
        return read_html_bytes(data, source=source)
    if suffix in TEXT_SUFFIXES or not suffix or _decodes_as_text(data):
        text = decode_text(data, source)
        return article_from_text(text, source=source, default_title=path.name)
    raise BadInput(f"{source}: unsupported file type {suffix}; give .html, .txt or .md files")


def read_html_bytes(data: bytes, *, source: str, url: str | None = None) -> Article:
    """An article from the bytes of an HTML page (raw = those bytes)."""
    from factdesk.ingest.extract import extract_article

    if not data.strip():
        raise BadInput(f"{source}: the file is empty")
    if _has_nul(data):
        raise BadInput(f"{source}: binary data, not an HTML page")
    return extract_article(data, source=source, url=url)


def _read_bytes(path: Path, source: str) -> bytes:
    """A file's bytes, up to MAX_FILE_BYTES; BadInput for a missing, unreadable or larger
    file, or a folder."""
    try:
        if path.is_dir():
            raise BadInput(f"{source}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInput(
                f"{source}: the file is {size / 1048576:.0f} MB, more than the "
                f"{MAX_FILE_BYTES // 1048576} MB limit"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{source}: no such file") from None
    except PermissionError:
        raise BadInput(f"{source}: permission denied") from None
    except OSError as exc:
        raise BadInput(f"{source}: cannot be read ({exc.strerror or exc})") from None


def _has_nul(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def _decodes_as_text(data: bytes) -> bool:
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > 65530  # a character cut at the end of the sample
    return not _has_nul(data)


def decode_text(data: bytes, source: str) -> str:
    """Text file bytes as str: BOM, then UTF-8, then detection; BadInput for binary junk."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise BadInput(f"{source}: not valid {encoding.upper()} text") from None
    if _has_nul(data):
        raise BadInput(f"{source}: binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(detect_charset(data), errors="replace")


def article_from_text(
    text: str, *, source: str, title: str | None = None, default_title: str | None = None
) -> Article:
    """An article from plain text (pasted, stdin, .txt/.md): newlines normalised, posts
    found by their attribution lines, title = the first line if it reads like a title,
    else `default_title` (e.g. the file name)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # Undecodable bytes read from stdin arrive as lone surrogates (surrogateescape),
    # which no UTF-8 database or file can hold: they become U+FFFD, as a browser shows.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise BadInput(f"{source}: no text (the input is empty)")
    if "\x00" in text:
        raise BadInput(f"{source}: binary data, not text")
    return Article(
        source=source,
        text=text,
        title=title or title_from_text(text) or opening_words(text) or default_title,
        posts=find_text_posts(text),
    )


def title_from_text(text: str) -> str | None:
    """The first line as a title, when it reads like one: a Markdown heading, or a short
    line standing alone (followed by a blank line) that does not end like a sentence."""
    lines = text.strip().split("\n")
    first = lines[0].strip()
    if _MARKDOWN_HEADING.match(first):
        return _MARKDOWN_HEADING.sub("", first).strip().rstrip("#").strip() or None
    stands_alone = len(lines) == 1 or not lines[1].strip()
    if (
        stands_alone
        and len(lines) > 1
        and 0 < len(first) <= 150
        and len(first.split()) <= 20
        and not first.endswith((".", ",", ";", ":"))
    ):
        return first
    return None


def opening_words(text: str, limit: int = 90) -> str | None:
    """The article's first sentence, shortened at a word boundary: a title for text that
    has none, more telling to a fact-checker than a file name."""
    first = text.strip().split("\n", 1)[0].strip()
    first = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].rstrip(".")
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return first or None


def supported_files(folder: str | Path) -> list[Path]:
    """The files an import of `folder` reads (HTML, .html.gz, text, Markdown), in name
    order, searching sub-folders and skipping hidden files and folders."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder")
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        name = path.name.lower()
        if path.is_file() and name.endswith(HTML_SUFFIXES + TEXT_SUFFIXES):
            found.append(path)
    return found
