"""Exports from the CLI: every format from a real database, PDF through Typst,
and a bundle that carries the work to a second database."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest

from factdesk.cli import main
from tests.conftest import SAMPLE, strict_ci


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def rated(db_path, capsys):
    """The sample imported, with the Tory-activist claim rated False and one evidence link."""
    db = ["--db", str(db_path)]
    assert cli(capsys, *db, "import", str(SAMPLE))[0] == 0
    claims = json.loads(cli(capsys, *db, "claims", "--format", "json")[1])
    tory = next(c for c in claims if c["text"].startswith("Chief Rabbi Mirvis is a Tory"))
    cli(capsys, *db, "settings", "organisation", "Example Checks")
    cli(capsys, *db, "settings", "organisation_url", "https://checks.example.org/")
    assert cli(capsys, *db, "verdict", tory["id"], "False", "--summary", "<b>No</b> party.")[0] == 0
    assert cli(capsys, *db, "evidence", "add", tory["id"], "https://example.org/register",
               "--no-fetch", "--stance", "refutes")[0] == 0  # fmt: skip
    return db_path, tory


def test_every_format_exports_the_rated_claim(rated, tmp_path, capsys):
    db_path, _tory = rated
    outputs = {}
    for fmt in ("html", "md", "csv", "json", "claimreview"):
        target = tmp_path / f"report.{fmt}"
        code, out, err = cli(capsys, "--db", str(db_path), "export", "--format", fmt, "-o",
                             str(target))  # fmt: skip
        assert code == 0, err
        assert "1 rated" in out
        outputs[fmt] = target.read_text(encoding="utf-8")
    assert "Chief Rabbi Mirvis is a Tory activist" in outputs["html"]
    assert "&lt;b&gt;No&lt;/b&gt; party." in outputs["html"]  # escaped, not markup
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert any(r["verdict"] == "False" and r["speaker"] == "James James" for r in rows)
    review = json.loads(outputs["claimreview"])
    assert review["claimReviewed"] == "Chief Rabbi Mirvis is a Tory activist"
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["url"].startswith("https://checks.example.org/")
    assert review["author"]["name"] == "Example Checks"
    assert review["itemReviewed"]["author"]["name"] == "James James"


def test_pdf_export_is_a_real_pdf_with_the_claim(rated, tmp_path, capsys):
    db_path, tory = rated
    target = tmp_path / "report.pdf"
    code, _, err = cli(capsys, "--db", str(db_path), "export", "--format", "pdf", "--claims",
                       tory["id"], "-o", str(target))  # fmt: skip
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        if strict_ci():
            pytest.fail("pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Chief Rabbi Mirvis is a Tory activist" in " ".join(text.split())


def test_bundle_moves_the_work_to_a_second_database(rated, tmp_path, capsys):
    db_path, tory = rated
    bundle = tmp_path / "work.bundle"
    assert (
        cli(capsys, "--db", str(db_path), "export", "--format", "bundle", "-o", str(bundle))[0] == 0
    )
    other = tmp_path / "other.db"
    for _ in range(2):  # twice changes nothing
        code, _out, err = cli(capsys, "--db", str(other), "import", str(bundle))
        assert code == 0, err
    history = json.loads(cli(capsys, "--db", str(other), "history", tory["id"], "--format",
                             "json")[1])  # fmt: skip
    assert [h["rating"] for h in history] == ["False"]
    assert len(json.loads(cli(capsys, "--db", str(other), "articles", "--format", "json")[1])) == 1


def test_unwritable_export_target_is_one_line(rated, tmp_path, capsys):
    db_path, _ = rated
    code, _, err = cli(capsys, "--db", str(db_path), "export", "--format", "html", "-o",
                       str(tmp_path / "no" / "such" / "folder" / "r.html"))  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err


def test_rated_only_export_leaves_out_unrated_claims(rated, tmp_path, capsys):
    db_path, _tory = rated
    target = tmp_path / "published.md"
    code, out, err = cli(capsys, "--db", str(db_path), "export", "--format", "md",
                         "--rated-only", "-o", str(target))  # fmt: skip
    assert code == 0, err
    assert "report of 1 claims (1 rated)" in out
    written = target.read_text(encoding="utf-8")
    assert "Chief Rabbi Mirvis is a Tory activist" in written
    assert "Fantastic to see" not in written
