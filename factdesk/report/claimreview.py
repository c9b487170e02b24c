"""schema.org ClaimReview: export rated claims as JSON-LD, import published ones.

Export follows Google's Fact Check markup guidelines (claimReviewed,
reviewRating.alternateName and url are required there). Import reads what real
sites publish, which bends the schema: ratings on a -1/-1 "scale" (no number),
`"@type": "rating"` or a `rating` key, `type` without the @, dates in year 1 meaning
"unknown", a page headline ("Fact Check: Is ...?") as `claimReviewed`, and authors as
strings, objects or lists. It also reads a Google Fact Check Tools `claims:search` response.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from bs4 import BeautifulSoup

from factdesk.errors import BadInput
from factdesk.model import PriorCheck
from factdesk.report.data import (
    Report,
    ReportItem,
    author_name,
    date_part,
    json_for_html,
    one_line,
    safe_url,
)
from factdesk.untrusted import clean_prior_check, json_depth, load_json

SCHEMA_CONTEXT = "https://schema.org"

# Words that mark a speaker as an organisation rather than a person.
_ORGANISATION_WORDS = frozenset(
    """office offices ministry ministries department party council committee commission
    agency government administration parliament senate congress assembly cabinet embassy
    police army navy campaign inc ltd llc plc gmbh corp corporation company co group
    association union federation foundation institute university college school hospital
    bureau authority trust board society organisation organization coalition alliance
    network news press times post herald tribune journal gazette media television radio
    bbc cnn reuters nhs who un eu nato labour conservatives democrats republicans""".split()  # noqa: SIM905 (a word list reads better as text)
)
# Titles and roles that put a person in front of an organisation ("Labour MP Diane Abbott").
_PERSON_WORDS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady rev mp mep minister secretary senator
    president governor mayor chief leader spokesman spokeswoman spokesperson columnist
    correspondent editor chairman chairwoman chair ceo director professor councillor""".split()  # noqa: SIM905
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.]{1,7}")


def looks_like_organisation(name: str) -> bool:
    """A rule of thumb for a speaker's schema.org type. Organisation: the name ends with an
    organisation word ("Westminster City Council", "Acme Inc", "BBC"), or has one and no
    person's title ("Ministry of Health"), or is an acronym ("NHS") or starts with "The".
    Person: everything else, including titled people ("Labour MP Diane Abbott")."""
    words = re.findall(r"[^\W_]+", name.casefold())
    if not words:
        return False
    if words[-1] in _ORGANISATION_WORDS:
        return True
    if any(word in _PERSON_WORDS for word in words):
        return False
    return bool(
        any(word in _ORGANISATION_WORDS for word in words)
        or _ACRONYM.fullmatch(name.strip())
        or words[0] == "the"
    )


# ---------------------------------------------------------------------------- export


def claimreview_jsonld(report: Report) -> list[dict]:
    """A ClaimReview object for each rated claim of `report` (claims without a verdict,
    or with neither a rating nor a summary, are left out)."""
    reviews = []
    for item in report.items:
        review = _claimreview(item, report)
        if review is not None:
            reviews.append(review)
    return reviews


def render_claimreview(report: Report) -> str:
    """The report's ClaimReview JSON-LD as text: one object for one claim, else an array."""
    reviews = claimreview_jsonld(report)
    document: Any = reviews[0] if len(reviews) == 1 else reviews
    return json_for_html(document)


