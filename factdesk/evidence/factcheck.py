"""Prior fact-checks from Google's Fact Check Tools API (claims:search).

The API key travels as the `key` query parameter, as the API documents; since
requests repeats the URL in its exception messages, every message is scrubbed.
"""

from __future__ import annotations

from factdesk.errors import BadInput
from factdesk.evidence._http import answer_error, excerpt, malformed, request_json, short
from factdesk.model import PriorCheck
from factdesk.untrusted import clean_prior_check
from factdesk.web.http import Session

MAX_PAGE_SIZE = 100
MAX_QUERY_CHARS = 1000


class FactCheckClient:
    """Client for https://factchecktools.googleapis.com (base URL configurable for tests)."""

    def __init__(
        self,
        session: Session,
        *,
        base_url: str = "https://factchecktools.googleapis.com",
        timeout: tuple[float, float] = (10, 30),
    ):
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def search(
        self,
        query: str,
        *,
        api_key: str,
        language: str | None = "en",
        page_size: int = 10,
        max_pages: int = 1,
    ) -> list[PriorCheck]:
        """Published fact-checks matching `query`: one PriorCheck per claim review.

        Follows nextPageToken for up to `max_pages` pages. `language` (a BCP-47 code)
        restricts the results; None searches all languages.
        """
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        if not query:
            raise BadInput("Fact Check Tools search: the claim text is empty")
        if not api_key:
            raise BadInput(
                "Fact Check Tools search: the API key factcheck-api-key is not set"
                " (factdesk secrets set factcheck-api-key)"
            )
        label = f"Fact Check Tools search for {short(query)!r}"
        params: dict[str, str | int] = {
            "query": query,
            "pageSize": max(1, min(page_size, MAX_PAGE_SIZE)),
            "key": api_key,
        }
        if language:
            params["languageCode"] = language

        checks: list[PriorCheck] = []
        for _ in range(max(1, max_pages)):
            data = self._page(label, params, api_key)
            checks.extend(_prior_checks(data, label, api_key))
            token = data.get("nextPageToken")
            if not token or not isinstance(token, str):
                break
            params["pageToken"] = token
        return checks

    def _page(self, label: str, params: dict, api_key: str) -> dict:
        answer = request_json(
            self.session,
            "GET",
            f"{self.base_url}/v1alpha1/claims:search",
            params=params,
            label=label,
            timeout=self.timeout,
            secrets=[api_key],
        )
        if answer.status != 200:
            detail = _google_error(answer.data, api_key)
            if answer.status in (400, 401, 403) and "key" in detail.lower():
                detail = f"the API key factcheck-api-key was refused: {detail}"
            raise answer_error(label, answer, detail, [api_key])
        if not answer.json_ok or not isinstance(answer.data, dict):
            raise malformed(label, "not a JSON object", [api_key])
        return answer.data


def _prior_checks(data: dict, label: str, api_key: str) -> list[PriorCheck]:
    claims = data.get("claims", [])
    if not isinstance(claims, list):
        raise malformed(label, "claims is not a list", [api_key])
    checks = []
    for claim in claims:
        if not isinstance(claim, dict):
            raise malformed(label, "a claim is not an object", [api_key])
        reviews = claim.get("claimReview", [])
        if not isinstance(reviews, list):
            raise malformed(label, "claimReview is not a list", [api_key])
        for review in reviews:
            if not isinstance(review, dict) or not _text(review.get("url")):
                continue  # a review without a link is of no use to the user
            publisher = review.get("publisher")
            publisher = publisher if isinstance(publisher, dict) else {}
            check = clean_prior_check(
                PriorCheck(
                    claim_text=_text(claim.get("text")) or "",
                    url=_text(review.get("url")) or "",
                    claimant=_text(claim.get("claimant")),
                    claim_date=_text(claim.get("claimDate")),
                    publisher=_text(publisher.get("name")),
                    site=_text(publisher.get("site")),
                    title=_text(review.get("title")),
                    review_date=_text(review.get("reviewDate")),
                    rating=_text(review.get("textualRating")),
                    language=_text(review.get("languageCode")),
                )
            )
            if check is not None:  # a usable http(s) link and a claim, tidied
                checks.append(check)
    return checks


def _text(value) -> str | None:
    """A string field as one trimmed line, or None when absent, empty or not a string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _google_error(data, api_key: str) -> str:
    """The message of a Google API error body: {"error": {"code", "message", "status"}}."""
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        message = data["error"].get("message")
        if isinstance(message, str):
            return excerpt(message, [api_key])
    return ""
