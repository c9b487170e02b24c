"""The hub's rules are PostgreSQL's: connected as checker A with plain SQL (psycopg),
every forbidden write is refused by the server, whatever the client sends."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from factdesk.hub.schema import HUB_COLUMNS, TABLE_KEYS
from factdesk.model import Article
from tests.test_desk import TEXT, sentence_split


@pytest.fixture
def team(hub, laptop):
    """Alice and Bob on one hub; Bob rated a claim and added evidence to it."""
    hub.add_checker("alice")
    url_b = hub.add_checker("bob")
    b = laptop("bob")
    article = b.import_article(Article(source="s.txt", text=TEXT), split=sentence_split).article
    claim = sorted(b.claims(), key=lambda c: c.start)[0]
    verdict = b.set_verdict(claim.id, "False", scale="politifact")
    evidence = b.add_evidence(claim.id, "https://example.org/b", fetch=False)
    b.sync(url_b)
    return {"article": article, "claim": claim, "verdict": verdict, "evidence": evidence}


def refused(conn, statement: str, params=()) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(statement, params)
    return str(caught.value)


def test_a_checker_cannot_change_or_delete_another_checkers_history(hub, team):
    verdict = team["verdict"]
    with hub.connect("alice") as alice:
        refused(alice, "UPDATE factdesk.verdicts SET rating = 'True' WHERE id = %s", [verdict.id])
        message = refused(alice, "DELETE FROM factdesk.verdicts WHERE id = %s", [verdict.id])
        assert f"recorded by {hub.checkers['bob']}" in message
        refused(alice, "DELETE FROM factdesk.evidence WHERE id = %s", [team["evidence"].id])
        # Nor by deleting the claim under it, nor by a tombstone saying it is deleted.
        refused(alice, "DELETE FROM factdesk.claims WHERE id = %s", [team["claim"].id])
        refused(
            alice,
            """INSERT INTO factdesk.tombstones (tbl, row_id, deleted, at)
               VALUES ('verdicts', %s, 1, '2099-01-01T00:00:00+00:00')""",
            [verdict.id],
        )
        assert alice.execute(
            "SELECT rating, recorded_by FROM factdesk.verdicts WHERE id = %s", [verdict.id]
        ).fetchone() == ("False", hub.checkers["bob"])


def test_only_the_recorder_may_amend_a_verdicts_summary_and_nothing_else(hub, team):
    verdict = team["verdict"]
    with hub.connect("alice") as alice:
        message = refused(
            alice, "UPDATE factdesk.verdicts SET summary = 'x' WHERE id = %s", [verdict.id]
        )
        assert f"recorded by {hub.checkers['bob']}" in message
    with hub.connect("bob") as bob:
        bob.execute("UPDATE factdesk.verdicts SET summary = 'amended' WHERE id = %s", [verdict.id])
        refused(bob, "UPDATE factdesk.verdicts SET rating = 'True' WHERE id = %s", [verdict.id])
        refused(bob, "UPDATE factdesk.verdicts SET recorded_by = 'x' WHERE id = %s", [verdict.id])
        assert bob.execute(
            "SELECT rating, summary FROM factdesk.verdicts WHERE id = %s", [verdict.id]
        ).fetchone() == ("False", "amended")


def test_recorded_by_is_always_the_role_that_inserted_the_row(hub, team):
    claim = team["claim"]
    insert = """INSERT INTO factdesk.verdicts (id, claim_id, scale_id, rating, at{extra})
                VALUES (%s, %s, 'politifact', 'True', '2026-01-01T00:00:00+00:00'{value})"""
    with hub.connect("alice") as alice:
        refused(
            alice,
            insert.format(extra=", recorded_by", value=", %s"),
            ["V-FORGED", claim.id, hub.checkers["bob"]],
        )
        refused(alice, insert.format(extra=", seq", value=", 1"), ["V-SEQ", claim.id])
        alice.execute(insert.format(extra="", value=""), ["V-MINE", claim.id])
        who = alice.execute("SELECT recorded_by FROM factdesk.verdicts WHERE id = 'V-MINE'")
        assert who.fetchone() == (hub.checkers["alice"],)
        # And her own history entry, once written, never changes either.
        refused(alice, "UPDATE factdesk.verdicts SET rating = 'False' WHERE id = 'V-MINE'")
        alice.execute("DELETE FROM factdesk.verdicts WHERE id = 'V-MINE'")  # undo: allowed


def test_only_an_editor_can_delete_an_article(hub, team):
    article = team["article"]
    hub.add_checker("erin", editor=True)
    with hub.connect("alice") as alice:
        refused(alice, "DELETE FROM factdesk.articles WHERE id = %s", [article.id])
        refused(
            alice,
            """INSERT INTO factdesk.tombstones (tbl, row_id, deleted, at)
               VALUES ('articles', %s, 1, '2099-01-01T00:00:00+00:00')""",
            [article.id],
        )
    with hub.connect("erin") as erin:
        erin.execute("DELETE FROM factdesk.articles WHERE id = %s", [article.id])
        # The deletion leaves tombstones (article and claims), so laptops learn of it.
        stones = erin.execute("SELECT tbl, count(*) FROM factdesk.tombstones GROUP BY tbl")
        assert dict(stones.fetchall()) == {"articles": 1, "claims": 4}


def test_another_organisations_rows_are_out_of_reach(hub, team):
    hub.add_checker("olga", org="other-desk")
    claim = team["claim"]
    with hub.connect("olga") as olga:
        for table in TABLE_KEYS:
            assert olga.execute(f"SELECT count(*) FROM factdesk.{table}").fetchone() == (0,)
        assert olga.execute("SELECT role FROM factdesk.members").fetchall() == [
            (hub.checkers["olga"],)
        ]
        changed = olga.execute(
            "UPDATE factdesk.claims SET text = 'hijacked' WHERE id = %s", [claim.id]
        )
        assert changed.rowcount == 0
        refused(
            olga,
            """INSERT INTO factdesk.verdicts (org, id, claim_id, scale_id, at)
               VALUES ('default', 'V-X', %s, 'politifact', '2026-01-01T00:00:00+00:00')""",
            [claim.id],
        )
        # Not even by merging "duplicates": the function looks only at her own rows.
        kept = olga.execute("SELECT factdesk.drop_duplicate('claims', %s)", [claim.id])
        assert kept.fetchone() == (None,)
    with hub.connect() as admin:
        text = admin.execute("SELECT text FROM factdesk.claims WHERE id = %s", [claim.id])
        assert text.fetchone() == (claim.text,)


def test_checkers_cannot_make_themselves_editors(hub, team):
    with hub.connect("alice") as alice:
        refused(alice, "UPDATE factdesk.members SET editor = true")
        refused(alice, "INSERT INTO factdesk.members (role, editor) VALUES ('x', true)")
        refused(alice, f'GRANT "{hub.database}_editors" TO current_user')


def test_the_hub_has_the_laptops_columns(hub, tmp_path):
    """Every synced table on the hub has exactly the laptop's columns, plus its own."""
    from factdesk.desk import Desk

    with Desk(tmp_path / "x.db"):
        pass
    laptop = sqlite3.connect(tmp_path / "x.db")
    with hub.connect() as admin:
        for table in TABLE_KEYS:
            local = [r[1] for r in laptop.execute(f"PRAGMA table_info({table})")]
            there = [
                r[0]
                for r in admin.execute(
                    """SELECT column_name FROM information_schema.columns
                       WHERE table_schema = 'factdesk' AND table_name = %s
                       ORDER BY ordinal_position""",
                    [table],
                )
            ]
            assert sorted(there) == sorted([*local, *HUB_COLUMNS]), table
    laptop.close()
