"""Links from strangers: credentials never stored or published, and no redirect from a
public page into a private network (as browsers' Private Network Access rules).

A public site cannot be reached from here, so a real server on 127.0.0.2 stands in for
one: the tests tell the Fetcher to count that one address as public (`is_public`),
every other address is judged as in real use. The redirects, the DNS look-ups of the
targets and the servers are all real.
"""

from __future__ import annotations

import base64
import gzip
import ipaddress
import json
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from factdesk.desk import Desk
from factdesk.errors import BadInput, NetworkError
from factdesk.web.http import Fetcher, is_public_address
from factdesk.web.problems import PrivateRedirect
from tests.conftest import BRIDGE_REVIEW

STAND_IN_FOR_PUBLIC = "127.0.0.2"
ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><title>Bridge repairs</title></head><body><article>"
    "<h1>Bridge repairs</h1><p>Council leader Mary Smith said the repairs to the old "
    "bridge will cost at least £4m, twice the figure given to residents last spring.</p>"
    "<p>Opposition councillor Tom Jones said the delay had cost local shops thousands "
    "of pounds in lost trade, a claim the council disputes.</p></article></body></html>"
)


class _Site(BaseHTTPRequestHandler):
    """/page (an article), /review (ClaimReview JSON-LD), /go?to=URL (a 302 to URL)."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.paths.append(parts.path)
        self.server.authorizations.append(self.headers.get("Authorization"))
        if parts.path == "/go":
            self.send_response(302)
            self.send_header("Location", parse_qs(parts.query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, kind = {
            "/page": (ARTICLE_HTML.encode(), "text/html; charset=utf-8"),
            "/review": (json.dumps(BRIDGE_REVIEW).encode(), "application/ld+json"),
        }.get(parts.path, (b"not here", "text/plain"))
        self.send_response(200 if parts.path in ("/page", "/review") else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _start(host: str):
    server = ThreadingHTTPServer((host, 0), _Site)
    server.daemon_threads = True
    server.paths, server.authorizations = [], []
    server.base = f"http://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


@pytest.fixture
def public_site():
    server = _start(STAND_IN_FOR_PUBLIC)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_site():
    server = _start("127.0.0.1")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetcher():
    def is_public(address) -> bool:
        return str(address) == STAND_IN_FOR_PUBLIC or is_public_address(address)

    with Fetcher(connect_timeout=2, read_timeout=5, is_public=is_public) as f:
        yield f


def _via(site, target: str) -> str:
    return f"{site.base}/go?to={target}"


# --- which addresses are public --------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata services
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("224.0.0.251", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


# --- redirects -------------------------------------------------------------------------


def test_a_public_page_may_not_redirect_to_a_private_one(public_site, private_site, fetcher):
    with pytest.raises(
        PrivateRedirect, match=r"redirected to 127\.0\.0\.1, an address in a private"
    ):
        fetcher.get(_via(public_site, f"{private_site.base}/page"))
    assert private_site.paths == []  # refused before it was asked


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://[::1]:9/",
        "http://[::ffff:7f00:1]:9/",
        "http://0.0.0.0:9/",
        "http://2130706433:9/",  # 127.0.0.1 as one number
        "http://localhost:9/",
    ],
)
def test_every_kind_of_private_target_is_refused_without_connecting(public_site, fetcher, target):
    started = time.monotonic()
    with pytest.raises(PrivateRedirect, match="private or local network"):
        fetcher.get(_via(public_site, target))
    assert time.monotonic() - started < 1.5  # no connection attempt to time out


def test_a_redirect_chain_is_checked_at_every_hop(public_site, private_site, fetcher):
    second_hop = _via(public_site, f"{private_site.base}/page")
    with pytest.raises(PrivateRedirect):
        fetcher.get(_via(public_site, second_hop))


def test_public_to_public_and_private_to_anything_are_followed(public_site, private_site, fetcher):
    assert fetcher.get(_via(public_site, f"{public_site.base}/page")).final_url.endswith("/page")
    page = fetcher.get(_via(private_site, f"{private_site.base}/page"))  # typed by the user
    assert page.final_url == f"{private_site.base}/page"
    assert fetcher.get(f"{private_site.base}/page").status == 200


def test_import_evidence_and_claimreview_refuse_the_redirect(
    public_site, private_site, fetcher, tmp_path
):
    with Desk(tmp_path / "desk.db") as desk:
        with pytest.raises(PrivateRedirect):
            desk.import_source(_via(public_site, f"{private_site.base}/page"), fetcher=fetcher)
        with pytest.raises(PrivateRedirect):
            desk.import_claimreview(
                _via(public_site, f"{private_site.base}/review"), fetcher=fetcher
            )
        assert desk.articles() == [] and desk.prior_checks(None) == []

        claim = desk.import_source(f"{public_site.base}/page", fetcher=fetcher)
        claim_id = desk.claims()[0].id
        evidence = desk.add_evidence(
            claim_id, _via(public_site, f"{private_site.base}/page"), fetcher=fetcher
        ).made
        assert "private or local network" in evidence.fetch_error
        assert evidence.snapshot_text is None
        assert claim.outcome == "new"
    assert private_site.paths == []


# --- credentials -----------------------------------------------------------------------


def test_credentials_are_used_to_fetch_but_never_stored_or_published(private_site, tmp_path):
    url = f"http://reader:s3cret-pw@{private_site.base.removeprefix('http://')}/page"
    with Desk(tmp_path / "desk.db") as desk:
        result = desk.import_source(url)
        assert private_site.authorizations == [
            "Basic " + base64.b64encode(b"reader:s3cret-pw").decode()
        ]
        assert "s3cret" not in (result.article.source + (result.article.url or ""))
        bundle = tmp_path / "work.bundle"
        desk.export_bundle(bundle)
        for fmt in ("json", "html", "md", "csv"):
            desk.export(fmt, tmp_path / f"report.{fmt}")
            assert "s3cret" not in (tmp_path / f"report.{fmt}").read_text()
    assert "s3cret" not in gzip.decompress(bundle.read_bytes()).decode()
    assert not any("s3cret" in line for line in sqlite3.connect(tmp_path / "desk.db").iterdump())


def test_evidence_with_credentials_is_refused_in_words(desk, tmp_path):
    desk.import_source("-", stdin_text="The council said the bridge will cost £4m to repair.")
    claim_id = desk.claims()[0].id
    with pytest.raises(BadInput) as error:
        desk.add_evidence(claim_id, "https://sam:hunter22@docs.example/report", fetch=False)
    message = str(error.value)
    assert message.startswith("https://docs.example/report: the link holds a user name or password")
    assert "hunter22" not in message
    assert desk.evidence(claim_id) == []


def test_error_messages_never_show_the_password(http_server):
    with Fetcher(connect_timeout=2, read_timeout=5) as fetcher:
        for path in ("/gone", "/loop-a", "/to-ftp"):
            url = f"http://sam:hunter22@{http_server.removeprefix('http://')}{path}"
            with pytest.raises((BadInput, NetworkError)) as error:
                fetcher.get(url)
            assert "hunter22" not in str(error.value), path
    with pytest.raises(BadInput) as error:
        Fetcher().get("http://sam:hunter22@host .example/")
    assert "hunter22" not in str(error.value)


def test_links_stored_by_an_older_version_lose_their_credentials(tmp_path):
    path = tmp_path / "old.db"
    with Desk(path) as desk:
        desk.import_source("-", stdin_text="The council said the bridge will cost £4m to repair.")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE articles SET url = 'https://u:p4ss@news.example/a', source = 'https://u:p4ss@news.example/a'"
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_urls_without_credentials'")
    conn.close()
    with Desk(path) as desk:
        (article,) = desk.articles()
        assert article.url == "https://news.example/a"
        assert article.source == "https://news.example/a"


def test_a_bundle_brings_no_credentials_in(tmp_path):
    with Desk(tmp_path / "a.db") as desk:
        desk.import_source("-", stdin_text="The council said the bridge will cost £4m to repair.")
        desk.export_bundle(tmp_path / "a.bundle")
    lines = gzip.decompress((tmp_path / "a.bundle").read_bytes()).decode().splitlines()
    for number, line in enumerate(lines):
        item = json.loads(line)
        if item.get("table") == "articles":
            item["row"]["url"] = "https://u:p4ss@news.example/a"
            lines[number] = json.dumps(item)
    (tmp_path / "b.bundle").write_bytes(gzip.compress("\n".join(lines).encode()))
    with Desk(tmp_path / "b.db") as desk:
        desk.import_bundle(tmp_path / "b.bundle")
        assert desk.articles()[0].url == "https://news.example/a"
