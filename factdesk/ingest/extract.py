"""HTML page -> main text and metadata, with embedded posts kept where the page had them.

trafilatura (the best scorer on the Article Extraction Benchmark) finds the main text and
most metadata. Around it we do what it does not: embedded tweets are rewritten, before
extraction, into plain paragraphs in the sample's rendering ("TEXT — Name (@handle) Date"),
so they stay in the text and get offsets; paragraphs are separated by a blank line; and
JSON-LD / meta tags give the precise publication time, publisher, canonical URL and language.

The page is parsed once with lxml (trafilatura's own parser) rather than BeautifulSoup: a
second parse of the whole page would cost more than the time budget of the extraction.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from urllib.parse import urljoin

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
)
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from factdesk.errors import BadInput
from factdesk.ingest.jsonld import drop_unreadable_blocks, json_ld_documents
from factdesk.ingest.posts import (
    EmbeddedPost,
    find_text_posts,
    parse_tweet_blockquote,
    tweet_blockquotes,
)
from factdesk.model import Article, Post
from factdesk.web.text import decode_html

# trafilatura logs every page it gives up on at WARNING; our caller reports that itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "code", "div"}
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "report",
    "webpage",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
}


def extract_article(html: str | bytes, *, source: str, url: str | None = None) -> Article:
    """The main text, metadata and embedded posts of an HTML page.

    `source` is what the user gave (URL or file name, used in messages); `url` is the page's
    address when known (resolves relative links). BadInput if no article text is found.
    """
    if isinstance(html, bytes):
        raw = html
        html_text = decode_html(html)[0]
    else:
        raw = html.encode("utf-8")
        html_text = html
    if not html_text.strip():
        raise BadInput(f"{source}: the page is empty")
    # Already decoded: an XML declaration's encoding would make lxml decode it a second time.
    html_text = _XML_DECLARATION.sub("", html_text, count=1)
    tree = load_html(html_text)
    if tree is None and "<" in html_text:  # a fragment ("<p>...</p>") rather than a page
        tree = load_html(f"<html><body><div>{html_text}</div></body></html>")
    if tree is None:
        raise BadInput(f"{source}: not an HTML page")
    drop_unreadable_blocks(tree)  # one JSON-LD reader decides what the page's JSON-LD is

    meta = page_metadata(tree, url)
    embedded = _inline_tweets(tree)
    document = trafilatura.bare_extraction(
        tree, url=meta.get("url") or url, include_comments=False, include_tables=True
    )
    if not isinstance(document, trafilatura.settings.Document) or document.body is None:
        raise BadInput(f"{source}: no article text found in the page")
    text = _body_text(document.body)
    if not text.strip():
        raise BadInput(f"{source}: no article text found in the page")

    return Article(
        source=source,
        text=text,
        title=meta.get("title"),
        url=meta.get("url") or url,
        author=meta.get("author"),
        publisher=meta.get("publisher"),
        published=meta.get("published"),
        language=meta.get("language"),
        posts=locate_posts(text, embedded),
        raw=raw,
    )


# --- text --------------------------------------------------------------------------------


def _body_text(body) -> str:
    """trafilatura's output tree as text: one paragraph per block, a blank line between."""
    paragraphs: list[str] = []
    if body.text and body.text.strip():
        paragraphs.append(body.text.strip())
    for child in body:
        _render_block(child, paragraphs)
    return "\n\n".join(paragraphs)


def _render_block(element, paragraphs: list[str]) -> None:
    tail, element.tail = element.tail, None
    try:
        if element.tag in ("quote", "div") and any(c.tag in _BLOCK_TAGS for c in element):
            if element.text and element.text.strip():
                paragraphs.append(element.text.strip())
            for child in element:
                _render_block(child, paragraphs)
        else:
            rendered = xmltotxt(element, False).strip()
            if rendered:
                paragraphs.append(rendered)
    finally:
        element.tail = tail
    if tail and tail.strip():
        paragraphs.append(tail.strip())


# --- embedded tweets ---------------------------------------------------------------------


