"""Fetching against a real HTTP server on 127.0.0.1 (see conftest.py)."""

from __future__ import annotations

import socket
import time

import pytest

from factdesk import __version__
from factdesk.errors import BadInput, NetworkError
from factdesk.web.http import Fetcher, check_url
from factdesk.web.problems import HTTPError


@pytest.fixture
def fetcher():
    with Fetcher(connect_timeout=2.0, read_timeout=0.5, max_bytes=1024 * 1024) as fetcher:
        yield fetcher


def test_fetches_a_page_with_its_charset_and_user_agent(http_server, fetcher):
    page = fetcher.get(f"{http_server}/article.html")
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert "£4m" in page.text
    assert page.body.startswith(b"<!DOCTYPE html>")

    agent = fetcher.get(f"{http_server}/user-agent").text
    assert agent == f"factdesk/{__version__} (+https://github.com/factdesk)"


@pytest.mark.parametrize("path", ["/latin1-meta.html", "/wrong-charset.html", "/no-charset.html"])
def test_charset_from_meta_tag_or_detection_when_the_header_is_missing_or_wrong(
    http_server, fetcher, path, french
):
    page = fetcher.get(http_server + path)
    assert french in page.text
    assert page.encoding == "cp1252"


@pytest.mark.parametrize("path", ["/gzip.html", "/deflate.html"])
def test_compressed_pages_are_decompressed(http_server, fetcher, path):
    page = fetcher.get(http_server + path)
    assert page.body.startswith(b"<!DOCTYPE html>")
    assert "stone bridge" in page.text


def test_redirect_gives_the_final_url(http_server, fetcher):
    page = fetcher.get(f"{http_server}/moved")
    assert page.url == f"{http_server}/moved"
    assert page.final_url == f"{http_server}/article.html"


def test_redirect_loop_is_a_clear_error(http_server, fetcher):
    with pytest.raises(NetworkError, match=r"/loop-a: more than 10 redirects \(a redirect loop"):
        fetcher.get(f"{http_server}/loop-a")


def test_redirect_to_another_scheme_is_refused(http_server, fetcher):
    with pytest.raises(BadInput, match="redirected to an unsupported address"):
        fetcher.get(f"{http_server}/to-ftp")


def test_slow_server_hits_the_read_timeout(http_server, fetcher):
    started = time.monotonic()
    with pytest.raises(NetworkError, match=r"^http://127\.0\.0\.1:\d+/slow: .*read timeout"):
        fetcher.get(f"{http_server}/slow")
    assert time.monotonic() - started < 1.4  # it did not wait for the server


def test_body_that_stalls_hits_the_read_timeout(http_server, fetcher):
    with pytest.raises(NetworkError, match="read timeout"):
        fetcher.get(f"{http_server}/stalled-body")


def test_declared_huge_page_is_refused_before_reading(http_server, fetcher):
    with pytest.raises(BadInput, match=r"the page is 50 MB, more than the 1 MB limit"):
        fetcher.get(f"{http_server}/huge-declared")


@pytest.mark.parametrize("path", ["/huge", "/endless"])
def test_huge_or_endless_body_is_cut_off_at_the_cap(http_server, fetcher, path):
    started = time.monotonic()
    with pytest.raises(BadInput, match=r"larger than the 1 MB limit; download stopped"):
        fetcher.get(http_server + path)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/nothing-here", r"HTTP 404 Not Found \(no page at this address\)"),
        ("/gone", r"HTTP 410 Gone \(the page was removed for good\)"),
        ("/broken", r"HTTP 500 Internal Server Error \(a server error"),
        ("/unavailable", r"HTTP 503 Service Unavailable \(a server error"),
        ("/forbidden", r"HTTP 403 Forbidden \(the site refused access\)"),
    ],
)
def test_http_errors_in_words(http_server, fetcher, path, words):
    with pytest.raises(HTTPError, match=rf"^{http_server}{path}: {words}") as caught:
        fetcher.get(http_server + path)
    assert caught.value.status == int(words.split()[1])
    assert isinstance(caught.value, NetworkError)


def test_too_many_requests_says_when_to_retry(http_server, fetcher):
    with pytest.raises(
        HTTPError, match=r"HTTP 429 Too Many Requests .*retry after 120 s"
    ) as caught:
        fetcher.get(f"{http_server}/busy")
    assert caught.value.retry_after == 120


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/doc.pdf", r"PDF documents are not supported \(application/pdf\)"),
        ("/photo.png", r"images are not supported \(image/png\)"),
        ("/pdf-as-html", r"PDF files are not supported"),
    ],
)
def test_non_html_content_is_refused_naming_the_type(http_server, fetcher, path, words):
    with pytest.raises(BadInput, match=rf"^{http_server}{path}: {words}"):
        fetcher.get(http_server + path)


def test_missing_content_type_is_sniffed(http_server, fetcher):
    assert "stone bridge" in fetcher.get(f"{http_server}/untyped").text


def test_refused_connection_is_said_in_words(fetcher):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(NetworkError, match=rf"127\.0\.0\.1:{port}/: the connection was refused"):
        fetcher.get(f"http://127.0.0.1:{port}/")


def test_unknown_host_is_a_dns_failure(fetcher):
    with pytest.raises(
        NetworkError,
        match=r"^http://no-such-host\.invalid/: the host name could not be found \(DNS failure\)",
    ):
        fetcher.get("http://no-such-host.invalid/")


def test_proxy_from_the_environment_is_used(monkeypatch, start_server):
    proxy = start_server()  # our test server answers proxied requests with their URL
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    monkeypatch.setenv("NO_PROXY", "")
    with Fetcher(connect_timeout=2, read_timeout=2) as fetcher:
        page = fetcher.get("http://news.example.test/story")
    assert page.text == "proxied http://news.example.test/story"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://files.test/a.txt", "ftp: URLs are not supported, only http and https"),
        ("file:///etc/passwd", "file: URLs are not supported"),
        ("javascript:alert(1)", "javascript: URLs are not supported"),
        ("www.example.test/page", "not a URL"),
        ("http:///path-only", "the URL has no host name"),
        ("http://example.test:99999/", "not a valid URL"),
        ("http://exa mple.test/", "a URL cannot contain spaces"),
    ],
)
def test_bad_urls_are_refused(url, words):
    with pytest.raises(BadInput, match=words):
        check_url(url)


def test_check_url_normalises():
    assert check_url("  HTTPS://News.Example.TEST/a?b=1#part ") == "https://news.example.test/a?b=1"
    assert check_url("http://example.test") == "http://example.test/"


def test_other_types_when_the_caller_accepts_them(http_server, fetcher):
    page = fetcher.get(f"{http_server}/data.json", accept=("application/json",))
    assert page.text == '{"claim": "café"}'
    with pytest.raises(BadInput, match=r"JSON documents are not supported \(application/json\)"):
        fetcher.get(f"{http_server}/data.json")


def test_a_dripping_download_is_stopped_at_the_total_timeout(http_server):
    with Fetcher(read_timeout=1.0, total_timeout=0.6) as fetcher:
        started = time.monotonic()
        with pytest.raises(NetworkError, match=r"/drip: the download took longer than 0\.6 s"):
            fetcher.get(f"{http_server}/drip")
    assert time.monotonic() - started < 2.0


def test_http_errors_survive_pickling_between_processes():
    import pickle

    error = pickle.loads(pickle.dumps(HTTPError("https://x.test/: HTTP 429", 429, 30.0)))
    assert (str(error), error.status, error.retry_after) == ("https://x.test/: HTTP 429", 429, 30.0)
