"""Fixtures for the ingest tests: a real HTTP server on 127.0.0.1 serving test pages, and
the shared data (../shared/data) when it is there."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Council admits bridge repairs will cost £4m | The Riverside Gazette</title>
<link rel="canonical" href="https://gazette.test/news/bridge-repairs">
<meta property="og:site_name" content="The Riverside Gazette">
<meta property="article:published_time" content="2024-03-05T09:30:00+00:00">
<meta name="author" content="Jane Reporter">
</head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience.
Accept all cookies or manage your preferences.</p><button>Accept</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a>
</li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
</header>
<main><article>
<h1>Council admits bridge repairs will cost £4m</h1>
<div class="share-bar"><a href="https://twitter.com/share">Share on Twitter</a>
<a href="https://facebook.com/share">Share on Facebook</a></div>
<p>The county council has admitted that repairs to the old stone bridge over the river will
cost at least £4m, twice the figure it gave residents last spring.</p>
<p>Council leader Mary Smith said the rise was caused by "unexpected damage to the
foundations" found by divers in January, and that the work would start in the summer.</p>
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The bridge has been closed for
432 days. Residents deserve answers, not another estimate. <a href="https://t.co/abc">
https://t.co/abc</a></p>&mdash; Tom Jones (@tomjones_cllr) <a
href="https://twitter.com/tomjones_cllr/status/1765000000000000000?ref_src=twsrc%5Etfw">
March 4, 2024</a></blockquote>
<p>Opposition councillor Tom Jones said the delay had cost local shops thousands of pounds
in lost trade, a claim the council disputes.</p>
<p>A public meeting about the bridge will be held at the town hall on 12 March.</p>
</article>
<aside class="newsletter-signup"><h3>Sign up to our newsletter</h3><p>Get the best of the
Gazette in your inbox every morning. Enter your email address below.</p></aside>
<section class="related-stories"><h3>Related stories</h3><ul>
<li><a href="/a">Bus lane plan scrapped after protests from drivers</a></li>
<li><a href="/b">New library opening delayed until next year</a></li>
<li><a href="/c">School crossing patrol saved by parents' petition</a></li></ul></section>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Commenter99 wrote: This council is a disgrace, they never tell the
truth about anything at all.</p></div></section>
</main>
<footer class="site-footer"><p>© 2024 Riverside Gazette Ltd. All rights reserved.
Contact us | Privacy policy | Terms of use</p></footer>
</body></html>
"""

FRENCH = (
    "Le café était très agréable. Nous avons mangé des crêpes à la crème et bu un thé "
    "glacé près de la fenêtre. Où êtes-vous allés après la soirée ? Ça dépend du temps."
)


