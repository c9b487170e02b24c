"""The one HTTP layer, for pages (ingest, evidence) and services' JSON (evidence): one
requests.Session with timeouts, retries of transient failures with back-off (urllib3's
Retry, Retry-After honoured up to a bound), a size cap, content types, and failures said in
words, in one vocabulary.

Each connection goes to the very address that was checked: a host name is resolved once,
its address judged (public, private), and the connection made to that address, so a name
that answers a public address to the check and 127.0.0.1 to the connection (DNS rebinding)
cannot send factdesk into the user's network.

Errors are one line starting with the URL (or the service's label): `NetworkError` when the
network or the server failed us (`HTTPError` with the status; `RateLimited` for 429),
`BadInput` when the URL or what it points to is not something we can use. Their words live
in web/problems.py, the one vocabulary.
"""

from __future__ import annotations

import codecs
import contextlib
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.request import ACCEPT_ENCODING
from urllib3.util.retry import Retry

from factdesk import __version__
from factdesk.errors import BadInput, NetworkError
from factdesk.untrusted import size_words, without_credentials
from factdesk.web.problems import (
    _CREDENTIALS_IN_URL,
    PrivateRedirect,
    _describe_refused_type,
    connection_problem,
    http_error,
    scrub,
)
from factdesk.web.text import HTML_TYPES, charset_from_content_type, decode_html, sniff_binary
from factdesk.web.urls import check_url, is_public_address

USER_AGENT = f"factdesk/{__version__} (+https://github.com/factdesk)"
CHUNK_SIZE = 16 * 1024
MAX_JSON_BYTES = 5_000_000
# Transient failures (no connection, 502/503/504) are tried again this often, waiting
# 0.3 s, then 0.6 s; a server's Retry-After is honoured up to MAX_RETRY_WAIT seconds.
RETRIES = 2
MAX_RETRY_WAIT = 5.0

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Session = requests.Session  # what the evidence clients are handed (see new_session)
Resolver = Callable[[str, int], list[str]]


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
    etag: str | None = None  # validators for the next conditional request
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server said the page is as it was when its validators were given (304)."""
        return self.status == 304


@dataclass
class Answer:
    """A service's HTTP answer: status, headers and the body parsed as JSON (None if it isn't)."""

    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    data: Any = None
    json_ok: bool = False


class _BoundedRetry(Retry):
    """urllib3's Retry, but a server's Retry-After is waited out only up to MAX_RETRY_WAIT."""

    def sleep_for_retry(self, response=None) -> bool:
        retry_after = self.get_retry_after(response) if response is not None else None
        if retry_after:
            time.sleep(min(retry_after, MAX_RETRY_WAIT))
            return True
        return False


def retry_policy() -> Retry:
    """Transient failures of idempotent requests, tried again with back-off: no connection,
    502, 503, 504. A POST (an archive capture) is never repeated; 429 is said, not retried."""
    return _BoundedRetry(
        total=RETRIES,
        connect=RETRIES,
        read=0,
        status=RETRIES,
        other=0,
        redirect=False,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        backoff_factor=0.3,
        respect_retry_after_header=True,
        raise_on_status=False,
    )


class _PinnedAdapter(HTTPAdapter):
    """Sends a request whose URL names an address (not a host name) to that address, with
    TLS checked against the host name the request was pinned for (`pinned_name`)."""

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        name = getattr(request, "pinned_name", None)
        if name and host_params.get("scheme") == "https":
            # urllib3's HTTPS pools take these; requests' type hints do not list them
            extra: dict[str, Any] = {"server_hostname": name, "assert_hostname": name}
            pool_kwargs.update(extra)  # type: ignore[typeddict-item]
        return host_params, pool_kwargs


def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name has here (the system's resolver)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]).split("%")[0] for info in infos]


def new_session() -> requests.Session:
    """The session every client shares: our User-Agent, retries, pinned addresses."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = _PinnedAdapter(max_retries=retry_policy())
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = True  # proxies (HTTP(S)_PROXY, NO_PROXY) from the environment
    return session


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
    """Send one request to a service and read its JSON answer (any HTTP status; callers
    judge it with `http_error`). Transport failures (timeouts, refused connections,
    oversized bodies) raise NetworkError as "<label>: <problem>", with secrets scrubbed."""
    secrets = list(secrets)
    problem = None
    try:
        with session.request(method, url, timeout=timeout, stream=True, **kwargs) as response:
            body = _read_limited(response, MAX_JSON_BYTES)
            answer = Answer(
                status=response.status_code,
                reason=response.reason or _reason(response.status_code),
                headers=dict(response.headers),
            )
    except requests.Timeout:
        problem = f"timed out (no answer within {max(timeout):g} s)"
    except requests.ConnectionError as exc:
        problem = f"could not connect ({connection_problem(exc)})"
    except _TooLarge:
        problem = f"the answer is larger than {MAX_JSON_BYTES // 1_000_000} MB"
    except requests.RequestException as exc:
        problem = f"request failed ({type(exc).__name__}: {exc})"
    if problem is not None:
        raise NetworkError(scrub(f"{label}: {problem}", secrets))
    try:
        answer.data = json.loads(body.decode("utf-8"))
        answer.json_ok = True
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        answer.data = None
    return answer


class _TooLarge(Exception):
    pass


