"""Fuzzed ClaimReview files (JSON-LD, pages, gzip, damaged) through `factdesk claimreview`,
then everything that reads what was kept: `lookup --offline`, `similar` and a ClaimReview
export. A file is refused in one line or kept; what is kept never breaks a later command."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from factdesk.desk import Desk
from tests.conftest import SAMPLE
from tests.fuzz.strategies import claimreview_files

FUZZ = settings.get_profile("factdesk-fuzz")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A database with the sample article, a claim of several sentences and a claim of
    none of two words (the shapes that once crashed similarity)."""
    folder = tmp_path_factory.mktemp("claimreview-fuzz")
    db = folder / "desk.db"
    with Desk(db) as desk:
        article = desk.article(desk.import_source(str(SAMPLE)).article.id)
        start = article.text.index("I joined Labour")
        several = desk.add_claim(article.id, start, article.text.index("Minister.", start) + 9).made
        short = desk.import_source("-", stdin_text="Yes. No! OK.").article.id
        claim_ids = [several.id, desk.add_claim(short, 0, 12).made.id, desk.claims()[0].id]
    return folder, db, claim_ids


@FUZZ
@given(claimreview_files())
def test_claimreview_files(workspace, fuzz_tally, file):
    folder, db, claim_ids = workspace
    name, data = file
    path = folder / name
    path.write_bytes(data)
    code, _ = fuzz_tally.cli("claimreview", ["--db", str(db), "claimreview", str(path)])
    if code:
        return
    for claim_id in claim_ids:
        _, out = fuzz_tally.cli(
            "lookup", ["--db", str(db), "lookup", claim_id, "--offline", "--format", "json"]
        )
        for check in json.loads(out):
            assert check["url"].startswith(("http://", "https://")) and "@" not in check["url"]
        fuzz_tally.cli("lookup", ["--db", str(db), "lookup", claim_id, "--offline"])
        fuzz_tally.cli("similar", ["--db", str(db), "similar", claim_id])
