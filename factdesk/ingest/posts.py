"""Social posts quoted in articles: embedded tweets in HTML and their plain-text rendering.

Two shapes are recognised:

* HTML: Twitter's embed code, ``<blockquote class="twitter-tweet">`` holding the post's
  paragraphs and an attribution ``— Name (@handle) <a href=".../status/ID">Month D, YYYY</a>``.
* Plain text: the same embed as text, ``TEXT — Name (@handle) Month D, YYYY``, where TEXT
  may run over several paragraphs before the attribution (see `find_text_posts`).

A `Post` found in text follows one convention, which the claims splitter relies on:
``article_text[post.start:post.end] == post.text`` is the post's own words only; the
attribution `` — Name (@handle) Date`` follows after ``end`` and is not part of the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import lxml.html
from lxml.etree import XPath

from factdesk.model import Post

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_NAMES = {m.casefold(): n for n, m in enumerate(MONTHS, 1)} | {
    m[:3].casefold(): n for n, m in enumerate(MONTHS, 1)
}
_MONTH_NAMES["sept"] = 9
_MONTH_PATTERN = "|".join(MONTHS + [m[:3] for m in MONTHS] + ["Sept"])  # "November", "Nov"
DATE_PATTERN = rf"(?:{_MONTH_PATTERN})\.? \d{{1,2}}, \d{{4}}"

# " — Name (@handle) November 26, 2019" at the end of a paragraph (or alone in one).
# The name may hold emoji, hashtags and hyphens, but no em/en dash and no line break.
ATTRIBUTION = re.compile(
    rf"(?:^|[ \t\u00a0]+)[—–][ \t\u00a0]*(?P<name>[^—–\n]*?)[ \t\u00a0]*"
    rf"\(@(?P<handle>\w{{1,15}})\)"
    rf"(?:[ \t\u00a0]+(?P<date>{DATE_PATTERN}))?[ \t\u00a0]*$"
)

# Twitter's limit for one post; a link counts as 23 characters whatever its length.
TWEET_LIMIT = 280
LINK_LENGTH = 23
_LINK = re.compile(r"https?://\S+")
_MEDIA_LINK = re.compile(r"\bpic\.twitter\.com/\w+")

# What makes a paragraph sound like a post rather than the article's own prose.
_SOCIAL_MARKER = re.compile(
    r"(?:^|\s)[#@]\w|https?://|pic\.twitter\.com/|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
)
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|I've|I’ve|I'll|I’ll|I'd|I’d)\b|\b(?i:me|my|we|our|us)\b"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")

STATUS_URL = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?P<host>twitter\.com|x\.com)/(?P<handle>\w{1,15})"
    r"/status(?:es)?/(?P<id>\d+)",
    re.IGNORECASE,
)


@dataclass
class EmbeddedPost:
    """A post embedded in an HTML page, before it has a place in the extracted text."""

    author: str | None
    handle: str | None  # with its "@"
    date: str | None  # ISO 8601 date
    url: str | None  # the status URL, without tracking parameters
    paragraphs: list[str] = field(default_factory=list)
    date_text: str | None = None  # the date as the page wrote it, e.g. "November 18, 2019"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def attribution(self) -> str:
        """The post's attribution as the plain-text rendering writes it."""
        parts = [self.author or ""]
        if self.handle:
            parts.append(f"({self.handle})")
        if self.date_text:
            parts.append(self.date_text)
        known = " ".join(p for p in parts if p)
        return f"— {known}" if known else ""


def parse_post_date(text: str | None) -> str | None:
    """'November 26, 2019' (or 'Nov. 26, 2019') as '2019-11-26'; None if it is not such a date."""
    if not text:
        return None
    match = re.fullmatch(r"(?P<month>[A-Za-z]+)\.? (?P<day>\d{1,2}), (?P<year>\d{4})", text.strip())
    if not match:
        return None
    month = _MONTH_NAMES.get(match["month"].casefold())
    if month is None:
        return None
    try:
        day = dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
    return day.isoformat()


# --- embedded posts in HTML ---------------------------------------------------------------

_TWEET_BLOCKQUOTES = XPath(
    "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')]"
)


def tweet_blockquotes(tree) -> list:
    """The `blockquote.twitter-tweet` elements of an lxml tree (CSS rules and buttons aside)."""
    return _TWEET_BLOCKQUOTES(tree)


_LINE_BREAK = "\x00"  # a <br>, while the text is put together
_PARAGRAPH_BREAK = "\x01"  # a <p> boundary


def _glued(pieces: list[str], link_text: str | None) -> bool:
    """Would a link's text ("#tag", "https://...") stick to the word before it?"""
    before = "".join(pieces[-2:])
    return bool(
        before
        and not before[-1].isspace()
        and before[-1] not in (_LINE_BREAK, _PARAGRAPH_BREAK)
        and re.match(r"\s*(?:[#@$]\w|https?://|pic\.twitter\.com/)", link_text or "")
    )


