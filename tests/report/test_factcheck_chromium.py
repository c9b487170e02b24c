"""A published fact-check page in a real browser (headless Chromium), with a local server
recording any request: every part of the page is there after the browser has laid it out,
no script of the checker's text ran, and nothing was fetched (its logo is inline)."""

from __future__ import annotations

import base64

from factdesk.report.factcheck import FactCheckPage, Publishing
from factdesk.report.factcheck_page import render_factcheck_page

from .conftest import PWNED
from .test_factcheck import FINDINGS, publish, tory_id
from .test_factcheck import desk as desk
from .test_html_chromium import dump_dom, hostile_payload
from .test_html_chromium import leak_server as leak_server
from .test_html_chromium import pytestmark as pytestmark  # skipped without Chromium

# A 1x1 PNG.
LOGO = (
    "data:image/png;base64,"
    + base64.b64encode(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
            "789c6360f8cfc0f01f0005000201e2e0b8b50000000049454e44ae426082"
        )
    ).decode()
)


def test_every_part_of_the_page_is_there_and_nothing_is_fetched(desk, tmp_path, leak_server):
    leak_url, hits = leak_server
    claim_id = tory_id(desk)
    publish(desk, claim_id)
    desk.save_factcheck(
        claim_id, findings=FINDINGS + "\n\n" + hostile_payload(leak_url), correction="More."
    )
    desk.set_settings({"corrections_policy": "Tell us."})
    pages = desk.factcheck_pages(claims=[claim_id])
    page: FactCheckPage = pages[0]
    page.publishing = Publishing(**{**vars(page.publishing), "logo": LOGO})
    html = render_factcheck_page(pages)
    # Test the sanitising alone: without the Content-Security-Policy safety net.
    html = html.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x-csp-off"')
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")

    dom = dump_dom(path, tmp_path / "profile")

    assert dom.title.get_text().startswith("False: ") and PWNED not in dom.title.get_text()
    article = dom.select_one("article.factcheck")
    for part in ("h1.headline", ".byline", ".verdict", ".claimed .claim-text", ".findings p",
                 ".our-verdict", ".source-list li", ".correction-list li", ".policy",
                 ".method .scale-levels"):  # fmt: skip
        assert article.select_one(part) is not None, part
    assert dom.select_one(".masthead img.logo")["src"] == LOGO
    assert [s["type"] for s in dom.find_all("script")] == ["application/ld+json"]
    for tag in dom.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on")], tag.name
    assert hits == []
