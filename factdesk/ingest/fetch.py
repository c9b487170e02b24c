"""Fetching web pages: one requests.Session with timeouts, a size cap, content-type and
charset handling, and HTTP failures said in words.

Errors are one line starting with the URL: `NetworkError` when the network or the server
failed us, `BadInput` when the URL or what it points to is not something we can use.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import re
import socket
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit, urlunsplit

import charset_normalizer
import requests

from factdesk import __version__
from factdesk.errors import BadInput, NetworkError

USER_AGENT = f"factdesk/{__version__} (+https://github.com/factdesk)"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
CHUNK_SIZE = 16 * 1024

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

# Magic numbers of files that are not text, whatever their name or declared type says.
FILE_SIGNATURES = (
    (b"%PDF-", "PDF files"),
    (b"\x89PNG\r\n\x1a\n", "images"),
    (b"\xff\xd8\xff", "images"),
    (b"GIF87a", "images"),
    (b"GIF89a", "images"),
    (b"RIFF", "binary files"),
    (b"PK\x03\x04", "ZIP archives (and Office documents)"),
    (b"\x1f\x8b", "gzip archives"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archives"),
    (b"Rar!\x1a\x07", "RAR archives"),
    (b"BZh", "bzip2 archives"),
    (b"\xfd7zXZ\x00", "xz archives"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office documents"),
    (b"{\\rtf", "RTF documents"),
)


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file `data` starts like ("PDF files", "images", ...), or None."""
    for signature, kind in FILE_SIGNATURES:
        if data.startswith(signature):
            if signature == b"RIFF" and data[8:12] == b"WEBP":
                return "images"
            return kind
    if data[8:12] == b"WEBP" or data[4:12] in (b"ftypavif", b"ftypheic"):
        return "images"
    return None


@dataclass
class FetchedPage:
    """A page as fetched: the bytes (decompressed) and the text decoded from them."""

    url: str  # as asked for (normalised)
    final_url: str  # after redirects
    status: int
    content_type: str  # media type without parameters, e.g. "text/html"
    encoding: str  # the charset the text was decoded with
    body: bytes
    text: str


class HTTPError(NetworkError):
    """The server answered with an error status; `retry_after` is in seconds when it said."""

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    def __reduce__(self):  # keep status and retry_after across processes (bulk extraction)
        return (type(self), (str(self), self.status, self.retry_after))


def check_url(url: str) -> str:
    """`url` as a normalised http(s) URL (scheme and host lower-cased, no fragment);
    BadInput for anything else."""
    url = (url or "").strip()
    if not url:
        raise BadInput("(empty): no URL given")
    if re.search(r"\s", url):
        raise BadInput(f"{url}: a URL cannot contain spaces")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError as exc:
        raise BadInput(f"{url}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme:
            raise BadInput(f"{url}: not a URL (it should start with http:// or https://)")
        raise BadInput(f"{url}: {scheme}: URLs are not supported, only http and https")
    if not parts.hostname:
        raise BadInput(f"{url}: the URL has no host name")
    host = parts.hostname  # lower-cased by urlsplit
    host_port = f"[{host}]" if ":" in host else host
    if port is not None:
        host_port += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host_port}" if userinfo else host_port
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


# --- charsets -----------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec_name(label: str | bytes | None) -> str | None:
    """A Python codec for a charset label, with the web's aliases (latin-1 means cp1252)."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    if label in ("iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        label = "windows-1252"  # as browsers do (WHATWG Encoding)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: BOM, then the declared (header) charset, then the page's own meta tag,
    then UTF-8, then detection. A declaration that does not decode the bytes is skipped."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    head = body[:65536]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = [_codec_name(declared), _codec_name(meta.group(1) if meta else None), "utf-8"]
    for name in candidates:
        if not name or name.startswith("utf-16"):  # a meta tag cannot really say utf-16
            continue
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    name = detect_charset(body[:200_000])
    return body.decode(name, errors="replace"), name


def detect_charset(data: bytes) -> str:
    """The likeliest charset of undeclared, non-UTF-8 bytes. Among near-equal guesses the
    web's common legacy charset, windows-1252, wins (charset_normalizer alone often picks
    a sibling code page such as cp1250 for French or Spanish text)."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is not None:
        for match in matches:
            if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
                return "cp1252"
    if best is None or best.coherence == 0:  # no language recognised: too little to judge
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return (_codec_name(best.encoding) if best is not None else None) or "cp1252"


# --- fetching -----------------------------------------------------------------------------


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


def _http_error(url: str, response: requests.Response) -> HTTPError:
    status = response.status_code
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason or "error"
    message = f"{url}: HTTP {status} {phrase}"
    retry_after = None
    if status == 404:
        message += " (no page at this address)"
    elif status == 410:
        message += " (the page was removed for good)"
    elif status in (401, 403):
        message += " (the site refused access)"
    elif status == 429:
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if retry_after is not None:
            message += f" (the site asks to wait {retry_after:.0f} s before trying again)"
        else:
            message += " (the site asks to slow down; try again later)"
    elif status >= 500:
        message += " (a server error on the site's side; try again later)"
    return HTTPError(message, status, retry_after)


def _describe_refused_type(media_type: str) -> str | None:
    if media_type in _REFUSED_TYPES:
        return _REFUSED_TYPES[media_type]
    for prefix, words in _REFUSED_PREFIXES.items():
        if media_type.startswith(prefix):
            return words
    return None


def _connection_error_words(exc: Exception) -> str:
    text = str(exc)
    if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return "the host name could not be found (DNS failure)"
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "the connection was refused"
    if "Read timed out" in text or "ReadTimeout" in text:
        return "the server stopped answering (read timeout)"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "the server closed the connection"
    if "Connection reset" in text:
        return "the connection was reset"
    return f"connection failed ({text.splitlines()[0][:160] if text else type(exc).__name__})"


