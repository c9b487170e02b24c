"""Published fact-checks read from what sites publish: schema.org ClaimReview in JSON or
JSON-LD documents, in HTML pages, or a Google Fact Check Tools `claims:search` response.

Real sites bend the schema: ratings on a -1/-1 "scale" (no number), `"@type": "rating"`
or a `rating` key, `type` without the @, dates in year 1 meaning "unknown", a page
headline ("Fact Check: Is ...?") as `claimReviewed`, and authors as strings, objects or
lists. Every field of the result is checked and tidied (untrusted.clean_prior_check).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any
from urllib.parse import urlsplit

from factdesk.errors import BadInput
from factdesk.ingest.jsonld import json_ld_documents, parse_page
from factdesk.model import PriorCheck
from factdesk.untrusted import clean_prior_check, clean_url, load_json


def parse_claimreview(text: str, *, source: str) -> list[PriorCheck]:
    """The published fact-checks in `text`: a JSON or JSON-LD document (one object, an
    array, an @graph, or a Fact Check Tools API response) or an HTML page (its
    `<script type="application/ld+json">` blocks). `source` names the input in errors.

    Raises BadInput when `text` holds no ClaimReview, or JSON that is invalid or nested
    too deeply. Every field of the result is checked and tidied (see clean_prior_check):
    text on one line without control characters and of bounded length, http(s) links
    without credentials, ISO dates; reviews without a claim or a link are left out.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    page = _PageFacts()
    if stripped.startswith(("{", "[")):
        documents = [load_json(stripped, source=source)]
    elif stripped.startswith("<"):
        documents, page = _json_ld_blocks(stripped)
    else:
        raise BadInput(f"{source}: neither JSON nor an HTML page")

    checks: list[PriorCheck] = []
    seen: set[tuple[str, str]] = set()
    for document in documents:
        for check in _checks_in(document, page):
            key = (check.url, check.claim_text)
            if key not in seen:
                seen.add(key)
                checks.append(check)
    if not checks:
        raise BadInput(f"{source}: no ClaimReview found")
    return checks


class _PageFacts:
    """What the rest of an HTML page says that a ClaimReview may leave out."""

    def __init__(self) -> None:
        self.canonical_url: str | None = None
        self.language: str | None = None
        self.headlines: list[str] = []


def _json_ld_blocks(html: str) -> tuple[list[Any], _PageFacts]:
    tree = parse_page(html)
    page = _PageFacts()
    if tree is None:
        return [], page
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    if canonical:
        page.canonical_url = clean_url(str(canonical[0]))
    language = tree.get("lang") if tree.tag == "html" else None
    if language:
        page.language = str(language)
    documents = json_ld_documents(tree)
    for document in documents:
        for node in _walk(document):
            headline = _text(_get(node, "headline") or _get(node, "name"))
            if headline and _types(node) & _PAGE_TYPES:
                page.headlines.append(headline)
    # The <title> often carries the site's name too: use it only when nothing better.
    title = _one_line(tree.findtext(".//title") or "")
    if title:
        page.headlines.append(title)
    return documents, page


_PAGE_TYPES = {"newsarticle", "article", "webpage", "reportagenewsarticle", "blogposting"}


def _one_line(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _walk(node: Any):
    """Every JSON object in `node`, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _checks_in(node: Any, page: _PageFacts):
    """PriorChecks from every ClaimReview (or API claim) found anywhere in `node`."""
    if isinstance(node, list):
        for value in node:
            yield from _checks_in(value, page)
        return
    if not isinstance(node, dict):
        return
    if "claimreview" in _types(node):
        check = _from_claimreview(node, page)
        if check is not None:
            yield check
        return
    if isinstance(node.get("claimReview"), list) and isinstance(node.get("text"), str):
        yield from _from_api_claim(node)
        return
    for value in node.values():
        yield from _checks_in(value, page)


def _get(node: Any, key: str) -> Any:
    """node[key] matched case-insensitively, with or without a leading @ (sites differ)."""
    if not isinstance(node, dict):
        return None
    if key in node:
        return node[key]
    wanted = key.lstrip("@").casefold()
    for name, value in node.items():
        if isinstance(name, str) and name.lstrip("@").casefold() == wanted:
            return value
    return None


def _types(node: Any) -> set[str]:
    kind = _get(node, "@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].casefold() for k in kinds if isinstance(k, str)}


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any) -> str | None:
    """A string field as one tidy line; None when absent or empty."""
    value = _first(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    return _one_line(value) or None


def _name(value: Any) -> str | None:
    """A Person/Organization's name from a string, an object or a list of them."""
    if isinstance(value, list):
        names = [name for name in (_name(v) for v in value) if name]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _text(_get(value, "name"))
    return _text(value)


def _url_of(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return clean_url(_text(_get(value, "url")) or _text(_get(value, "@id")))
    return clean_url(_text(value))


def _date(value: Any) -> str | None:
    """An ISO 8601 date or timestamp, tidied; None for year 1 (used for "unknown")
    and for anything unparseable."""
    text = _text(value)
    if not text:
        return None
    candidate = text.replace(" ", "T", 1).replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(candidate)
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text[:10]), dt.time())
        except ValueError:
            return None
        candidate = text[:10]
    if parsed.year <= 1:
        return None
    return parsed.date().isoformat() if len(candidate) == 10 else parsed.isoformat()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _language(value: Any) -> str | None:
    """The primary language subtag ("en" from "en-US" or the odd "en-Poly")."""
    text = _text(value)
    if not text:
        return None
    primary = re.split(r"[-_]", text, maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


_HEADLINE_PREFIX = re.compile(r"^\s*fact[\s-]*check(?:ed)?\s*[:|\-–—]\s*", re.IGNORECASE)
_WRAPPING_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}


