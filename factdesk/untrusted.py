"""Reading what strangers hand us, with bounds: gzip with a cap on the decompressed size,
JSON with a cap on nesting, URLs without credentials, text without control characters.

Pure functions on bytes and strings (no I/O), so every layer may use them: ingest and
evidence for pages, report for ClaimReview, store for bundles and stored URLs.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import unicodedata
import zlib
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from factdesk.errors import BadInput
from factdesk.model import PriorCheck

# Deep enough for any real JSON-LD (schema.org graphs nest a dozen levels at most),
# far below Python's recursion limit, which json and every tree walk would hit.
MAX_JSON_DEPTH = 100
MAX_URL_CHARS = 2048
_GZIP_STEP = 256 * 1024  # decompressed bytes produced per step, so a bomb is caught early

# A JSON string, its escapes included (the unrolled form runs in linear time).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET_WEIGHTS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_URL_WHITESPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def size_words(size: float) -> str:
    """A byte count as people say it: "20 MB", "640 KB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{size / 1024:.0f} KB"


# --- gzip ------------------------------------------------------------------------------


def gunzip(data: bytes, *, limit: int, source: str) -> bytes:
    """The gzip `data` decompressed, stopping as soon as it grows past `limit` bytes
    (a small file can hold gigabytes of zeros). Several members are read one after
    the other, as gzip does. BadInput naming `source` for damaged data or too much."""
    out = bytearray()
    rest = data
    while True:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while rest and not inflater.eof:
                out += inflater.decompress(rest, _GZIP_STEP)
                rest = inflater.unconsumed_tail
                if len(out) > limit:
                    raise BadInput(
                        f"{source}: more than {size_words(limit)} once decompressed; "
                        "not read (the limit keeps a small file from filling the memory)"
                    )
        except zlib.error:
            raise BadInput(f"{source}: not a valid gzip file (its data is damaged)") from None
        if not inflater.eof:
            raise BadInput(f"{source}: not a valid gzip file (it is cut short)")
        rest = inflater.unused_data.lstrip(b"\x00")  # some tools pad members with zeros
        if not rest:
            return bytes(out)


# --- JSON ------------------------------------------------------------------------------


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON `text` (brackets in strings ignored).
    Linear in the length, at C speed; an unclosed bracket counts as a level."""
    # Openers weigh 2, closers 0: after i brackets the running sum minus i is the depth.
    brackets = (
        _JSON_STRING.sub("", text)
        .encode("utf-8", "surrogatepass")
        .translate(_BRACKET_WEIGHTS, _NOT_BRACKETS)
    )
    return max(map(operator.sub, itertools.accumulate(brackets), itertools.count(1)), default=0)


def load_json(text: str, *, source: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON `text` as Python values; BadInput naming `source` when it is not JSON, nests
    deeper than `max_depth`, or holds a number Python will not read (thousands of digits).
    Raw control characters inside strings are accepted, as pages write them."""
    if json_depth(text) > max_depth:
        raise BadInput(f"{source}: JSON nested more than {max_depth} levels deep; not read")
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as error:
        raise BadInput(f"{source}: not valid JSON ({error})") from None
    except (ValueError, RecursionError) as error:  # e.g. an integer of 5,000 digits
        raise BadInput(f"{source}: not valid JSON ({str(error)[:120]})") from None


# --- URLs ------------------------------------------------------------------------------


def has_credentials(url: str) -> bool:
    """Whether `url` carries a user name or password ("https://user:pass@host/")."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return False
    return "@" in netloc


def without_credentials(url: str) -> str:
    """`url` without its user name and password, which would be stored and published
    with the link; anything else is left as it is."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def clean_url(value: Any) -> str | None:
    """`value` as a link worth keeping: an absolute http(s) URL with a host, no spaces or
    control characters, at most MAX_URL_CHARS long, credentials removed; else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL_CHARS or _URL_WHITESPACE_OR_CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return without_credentials(url)


# --- text ------------------------------------------------------------------------------


def clean_text(value: Any, limit: int) -> str | None:
    """`value` as one line of text fit to store and show: control characters, lone
    surrogates (not UTF-8) and invisible format characters removed, whitespace runs made
    one space, cut to `limit` characters at a word boundary; None when nothing is left."""
    if not isinstance(value, str):
        return None
    if not value.isprintable():
        value = "".join(
            char if char.isspace() or unicodedata.category(char) not in ("Cc", "Cs", "Cf")
            else " " if unicodedata.category(char) == "Cc" else ""
            for char in value
        )  # fmt: skip
    text = " ".join(value.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text or None


# --- published fact-checks -----------------------------------------------------------------

# Longest kept, in characters: claims are a sentence or a paragraph, the rest one line.
_LIMITS = {
    "claim_text": 2000,
    "claimant": 300,
    "publisher": 300,
    "site": 255,
    "title": 500,
    "rating": 200,
}
_ISO_DATE = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
)
_LANGUAGE = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*", re.IGNORECASE)


def clean_prior_check(check: PriorCheck) -> PriorCheck | None:
    """A published fact-check from a stranger (a page, a file, a search service) made safe
    to keep and show: every text field one line of bounded length without control
    characters, the link an http(s) URL without credentials, dates ISO 8601, the language
    a primary subtag. None when it has no claim text or no usable link."""
    url = clean_url(check.url)
    text = {name: clean_text(getattr(check, name), limit) for name, limit in _LIMITS.items()}
    claim_text = text["claim_text"]
    if url is None or claim_text is None:
        return None
    language = _LANGUAGE.fullmatch(check.language) if isinstance(check.language, str) else None
    return replace(
        check,
        claim_text=claim_text,
        url=url,
        claimant=text["claimant"],
        publisher=text["publisher"],
        site=text["site"],
        title=text["title"],
        rating=text["rating"],
        claim_date=_iso_date(check.claim_date),
        review_date=_iso_date(check.review_date),
        language=language[1].lower() if language else None,  # the primary subtag
    )


def _iso_date(value: Any) -> str | None:
    return value if isinstance(value, str) and _ISO_DATE.fullmatch(value) else None
