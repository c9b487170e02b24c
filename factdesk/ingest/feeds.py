"""RSS and Atom feeds read with feedparser: the items' links, titles and dates, bounded.

A feed is untrusted: only http(s) links are kept (credentials removed), titles on one
line and cut, at most MAX_ITEMS items; a document that is not a feed is one clear line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from factdesk.errors import BadInput
from factdesk.untrusted import clean_text, clean_url

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "text/html",  # servers label feeds as anything; the parser decides
    "text/plain",
)
MAX_ITEMS = 500


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    published: str | None  # ISO date-time in UTC, when the feed says


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]


def parse_feed(body: bytes, *, source: str) -> Feed:
    """The items of an RSS or Atom document, newest first as the feed lists them."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        raise BadInput(f"{source}: not an RSS or Atom feed")
    items, seen = [], set()
    for entry in parsed.entries[:MAX_ITEMS]:
        link = clean_url(urljoin(source, str(entry.get("link") or "")))
        if link is None or link in seen:
            continue
        seen.add(link)
        items.append(FeedItem(link, clean_text(entry.get("title"), 300), _when(entry)))
    return Feed(clean_text(parsed.feed.get("title"), 200), items)


def _when(entry) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in stamp[:6])
        when = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None
    return when.isoformat(timespec="seconds") if when.year > 1970 else None
