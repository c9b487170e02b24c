"""A fact-check covering several claims travels in bundles (issue 20): each covered
claim's register goes with it, taking a claim out (and the undo) travels as the
register's new value, and a fact-check two laptops wrote for one claim keeps its other
claims under the id the merge keeps."""

from __future__ import annotations

import pytest

from tests.test_bundle_families import ids
from tests.test_bundle_families import laptops as _laptops  # noqa: F401 (the fixture)
from tests.test_bundle_merge import exchange, read_lines


@pytest.fixture
def laptops(_laptops):  # noqa: F811 (two laptops sharing one article's claims)
    return _laptops


def test_a_fact_checks_claims_round_trip_in_a_bundle(laptops, tmp_path):
    a, b = laptops
    first, second, third, fourth = ids(a)
    a.save_factcheck(first, headline="Leakage: half, as said twice")
    a.cover_claims(first, [second, third])
    a.export_bundle(tmp_path / "group.bundle")
    rows = [r for r in read_lines(tmp_path / "group.bundle") if r.get("table")]
    assert sum(r["table"] == "factcheck_claims" for r in rows) == 2
    b.import_bundle(tmp_path / "group.bundle")
    on_b = b.factcheck(third)
    assert on_b.id == a.factcheck(first).id and on_b.claim_ids == [first, second, third]

    # B takes a claim out, A adds another: both reach the other laptop.
    b.uncover_claims([second])
    a.cover_claims(first, [fourth])
    exchange(a, b, tmp_path)
    assert a.factcheck(first).claim_ids == b.factcheck(first).claim_ids == [first, third, fourth]
    # B's taking-out and its undo (the register as it was, dated now) travel too.
    undo = b.uncover_claims([third]).made
    exchange(a, b, tmp_path)
    assert a.factcheck(first).other_claims == [fourth]
    b.restore_factcheck_claims(undo)
    exchange(a, b, tmp_path)
    # (in the order added: the one put back last)
    assert a.factcheck(first).other_claims == b.factcheck(first).other_claims == [fourth, third]
    exchange(a, b, tmp_path)  # merging again changes nothing
    assert a.factcheck(first).other_claims == [fourth, third]


def test_two_laptops_fact_checks_of_one_claim_keep_their_claims(laptops, tmp_path):
    a, b = laptops
    first, second, third, _fourth = ids(a)
    a.cover_claims(first, [second])  # each laptop writes a fact-check of the first claim
    b.cover_claims(first, [third])
    ids_before = {a.factcheck(first).id, b.factcheck(first).id}
    exchange(a, b, tmp_path)
    kept_a, kept_b = a.factcheck(first), b.factcheck(first)
    assert kept_a.id == kept_b.id == min(ids_before)  # one fact-check, the smaller id
    assert kept_a.other_claims == kept_b.other_claims == [second, third]
