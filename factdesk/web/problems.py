"""Failures of the HTTP layer said in words, in one vocabulary: the errors (`HTTPError`
with the status, `RateLimited` for 429, `PrivateRedirect`), a status or a broken
connection in words, the content types refused, and secrets scrubbed from every message
(and from urllib3's debug log)."""

from __future__ import annotations

import email.utils
import logging
import re
import socket
import ssl
import time
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from factdesk.errors import BadInput, NetworkError

_KEY_IN_QUERY = re.compile(r"(?i)([?&](?:key|api_key|access_key|secret)=)[^&\s'\"#]+")
_CREDENTIALS_IN_URL = re.compile(r"//[^/@\s]*@")


class _ScrubKeysFilter(logging.Filter):
    """Masks key=... in urllib3's debug lines, which log each request's full URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _KEY_IN_QUERY.search(message):
            record.msg, record.args = _KEY_IN_QUERY.sub(r"\1***", message), ()
        return True


# Installed once at import: whoever turns on DEBUG logging must not get API keys in it.
logging.getLogger("urllib3.connectionpool").addFilter(_ScrubKeysFilter())

# Content types we refuse, in words the user knows.
_REFUSED_TYPES = {
    "application/pdf": "PDF documents",
    "application/zip": "ZIP archives",
    "application/gzip": "gzip archives",
    "application/x-gzip": "gzip archives",
    "application/x-tar": "tar archives",
    "application/x-7z-compressed": "7-Zip archives",
    "application/vnd.rar": "RAR archives",
    "application/x-rar-compressed": "RAR archives",
    "application/msword": "Word documents",
    "application/octet-stream": "binary files",
    "application/json": "JSON documents",
}
_REFUSED_PREFIXES = {
    "image/": "images",
    "video/": "videos",
    "audio/": "audio files",
    "font/": "fonts",
    "application/vnd.openxmlformats": "Office documents",
    "application/vnd.oasis.opendocument": "OpenDocument files",
    "application/vnd.ms-": "Office documents",
}


class HTTPError(NetworkError):
    """The server answered with an error status; `retry_after` is in seconds when it said."""

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    def __reduce__(self):  # keep status and retry_after across processes (bulk extraction)
        return (type(self), (str(self), self.status, self.retry_after))


class RateLimited(HTTPError):
    """The server asked us to slow down (HTTP 429). `retry_after` is in seconds, if given."""

    def __init__(self, message: str, retry_after: float | None = None, status: int = 429):
        super().__init__(message, status, retry_after)


class PrivateRedirect(BadInput):
    """A public page redirected to an address in a private or local network."""


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def status_words(status: int, reason: str = "") -> str:
    """ "HTTP 404 Not Found", with the standard phrase when the server gave none."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = reason or "Error"
    return f"HTTP {status} {phrase}"


_STATUS_HINTS = {
    404: "no page at this address",
    410: "the page was removed for good",
    401: "the site refused access",
    403: "the site refused access",
}


def http_error(
    label: str, status: int, reason: str, headers: Any, detail: str = "", secrets: Iterable = ()
) -> HTTPError:
    """The error for an unwanted status, e.g. "<label>: HTTP 404 Not Found (no page at this
    address)"; RateLimited for 429, with how long the server asks us to wait."""
    message = f"{label}: {status_words(status, reason)}"
    retry_after = retry_after_seconds(headers.get("Retry-After")) if status == 429 else None
    if status == 429:
        detail = detail or "the site asks to slow down"
        if retry_after is None:
            detail += "; try again later"
    if detail:
        message += f" ({detail})"
        if retry_after is not None:
            message += f"; retry after {retry_after:g} s"
    elif status in _STATUS_HINTS:
        message += f" ({_STATUS_HINTS[status]})"
    elif status >= 500:
        message += " (a server error on the site's side; try again later)"
    if status == 429:
        return RateLimited(scrub(message, secrets), retry_after)
    return HTTPError(scrub(message, secrets), status, retry_after)


def connection_problem(exc: BaseException) -> str:
    """What went wrong with a connection, in words: the innermost cause rather than a URL
    dump ("the connection was refused", "the host name could not be found")."""
    text = _CREDENTIALS_IN_URL.sub("//", str(exc))
    root = exc
    while root.__cause__ is not None or root.__context__ is not None:
        root = root.__cause__ or root.__context__  # type: ignore[assignment]
    reason = getattr(root, "reason", None)
    if isinstance(reason, BaseException):
        root = reason
    if (
        isinstance(root, socket.gaierror)
        or "resolve" in type(root).__name__.lower()
        or "NameResolution" in text
        or "Name or service not known" in text
        or "getaddrinfo" in text
    ):
        return "the host name could not be found (DNS failure)"
    if isinstance(root, ConnectionRefusedError) or "Connection refused" in text:
        return "the connection was refused"
    if "Read timed out" in text or "ReadTimeout" in text:
        return "the server stopped answering (read timeout)"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "the server closed the connection"
    if isinstance(root, ConnectionResetError) or "Connection reset" in text:
        return "the connection was reset"
    if isinstance(root, ssl.SSLError):
        return "the secure connection (TLS) failed"
    return f"connection failed ({text.splitlines()[0][:160] if text else type(exc).__name__})"


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every secret (plain or URL-encoded) and any key=... parameter masked."""
    for secret in secrets:
        if secret:
            for form in {secret, quote(secret, safe="")}:
                text = text.replace(form, "***")
    text = _KEY_IN_QUERY.sub(r"\1***", text)
    return " ".join(text.split())  # one line


def _describe_refused_type(media_type: str) -> str | None:
    if media_type in _REFUSED_TYPES:
        return _REFUSED_TYPES[media_type]
    for prefix, words in _REFUSED_PREFIXES.items():
        if media_type.startswith(prefix):
            return words
    return None