class Fetcher:
    """Fetches pages with one `requests.Session` (also lent to the evidence clients)."""

    def __init__(
        self,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_bytes: int = 20 * 1024 * 1024,
        max_redirects: int = 10,
        total_timeout: float | None = 300.0,
    ):
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        # A server dripping a byte every few seconds never trips the read timeout.
        self.total_timeout = total_timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.max_redirects = max_redirects
        self.session.trust_env = True  # proxies (HTTP(S)_PROXY, NO_PROXY) from the environment

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def get(self, url: str, *, accept: tuple[str, ...] = HTML_TYPES) -> FetchedPage:
        """Fetch `url` and decode it; NetworkError or BadInput (one line, naming the URL)."""
        url = check_url(url)
        headers = {"Accept": ", ".join(accept) + ", */*;q=0.1"}
        started = time.monotonic()
        try:
            with self.session.get(
                url,
                headers=headers,
                timeout=(self.connect_timeout, self.read_timeout),
                stream=True,
                allow_redirects=True,
            ) as response:
                if response.status_code >= 400:
                    raise _http_error(url, response)
                content_type_header = response.headers.get("Content-Type", "")
                media_type = content_type_header.split(";")[0].strip().lower()
                self._check_type(url, media_type, accept)
                declared_length = response.headers.get("Content-Length", "")
                if declared_length.isdigit() and int(declared_length) > self.max_bytes:
                    raise BadInput(
                        f"{url}: the page is {_size_words(int(declared_length))}, more than "
                        f"the {_size_words(self.max_bytes)} limit; not loaded"
                    )
                body = self._read_capped(url, response, started)
                final_url = response.url
                status = response.status_code
        except requests.exceptions.TooManyRedirects:
            raise NetworkError(
                f"{url}: more than {self.max_redirects} redirects (a redirect loop?)"
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise NetworkError(
                f"{url}: no connection within {self.connect_timeout:g} s (connect timeout)"
            ) from None
        except requests.exceptions.ReadTimeout:
            raise NetworkError(
                f"{url}: the server did not answer within {self.read_timeout:g} s (read timeout)"
            ) from None
        except requests.exceptions.SSLError as exc:
            raise NetworkError(f"{url}: secure connection failed ({_first_line(exc)})") from None
        except requests.exceptions.ContentDecodingError:
            raise NetworkError(f"{url}: the compressed page could not be decoded") from None
        except (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema) as exc:
            raise BadInput(f"{url}: redirected to an unsupported address ({exc})") from None
        except requests.exceptions.InvalidURL as exc:
            raise BadInput(f"{url}: not a valid URL ({_first_line(exc)})") from None
        except requests.exceptions.ChunkedEncodingError:
            raise NetworkError(f"{url}: the connection broke off during the download") from None
        except requests.exceptions.ConnectionError as exc:
            raise NetworkError(f"{url}: {_connection_error_words(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise NetworkError(f"{url}: {_first_line(exc)}") from None

        if media_type in ("", *HTML_TYPES):  # servers mislabel files: look at the bytes
            kind = sniff_binary(body[:16])
            if kind:
                raise BadInput(f"{url}: {kind} are not supported (the page is not HTML or text)")
            if b"\x00" in body[:4096] and not body.startswith(
                (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            ):
                raise BadInput(f"{url}: the page is binary data, not HTML or text")
        text, encoding = decode_html(body, charset_from_content_type(content_type_header))
        return FetchedPage(
            url=url,
            final_url=final_url,
            status=status,
            content_type=media_type or "text/html",
            encoding=encoding,
            body=body,
            text=text,
        )

    @staticmethod
    def _check_type(url: str, media_type: str, accept: tuple[str, ...]) -> None:
        if not media_type or media_type in accept:
            return  # a missing type is sniffed from the body instead
        words = _describe_refused_type(media_type)
        if words:
            raise BadInput(f"{url}: {words} are not supported ({media_type})")
        raise BadInput(f"{url}: the content type {media_type} is not supported")

    def _read_capped(self, url: str, response: requests.Response, started: float) -> bytes:
        """The decompressed body, refusing it once it grows beyond `max_bytes` and stopping
        it when the whole download outlasts `total_timeout`."""
        deadline_passed = threading.Event()
        timer = None
        if self.total_timeout is not None:
            remaining = max(0.0, self.total_timeout - (time.monotonic() - started))
            timer = threading.Timer(remaining, _abort, args=(response, deadline_passed))
            timer.daemon = True
            timer.start()
        chunks = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                size += len(chunk)
                if size > self.max_bytes:
                    raise BadInput(
                        f"{url}: the page is larger than the {_size_words(self.max_bytes)} "
                        "limit; download stopped"
                    )
                chunks.append(chunk)
        except (requests.exceptions.RequestException, OSError):
            if not deadline_passed.is_set():
                raise
        finally:
            if timer is not None:
                timer.cancel()
        if deadline_passed.is_set():  # the body may just look complete: it was cut
            raise NetworkError(
                f"{url}: the download took longer than {self.total_timeout:g} s; stopped"
            )
        return b"".join(chunks)


def _abort(response: requests.Response, deadline_passed: threading.Event) -> None:
    """Cut a download short from the timer thread: shutting the socket down wakes the
    reading thread (a server dripping bytes never trips the read timeout)."""
    deadline_passed.set()
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    with contextlib.suppress(OSError):
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
        else:
            response.close()


def _size_words(size: float) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{size / 1024:.0f} KB"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
