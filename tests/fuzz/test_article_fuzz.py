"""Fuzzed articles through the whole import: HTML pages as files (`factdesk import`, which
extracts, splits and stores) and plain text (pasted into the Desk), then read back. An
input is refused in one line or stored whole; nothing ends in a traceback."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk.desk import Desk
from tests.fuzz.strategies import article_texts, html_pages

FUZZ = settings.get_profile("factdesk-fuzz")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("article-fuzz")


@FUZZ
@given(html_pages(), st.sampled_from(["page.html", "page.html.gz", "page.txt", "page.md"]))
def test_html_pages(folder, fuzz_tally, page, name):
    path = folder / name
    path.write_bytes(gzip.compress(page) if name.endswith(".gz") else page)
    db = ["--db", str(folder / "pages.db")]
    code, _ = fuzz_tally.cli("html import", [*db, "import", str(path)])
    if code == 0:
        fuzz_tally.cli("html import", [*db, "claims", "--format", "json"])
        fuzz_tally.cli("html import", [*db, "export", "--format", "md", "-o", str(folder / "r.md")])


@pytest.fixture(scope="module")
def desk(folder):
    with Desk(folder / "texts.db") as opened:
        yield opened


@FUZZ
@given(article_texts())
def test_article_texts(desk, fuzz_tally, text):
    result = fuzz_tally.call("text import", lambda: desk.import_source("-", stdin_text=text))
    if result is None:
        return
    stored = desk.article(result.article.id)
    for claim in desk.claims():
        if claim.article_id == stored.id:
            assert stored.text[claim.start : claim.end].strip(), claim