def _claimreview(item: ReportItem, report: Report) -> dict | None:
    verdict = item.verdict
    if verdict is None:
        return None
    level = item.current_level
    label = level.label if level else (verdict.rating or one_line(verdict.summary))
    if not label:
        return None
    rating: dict[str, Any] = {"@type": "Rating"}
    if level is not None and level.value is not None and item.scale and item.scale.numeric:
        values = [lvl.value for lvl in item.scale.levels if lvl.value is not None]
        rating["ratingValue"] = _number(level.value)
        rating["bestRating"] = _number(max(values))
        rating["worstRating"] = _number(min(values))
    rating["alternateName"] = label
    summary = one_line(verdict.summary)
    if summary and summary != label:
        rating["ratingExplanation"] = summary

    claim, article = item.claim, item.article
    reviewed: dict[str, Any] = {"@type": "Claim"}
    author = _claim_author(item)
    if author:
        reviewed["author"] = author
    if claim.said_on:
        reviewed["datePublished"] = claim.said_on
    article_url = safe_url(article.url)
    if article_url:
        reviewed["appearance"] = {"@type": "CreativeWork", "url": article_url}
    elif one_line(article.title):
        reviewed["appearance"] = {"@type": "CreativeWork", "headline": one_line(article.title)}

    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": _review_url(item, report),
        "claimReviewed": one_line(claim.text),
        "itemReviewed": reviewed,
        "reviewRating": rating,
        "datePublished": date_part(verdict.at),
    }
    organisation = _organisation(report)
    if organisation:
        review["author"] = organisation
    if article.language:
        review["inLanguage"] = article.language
    return review


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _claim_author(item: ReportItem) -> dict | None:
    claim, article, speaker = item.claim, item.article, item.speaker
    if speaker:  # the entity's name: one name for one person across reviews
        kind = "Organization" if looks_like_organisation(speaker) else "Person"
        author: dict[str, Any] = {"@type": kind, "name": speaker}
        if claim.speaker_handle:
            author["alternateName"] = claim.speaker_handle
        return author
    # No speaker: the article says it in its own voice.
    if article.publisher:
        return {"@type": "Organization", "name": article.publisher}
    if author_name(article.author):
        return {"@type": "Person", "name": author_name(article.author)}
    return None


def _organisation(report: Report) -> dict | None:
    """Who publishes the review: the organisation, else the reviewer in person."""
    url = safe_url(report.organisation_url)
    if not report.organisation and not url:
        return {"@type": "Person", "name": report.reviewer} if report.reviewer else None
    organisation: dict[str, Any] = {"@type": "Organization"}
    if report.organisation:
        organisation["name"] = report.organisation
    if url:
        organisation["url"] = url
    return organisation


def _review_url(item: ReportItem, report: Report) -> str:
    """Where the review lives: the organisation's site + #claim-ID, else the article's URL,
    else a URN naming the claim (the field is required, so it is never left out)."""
    base = safe_url(report.organisation_url)
    if base:
        fragment = "claim-" + quote(item.claim.id, safe="")
        return urlunsplit(urlsplit(base)._replace(fragment=fragment))
    return safe_url(item.article.url) or "urn:factdesk:claim:" + quote(item.claim.id, safe="")


# ---------------------------------------------------------------------------- import


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
    soup = BeautifulSoup(html, "html.parser")
    page = _PageFacts()
    canonical = soup.find("link", rel="canonical")
    if canonical is not None:
        page.canonical_url = safe_url(str(canonical.get("href") or ""))
    if soup.html is not None and soup.html.get("lang"):
        page.language = str(soup.html.get("lang"))
    documents = []
    for script in soup.find_all("script"):
        kind = str(script.get("type") or "").strip().lower()
        if kind != "application/ld+json":
            continue
        body = (script.string or script.get_text() or "").strip()
        # Some sites wrap the JSON in HTML comments or CDATA markers.
        body = re.sub(r"^(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)$", "", body).strip()
        document = _lenient_json(body)
        if document is None:
            continue  # one broken block should not hide the others
        documents.append(document)
        for node in _walk(document):
            headline = _text(_get(node, "headline") or _get(node, "name"))
            if headline and _types(node) & _PAGE_TYPES:
                page.headlines.append(headline)
    # The <title> often carries the site's name too: use it only when nothing better.
    if soup.title is not None and soup.title.string and one_line(soup.title.string):
        page.headlines.append(one_line(soup.title.string))
    return documents, page


_PAGE_TYPES = {"newsarticle", "article", "webpage", "reportagenewsarticle", "blogposting"}


def _lenient_json(text: str) -> Any:
    """JSON as hand-written into pages: raw newlines in strings, trailing commas. None if
    it still is not JSON (or nests too deeply to be read)."""
    if json_depth(text) > _MAX_BLOCK_DEPTH:
        return None
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return load_json(attempt, source="", max_depth=_MAX_BLOCK_DEPTH)
        except BadInput:
            continue
    return None


_MAX_BLOCK_DEPTH = 100


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
    return one_line(value) or None


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
        return safe_url(_text(_get(value, "url")) or _text(_get(value, "@id")))
    return safe_url(_text(value))


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
        or safe_url(_text(_get(review, "@id")))
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
        url = safe_url(_text(review.get("url"))) or ""
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
