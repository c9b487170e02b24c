"""The one HTTP layer (factdesk.web): a connection goes to the address that was checked
(DNS rebinding), transient failures are tried again, a service's answers and a page's
errors share one vocabulary, and one JSON-LD reader takes any page without a traceback."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factdesk.errors import NetworkError
from factdesk.ingest.extract import extract_article
from factdesk.ingest.jsonld import json_ld_documents, parse_page
from factdesk.web.http import Fetcher, is_public_address, new_session, request_json
from factdesk.web.problems import HTTPError, PrivateRedirect, RateLimited

PUBLIC = "127.0.0.2"  # stands in for an address on the internet
PRIVATE = "127.0.0.1"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server = self.server
        server.paths.append(self.path)
        if self.path.startswith("/go"):
            self.send_response(302)
            self.send_header("Location", self.path.split("to=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/flaky" and server.failures_left > 0:
            server.failures_left -= 1
            self._send(503, b"busy", "text/plain")
            return
        self._send(200, f"<html><body><p>{server.name}</p></body></html>".encode(), "text/html")

    def do_POST(self) -> None:
        self.server.paths.append("POST " + self.path)
        self._send(503, b"{}", "application/json")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _serve(host: str, port: int, name: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    server.paths, server.name, server.failures_left = [], name, 0
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


@pytest.fixture
def two_sites():
    """A 'public' site and an internal one on the same port of two addresses."""
    public = _serve(PUBLIC, 0, "the public page")
    internal = _serve(PRIVATE, public.server_address[1], "the internal page")
    yield public, internal
    for server in (public, internal):
        server.shutdown()
        server.server_close()


def _is_public(address) -> bool:
    return str(address) == PUBLIC or is_public_address(address)


def test_a_rebinding_name_is_fetched_from_the_address_that_was_checked(two_sites, monkeypatch):
    """rebind.test answers the public address to the check, then 127.0.0.1: the request
    still goes to the address that was checked, and the internal page is never asked."""
    public, internal = two_sites
    port = public.server_address[1]
    real_getaddrinfo = socket.getaddrinfo
    answers = iter([PUBLIC])

    def rebinding_dns(host, *args, **kwargs):
        if host == "rebind.test":
            host = next(answers, PRIVATE)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    with Fetcher(connect_timeout=2, read_timeout=5, is_public=_is_public) as fetcher:
        page = fetcher.get(f"http://{PUBLIC}:{port}/go?to=http://rebind.test:{port}/page")
    assert "the public page" in page.text
    assert page.final_url == f"http://rebind.test:{port}/page"
    assert internal.paths == []


def test_a_name_that_answers_an_internal_address_is_refused_after_a_public_page(
    two_sites, monkeypatch
):
    public, internal = two_sites
    port = public.server_address[1]
    real_getaddrinfo = socket.getaddrinfo

    def internal_dns(host, *args, **kwargs):
        return real_getaddrinfo(PRIVATE if host == "intranet.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", internal_dns)
    with (
        Fetcher(connect_timeout=2, read_timeout=5, is_public=_is_public) as fetcher,
        pytest.raises(PrivateRedirect),
    ):
        fetcher.get(f"http://{PUBLIC}:{port}/go?to=http://intranet.test:{port}/page")
    assert internal.paths == []


def test_a_transient_server_error_is_tried_again(two_sites):
    public, _internal = two_sites
    public.failures_left = 2
    with Fetcher(connect_timeout=2, read_timeout=5) as fetcher:
        page = fetcher.get(f"http://{PUBLIC}:{public.server_address[1]}/flaky")
    assert page.status == 200
    assert public.paths == ["/flaky"] * 3


def test_a_lasting_server_error_is_said_once_retries_are_spent(two_sites):
    public, _internal = two_sites
    public.failures_left = 10
    with (
        Fetcher(connect_timeout=2, read_timeout=5) as fetcher,
        pytest.raises(HTTPError, match=r"HTTP 503 Service Unavailable \(a server error"),
    ):
        fetcher.get(f"http://{PUBLIC}:{public.server_address[1]}/flaky")
    assert public.paths == ["/flaky"] * 3  # the first try and two more


def test_a_post_is_never_repeated(two_sites):
    """An archive capture (POST) is not idempotent: one request, whatever the answer."""
    public, _internal = two_sites
    session = new_session()
    answer = request_json(
        session, "POST", f"http://{PUBLIC}:{public.server_address[1]}/save",
        label="Save Page Now", timeout=(2, 5),
    )  # fmt: skip
    assert answer.status == 503
    assert public.paths == ["POST /save"]


def test_a_refused_connection_is_said_in_words_by_pages_and_services():
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind((PRIVATE, 0))
        port = probe.getsockname()[1]
    url = f"http://{PRIVATE}:{port}/x"
    with Fetcher(connect_timeout=1, read_timeout=1) as fetcher:
        with pytest.raises(NetworkError, match="the connection was refused"):
            fetcher.get(url)
        with pytest.raises(NetworkError, match=r"could not connect \(the connection was refused"):
            request_json(fetcher.session, "GET", url, label="A service", timeout=(1, 1))


def test_rate_limits_are_one_error_for_pages_and_services():
    assert issubclass(RateLimited, HTTPError)
    error = RateLimited("x: HTTP 429 Too Many Requests", 30.0)
    assert (error.status, error.retry_after) == (429, 30.0)


def test_deeply_nested_json_ld_is_skipped_not_a_traceback():
    deep = "[" * 200_000 + "]" * 200_000
    html = (
        '<html><head><script type="application/ld+json">' + deep + "</script>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge",'
        ' "datePublished": "2019-11-26"}</script></head><body><article><p>'
        + "The council said the bridge repairs will cost four million pounds. " * 5
        + "</p></article></body></html>"
    )
    assert json_ld_documents(parse_page(html)) == [
        {"@type": "NewsArticle", "headline": "Bridge", "datePublished": "2019-11-26"}
    ]
    article = extract_article(html, source="deep.html")
    assert article.published and article.published.startswith("2019-11-26")
