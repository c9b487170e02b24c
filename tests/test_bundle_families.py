"""Claim families travel in bundles (issue 23 item 3): each claim's membership is a
register, the later write winning; unlinking (the undo) travels as the register's new
value, and the families are derived from the registers on each laptop."""

from __future__ import annotations

import pytest

from factdesk.desk import Desk
from factdesk.model import Article
from tests.test_bundle_merge import exchange, read_lines
from tests.test_desk import TEXT, sentence_split


@pytest.fixture
def laptops(tmp_path):
    """Two laptops sharing one article's claims (A made it, B merged A's bundle)."""
    a = Desk(tmp_path / "a.db")
    b = Desk(tmp_path / "b.db")
    a.import_article(Article(source="s.txt", text=TEXT), split=sentence_split)
    a.export_bundle(tmp_path / "start.bundle")
    b.import_bundle(tmp_path / "start.bundle")
    yield a, b
    a.close()
    b.close()


def ids(desk: Desk) -> list[str]:
    return [c.id for c in sorted(desk.claims(), key=lambda c: c.start)]


def families(desk: Desk) -> set[frozenset[str]]:
    return {frozenset(desk.claim_family(cid)) for cid in ids(desk) if desk.claim_family(cid)}


def test_a_family_travels_in_a_bundle_and_its_undo_follows(laptops, tmp_path):
    a, b = laptops
    first, second, third = ids(a)[:3]
    before = a.link_claims(first, second, by="alice").row
    a.export_bundle(tmp_path / "linked.bundle")
    rows = [r for r in read_lines(tmp_path / "linked.bundle") if r.get("table")]
    assert any(r["table"] == "claim_family_members" for r in rows), rows[:3]
    b.import_bundle(tmp_path / "linked.bundle")
    assert set(b.claim_family(first)) == {first, second}
    assert b.claim_family(first) == b.claim_family(second)
    assert b.claim_family(third) == []
    # B adds a third claim to the family; A sees it after an exchange.
    b.link_claims(third, first, by="bob")
    exchange(a, b, tmp_path)
    assert set(a.claim_family(second)) == {first, second, third}
    assert families(a) == families(b)
    # A's undo of its first link (both claims back in none) reaches B too.
    a.restore_families(before)
    exchange(a, b, tmp_path)
    assert families(a) == families(b)
    assert a.claim_family(first) == b.claim_family(first) == []
    assert b.db.execute("SELECT count(*) FROM claim_families").fetchone()[0] == len(families(b))


def test_two_laptops_linking_one_claim_agree_on_the_later_link(laptops, tmp_path):
    a, b = laptops
    first, second, third = ids(a)[:3]
    a.link_claims(first, second)
    b.link_claims(second, third)  # later: claim 2 ends in B's family
    exchange(a, b, tmp_path)
    assert families(a) == families(b) == {frozenset({second, third})}
    assert a.claim_family(first) == []
    # Merging again changes nothing.
    exchange(a, b, tmp_path)
    assert families(a) == families(b) == {frozenset({second, third})}
