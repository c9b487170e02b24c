"""Published fact-checks imported from ClaimReview markup become prior fact-checks that
every matching claim shows, offline; importing the same file twice keeps one copy."""

from __future__ import annotations

import json

import pytest

from factdesk.cli import main
from factdesk.errors import BadInput
from tests.conftest import SAMPLE, SHARED_DATA

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/mirvis-tory",
    "claimReviewed": "Chief Rabbi Mirvis is a Tory party activist",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "James James"}},
    "author": {"@type": "Organization", "name": "Example Checks"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                     "alternateName": "False"},
    "datePublished": "2019-11-29",
}  # fmt: skip


@pytest.fixture
def review_file(tmp_path):
    path = tmp_path / "review.jsonld"
    path.write_text(json.dumps(REVIEW), encoding="utf-8")
    return path


def test_imported_review_is_shown_with_the_matching_claim_only(desk, review_file):
    desk.import_source(str(SAMPLE))
    assert desk.import_claimreview(str(review_file)) == 1
    assert desk.import_claimreview(str(review_file)) == 0  # twice = once
    tory = desk.search("Tory activist")[0]
    (check,) = desk.prior_checks_for(tory.id)
    assert (check.publisher, check.rating) == ("Example Checks", "False")
    other = next(c for c in desk.claims() if "trending" in c.text)
    assert desk.prior_checks_for(other.id) == []


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="shared data not beside the repo")
def test_real_pages_and_files_import(desk):
    folder = SHARED_DATA / "claimreview"
    sources = [*sorted(folder.glob("page_*.html.gz")), *sorted(folder.glob("*.raw.jsonld"))]
    added = [desk.import_claimreview(str(source)) for source in sources]
    assert all(n >= 0 for n in added) and sum(added) >= 3
    # The pages hold the same reviews as the site's JSON-LD files: nothing twice.
    assert [desk.import_claimreview(str(source)) for source in sources] == [0] * len(sources)
    assert len(desk.prior_checks(None)) == sum(added)


def test_a_file_without_claimreview_is_refused(desk, tmp_path):
    path = tmp_path / "plain.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(BadInput, match=r"plain\.json"):
        desk.import_claimreview(str(path))
    assert desk.prior_checks(None) == []


def test_cli_imports_and_looks_up_offline(db_path, review_file, capsys):
    db = ["--db", str(db_path)]
    assert main([*db, "import", str(SAMPLE)]) == 0
    assert main([*db, "claimreview", str(review_file)]) == 0
    out = capsys.readouterr().out
    assert "1 new published fact-checks" in out
    assert main([*db, "search", "Tory activist", "--format", "json"]) == 0
    claim_id = json.loads(capsys.readouterr().out)[0]["id"]
    assert main([*db, "lookup", claim_id, "--offline", "--format", "json"]) == 0
    (check,) = json.loads(capsys.readouterr().out)
    assert check["url"] == "https://checks.example.org/mirvis-tory"
