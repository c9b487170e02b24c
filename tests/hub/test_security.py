"""The hub's rules are PostgreSQL's: connected as checker A (psycopg), plain SQL on the
hub's tables is refused outright, and the functions checkers write through refuse, row
by row and saying why, whatever breaks a rule (issue 18; docs/hub-security.md)."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from psycopg.types.json import Jsonb

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
    verdict = b.set_verdict(claim.id, "False", scale="politifact").made
    evidence = b.add_evidence(claim.id, "https://example.org/b", fetch=False).made
    b.sync(url_b)
    return {"article": article, "claim": claim, "verdict": verdict, "evidence": evidence}


def refused(conn, statement: str, params=()) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(statement, params)
    return str(caught.value)


def hub_row(hub, table: str, row_id: str) -> dict:
    """A hub row as a laptop sends it (without the hub's own columns)."""
    with hub.connect() as admin:
        found = admin.execute(
            f"""SELECT to_jsonb(t) - 'org' - 'seq' - 'recorded_by' - 'claimed_times'
                FROM factdesk.{table} AS t WHERE id = %s""",
            [row_id],
        ).fetchone()
    return found[0]


def push(conn, table: str, *rows: dict) -> list[str]:
    """Send rows through the hub's push function; the lines it refused them with."""
    with conn.transaction():
        return [r[0] for r in conn.execute("SELECT factdesk.push(%s, %s)", [table, Jsonb(rows)])]


def delete(conn, table: str, *ids: str) -> list[str]:
    with conn.transaction():
        return [
            r[0] for r in conn.execute("SELECT factdesk.delete_rows(%s, %s)", [table, list(ids)])
        ]


def test_plain_sql_on_the_hubs_tables_is_refused(hub, team):
    with hub.connect("alice") as alice:
        for table in TABLE_KEYS:
            refused(alice, f"SELECT * FROM factdesk.{table}")
            refused(alice, f"DELETE FROM factdesk.{table}")
        refused(alice, "UPDATE factdesk.verdicts SET rating = 'True'")
        refused(alice, "SELECT * FROM factdesk.members")


def test_a_checker_cannot_change_or_delete_another_checkers_history(hub, team):
    verdict, bob = team["verdict"], hub.checkers["bob"]
    changed = {**hub_row(hub, "verdicts", verdict.id), "rating": "True"}
    with hub.connect("alice") as alice:
        (line,) = push(alice, "verdicts", changed)
        assert f"recorded by {bob}" in line
        (line,) = delete(alice, "verdicts", verdict.id)
        assert f"recorded by {bob}" in line
        assert delete(alice, "evidence", team["evidence"].id)
        # Nor by deleting the claim under it, nor by a tombstone saying it is deleted.
        (line,) = delete(alice, "claims", team["claim"].id)
        assert f"{bob} has worked on it" in line
        stone = {"tbl": "verdicts", "row_id": verdict.id, "article_id": None, "deleted": 1,
                 "at": "2099-01-01T00:00:00+00:00"}  # fmt: skip
        assert push(alice, "tombstones", stone)
    with hub.connect() as admin:
        assert admin.execute(
            "SELECT rating, recorded_by FROM factdesk.verdicts WHERE id = %s", [verdict.id]
        ).fetchone() == ("False", bob)
        assert admin.execute("SELECT count(*) FROM factdesk.tombstones").fetchone() == (0,)


def test_only_the_recorder_may_amend_a_verdicts_summary_and_nothing_else(hub, team):
    verdict = team["verdict"]
    row = hub_row(hub, "verdicts", verdict.id)
    later = '{"summary": "2026-12-31T00:00:00+00:00"}'
    amended = {**row, "summary": "amended", "field_times": later}
    with hub.connect("alice") as alice:
        (line,) = push(alice, "verdicts", amended)
        assert f"recorded by {hub.checkers['bob']}; only they can amend it" in line
    with hub.connect("bob") as bob:
        assert push(bob, "verdicts", amended) == []
        (line,) = push(bob, "verdicts", {**amended, "rating": "True"})
        assert "changes only in its summary" in line
    with hub.connect() as admin:
        assert admin.execute(
            "SELECT rating, summary FROM factdesk.verdicts WHERE id = %s", [verdict.id]
        ).fetchone() == ("False", "amended")


def test_recorded_by_is_always_the_login_that_sent_the_row(hub, team):
    mine = {**hub_row(hub, "verdicts", team["verdict"].id), "id": "V-MINE", "rating": "True"}
    with hub.connect("alice") as alice:
        (line,) = push(alice, "verdicts", {**mine, "recorded_by": hub.checkers["bob"]})
        assert "the hub records the login that sends a row" in line
        (line,) = push(alice, "verdicts", {**mine, "seq": 1})
        assert "has no column seq" in line
        assert push(alice, "verdicts", mine) == []
        # And her own history entry, once written, never changes either.
        assert push(alice, "verdicts", {**mine, "rating": "False"})
        assert delete(alice, "verdicts", "V-MINE") == []  # undo: allowed
    with hub.connect() as admin:
        who = admin.execute("SELECT recorded_by FROM factdesk.tombstones WHERE row_id = 'V-MINE'")
        assert who.fetchone() == (hub.checkers["alice"],)


def test_only_an_editor_can_delete_an_article(hub, team):
    article = team["article"]
    hub.add_checker("erin", editor=True)
    stone = {"tbl": "articles", "row_id": article.id, "article_id": None, "deleted": 1,
             "at": "2026-01-01T00:00:00+00:00"}  # fmt: skip
    with hub.connect("alice") as alice:
        (line,) = delete(alice, "articles", article.id)
        assert "only an editor can delete an article" in line
        assert push(alice, "tombstones", stone)
    with hub.connect("erin") as erin:
        assert delete(erin, "articles", article.id) == []
    with hub.connect() as admin:
        # The deletion leaves tombstones (article and claims), so laptops learn of it.
        stones = admin.execute("SELECT tbl, count(*) FROM factdesk.tombstones GROUP BY tbl")
        assert dict(stones.fetchall()) == {"articles": 1, "claims": 4}


def test_another_organisations_rows_are_out_of_reach(hub, team):
    hub.add_checker("olga", org="other-desk")
    claim = team["claim"]
    with hub.connect("olga") as olga:
        for table in TABLE_KEYS:
            pulled = olga.execute("SELECT factdesk.pull(%s, 0, 1000000)", [table]).fetchall()
            assert pulled == []
        assert [r[0] for r in olga.execute("SELECT role FROM factdesk.team()")] == [
            hub.checkers["olga"]
        ]
        evidence = {**hub_row(hub, "evidence", team["evidence"].id), "id": "E-OLGA"}
        (line,) = push(olga, "evidence", evidence)
        assert "which the hub does not have" in line
        hijack = {**hub_row(hub, "claims", claim.id), "text": "hijacked"}
        (line,) = push(olga, "claims", hijack)
        assert "which the hub does not have" in line
        # Not even by merging "duplicates": the function looks only at her own rows.
        kept = olga.execute("SELECT factdesk.drop_duplicate('claims', %s)", [claim.id])
        assert kept.fetchone() == (None,)
    with hub.connect() as admin:
        texts = admin.execute("SELECT org, text FROM factdesk.claims WHERE id = %s", [claim.id])
        assert texts.fetchall() == [("default", claim.text)]


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
            assert sorted(there) == sorted({*local, *HUB_COLUMNS}), table
    laptop.close()


def test_a_claims_text_is_its_recorders_until_a_teammate_works_on_it(hub, team):
    claim = hub_row(hub, "claims", team["claim"].id)
    with hub.connect() as admin:  # another of Bob's claims, with no work on it
        untouched = admin.execute(
            "SELECT id FROM factdesk.claims WHERE id <> %s ORDER BY start LIMIT 1",
            [claim["id"]],
        ).fetchone()[0]
    with hub.connect("alice") as alice:
        # Anyone may correct who said it; not the words a teammate recorded and rated.
        assert push(alice, "claims", {**claim, "speaker": "Ms Rusk"}) == []
        (line,) = push(alice, "claims", {**claim, "text": "Something else."})
        assert "only an editor can change it" in line
        other = hub_row(hub, "claims", untouched)
        assert push(alice, "claims", {**other, "text": "Reworded."})  # Bob recorded it
    with hub.connect("bob") as bob:
        other = hub_row(hub, "claims", untouched)
        assert push(bob, "claims", {**other, "text": "Reworded."}) == []  # his own, unworked
    with hub.connect() as admin:
        texts = dict(admin.execute("SELECT id, text FROM factdesk.claims").fetchall())
        speaker = admin.execute(
            "SELECT speaker FROM factdesk.claims WHERE id = %s", [claim["id"]]
        ).fetchone()
    assert texts[claim["id"]] == claim["text"] and texts[untouched] == "Reworded."
    assert speaker == ("Ms Rusk",)


def test_a_teammates_rating_scale_is_theirs(hub, team):
    scale = {"id": "bobs-scale", "name": "Bob's", "description": "", "builtin": 0}
    level = {"scale_id": "bobs-scale", "position": 0, "label": "Wrong", "definition": "",
             "value": 0.0, "colour": "#aa0000"}  # fmt: skip
    with hub.connect("bob") as bob:
        assert push(bob, "rating_scales", scale) == []
        assert push(bob, "rating_levels", level) == []
    with hub.connect("alice") as alice:
        (line,) = push(alice, "rating_scales", {**scale, "name": "Alice's now"})
        assert "only they or an editor can change it" in line
        (line,) = push(alice, "rating_levels", {**level, "label": "Right"})
        assert "only they or an editor can change it" in line
        assert push(alice, "rating_scales", {**scale, "builtin": 1})
    with hub.connect() as admin:
        assert admin.execute("SELECT name FROM factdesk.rating_scales").fetchall() == [("Bob's",)]
        assert admin.execute("SELECT label FROM factdesk.rating_levels").fetchall() == [("Wrong",)]


def test_links_reach_the_hub_without_credentials(hub, team):
    row = {**hub_row(hub, "evidence", team["evidence"].id), "id": "E-LINK",
           "url": "https://sam:hunter2@example.org/report", "archived_url": None}  # fmt: skip
    with hub.connect("alice") as alice:
        assert push(alice, "evidence", row) == []
    with hub.connect() as admin:
        url = admin.execute("SELECT url FROM factdesk.evidence WHERE id = 'E-LINK'").fetchone()
    assert url == ("https://example.org/report",)
