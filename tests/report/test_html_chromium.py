"""Open the hostile HTML report in a real browser (headless Chromium) and check that
no script ran and nothing was requested.

A control page with the same payload left live proves the checks can see a script run
and a request made. Skipped without Chromium, unless FACTDESK_CI_STRICT=1 (CI).
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factdesk.report import render_html

from .conftest import HOSTILE_SCRIPT, PWNED


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _chromium()
if CHROMIUM is None and os.environ.get("FACTDESK_CI_STRICT") == "1":
    pytest.fail("chromium is not installed (FACTDESK_CI_STRICT=1)", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture
def leak_server():
    """A local server that records every request: a report must make none."""
    handler = type("Recorder", (_Recorder,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    server.shutdown()
    server.server_close()


def dump_dom(page: Path, profile: Path) -> BeautifulSoup:
    """The DOM Chromium ends up with after loading `page` (and running what it would run)."""
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",  # let onerror/onload/onfocus handlers have their turn
        "--dump-dom",
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return BeautifulSoup(result.stdout, "html.parser")


def hostile_payload(leak_url: str) -> str:
    return (
        f'<img src="{leak_url}/img" onerror="document.title=\'{PWNED}\'">'
        f'<link rel="stylesheet" href="{leak_url}/css">'
        f"<script>document.title='{PWNED}';document.body.innerHTML='{PWNED}'</script>"
    )


def test_control_page_shows_the_checks_can_fail(tmp_path, leak_server):
    leak_url, hits = leak_server
    page = tmp_path / "control.html"
    page.write_text(f"<html><head><title>safe</title></head><body>{hostile_payload(leak_url)}")
    dom = dump_dom(page, tmp_path / "profile")
    assert dom.title.get_text() == PWNED
    assert hits  # the live payload fetched from the server


def test_no_script_runs_and_nothing_is_fetched(tmp_path, leak_server, hostile_report):
    leak_url, hits = leak_server
    payload = hostile_payload(leak_url)
    item = hostile_report.items[0]
    item.claim.text += payload
    item.evidence[0].quote = payload
    item.verdict.summary += "\n\n" + payload
    html = render_html(hostile_report)
    # Test the escaping alone: without the Content-Security-Policy safety net.
    html = html.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x-csp-off"')
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")

    dom = dump_dom(page, tmp_path / "profile")

    assert dom.title.get_text() == HOSTILE_SCRIPT  # unchanged: shown as text
    assert dom.find("h1").get_text() == HOSTILE_SCRIPT
    assert len(dom.select("div.claim")) == 1  # body not replaced
    assert payload in dom.select_one(".claim-text").get_text()
    assert payload in dom.select_one(".quote").get_text()
    assert not dom.find_all(["script", "img", "link", "iframe"])
    for tag in dom.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on")], tag.name
    assert all(a["href"].startswith("https://") for a in dom.find_all("a"))
    assert hits == []
