"""Exporting from a real database: a rated claim not ready to publish (no summary, no
evidence) is flagged before it goes out and can be left out; the report settings
(methodology, claim types) are checked and reach the report."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from factdesk.cli import main
from factdesk.desk import Desk

from .sample_desk import build_sample_desk


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample_db(tmp_path):
    path = tmp_path / "sample.db"
    build_sample_desk(path).close()
    return path


def test_desk_lists_rated_claims_not_ready_to_publish(sample_db):
    with Desk(sample_db) as desk:
        incomplete = desk.incomplete_claims()
        assert [(e.item.claim.text[:31], e.missing) for e in incomplete] == [
            ("Yet these voices of Jews4Labour", ("evidence",))
        ]
        claim = desk.claims()[5]
        desk.set_verdict(claim.id, "False")  # no summary, no evidence
        entries = {e.item.claim.id: e.missing for e in desk.incomplete_claims()}
        assert entries[claim.id] == ("summary", "evidence")
        assert desk.incomplete_claims(claims=[claim.id])[0].item.claim.id == claim.id


def test_export_warns_of_incomplete_claims_and_can_leave_them_out(sample_db, tmp_path, capsys):
    db = ["--db", str(sample_db)]
    target = tmp_path / "report.html"
    code, out, err = cli(capsys, *db, "export", "--format", "html", "-o", str(target))
    assert code == 0
    assert 'rated "Half True" has no evidence: "Yet these voices of Jews4Labour' in err
    assert "1 rated claim not ready to publish included; --skip-incomplete leaves them out" in err
    assert "Yet these voices of Jews4Labour" in target.read_text(encoding="utf-8")

    code, out, err = cli(capsys, *db, "export", "--format", "html", "--skip-incomplete",
                         "--all", "-o", str(target))  # fmt: skip
    assert code == 0
    assert "(3 rated; 1 incomplete left out)" in out
    assert "1 rated claim not ready to publish left out" in err
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    texts = [claim.get_text() for claim in soup.select(".claim-text")]
    with Desk(sample_db) as desk:
        every = len(desk.claims())
    assert len(texts) == every - 1 and not any(t.startswith("Yet these voices") for t in texts)

    review = tmp_path / "review.json"
    code, out, _ = cli(capsys, *db, "export", "--format", "claimreview", "--skip-incomplete",
                       "-o", str(review))  # fmt: skip
    assert code == 0
    reviewed = [r["claimReviewed"] for r in json.loads(review.read_text(encoding="utf-8"))]
    assert len(reviewed) == 3 and not any(r.startswith("Yet these voices") for r in reviewed)


def test_a_complete_report_exports_without_a_warning(sample_db, tmp_path, capsys):
    db = ["--db", str(sample_db)]
    with Desk(sample_db) as desk:
        claim = desk.incomplete_claims()[0].item.claim
        desk.add_evidence(claim.id, "https://example.org/coverage", fetch=False)
    code, _out, err = cli(capsys, *db, "export", "--format", "md", "-o", str(tmp_path / "r.md"))
    assert code == 0 and err == ""


def test_report_settings_are_checked(sample_db, capsys):
    db = ["--db", str(sample_db)]
    code, _, err = cli(capsys, *db, "settings", "report_claim_types", "sometimes")
    assert code == 2
    assert err.strip() == (
        "factdesk: report_claim_types: 'sometimes' is neither 'words' nor 'none'"
    )
    code, _, err = cli(capsys, *db, "settings", "methodology", "x" * 401)
    assert code == 2 and "keep it to one line of 400" in err
    code, out, _ = cli(capsys, *db, "settings", "methodology", "We check\n  sources.")
    assert code == 0 and out.startswith("methodology = We check sources.")
    code, out, _ = cli(capsys, *db, "settings", "report_claim_types")
    assert out.startswith("report_claim_types = words")


def test_claim_types_can_be_left_out_of_reports(sample_db, tmp_path, capsys):
    db = ["--db", str(sample_db)]
    target = tmp_path / "report.html"
    cli(capsys, *db, "export", "--format", "html", "-o", str(target))
    assert "Numbers" in target.read_text(encoding="utf-8")
    assert cli(capsys, *db, "settings", "report_claim_types", "none")[0] == 0
    cli(capsys, *db, "export", "--format", "html", "-o", str(target))
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    assert soup.select(".claim-type") == []
    assert soup.select_one(".methodology").get_text().startswith("We check claims")
