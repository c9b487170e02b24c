"""Bundles move work between laptops: merged by stable ids, nothing lost, twice = once."""

from __future__ import annotations

import gzip

import pytest

from factdesk.desk import Desk
from factdesk.errors import BadInput
from factdesk.model import Article, ClaimFilter
from tests.conftest import dump
from tests.test_desk import TEXT, sentence_split


@pytest.fixture
def laptops(tmp_path):
    a = Desk(tmp_path / "a.db")
    b = Desk(tmp_path / "b.db")
    yield a, b
    a.close()
    b.close()


def test_bundle_merges_histories_from_both_sides(laptops, tmp_path):
    a, b = laptops
    article = a.import_article(Article(source="s.txt", text=TEXT), split=sentence_split).article
    claim = a.claims(ClaimFilter(article_id=article.id))[0]
    a.set_verdict(claim.id, "Mostly True", scale="politifact")
    a.add_evidence(claim.id, "https://example.org/a", fetch=False)
    a.export_bundle(tmp_path / "a1.bundle")
    b.import_bundle(tmp_path / "a1.bundle")
    # Both laptops go on working on the same claim.
    b.set_verdict(claim.id, "False", scale="politifact", reviewer="B")
    b.set_status(claim.id, "in review", assignee="B")
    a.set_verdict(claim.id, "Half True", scale="politifact", reviewer="A")
    a.export_bundle(tmp_path / "a2.bundle")
    b.export_bundle(tmp_path / "b2.bundle")
    a.import_bundle(tmp_path / "b2.bundle")
    b.import_bundle(tmp_path / "a2.bundle")
    for desk in (a, b):
        history = [v.rating for v in desk.verdicts(claim.id)]
        assert history == ["Mostly True", "False", "Half True"]
        assert desk.claim(claim.id).verdict == "Half True"
        assert desk.claim(claim.id).status == "in review"
        assert len(desk.articles()) == 1 and len(desk.evidence(claim.id)) == 1
        assert desk.count_claims() == 4


def test_same_bundle_twice_changes_nothing(laptops, tmp_path):
    a, b = laptops
    article = a.import_article(Article(source="s.txt", text=TEXT), split=sentence_split).article
    a.set_verdict(a.claims(ClaimFilter(article_id=article.id))[0].id, "True", scale="politifact")
    a.export_bundle(tmp_path / "x.bundle")
    b.import_bundle(tmp_path / "x.bundle")
    once = dump(b.path)
    counts = b.import_bundle(tmp_path / "x.bundle")
    assert dump(b.path) == once
    assert not any(counts.values())


def test_article_imported_on_both_laptops_is_not_duplicated(laptops, tmp_path):
    a, b = laptops
    for desk in (a, b):
        desk.import_article(Article(source="s.txt", text=TEXT), split=sentence_split)
    claim_b = b.claims()[0]
    b.set_verdict(claim_b.id, "False", scale="politifact")
    b.export_bundle(tmp_path / "b.bundle")
    a.import_bundle(tmp_path / "b.bundle")
    assert len(a.articles()) == 1 and a.count_claims() == 4
    same = next(c for c in a.claims() if c.start == claim_b.start)
    assert same.verdict == "False"


def test_one_article_bundle_holds_only_that_article(laptops, tmp_path):
    a, b = laptops
    first = a.import_article(Article(source="1.txt", text=TEXT), split=sentence_split).article
    a.import_article(
        Article(source="2.txt", text="Another story. It rained."), split=sentence_split
    )
    counts = a.export_bundle(tmp_path / "one.bundle", article_id=first.id)
    assert counts["articles"] == 1
    b.import_bundle(tmp_path / "one.bundle")
    assert [x.id for x in b.articles()] == [first.id]


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip at all",
        gzip.compress(b'{"format": "something-else"}\n'),
        gzip.compress(
            b'{"format": "factdesk-bundle", "version": 1}\n{"table": "claims", "row": 5}\n'
        ),
        gzip.compress(
            b'{"format": "factdesk-bundle", "version": 1}\n{"table": "articles", '
            b'"row": {"id": "X", "colour_of_sky": "blue"}}\n'
        ),
        gzip.compress(b'{"format": "factdesk-bundle", "version": 1}\n{"table": ')[:-8],
    ],
    ids=["not-gzip", "foreign", "bad-row", "foreign-columns", "truncated"],
)
def test_corrupt_or_foreign_bundle_is_refused_and_changes_nothing(laptops, tmp_path, content):
    a, _ = laptops
    a.import_article(Article(source="s.txt", text=TEXT), split=sentence_split)
    before = dump(a.path)
    bad = tmp_path / "bad.bundle"
    bad.write_bytes(content)
    with pytest.raises(BadInput, match=r"bad\.bundle"):
        a.import_bundle(bad)
    assert dump(a.path) == before
