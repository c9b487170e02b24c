"""What a fetched or read page's bytes are: binary or text, and in which charset.

Used for pages fetched over HTTP (web.http) and for files read from disk (ingest)."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")

# Magic numbers of files that are not text, whatever their name or declared type says.
FILE_SIGNATURES = (
    (b"%PDF-", "PDF files"),
    (b"\x89PNG\r\n\x1a\n", "images"),
    (b"\xff\xd8\xff", "images"),
    (b"GIF87a", "images"),
    (b"GIF89a", "images"),
    (b"RIFF", "binary files"),
    (b"PK\x03\x04", "ZIP archives (and Office documents)"),
    (b"\x1f\x8b", "gzip archives"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archives"),
    (b"Rar!\x1a\x07", "RAR archives"),
    (b"BZh", "bzip2 archives"),
    (b"\xfd7zXZ\x00", "xz archives"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office documents"),
    (b"{\\rtf", "RTF documents"),
)


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file `data` starts like ("PDF files", "images", ...), or None."""
    for signature, kind in FILE_SIGNATURES:
        if data.startswith(signature):
            if signature == b"RIFF" and data[8:12] == b"WEBP":
                return "images"
            return kind
    if data[8:12] == b"WEBP" or data[4:12] in (b"ftypavif", b"ftypheic"):
        return "images"
    return None


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec_name(label: str | bytes | None) -> str | None:
    """A Python codec for a charset label, with the web's aliases (latin-1 means cp1252)."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    if label in ("iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        label = "windows-1252"  # as browsers do (WHATWG Encoding)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: BOM, then the declared (header) charset, then the page's own meta tag,
    then UTF-8, then detection. A declaration that does not decode the bytes is skipped."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    head = body[:65536]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = [_codec_name(declared), _codec_name(meta.group(1) if meta else None), "utf-8"]
    for candidate in candidates:
        if not candidate or candidate.startswith("utf-16"):  # a meta tag cannot say utf-16
            continue
        try:
            return body.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    name = detect_charset(body[:200_000])
    return body.decode(name, errors="replace"), name


def detect_charset(data: bytes) -> str:
    """The likeliest charset of undeclared, non-UTF-8 bytes. Among near-equal guesses the
    web's common legacy charset, windows-1252, wins (charset_normalizer alone often picks
    a sibling code page such as cp1250 for French or Spanish text)."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is not None:
        for match in matches:
            if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
                return "cp1252"
    if best is None or best.coherence == 0:  # no language recognised: too little to judge
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return (_codec_name(best.encoding) if best is not None else None) or "cp1252"
