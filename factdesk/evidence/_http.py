"""What the evidence clients share: one JSON request with a size cap, and errors in words.

Every error message goes through `scrub`, because requests puts the full URL (query
string included, so an API key) into its exception messages. Errors are raised outside
`except` blocks so the original exception, which may hold the key, is not chained.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import requests

from factdesk.errors import FactdeskError, NetworkError
from factdesk.ingest.fetch import retry_after_seconds

MAX_JSON_BYTES = 5_000_000
_KEY_IN_QUERY = re.compile(r"(?i)([?&](?:key|api_key|access_key|secret)=)[^&\s'\"#]+")


class _ScrubKeysFilter(logging.Filter):
    """Masks key=... in urllib3's debug lines, which log each request's full URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _KEY_IN_QUERY.search(message):
            record.msg, record.args = _KEY_IN_QUERY.sub(r"\1***", message), ()
        return True


# Installed once at import: whoever turns on DEBUG logging must not get API keys in it.
logging.getLogger("urllib3.connectionpool").addFilter(_ScrubKeysFilter())


class RateLimited(NetworkError):
    """The service asked us to slow down (HTTP 429). `retry_after` is in seconds, if given."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class Cancelled(FactdeskError):
    """The user cancelled a long operation (e.g. waiting for a web archive capture)."""


@dataclass
class Answer:
    """A service's HTTP answer: status, headers and the body parsed as JSON (None if it isn't)."""

    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    data: Any = None
    json_ok: bool = False


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every secret (plain or URL-encoded) and any key=... parameter masked."""
    for secret in secrets:
        if secret:
            for form in {secret, requests.utils.quote(secret, safe="")}:
                text = text.replace(form, "***")
    text = _KEY_IN_QUERY.sub(r"\1***", text)
    return " ".join(text.split())  # one line


def request_json(
    session: requests.Session,
    method: str,
    url: str,
    *,
    label: str,
    timeout: tuple[float, float],
    secrets: Iterable[str | None] = (),
    **kwargs: Any,
) -> Answer:
    """Send one request and read its JSON answer (any HTTP status; callers judge it).

    Transport failures (timeouts, refused connections, oversized bodies) raise
    NetworkError as "<label>: <problem>", with secrets scrubbed.
    """
    secrets = list(secrets)
    problem = None
    try:
        with session.request(method, url, timeout=timeout, stream=True, **kwargs) as response:
            body = _read_capped(response)
            answer = Answer(
                status=response.status_code,
                reason=response.reason or _reason(response.status_code),
                headers=dict(response.headers),
            )
    except requests.Timeout:
        problem = f"timed out (no answer within {max(timeout):g} s)"
    except requests.ConnectionError as exc:
        problem = f"could not connect ({_root_cause(exc)})"
    except _TooLarge:
        problem = f"the answer is larger than {MAX_JSON_BYTES // 1_000_000} MB"
    except requests.RequestException as exc:
        problem = f"request failed ({type(exc).__name__}: {exc})"
    if problem is not None:
        raise NetworkError(scrub(f"{label}: {problem}", secrets))
    try:
        answer.data = json.loads(body.decode("utf-8"))
        answer.json_ok = True
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer.data = None
    return answer


def http_error(
    label: str, answer: Answer, detail: str = "", secrets: Iterable = ()
) -> NetworkError:
    """A NetworkError for an unwanted HTTP status, e.g. "<label>: HTTP 503 Service Unavailable"."""
    message = f"{label}: HTTP {answer.status} {answer.reason}"
    if detail:
        message += f" ({detail})"
    if answer.status == 429:
        retry_after = retry_after_seconds(answer.headers.get("Retry-After"))
        if retry_after is not None:
            message += f"; retry after {retry_after:g} s"
        return RateLimited(scrub(message, secrets), retry_after)
    return NetworkError(scrub(message, secrets))


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


class _TooLarge(Exception):
    pass


def _read_capped(response: requests.Response) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_JSON_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _root_cause(exc: BaseException) -> str:
    """The innermost cause in words: 'connection refused' rather than a URL dump."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    reason = getattr(exc, "reason", None)
    if isinstance(reason, BaseException):
        exc = reason
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror) or "resolve" in type(exc).__name__.lower():
        return "host not found"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, ssl.SSLError):
        return "TLS error"
    return type(exc).__name__
