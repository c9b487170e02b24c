"""What the evidence clients share beyond the HTTP layer (factdesk.web.http): a cancel
signal and the wording of services' answers.

Every error message goes through `scrub`, because requests puts the full URL (query
string included, so an API key) into its exception messages. Errors are raised outside
`except` blocks so the original exception, which may hold the key, is not chained.
"""

from __future__ import annotations

from collections.abc import Iterable

from factdesk.errors import FactdeskError, NetworkError
from factdesk.web.http import Answer, request_json
from factdesk.web.problems import HTTPError, RateLimited, http_error, scrub

__all__ = ["Answer", "Cancelled", "RateLimited", "answer_error", "excerpt", "malformed",
           "request_json", "scrub", "short"]  # fmt: skip


class Cancelled(FactdeskError):
    """The user cancelled a long operation (e.g. waiting for a web archive capture)."""


def answer_error(label: str, answer: Answer, detail: str = "", secrets: Iterable = ()) -> HTTPError:
    """The error for a service's unwanted answer, e.g. "<label>: HTTP 503 Service
    Unavailable (detail)"; RateLimited for 429, with the wait the service asked for."""
    return http_error(label, answer.status, answer.reason, answer.headers, detail, secrets)


def malformed(label: str, what: str, secrets: Iterable = ()) -> NetworkError:
    return NetworkError(scrub(f"{label}: the service sent a malformed answer ({what})", secrets))


def excerpt(text: str, secrets: Iterable[str | None] = (), limit: int = 200) -> str:
    """A service's own words for a message: secrets masked first, then cut to `limit`
    characters (cut first, the end of a key could stay, no longer recognisable as one)."""
    return short(scrub(text, secrets), limit)


def short(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters, for naming an input in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
