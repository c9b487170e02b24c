"""One speaker per person in the database: each stored claim keeps its speaker's key and
whose words it is; the speaker filter finds a person by name, handle or key; an
unattributed quote says so in the claims table and the Markdown report."""

from __future__ import annotations

from pathlib import Path

from factdesk.model import ClaimFilter

COUNCIL = Path(__file__).parent / "data" / "council_article.txt"


def test_claims_are_stored_with_their_speakers_key_and_attribution(desk):
    result = desk.import_source(str(COUNCIL))
    claims = desk.claims(ClaimFilter(article_id=result.article.id))
    oduya = [c for c in claims if c.speaker == "Martin Oduya"]
    assert len(oduya) == 3
    assert {c.speaker_key for c in oduya} == {"martin oduya"}
    assert {c.attribution for c in oduya} == {"reported"}
    unattributed = [c for c in claims if c.attribution == "unattributed"]
    assert [c.text for c in unattributed] == [
        "We have looked at every option",
        "This is the least painful one",
    ]
    assert all(c.speaker is None for c in unattributed)
    # The filter finds the person by the handle too ("@MartinOduya" wrote one of them).
    by_handle = desk.claims(ClaimFilter(speaker="@MartinOduya"))
    assert {c.id for c in by_handle} == {c.id for c in oduya}


def test_an_edited_speaker_gets_its_key(desk):
    result = desk.import_source(str(COUNCIL))
    claim = desk.claims(ClaimFilter(article_id=result.article.id, speaker="Haddad"))[0]
    desk.update_claim(claim.id, speaker="Cllr Jane Ellis")
    assert desk.claim(claim.id).speaker_key == "jane ellis"


def test_unattributed_quotes_are_shown_as_such(desk, tmp_path):
    from factdesk.gui.models import ClaimTableModel

    result = desk.import_source(str(COUNCIL))
    claim = next(
        c for c in desk.claims(ClaimFilter(article_id=result.article.id))
        if c.attribution == "unattributed"
    )  # fmt: skip
    assert ClaimTableModel._display(claim, 1) == "(unattributed quote)"
    report = tmp_path / "report.md"
    desk.export("md", report, claims=[claim.id])
    assert "An unattributed quote" in report.read_text(encoding="utf-8")
    desk.export("html", report.with_suffix(".html"), claims=[claim.id])
    html = report.with_suffix(".html").read_text(encoding="utf-8")
    assert '<p class="attribution">An unattributed quote</p>' in html


def test_a_database_from_before_gets_keys_for_its_speakers(db_path):
    import sqlite3

    from factdesk.desk import Desk

    with Desk(db_path) as desk:
        desk.import_source(str(COUNCIL))
    # Back to the schema before migration 0005: no key, no attribution.
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DROP INDEX claims_speaker_key")
        conn.execute("ALTER TABLE claims DROP COLUMN speaker_key")
        conn.execute("ALTER TABLE claims DROP COLUMN attribution")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_claim_speaker_key'")
    conn.close()
    with Desk(db_path) as desk:
        claims = desk.claims(ClaimFilter(speaker="Oduya"))
        assert claims and {c.speaker_key for c in claims} == {"martin oduya"}
        assert {c.attribution for c in claims} == {None}  # not known for old claims


def test_one_speaker_across_articles_and_similar_claims_by_the_same_person(desk, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text(
        "Bins\n\nCllr Martin Oduya said the council would save £2.4 million a year by "
        "collecting bins every two weeks.\n",
        encoding="utf-8",
    )
    second = tmp_path / "second.txt"
    second.write_text(
        "Bins again\n\nMartin Oduya said the council would save £2.4 million a year by "
        "collecting bins every two weeks. Jane Ellis said the council would save £2.4 "
        "million a year by collecting bins every two weeks.\n",
        encoding="utf-8",
    )
    first_id = desk.import_source(str(first)).article.id
    desk.import_source(str(second))
    speakers = {s.name: s for s in desk.speakers()}
    assert speakers["Martin Oduya"].claim_count == 2
    assert speakers["Martin Oduya"].article_count == 2
    assert speakers["Jane Ellis"].claim_count == 1
    said = desk.claims(ClaimFilter(article_id=first_id, speaker="Oduya"))
    similar = {s.claim.speaker: s for s in desk.similar_claims(said[0].id)}
    assert similar["Martin Oduya"].same_speaker
    assert not similar["Jane Ellis"].same_speaker


def test_the_speakers_command_lists_one_line_per_person(db_path, capsys):
    from factdesk.cli import main

    assert main(["--db", str(db_path), "import", str(COUNCIL)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "speakers", "--format", "json"]) == 0
    import json

    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["Martin Oduya"]["claim_count"] == 3
    assert set(rows["Martin Oduya"]["aliases"]) == {"@MartinOduya"}
