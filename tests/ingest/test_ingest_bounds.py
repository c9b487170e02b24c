"""Bounded work on any input: compressed files and pages are decompressed step by step and
stopped at the size cap (a bomb is never inflated into memory), JSON nesting is capped,
and damaged input is one clear line, never a traceback."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest

from factdesk.cli import main
from factdesk.errors import BadInput, NetworkError
from factdesk.untrusted import gunzip, json_depth, load_json
from factdesk.web.http import Fetcher
from tests.conftest import BRIDGE_REVIEW

MB = 1024 * 1024
PAGE = (
    "<!DOCTYPE html><html><head><title>Bridge repairs cost more</title></head><body>"
    "<article><h1>Bridge repairs cost more</h1><p>The council admitted that repairs to the "
    "old stone bridge will cost at least £4m, twice the figure it gave last spring.</p>"
    "</article></body></html>"
).encode()


def _zeros(size: int, compressor) -> bytes:
    """`size` zero bytes compressed, made a megabyte at a time."""
    block = b"\0" * MB
    return b"".join(compressor.compress(block) for _ in range(size // MB)) + compressor.flush()


def _gzip_compressor():
    return zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)


class _Brotli:
    def __init__(self) -> None:
        self.compressor = brotli.Compressor(quality=1)

    def compress(self, data: bytes) -> bytes:
        return self.compressor.process(data)

    def flush(self) -> bytes:
        return self.compressor.finish()


def _peak_mb(action) -> float:
    """Peak Python memory (MB) while `action` runs; it must raise BadInput or NetworkError."""
    tracemalloc.start()
    try:
        with pytest.raises((BadInput, NetworkError)) as error:
            action()
        return tracemalloc.get_traced_memory()[1] / MB, str(error.value)
    finally:
        tracemalloc.stop()


BOMB = _zeros(400 * MB, _gzip_compressor())  # 400 KB that decompress to 400 MB
BROTLI_BOMB = _zeros(400 * MB, _Brotli())


# --- files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reviews.json.gz", "page.html.gz"])
def test_a_claimreview_gzip_bomb_is_stopped_at_the_cap(desk, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BOMB)
    peak, message = _peak_mb(lambda: desk.import_claimreview(str(path)))
    assert message.startswith(f"{path}: more than 20 MB once decompressed")
    assert peak < 60, f"{peak:.0f} MB in memory for a 400 KB file"
    assert desk.prior_checks(None) == []


def test_an_article_gzip_bomb_is_stopped_at_the_cap(desk, tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(BOMB)
    peak, message = _peak_mb(lambda: desk.import_source(str(path)))
    assert "more than 20 MB once decompressed" in message
    assert peak < 60
    assert desk.articles() == []


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            gzip.compress(json.dumps(BRIDGE_REVIEW).encode())[:-12],
            "not a valid gzip file (it is cut short)",
        ),
        (b"\x1f\x8b\x08\x00\xd7]\xf2\xc8\r1\xaf\x9c" + b"\x00" * 20, "not a valid gzip file"),
        (gzip.compress(b"[" * 5000 + b"]" * 5000), "JSON nested more than 100 levels deep"),
        (gzip.compress(b'{"n": ' + b"9" * 5000 + b"}"), "not valid JSON (Exceeds the limit"),
        (b"\x00\x01binary\xff", "binary data, not JSON or an HTML page"),
    ],
)
def test_damaged_claimreview_files_are_one_clear_line(db_path, tmp_path, capsys, data, words):
    for name in ("reviews.json.gz", "page.html.gz"):
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["--db", str(db_path), "claimreview", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
        assert err.startswith(f"factdesk: {path}: ")


def test_deep_json_ld_in_a_page_is_passed_over(desk, tmp_path):
    deep = "[" * 3000 + "]" * 3000
    page = (
        f"<html><head><script type='application/ld+json'>{deep}</script>"
        f"<script type='application/ld+json'>{json.dumps(BRIDGE_REVIEW)}</script></head></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page)
    assert desk.import_claimreview(str(path)) == 1  # the good block still counts


def test_gunzip_reads_every_member_and_refuses_junk():
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), limit=10, source="x") == b"abcd"
    with pytest.raises(BadInput, match="more than"):
        gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), limit=3, source="x")
    with pytest.raises(BadInput, match="x: not a valid gzip file"):
        gunzip(b"junk", limit=10, source="x")


def test_json_depth_ignores_brackets_in_strings():
    assert json_depth('{"a": "[[[[{{", "b": [1, {"c": "\\"]"}]}') == 3
    assert json_depth("[" * 500) == 500
    assert json_depth("1") == 0
    assert load_json("[" * 100 + "]" * 100, source="x") is not None
    with pytest.raises(BadInput, match="x: JSON nested more than 100 levels deep"):
        load_json("[" * 101 + "]" * 101, source="x")


# --- pages ------------------------------------------------------------------------------


class _Compressing(BaseHTTPRequestHandler):
    """/gzip-bomb, /br-bomb, /br-page, /compress-page: bodies in odd content codings."""

    def do_GET(self) -> None:
        body, coding = {
            "/gzip-bomb": (BOMB, "gzip"),
            "/br-bomb": (BROTLI_BOMB, "br"),
            "/br-page": (brotli.compress(PAGE), "br"),
            "/compress-page": (PAGE, "compress"),
        }[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may stop at its cap: the point of the test

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def compressing_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Compressing)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/gzip-bomb", "/br-bomb"])
def test_a_compressed_page_is_stopped_at_the_cap_while_decoding(compressing_server, path):
    with Fetcher(max_bytes=2 * MB) as fetcher:
        peak, message = _peak_mb(lambda: fetcher.get(compressing_server + path))
    assert "larger than the 2 MB limit" in message
    assert peak < 20, f"{peak:.0f} MB in memory"


def test_a_brotli_page_is_decoded(compressing_server):
    with Fetcher() as fetcher:
        page = fetcher.get(compressing_server + "/br-page")
    assert page.body == PAGE
    assert "Bridge repairs cost more" in page.text


def test_a_coding_that_cannot_be_decoded_is_refused(compressing_server):
    with Fetcher() as fetcher, pytest.raises(NetworkError, match="compressed as compress"):
        fetcher.get(compressing_server + "/compress-page")
