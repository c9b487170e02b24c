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