def _element_paragraphs(element) -> list[str]:
    """The text of an element as paragraphs: separate <p>s or <br><br> split paragraphs,
    a single <br> stays a line break inside one; other whitespace is just a space."""
    pieces: list[str] = []

    def add_text(text: str | None) -> None:
        if text:
            pieces.append(re.sub(r"\s+", " ", text.replace(_LINE_BREAK, " ")))

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "br":
            pieces.append(_LINE_BREAK)
        elif tag and tag not in ("script", "style", "noscript"):
            if tag == "p":
                pieces.append(_PARAGRAPH_BREAK)
            if tag == "a" and _glued(pieces, node.text):
                pieces.append(" ")  # Twitter shows links and hashtags apart from the words
            add_text(node.text)
            for child in node:
                walk(child)
            if tag == "p":
                pieces.append(_PARAGRAPH_BREAK)
        if node is not element:
            add_text(node.tail)

    walk(element)
    text = "".join(pieces).replace(_LINE_BREAK * 2, _PARAGRAPH_BREAK)
    paragraphs = []
    for block in re.split(rf"(?:[ ]*{_PARAGRAPH_BREAK}[ ]*)+", text):
        lines = [line.strip() for line in block.split(_LINE_BREAK)]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def parse_tweet_blockquote(blockquote) -> EmbeddedPost:
    """Read one `blockquote.twitter-tweet` (an lxml element) into an `EmbeddedPost`."""
    status_url = None
    status_link = None
    for link in blockquote.iter("a"):
        match = STATUS_URL.match(link.get("href") or "")
        if match:
            status_url = f"https://{match['host'].lower()}/{match['handle']}/status/{match['id']}"
            status_link = link
    paragraphs = _element_paragraphs(blockquote)
    author = handle = date_text = None
    # The attribution is the last paragraph, or the end of it when the embed code left it
    # loose after the post's <p> ("...</p>— Name (@handle) <a>Date</a>").
    if paragraphs:
        last = paragraphs[-1]
        match = ATTRIBUTION.search(last)
        if match:
            author = match["name"].strip() or None
            handle = "@" + match["handle"]
            date_text = match["date"]
            rest = last[: match.start()].rstrip()
            paragraphs = paragraphs[:-1] + ([rest] if rest else [])
    if date_text is None and status_link is not None:
        date_text = " ".join(status_link.text_content().split()) or None
    status_match = STATUS_URL.match(status_url) if status_url else None
    if handle is None and status_match:
        handle = "@" + status_match["handle"]
    return EmbeddedPost(
        author=author,
        handle=handle,
        date=parse_post_date(date_text),
        url=status_url,
        paragraphs=paragraphs,
        date_text=date_text,
    )


def find_embedded_posts(html: str | bytes) -> list[EmbeddedPost]:
    """The tweets embedded in a page as `blockquote.twitter-tweet`, in page order.

    Pages that mention "twitter-tweet" only in CSS or share buttons give none.
    """
    if isinstance(html, bytes):
        from factdesk.web.text import decode_html

        html = decode_html(html)[0]
    if not html.strip():
        return []
    tree = lxml.html.fromstring(html.encode("utf-8"), parser=_utf8_parser())
    return [parse_tweet_blockquote(quote) for quote in tweet_blockquotes(tree)]


def _utf8_parser():
    return lxml.html.HTMLParser(encoding="utf-8")


# --- posts in plain text ------------------------------------------------------------------


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (blocks separated by blank lines), trimmed of spaces."""
    spans = []
    for match in re.finditer(r"[^\n]+(?:\n(?![ \t\u00a0]*\n)[^\n]*)*", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def _tweet_length(text: str) -> int:
    """Length as Twitter counts it: links are 23 characters, attached media not at all."""
    text = _MEDIA_LINK.sub("", text)
    return len(_LINK.sub("x" * LINK_LENGTH, text))


def _sounds_like_a_post(paragraph: str) -> bool:
    """A post carries a hashtag, mention, link or emoji, or speaks in the first person;
    an article's lead-in ("Others called out ...") describes others in the third person."""
    if _SOCIAL_MARKER.search(paragraph):
        return True
    return bool(_FIRST_PERSON.search(_QUOTED.sub(" ", paragraph)))


def find_text_posts(text: str) -> list[Post]:
    """Posts quoted in plain text as ``TEXT — Name (@handle) Month D, YYYY``.

    The post ends where its attribution begins. It starts at the beginning of the
    attribution's paragraph and may take in earlier paragraphs: going back from the
    attribution over the paragraphs since the previous post (never across one), the
    candidates are those that keep the post within Twitter's 280 characters and do not
    end with a colon (an introduction); the post starts at the earliest candidate that
    sounds like a post (a hashtag, mention, link or emoji, or first-person words outside
    quotation marks), so an article's own lead-in sentence stays outside it. When the
    attribution stands alone in its paragraph, the post is the paragraph(s) before it.
    """
    posts: list[Post] = []
    spans = _paragraph_spans(text)
    boundary = 0  # index of the first paragraph after the previous post
    for index, (para_start, para_end) in enumerate(spans):
        paragraph = text[para_start:para_end]
        match = ATTRIBUTION.search(paragraph)
        if not match:
            continue
        own_end = para_start + match.start()
        first = index if own_end > para_start else index - 1
        if first < boundary:
            boundary = index + 1
            continue  # an attribution with no post text before it
        length = _tweet_length(text[spans[first][0] : own_end])
        start_index = first
        candidate = first
        while candidate - 1 >= boundary:
            previous_start, previous_end = spans[candidate - 1]
            previous = text[previous_start:previous_end]
            if previous.endswith(":") or ATTRIBUTION.search(previous):
                break
            length += _tweet_length(previous) + 2
            if length > TWEET_LIMIT:
                break
            candidate -= 1
            if _sounds_like_a_post(previous):
                start_index = candidate
        start = spans[start_index][0]
        end = own_end if own_end > para_start else spans[first][1]
        while end > start and text[end - 1].isspace():
            end -= 1
        posts.append(
            Post(
                author=match["name"].strip() or None,
                handle="@" + match["handle"],
                date=parse_post_date(match["date"]),
                url=None,
                text=text[start:end],
                start=start,
                end=end,
            )
        )
        boundary = index + 1
    return posts