def _page(body_text: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>Une page</title></head>"
        f"<body><article><p>{body_text}</p><p>{body_text}</p></article></body></html>"
    )


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def send(self, status: int, body: bytes, content_type: str | None, **headers) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("http://"):  # a proxied request carries the absolute URL
            self.send(200, f"proxied {path}".encode(), "text/plain; charset=utf-8")
            return
        route = getattr(self, "route_" + path.strip("/").replace("-", "_").replace(".", "_"), None)
        if route is None:
            self.send(404, b"not here", "text/plain")
            return
        # the client hangs up on a size cap or timeout: that is the point of those tests
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route()

    # --- pages ---
    def route_article_html(self) -> None:
        self.send(200, ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")

    def route_user_agent(self) -> None:
        agent = self.headers.get("User-Agent", "")
        self.send(200, agent.encode(), "text/plain; charset=utf-8")

    def route_plain_txt(self) -> None:
        text = "We are closing the bridge for good. — Town Hall (@townhall) March 4, 2024\n"
        self.send(200, text.encode(), "text/plain; charset=utf-8")

    def route_latin1_meta_html(self) -> None:  # no charset in the header, only in the page
        body = _page(FRENCH, '<meta charset="windows-1252">').encode("cp1252")
        self.send(200, body, "text/html")

    def route_wrong_charset_html(self) -> None:  # header says UTF-8, bytes are windows-1252
        body = _page(
            FRENCH, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        ).encode("cp1252")
        self.send(200, body, "text/html; charset=utf-8")

    def route_no_charset_html(self) -> None:  # declared nowhere: detection
        self.send(200, _page(FRENCH).encode("cp1252"), "text/html")

    def route_gzip_html(self) -> None:
        body = gzip.compress(ARTICLE_HTML.encode("utf-8"))
        self.send(200, body, "text/html; charset=utf-8", Content_Encoding="gzip")

    def route_deflate_html(self) -> None:
        body = zlib.compress(ARTICLE_HTML.encode("utf-8"))
        self.send(200, body, "text/html; charset=utf-8", Content_Encoding="deflate")

    def route_slow(self) -> None:  # no answer before the client's read timeout
        time.sleep(1.5)
        self.send(200, b"<p>too late</p>", "text/html")

    def route_stalled_body(self) -> None:  # headers, a little body, then silence
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body>" + b"x" * 1000)
        self.wfile.flush()
        time.sleep(1.5)

    def route_drip(self) -> None:  # a byte at a time, never slow enough for a read timeout
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.05)

    def route_huge_declared(self) -> None:  # says it is huge: refused before reading
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"<html>" + b"x" * 65536)

    def route_huge(self) -> None:  # no length given; much more than the cap
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(200):  # 200 x 64 KB = 12.5 MB
            self.wfile.write(b"<p>" + b"y" * 65536 + b"</p>")

    def route_endless(self) -> None:  # chunked and never ending
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"z" * 32768 + b"</p>"
        for _ in range(100_000):
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")

    def route_loop_a(self) -> None:
        self.send(302, b"", None, Location="/loop-b")

    def route_loop_b(self) -> None:
        self.send(302, b"", None, Location="/loop-a")

    def route_moved(self) -> None:
        self.send(301, b"", None, Location="/article.html")

    def route_to_ftp(self) -> None:
        self.send(302, b"", None, Location="ftp://files.test/secret.txt")

    def route_gone(self) -> None:
        self.send(410, b"gone", "text/plain")

    def route_broken(self) -> None:
        self.send(500, b"oops", "text/plain")

    def route_unavailable(self) -> None:
        self.send(503, b"busy", "text/plain")

    def route_busy(self) -> None:
        self.send(429, b"slow down", "text/plain", Retry_After="120")

    def route_forbidden(self) -> None:
        self.send(403, b"no", "text/plain")

    def route_doc_pdf(self) -> None:
        self.send(200, b"%PDF-1.7\n%binary", "application/pdf")

    def route_photo_png(self) -> None:
        self.send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")

    def route_pdf_as_html(self) -> None:  # the server lies about the type
        self.send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 binary", "text/html")

    def route_untyped(self) -> None:  # no Content-Type at all: sniffed
        self.send(200, ARTICLE_HTML.encode("utf-8"), None)

    def route_data_json(self) -> None:
        self.send(200, '{"claim": "café"}'.encode(), "application/json")

    def route_empty_html(self) -> None:
        self.send(200, b"   \n", "text/html")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Clients hanging up early (timeouts, size caps) are what several tests do."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def french() -> str:
    """The French text the charset test pages carry (in windows-1252)."""
    return FRENCH


@pytest.fixture(scope="session")
def start_server():
    """A function starting another test server (e.g. to act as a proxy); stopped at the end."""
    servers = []

    def start() -> ThreadingHTTPServer:
        server = QuietServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def http_server(start_server):
    """Base URL ("http://127.0.0.1:PORT") of a real HTTP server serving the test pages."""
    server = start_server()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(autouse=True)
def no_proxy_for_localhost(monkeypatch):
    """Proxies set on the machine must not catch the test server's requests."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _shared_data() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (real pages: aeb/ and tweets/); tests needing it skip without it."""
    path = _shared_data()
    if path is None:
        pytest.skip("../shared/data is not available")
    return path


@pytest.fixture(scope="session")
def sample_text() -> str:
    """The sample article (seeds/ in the repo, or ../shared/seeds)."""
    for candidate in (
        ROOT / "seeds" / "000_ea872c36249f8574.txt",
        ROOT.parent / "shared" / "seeds" / "000_ea872c36249f8574.txt",
        ROOT.parent.parent / "shared" / "seeds" / "000_ea872c36249f8574.txt",
    ):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    pytest.skip("the sample article is not available")
