"""Drafts (issue 19): text being typed, kept by claim and field in the database, never a
verdict or an edit, never in a bundle."""

from __future__ import annotations

import json

import pytest

from factdesk.desk import Desk


@pytest.fixture
def desk(tmp_path):
    with Desk(tmp_path / "d.db") as desk:
        desk.import_source("seeds/000_ea872c36249f8574.txt")
        yield desk


def test_drafts_are_kept_replaced_and_dropped(desk):
    claim = desk.claims()[0]
    desk.save_drafts(claim.id, {"summary": "Half of it", "evidence_url": "https://e.org/a"})
    desk.save_drafts(claim.id, {"summary": "Half of it, at most"})
    assert desk.drafts(claim.id) == {"summary": "Half of it, at most",
                                     "evidence_url": "https://e.org/a"}  # fmt: skip
    desk.save_drafts(claim.id, {"summary": None, "evidence_url": ""})
    assert desk.drafts(claim.id) == {}
    assert desk.verdicts(claim.id) == [] and desk.claim(claim.id).text == claim.text


def test_a_field_that_is_not_a_draft_field_changes_nothing(desk):
    claim = desk.claims()[0]
    with pytest.raises(ValueError, match="not a draft field"):
        desk.save_drafts(claim.id, {"summary": "kept?", "rating": "True"})
    assert desk.drafts(claim.id) == {}


def test_drafts_stay_out_of_bundles(desk, tmp_path):
    claim = desk.claims()[0]
    desk.save_drafts(claim.id, {"summary": "a secret half-thought"})
    desk.export_bundle(tmp_path / "out.bundle")
    assert b"a secret half-thought" not in (tmp_path / "out.bundle").read_bytes()
    desk.export("json", tmp_path / "out.json")
    assert "a secret half-thought" not in json.dumps(
        json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    )
