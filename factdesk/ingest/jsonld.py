"""The one JSON-LD reader: the `<script type="application/ld+json">` blocks of a page as
JSON values, read with a cap on nesting (a deeply nested block is skipped, never a
RecursionError) and the leniency pages need (HTML comments or CDATA markers around the
JSON, raw newlines in strings, trailing commas). One broken block never hides the others.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from factdesk.errors import BadInput
from factdesk.untrusted import json_depth, load_json

# Deep enough for any real JSON-LD (schema.org graphs nest a dozen levels at most).
MAX_BLOCK_DEPTH = 100
_WRAPPER = re.compile(r"^(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)$")


def parse_page(html: str) -> HtmlElement | None:
    """An HTML page as an lxml tree (None when there is nothing to parse)."""
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def json_ld_documents(tree: HtmlElement | None) -> list[Any]:
    """Every JSON-LD block of the page that reads as JSON, in page order."""
    return [document for _script, document in _blocks(tree) if document is not None]


def drop_unreadable_blocks(tree: HtmlElement) -> None:
    """Remove the JSON-LD blocks this reader refuses (too deep, not JSON) from the page, so
    that no other reader of the tree (trafilatura's metadata) meets them."""
    for script, document in _blocks(tree):
        if document is None and script.getparent() is not None:
            script.getparent().remove(script)


def _blocks(tree: HtmlElement | None) -> list[tuple[HtmlElement, Any]]:
    if tree is None:
        return []
    found = []
    for script in tree.iter("script"):
        kind = str(script.get("type") or "").strip().lower()
        if kind == "application/ld+json":
            body = _WRAPPER.sub("", (script.text or "").strip()).strip()
            found.append((script, lenient_json(body)))
    return found


def lenient_json(text: str) -> Any:
    """JSON as hand-written into pages: raw newlines in strings, trailing commas. None if
    it still is not JSON, or nests more than MAX_BLOCK_DEPTH levels deep."""
    if not text or json_depth(text) > MAX_BLOCK_DEPTH:
        return None
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return load_json(attempt, source="", max_depth=MAX_BLOCK_DEPTH)
        except BadInput:
            continue
    return None
