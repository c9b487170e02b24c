"""schema.org ClaimReview: export rated claims as JSON-LD.

Export follows Google's Fact Check markup guidelines (claimReviewed,
reviewRating.alternateName and url are required there). Reading published ClaimReview
(pages, JSON-LD, the Fact Check Tools API) is ingest's: factdesk.ingest.claimreview.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from factdesk.report.data import (
    Report,
    ReportItem,
    author_name,
    date_part,
    json_for_html,
    one_line,
    safe_url,
)

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
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": _review_url(item, report),
        "claimReviewed": one_line(claim.text),
        "itemReviewed": claim_reviewed(item),
        "reviewRating": rating,
        "datePublished": date_part(verdict.at),
    }
    organisation = _organisation(report)
    if organisation:
        review["author"] = organisation
    if article.language:
        review["inLanguage"] = article.language
    return review


def claim_reviewed(item: ReportItem) -> dict[str, Any]:
    """The schema.org Claim reviewed: who made it, when, and where it appeared."""
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
    return reviewed


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