def _inline_tweets(tree: HtmlElement) -> list[EmbeddedPost]:
    """Replace each tweet embed by plain paragraphs (the last one ending with its
    attribution), so the extractor keeps it as text where the page had it."""
    posts = []
    for quote in tweet_blockquotes(tree):
        post = parse_tweet_blockquote(quote)
        parent = quote.getparent()
        if not post.paragraphs or parent is None:
            continue
        replacements = []
        for number, paragraph in enumerate(post.paragraphs, start=1):
            if number == len(post.paragraphs) and post.attribution:
                paragraph += " " + post.attribution
            element = etree.Element("p")
            lines = paragraph.split("\n")
            element.text = lines[0]
            for line in lines[1:]:
                etree.SubElement(element, "br").tail = line
            replacements.append(element)
        # Embed wrappers ("social-media-embed", "article-tweet" widgets) are what the
        # extractor prunes as boilerplate: put the paragraphs in the outermost one's place.
        embed = _embed_wrapper(quote)
        parent = embed.getparent()
        replacements[-1].tail = embed.tail
        position = parent.index(embed)
        parent.remove(embed)
        for offset, element in enumerate(replacements):
            parent.insert(position + offset, element)
        posts.append(post)
    return posts


_CONTAINER_TAGS = {"body", "html", "article", "main", "td", "li", "ul", "ol", "table"}


def _visible_length(element) -> int:
    """Characters of visible text, not counting whitespace, scripts and styles."""

    def length(node) -> int:
        return len("".join(node.text_content().split()))

    hidden = sum(length(e) for e in element.iter("script", "style", "noscript"))
    return length(element) - hidden


def _embed_wrapper(quote):
    """The outermost ancestor of an embed that holds nothing but the embed (at most 4 up)."""
    node = quote
    own_length = _visible_length(quote)
    for _ in range(4):
        parent = node.getparent()
        if parent is None or parent.getparent() is None or parent.tag in _CONTAINER_TAGS:
            break
        if _visible_length(parent) > own_length + 20:  # it holds article text too
            break
        node = parent
    return node


def locate_posts(text: str, embedded: list[EmbeddedPost]) -> list[Post]:
    """Posts with their offsets in the extracted text (posts the extractor dropped are left
    out: a post without a place in the text cannot carry claims)."""
    located: list[Post] = []
    cursor = 0
    text_posts = None
    for post in embedded:
        # Text and attribution together: the article may quote the post's words elsewhere.
        span = _find_flexible(text, post.text, cursor, followed_by=post.attribution)
        if span is None:
            # The extractor rewrote the post's text: fall back to its attribution line.
            if text_posts is None:
                text_posts = find_text_posts(text)
            match = next(
                (p for p in text_posts if p.handle == post.handle and p.start >= cursor), None
            )
            if match is None:
                continue
            span = (match.start, match.end)
        start, end = span
        located.append(
            Post(
                author=post.author,
                handle=post.handle,
                date=post.date,
                url=post.url,
                text=text[start:end],
                start=start,
                end=end,
            )
        )
        cursor = end
    return located


def _find_flexible(
    text: str, wanted: str, cursor: int, *, followed_by: str = ""
) -> tuple[int, int] | None:
    """(start, end) of `wanted` in `text` from `cursor`, where `followed_by` comes next;
    any run of whitespace matches where they have whitespace (the extractor may reflow)."""
    if not wanted.strip():
        return None
    exact = text.find(f"{wanted} {followed_by}" if followed_by else wanted, cursor)
    if exact >= 0:
        return exact, exact + len(wanted)

    def flexible(words: str) -> str:
        return r"\s+".join(re.escape(word) for word in words.split())

    pattern = f"({flexible(wanted)})"
    if followed_by.strip():
        pattern += r"\s+" + flexible(followed_by)
    match = re.compile(pattern).search(text, cursor)
    return match.span(1) if match else None


# --- metadata ----------------------------------------------------------------------------