def _claim_text(raw: str) -> str:
    """The claim itself: a "Fact Check:" headline prefix and wrapping quotes removed."""
    text = _HEADLINE_PREFIX.sub("", raw).strip()
    if len(text) > 2 and _WRAPPING_QUOTES.get(text[0]) == text[-1]:
        inner = text[1:-1].strip()
        if text[0] not in inner and text[-1] not in inner:
            text = inner
    return text or raw


def _rating(review: dict) -> str | None:
    rating = _first(_get(review, "reviewRating") or _get(review, "rating"))
    if isinstance(rating, str):
        return _text(rating)
    if not isinstance(rating, dict):
        return None
    label = _text(_get(rating, "alternateName")) or _text(_get(rating, "name"))
    if label:
        return label
    value = _number_or_none(_get(rating, "ratingValue"))
    best = _number_or_none(_get(rating, "bestRating"))
    # -1 everywhere is how some sites say "no number on this scale".
    if value is None or value < 0:
        return None
    if best is not None and best > 0:
        return f"{_number(value)}/{_number(best)}"
    return str(_number(value))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _number_or_none(value: Any) -> float | None:
    try:
        number = float(_first(value))
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _from_claimreview(review: dict, page: _PageFacts) -> PriorCheck | None:
    item = _first(_get(review, "itemReviewed"))
    item = item if isinstance(item, dict) else {}
    headline = _text(_get(review, "headline")) or _text(_get(review, "name"))
    raw_claim = _text(_get(review, "claimReviewed")) or _text(_get(item, "name")) or headline
    if not raw_claim:
        return None
    claim_text = _claim_text(raw_claim)
    title = headline
    if title is None and claim_text != raw_claim:
        title = raw_claim  # the headline was standing in for the claim
    if title is None and page.headlines:
        title = page.headlines[0]

    author = _first(_get(review, "author"))
    publisher_node = _first(_get(review, "publisher"))
    publisher = _name(author) or _name(publisher_node)
    url = (
        _url_of(_get(review, "url"))
        or _url_of(_get(review, "mainEntityOfPage"))
        or clean_url(_text(_get(review, "@id")))
        or page.canonical_url
        or ""
    )
    site = _host(_url_of(author) or _url_of(publisher_node) or url)
    claimant = _name(_get(item, "author")) or _name(_get(review, "claimant"))
    claim_date = _date(_get(item, "datePublished")) or _date(_get(item, "dateCreated"))
    return clean_prior_check(
        PriorCheck(
            claim_text=claim_text,
            url=url,
            claimant=claimant,
            claim_date=claim_date,
            publisher=publisher or site,
            site=site,
            title=title,
            review_date=_date(_get(review, "datePublished")),
            rating=_rating(review),
            language=_language(_get(review, "inLanguage")) or _language(page.language),
        )
    )


def _from_api_claim(claim: dict):
    """PriorChecks from one claim of a Google Fact Check Tools `claims:search` response."""
    for review in claim.get("claimReview") or []:
        if not isinstance(review, dict):
            continue
        publisher: dict = review["publisher"] if isinstance(review.get("publisher"), dict) else {}
        url = clean_url(_text(review.get("url"))) or ""
        check = clean_prior_check(
            PriorCheck(
                claim_text=_text(claim.get("text")) or "",
                url=url,
                claimant=_text(claim.get("claimant")),
                claim_date=_date(claim.get("claimDate")),
                publisher=_text(publisher.get("name")) or _host(url),
                site=_text(publisher.get("site")) or _host(url),
                title=_text(review.get("title")),
                review_date=_date(review.get("reviewDate")),
                rating=_text(review.get("textualRating")),
                language=_language(review.get("languageCode")),
            )
        )
        if check is not None:
            yield check
