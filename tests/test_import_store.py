"""How an import stores its article and claims (issue 22 item 8): the page as fetched in
gzip (ISA-L's; pages gzipped by zlib before still read), the claims inserted several
rows per statement (one FTS5 segment an import), statement journals kept in memory."""

from __future__ import annotations

import gzip
import sqlite3

import pytest

from factdesk.model import Article, Claim, ClaimFilter
from factdesk.store import edits

WORDS = [
    "leakage",
    "bills",
    "tariffs",
    "pensions",
    "rents",
    "wages",
    "fares",
    "prices",
    "taxes",
    "grants",
    "budgets",
]


def article_with_claims(count: int) -> tuple[Article, list[Claim]]:
    sentences = [f"The {WORDS[i % len(WORDS)]} rose {i + 2}% in 2019." for i in range(count)]
    text = " ".join(sentences)
    claims, at = [], 0
    for sentence in sentences:
        start = text.index(sentence, at)
        at = start + len(sentence)
        claims.append(Claim(text=sentence, sentence=sentence, start=start, end=at, score=0.6))
    page = f"<html><body><p>{text}</p></body></html>".encode()
    return Article(source="page.html", text=text, raw=page), claims


def raw_gz(db_path, article_id: str) -> bytes:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT raw_gz FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    finally:
        conn.close()


def test_the_stored_page_is_gzip_and_an_old_zlib_page_still_reads(desk, db_path):
    article, claims = article_with_claims(3)
    page = article.raw
    stored = desk.import_article(article, split=lambda _a: claims).article
    # Any gzip reader (a bundle's or the hub's reader, another version) reads it back.
    assert gzip.decompress(raw_gz(db_path, stored.id)) == page
    assert desk.article(stored.id).raw == page
    # A page as earlier versions stored it (zlib's gzip) reads back the same way.
    old_page = b"<html><body><p>An old page.</p></body></html>" * 50
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "UPDATE articles SET raw_gz = ? WHERE id = ?",
            [gzip.compress(old_page, compresslevel=9, mtime=0), stored.id],
        )
    conn.close()
    assert desk.article(stored.id).raw == old_page


def test_claims_beyond_one_statement_are_all_stored_in_order(desk, db_path, monkeypatch):
    monkeypatch.setattr(edits, "CLAIMS_PER_STATEMENT", 3)
    article, claims = article_with_claims(10)
    result = desk.import_article(article, split=lambda _a: claims)
    stored = desk.claims(ClaimFilter(article_id=result.article.id))
    assert [c.id for c in stored] == [c.id for c in claims]
    assert [c.text for c in stored] == [c.text for c in claims]
    assert result.claim_count == 10
    # Every claim is searchable, and logged for sync, once.
    assert [c.id for c in desk.claims(ClaimFilter(text="grants"))] == [claims[9].id]
    assert desk.db.execute(
        "SELECT count(*), count(DISTINCT row_id) FROM row_changes WHERE tbl = 'claims'"
    ).fetchone() == (10, 10)
    with desk.db.write():
        desk.db.execute("INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')")


def test_an_import_writes_its_claims_to_one_fts_segment(desk):
    article, claims = article_with_claims(40)
    desk.import_article(article, split=lambda _a: claims)
    rows = desk.db.execute("SELECT count(*) FROM claims_fts_data").fetchone()[0]
    # Merging every segment into one changes nothing: there was one. (Inserted a row per
    # statement, FTS5 wrote a segment per claim and merged them as it went.)
    with desk.db.write():
        desk.db.execute("INSERT INTO claims_fts (claims_fts) VALUES ('optimize')")
    assert desk.db.execute("SELECT count(*) FROM claims_fts_data").fetchone()[0] == rows


def test_a_small_write_leaves_temp_storage_as_it_was(desk):
    article, claims = article_with_claims(2)
    desk.import_article(article, split=lambda _a: claims)
    assert desk.db.execute("PRAGMA temp_store").fetchone()[0] == 0
    with pytest.raises(RuntimeError), desk.db.write(small=True):
        assert desk.db.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
        raise RuntimeError("an import that fails half-way")
    assert desk.db.execute("PRAGMA temp_store").fetchone()[0] == 0
    assert desk.db.execute("PRAGMA query_only").fetchone()[0] == 1