def page_metadata(tree: HtmlElement, url: str | None = None) -> dict[str, str]:
    """Title, author, publisher, published, url (canonical) and language of a page.

    The page's own statements first (JSON-LD, meta tags, link rel=canonical, html lang);
    trafilatura's heuristics (slower: they scan the whole page) only for what is missing.
    """
    meta: dict[str, str | None] = dict(_stated_metadata(tree, url))
    stated = extract_meta_json(tree, examine_meta(tree))
    if stated.author and " " not in stated.author:
        stated.author = None  # a single word is more often a site than a person
    # trafilatura's title is cleaned of " | Site" suffixes; a JSON-LD headline is next best
    meta["title"] = stated.title or meta.get("title") or extract_title(tree)
    author = meta.get("author") or stated.author or extract_author(tree)
    meta["author"] = author
    meta.setdefault("publisher", (stated.sitename or extract_sitename(tree) or "").lstrip("@"))
    if not meta.get("url") and stated.url and stated.url.startswith(("http://", "https://")):
        meta["url"] = stated.url
    if not meta.get("published"):
        found = find_date(
            tree,
            url=meta.get("url") or url,
            original_date=True,
            extensive_search=False,
            max_date=dt.date.today().isoformat(),
        )
        meta["published"] = _iso_date(found)
    return {key: value for key, value in meta.items() if value}


def _stated_metadata(tree: HtmlElement, url: str | None) -> dict[str, str]:
    """What the page states about itself in JSON-LD, meta tags and link rel=canonical."""
    meta: dict[str, str] = {}
    jsonld = _jsonld_article(tree)

    canonical = _first(tree.xpath("//link[@rel='canonical']/@href")) or _first(
        tree.xpath("//meta[@property='og:url']/@content")
    )
    if canonical:
        absolute = urljoin(url or "", canonical.strip())
        if absolute.startswith(("http://", "https://")):
            meta["url"] = absolute

    published = (
        jsonld.get("datePublished")
        or _first(tree.xpath("//meta[@property='article:published_time']/@content"))
        or _first(tree.xpath("//meta[@itemprop='datePublished']/@content"))
        or _first(tree.xpath("//time[@itemprop='datePublished']/@datetime"))
    )
    if published := _iso_date(published):
        meta["published"] = published

    publisher = jsonld.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    publisher = publisher or _first(tree.xpath("//meta[@property='og:site_name']/@content"))
    if isinstance(publisher, str) and publisher.strip():
        meta["publisher"] = publisher.strip()

    if author := _jsonld_names(jsonld.get("author")):
        meta["author"] = author
    headline = jsonld.get("headline") or _first(tree.xpath("//meta[@property='og:title']/@content"))
    if isinstance(headline, str) and headline.strip():
        meta["title"] = headline.strip()

    language = (
        _first(tree.xpath("/html/@lang"))
        or _first(tree.xpath("//meta[@http-equiv='content-language']/@content"))
        or _first(tree.xpath("//meta[@property='og:locale']/@content"))
        or jsonld.get("inLanguage")
    )
    if isinstance(language, str) and (language := _language_tag(language)):
        meta["language"] = language
    return meta


def _first(values: list) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _jsonld_article(tree: HtmlElement) -> dict:
    """The first article-like object in the page's JSON-LD (searching @graph and lists)."""
    for data in json_ld_documents(tree):
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                is_article = any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types)
                if is_article and (item.get("datePublished") or item.get("headline")):
                    return item
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [])
    return {}


def _jsonld_names(value) -> str | None:
    """JSON-LD author(s) as "A; B" (trafilatura's convention)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return "; ".join(names) or None


def _language_tag(value: str) -> str | None:
    tag = value.split(",")[0].strip().replace("_", "-")
    if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        primary, _, rest = tag.partition("-")
        return primary.lower() + (
            f"-{rest.upper()}" if len(rest) == 2 else f"-{rest}" if rest else ""
        )
    return None


def _iso_date(value) -> str | None:
    """An ISO 8601 date or datetime from what a page says, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not match:
            return None
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    if len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()