def _read_limited(response: requests.Response, limit: int) -> bytes:
    """The body, raising _TooLarge once it grows beyond `limit` bytes (decoded)."""
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK_SIZE):
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


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
        is_public: Callable[[Address], bool] = is_public_address,
        resolver: Resolver = resolve,
    ):
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes  # of the page as decoded (decompressed)
        self.max_redirects = max_redirects
        # A server dripping a byte every few seconds never trips the read timeout.
        self.total_timeout = total_timeout
        self.is_public = is_public
        self.resolver = resolver
        self.session = new_session()
        self.session.max_redirects = max_redirects

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchedPage:
        """Fetch `url` and decode it; NetworkError or BadInput (one line, naming the URL,
        never its password). With the validators of an earlier fetch (`etag`,
        `last_modified`) the request is conditional: an unchanged page comes back empty,
        `not_modified`, costing the server and us nothing."""
        url = check_url(url)
        shown = without_credentials(url)
        headers = {"Accept": ", ".join(accept) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        try:
            with self._follow(url, shown, headers) as response:
                if response.status_code == 304 and (etag or last_modified):
                    return FetchedPage(
                        url=shown,
                        final_url=without_credentials(response.url),
                        status=304,
                        content_type="",
                        encoding="",
                        body=b"",
                        text="",
                        etag=response.headers.get("ETag") or etag,
                        last_modified=response.headers.get("Last-Modified") or last_modified,
                    )
                if response.status_code >= 400:
                    raise http_error(
                        shown, response.status_code, response.reason or "", response.headers
                    )
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
                validators = (response.headers.get("ETag"), response.headers.get("Last-Modified"))
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
            raise NetworkError(f"{shown}: {connection_problem(exc)}") from None
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
            etag=validators[0],
            last_modified=validators[1],
        )

    def _follow(self, url: str, shown: str, headers: dict[str, str]) -> requests.Response:
        """The response to GET `url` after its redirects, each checked before it is followed
        (the scheme, and no way from a public address into a private network), each hop
        sent to the address that was checked."""
        from_public: bool | None = None  # known at the first redirect
        for _hop in range(self.max_redirects + 1):
            addresses = self._addresses(url)
            if from_public and addresses and not all(self.is_public(a) for a in addresses):
                host = urlsplit(url).hostname
                raise PrivateRedirect(
                    f"{shown}: redirected to {host}, an address in a private or local "
                    "network; refused (a public page may not send factdesk into your "
                    "network; open that address directly if you trust it)"
                )
            response = self._send(url, headers, addresses)
            target = self.session.get_redirect_target(response)
            if target is None:
                return response
            response.close()
            if from_public is None:
                from_public = addresses is None or all(self.is_public(a) for a in addresses)
            url = requests.utils.requote_uri(urljoin(response.url, target))
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                raise BadInput(
                    f"{shown}: redirected to an unsupported address ({scheme or 'no'}: URL)"
                )
        raise NetworkError(f"{shown}: more than {self.max_redirects} redirects (a redirect loop?)")

    def _addresses(self, url: str) -> list[Address] | None:
        """The addresses the URL's host has, resolved once for both the check and the
        connection; None when only a proxy can reach it or the name does not resolve here
        (the request then goes the ordinary way and fails or succeeds on its own)."""
        parts = urlsplit(url)
        if self._proxy_for(url):
            return None
        try:
            return [ipaddress.ip_address(parts.hostname or "")]
        except ValueError:
            pass
        try:
            found = self.resolver(parts.hostname or "", parts.port or _default_port(parts.scheme))
            return [ipaddress.ip_address(a) for a in found] or None
        except (OSError, UnicodeError, ValueError):
            return None

    def _proxy_for(self, url: str) -> str | None:
        if not self.session.trust_env:
            return None
        proxies = requests.utils.get_environ_proxies(url)
        return requests.utils.select_proxy(url, proxies) if proxies else None

    def _send(
        self, url: str, headers: dict[str, str], addresses: list[Address] | None
    ) -> requests.Response:
        """GET `url` (not following redirects), connected to addresses[0] when given."""
        timeout = (self.connect_timeout, self.read_timeout)
        parts = urlsplit(url)
        name = parts.hostname or ""
        try:
            is_literal = bool(ipaddress.ip_address(name))
        except ValueError:
            is_literal = False
        if addresses is None or is_literal:
            return self.session.get(
                url, headers=headers, timeout=timeout, stream=True, allow_redirects=False
            )
        address = addresses[0]
        host = f"[{address}]" if address.version == 6 else str(address)
        userinfo, _, host_port = parts.netloc.rpartition("@")
        port = f":{parts.port}" if parts.port else ""
        pinned_url = urlunsplit(
            (parts.scheme, f"{userinfo}@{host}{port}" if userinfo else f"{host}{port}",
             parts.path, parts.query, "")
        )  # fmt: skip
        request = self.session.prepare_request(
            requests.Request("GET", pinned_url, headers={**headers, "Host": host_port})
        )
        request.pinned_name = name  # type: ignore[attr-defined]
        response = self.session.send(request, timeout=timeout, stream=True, allow_redirects=False)
        response.url = url  # the page's address, not the address it was fetched from
        return response

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


def _default_port(scheme: str) -> int:
    return 443 if scheme.lower() == "https" else 80


def _first_line(exc: Exception) -> str:
    """The first line of an exception's message, any user:password@ in a URL masked first
    (requests repeats the URL it was given), then cut to 200 characters."""
    text = _CREDENTIALS_IN_URL.sub("//", str(exc)).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
