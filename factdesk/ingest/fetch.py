"""Fetching web pages: one requests.Session with timeouts, a size cap, content-type and
charset handling, and HTTP failures said in words.

Errors are one line starting with the URL: `NetworkError` when the network or the server
failed us, `BadInput` when the URL or what it points to is not something we can use.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit, urlunsplit

import charset_normalizer
import requests
from urllib3.util.request import ACCEPT_ENCODING

from factdesk import __version__
from factdesk.errors import BadInput, NetworkError
from factdesk.untrusted import has_credentials, size_words, without_credentials

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

    url: str  # as asked for (normalised, without credentials)
    final_url: str  # after redirects (without credentials)
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


def check_url(url: str, *, credentials: bool = True) -> str:
    """`url` as a normalised http(s) URL (scheme and host lower-cased, no fragment);
    BadInput for anything else. A user name and password in it are kept for fetching
    (never stored: see `without_credentials`), or refused with credentials=False."""
    url = (url or "").strip()
    if not credentials and has_credentials(url):
        raise BadInput(
            f"{without_credentials(url)}: the link holds a user name or password, which would "
            "be stored and published with it; give the address without them"
        )
    if not url:
        raise BadInput("(empty): no URL given")
    shown = without_credentials(url)  # a password never shows in a message
    if re.search(r"\s", url):
        raise BadInput(f"{shown}: a URL cannot contain spaces")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError as exc:
        raise BadInput(f"{shown}: not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme:
            raise BadInput(f"{shown}: not a URL (it should start with http:// or https://)")
        raise BadInput(f"{shown}: {scheme}: URLs are not supported, only http and https")
    if not parts.hostname:
        raise BadInput(f"{shown}: the URL has no host name")
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
    text = _CREDENTIALS_IN_URL.sub("//", str(exc))
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


_CREDENTIALS_IN_URL = re.compile(r"//[^/@\s]*@")


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `address` is on the public internet: not private (10.x, 192.168.x, fc00::),
    loopback, link-local (169.254.x, where cloud metadata services live), shared,
    reserved or multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_global and not address.is_multicast


class PrivateRedirect(BadInput):
    """A public page redirected to an address in a private or local network."""


# The content codings urllib3 can decode here (gzip and deflate always; br and zstd when
# their libraries are installed), bounding the output of each read (urllib3 >= 2.6).
_DECODABLE = {c.strip() for c in ACCEPT_ENCODING.split(",")} | {"identity", "x-gzip", ""}


class Fetcher:
    """Fetches pages with one `requests.Session` (also lent to the evidence clients).

    Redirects are followed one at a time so each is checked before it is followed: once
    a page on the public internet is asked for, a redirect into a private, loopback or
    link-local network is refused (as browsers' Private Network Access rules do); a
    private address the user asks for directly still works. `is_public` decides which
    addresses are public (tests stand a local server in for a public site with it).
    """

    def __init__(
        self,
        connect_timeout: float = 10.0,
        read_timeout: float = 30.0,
        max_bytes: int = 20 * 1024 * 1024,
        max_redirects: int = 10,
        total_timeout: float | None = 300.0,
        is_public: Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool] = (
            is_public_address
        ),
    ):
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes  # of the page as decoded (decompressed)
        self.max_redirects = max_redirects
        # A server dripping a byte every few seconds never trips the read timeout.
        self.total_timeout = total_timeout
        self.is_public = is_public
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
        """Fetch `url` and decode it; NetworkError or BadInput (one line, naming the URL,
        never its password)."""
        url = check_url(url)
        shown = without_credentials(url)
        headers = {"Accept": ", ".join(accept) + ", */*;q=0.1"}
        started = time.monotonic()
        try:
            with self._follow(url, shown, headers) as response:
                if response.status_code >= 400:
                    raise _http_error(shown, response)
                content_type_header = response.headers.get("Content-Type", "")
                media_type = content_type_header.split(";")[0].strip().lower()
                self._check_type(shown, media_type, accept)
                self._check_coding(shown, response.headers.get("Content-Encoding", ""))
                declared_length = response.headers.get("Content-Length", "")
                if declared_length.isdigit() and int(declared_length) > self.max_bytes:
                    raise BadInput(
                        f"{shown}: the page is {size_words(int(declared_length))}, more than "
                        f"the {size_words(self.max_bytes)} limit; not loaded"
                    )
                body = self._read_capped(shown, response, started)
                final_url = without_credentials(response.url)
                status = response.status_code
        except requests.exceptions.ConnectTimeout:
            raise NetworkError(
                f"{shown}: no connection within {self.connect_timeout:g} s (connect timeout)"
            ) from None
        except requests.exceptions.ReadTimeout:
            raise NetworkError(
                f"{shown}: the server did not answer within {self.read_timeout:g} s (read timeout)"
            ) from None
        except requests.exceptions.SSLError as exc:
            raise NetworkError(f"{shown}: secure connection failed ({_first_line(exc)})") from None
        except requests.exceptions.ContentDecodingError:
            raise NetworkError(f"{shown}: the compressed page could not be decoded") from None
        except (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema) as exc:
            raise BadInput(
                f"{shown}: redirected to an unsupported address ({_first_line(exc)})"
            ) from None
        except requests.exceptions.InvalidURL as exc:
            raise BadInput(f"{shown}: not a valid URL ({_first_line(exc)})") from None
        except requests.exceptions.ChunkedEncodingError:
            raise NetworkError(f"{shown}: the connection broke off during the download") from None
        except requests.exceptions.ConnectionError as exc:
            raise NetworkError(f"{shown}: {_connection_error_words(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise NetworkError(f"{shown}: {_first_line(exc)}") from None

        if media_type in ("", *HTML_TYPES):  # servers mislabel files: look at the bytes
            kind = sniff_binary(body[:16])
            if kind:
                raise BadInput(f"{shown}: {kind} are not supported (the page is not HTML or text)")
            if b"\x00" in body[:4096] and not body.startswith(
                (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            ):
                raise BadInput(f"{shown}: the page is binary data, not HTML or text")
        text, encoding = decode_html(body, charset_from_content_type(content_type_header))
        return FetchedPage(
            url=shown,
            final_url=final_url,
            status=status,
            content_type=media_type or "text/html",
            encoding=encoding,
            body=body,
            text=text,
        )

    def _follow(self, url: str, shown: str, headers: dict[str, str]) -> requests.Response:
        """The response to GET `url` after its redirects, each checked before it is followed
        (the scheme, and no way from a public address into a private network)."""
        from_public: bool | None = None  # known at the first redirect
        for _hop in range(self.max_redirects + 1):
            response = self.session.get(
                url,
                headers=headers,
                timeout=(self.connect_timeout, self.read_timeout),
                stream=True,
                allow_redirects=False,
            )
            target = self.session.get_redirect_target(response)
            if target is None:
                return response
            response.close()
            if from_public is None:
                from_public = self._addresses_are_public(url) is not False
            url = requests.utils.requote_uri(urljoin(response.url, target))
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                raise BadInput(
                    f"{shown}: redirected to an unsupported address ({scheme or 'no'}: URL)"
                )
            if from_public and self._addresses_are_public(url) is False:
                host = urlsplit(url).hostname
                raise PrivateRedirect(
                    f"{shown}: redirected to {host}, an address in a private or local network; "
                    "refused (a public page may not send factdesk into your network; open "
                    "that address directly if you trust it)"
                )
        raise NetworkError(f"{shown}: more than {self.max_redirects} redirects (a redirect loop?)")

    def _addresses_are_public(self, url: str) -> bool | None:
        """Whether every address of the URL's host is public: False if any is private or
        local, None if the name does not resolve here (e.g. only a proxy can)."""
        parts = urlsplit(url)
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 80, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError, ValueError):
            return None
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
        return all(self.is_public(address) for address in addresses)

    @staticmethod
    def _check_coding(url: str, coding_header: str) -> None:
        """Refuse a body compressed in a way urllib3 cannot decode here (it would pass the
        compressed bytes on as if they were the page)."""
        codings = {c.strip().lower() for c in coding_header.split(",")}
        unknown = sorted(codings - _DECODABLE)
        if unknown:
            raise NetworkError(
                f"{url}: the server sent the page compressed as {', '.join(unknown)}, "
                "which factdesk cannot decode"
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
                        f"{url}: the page is larger than the {size_words(self.max_bytes)} "
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


def _first_line(exc: Exception) -> str:
    """The first line of an exception's message, any user:password@ in a URL masked first
    (requests repeats the URL it was given), then cut to 200 characters."""
    text = _CREDENTIALS_IN_URL.sub("//", str(exc)).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
