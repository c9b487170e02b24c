"""A hostile teammate against a real hub (issue 18): every attack is made with a
checker's own login, through psycopg or `psql` as a person would, and must be refused
by PostgreSQL; then the victim's laptop syncs and must hold exactly its own work.

One hub and one victim (Bob, with an article, a verdict, a status change and evidence)
serve the module; attacks that change the hub's settings or need a clean hub make their
own. The attacker is Alice, a checker of the same organisation (Olga: another one).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from psycopg.types.json import Jsonb

from factdesk.cli import main
from factdesk.desk import Desk
from factdesk.hub import init_hub, parse_hub_url
from factdesk.model import Article
from tests.hub.dumps import laptop_dump
from tests.pgserver import Hub
from tests.test_desk import TEXT, sentence_split

FUTURE = "2099-01-01T00:00:00+00:00"


class Victim:
    """Bob's laptop with its work on the hub, and what it held after its last sync."""

    def __init__(self, hub: Hub, folder: Path):
        self.hub = hub
        self.url = hub.add_checker("bob", display_name="Bob Mensah")
        self.desk = Desk(folder / "bob.db")
        self.article = self.desk.import_article(
            Article(source="s.txt", text=TEXT), split=sentence_split
        ).article
        claims = sorted(self.desk.claims(), key=lambda c: c.start)
        self.claim, self.other_claim = claims[0], claims[1]
        self.verdict = self.desk.set_verdict(self.claim.id, "False", scale="politifact").made
        self.status = self.desk.set_status(self.claim.id, "in review").made
        self.evidence = self.desk.add_evidence(
            self.claim.id, "https://example.org/b", stance="refutes", quote="Table 3", fetch=False
        ).made
        self.desk.sync(self.url)
        self.desk.sync(self.url)
        self.baseline = laptop_dump(self.desk.path)

    def sync_and_check(self) -> None:
        """Bob syncs: the sync works, and his laptop holds exactly his own work."""
        self.desk.sync(self.url)
        assert laptop_dump(self.desk.path) == self.baseline


def new_hub(pg_server) -> Hub:
    database = pg_server.new_database()
    init_hub(parse_hub_url(pg_server.socket_url(database)))
    return Hub(pg_server, database)


@pytest.fixture(scope="module")
def victim(pg_server, tmp_path_factory):
    hub = new_hub(pg_server)
    hub.add_checker("alice")
    hub.add_checker("olga", org="other-desk")
    bob = Victim(hub, tmp_path_factory.mktemp("bob"))
    yield bob
    bob.desk.close()
    pg_server.drop_database(hub.database)


@pytest.fixture
def alice(victim):
    with victim.hub.connect("alice") as conn:
        yield conn


def refused(conn, statement: str, params=()) -> str:
    """PostgreSQL refuses the statement for want of a right (with no CREATE or USAGE on
    a schema, it may say that no schema can be created in)."""
    with pytest.raises(
        (psycopg.errors.InsufficientPrivilege, psycopg.errors.InvalidSchemaName)
    ) as caught:
        conn.execute(statement, params)
    return str(caught.value)


def psql(hub: Hub, name: str, script: str) -> subprocess.CompletedProcess:
    """What a person would type into psql with their checker login (stops at an error)."""
    url = hub.server.socket_url(hub.database, hub.checkers[name])
    return subprocess.run(
        ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", script],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )  # fmt: skip


def push(conn, table: str, *rows: dict) -> list[str]:
    with conn.transaction():
        return [r[0] for r in conn.execute("SELECT factdesk.push(%s, %s)", [table, Jsonb(rows)])]


def hub_row(hub: Hub, table: str, row_id: str) -> dict:
    with hub.connect() as admin:
        found = admin.execute(
            f"""SELECT to_jsonb(t) - 'org' - 'seq' - 'recorded_by' - 'claimed_times'
                FROM factdesk.{table} AS t WHERE id = %s""",
            [row_id],
        ).fetchone()
    return found[0]


# --- the attacks issue 18 found ------------------------------------------------------


def test_set_role_to_the_group_gives_nothing(victim):
    group = f"{victim.hub.database}_checkers"
    done = psql(victim.hub, "alice", f'SET ROLE "{group}"; DELETE FROM factdesk.verdicts')
    assert done.returncode != 0 and "permission denied for table verdicts" in done.stderr
    with victim.hub.connect("olga") as olga:
        olga.execute(f'SET ROLE "{group}"')
        refused(olga, "SELECT * FROM factdesk.members")
        assert olga.execute("SELECT factdesk.pull('verdicts', 0, 1000000)").fetchall() == []
        # Identity stays the login: the functions read session_user.
        assert olga.execute("SELECT role, org FROM factdesk.whoami()").fetchone() == (
            victim.hub.checkers["olga"],
            "other-desk",
        )
    victim.sync_and_check()


def test_a_dotted_setting_unlocks_nothing(victim, alice):
    alice.execute("SET factdesk.merging_duplicates = 'on'")
    refused(alice, "UPDATE factdesk.verdicts SET summary = 'rewritten'")
    row = hub_row(victim.hub, "verdicts", victim.verdict.id)
    times = json.dumps({"summary": FUTURE})
    (line,) = push(alice, "verdicts", {**row, "summary": "rewritten", "field_times": times})
    assert "only they can amend it" in line
    victim.sync_and_check()


def test_no_temporary_table_or_trigger_function(victim):
    script = (
        "CREATE TEMP TABLE t (x int); CREATE FUNCTION pg_temp.f() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN DELETE FROM factdesk.verdicts; RETURN NULL; END $$"
    )
    done = psql(victim.hub, "alice", script)
    assert done.returncode != 0
    assert "permission denied to create temporary tables" in done.stderr
    victim.sync_and_check()


def test_a_teammates_evidence_cannot_be_rewritten(victim, alice):
    refused(alice, "UPDATE factdesk.evidence SET stance = 'supports', url = 'https://x.example'")
    row = hub_row(victim.hub, "evidence", victim.evidence.id)
    (line,) = push(alice, "evidence", {**row, "stance": "supports", "quote": "nothing"})
    assert f"recorded by {victim.hub.checkers['bob']}; only they can change it" in line
    victim.sync_and_check()


def test_a_session_advisory_lock_or_a_table_lock_stops_nobody(victim, alice):
    alice.execute("SELECT pg_advisory_lock(7041913)")  # version 1's change lock
    alice.execute("SET idle_in_transaction_session_timeout = 0")
    with alice.transaction():
        refused(alice, "LOCK TABLE factdesk.verdicts IN ACCESS EXCLUSIVE MODE")
    started = time.monotonic()
    victim.sync_and_check()
    assert time.monotonic() - started < 10


def test_drop_duplicate_never_moves_a_teammates_verdict(victim, alice):
    claim = hub_row(victim.hub, "claims", victim.claim.id)
    decoy = {**claim, "id": "00000000000000000000000000", "text": "Bob admits the figures lie."}
    assert push(alice, "claims", decoy) == []  # a claim of her own on the same span
    kept = alice.execute("SELECT factdesk.drop_duplicate('claims', %s)", [victim.claim.id])
    assert kept.fetchone() == (None,)
    article = hub_row(victim.hub, "articles", victim.article.id)
    (line,) = push(alice, "articles", {**article, "title": "Edited by Alice"})
    assert "only they or an editor can change it" in line
    with victim.hub.connect() as admin:
        assert admin.execute(
            "SELECT claim_id FROM factdesk.verdicts WHERE id = %s", [victim.verdict.id]
        ).fetchone() == (victim.claim.id,)
        admin.execute("DELETE FROM factdesk.claims WHERE id = %s", [decoy["id"]])
        admin.execute("DELETE FROM factdesk.tombstones WHERE row_id = %s", [decoy["id"]])
    victim.desk.sync(victim.url)
    assert laptop_dump(victim.desk.path) == victim.baseline


# --- attacks of our own ------------------------------------------------------------------


def test_a_writable_cte_is_refused(victim, alice):
    refused(
        alice, "WITH gone AS (DELETE FROM factdesk.verdicts RETURNING id) SELECT count(*) FROM gone"
    )
    victim.sync_and_check()


def test_copy_in_and_out_is_refused(victim):
    done = psql(victim.hub, "alice", "COPY factdesk.verdicts TO STDOUT")
    assert done.returncode != 0 and "permission denied" in done.stderr
    done = psql(victim.hub, "alice", "COPY factdesk.members FROM '/etc/passwd'")
    assert done.returncode != 0 and "must be superuser" in done.stderr
    victim.sync_and_check()


def test_no_function_view_or_extension_can_be_created(victim, alice):
    refused(alice, "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'")
    refused(alice, "CREATE FUNCTION factdesk.f() RETURNS int LANGUAGE sql AS 'SELECT 1'")
    refused(alice, "CREATE VIEW public.v AS SELECT 1 AS x")
    refused(alice, "CREATE EXTENSION dblink")  # no connection out through the server
    victim.sync_and_check()


def test_server_files_and_large_objects_are_out_of_reach(victim, alice):
    refused(alice, "SELECT pg_read_file('/etc/passwd')")
    refused(alice, "SELECT pg_ls_dir('.')")
    refused(alice, "SELECT lo_import('/etc/passwd')")
    victim.sync_and_check()


def test_a_prepared_statement_is_no_way_round(victim, alice):
    alice.execute("PREPARE sneak AS UPDATE factdesk.evidence SET stance = 'supports'")
    refused(alice, "EXECUTE sneak")
    victim.sync_and_check()


def test_nobody_takes_ownership(victim, alice):
    alice_role = victim.hub.checkers["alice"]
    refused(alice, f'ALTER TABLE factdesk.verdicts OWNER TO "{alice_role}"')
    refused(alice, f'ALTER FUNCTION factdesk.push(text, jsonb) OWNER TO "{alice_role}"')
    refused(alice, f'ALTER ROLE "{alice_role}" CREATEROLE')
    victim.sync_and_check()


def test_another_organisation_sees_nothing_even_through_joins(victim):
    with victim.hub.connect("olga") as olga:
        refused(
            olga,
            "SELECT v.* FROM factdesk.claims AS c JOIN factdesk.verdicts AS v ON v.claim_id = c.id",
        )
        for table in ("articles", "claims", "verdicts", "evidence", "status_changes"):
            assert olga.execute("SELECT factdesk.pull(%s, 0, 1000000)", [table]).fetchall() == []
        posts = olga.execute("SELECT factdesk.pull_children('posts', %s)", [[victim.article.id]])
        assert posts.fetchall() == []
        teammates = olga.execute(
            "SELECT * FROM factdesk.teammate_verdicts(%s, 0)", [victim.claim.id]
        )
        assert teammates.fetchall() == []
    victim.sync_and_check()


def test_the_change_sequence_cannot_be_moved(victim, alice):
    refused(alice, "SELECT setval('factdesk.change_seq', 1)")
    refused(alice, "SELECT nextval('factdesk.change_seq')")
    victim.sync_and_check()


def test_internal_functions_and_other_sessions_are_out_of_reach(victim, alice):
    refused(alice, "SELECT factdesk.org_of('x')")
    refused(alice, "SELECT factdesk.refusal('x', 'default', 'verdicts', 'y')")
    refused(
        alice, "SELECT factdesk.push_row('verdicts', '{}', 'x', 'x', 'default', true, '{}', 'x')"
    )
    refused(alice, "SELECT * FROM pg_authid")
    with victim.hub.connect("bob") as bob:
        pid = bob.execute("SELECT pg_backend_pid()").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert bob.execute("SELECT 1").fetchone() == (1,)
    victim.sync_and_check()


def test_names_are_never_pasted_into_sql(victim, alice):
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        push(alice, "verdicts; DROP TABLE factdesk.claims; --")
    with alice.transaction():
        lines = alice.execute(
            "SELECT factdesk.delete_rows(%s, %s)", ["claims WHERE true; --", [victim.claim.id]]
        ).fetchall()
    assert "not a table rows are deleted from" in lines[0][0]
    row = {**hub_row(victim.hub, "verdicts", victim.verdict.id), 'id") SELECT 1; --': "x"}
    (line,) = push(alice, "verdicts", row)
    assert "has no column" in line
    victim.sync_and_check()


def test_a_tombstone_from_the_future_for_a_teammates_rows_is_refused(victim, alice):
    for table, row_id in (("verdicts", victim.verdict.id), ("evidence", victim.evidence.id),
                          ("status_changes", victim.status.id), ("claims", victim.claim.id),
                          ("articles", victim.article.id)):  # fmt: skip
        stone = {"tbl": table, "row_id": row_id, "article_id": None, "deleted": 1, "at": FUTURE}
        assert push(alice, "tombstones", stone), table
    victim.sync_and_check()


def test_batches_and_connections_are_bounded(victim, alice):
    with pytest.raises(psycopg.errors.InvalidParameterValue):
        push(alice, "verdicts", *[{"id": str(n)} for n in range(10_001)])
    url = victim.hub.url("alice")
    extra = [psycopg.connect(url, autocommit=True) for _ in range(7)]  # 8 with `alice`
    try:
        with pytest.raises(psycopg.OperationalError, match="too many connections"):
            psycopg.connect(url)
    finally:
        for conn in extra:
            conn.close()
    victim.sync_and_check()


def test_a_notify_flood_does_not_disturb_a_sync(victim, alice):
    for n in range(2_000):
        alice.execute("SELECT pg_notify('factdesk', %s)", [str(n) * 50])
    victim.sync_and_check()


# --- attacks that need a hub of their own ----------------------------------------------


@pytest.fixture
def fresh(pg_server, tmp_path):
    hub = new_hub(pg_server)
    hub.add_checker("alice")
    bob = Victim(hub, tmp_path)
    yield bob
    bob.desk.close()
    pg_server.drop_database(hub.database)


def test_a_forged_verdict_from_the_future_is_stamped_and_bounded(fresh):
    alice = fresh.hub.connect("alice")
    refused(
        alice,
        """INSERT INTO factdesk.verdicts (id, claim_id, scale_id, rating, reviewer, at)
           VALUES ('V-FORGED', %s, 'politifact', 'True', 'Bob Mensah', %s)""",
        [fresh.other_claim.id, FUTURE],
    )
    forged = {**hub_row(fresh.hub, "verdicts", fresh.verdict.id), "id": "V-FORGED",
              "claim_id": fresh.other_claim.id, "rating": "True", "reviewer": "Bob Mensah",
              "at": FUTURE}  # fmt: skip
    (line,) = push(alice, "verdicts", {**forged, "recorded_by": fresh.hub.checkers["bob"]})
    assert "the hub records the login that sends a row" in line
    # Without naming Bob it is Alice's own verdict: stamped hers, dated by the hub.
    assert push(alice, "verdicts", forged) == []
    alice.close()
    fresh.desk.sync(fresh.url)
    (entry,) = fresh.desk.verdicts(fresh.other_claim.id)
    assert entry.reviewer == fresh.hub.checkers["alice"] and entry.at < FUTURE[:4]
    with fresh.hub.connect() as admin:
        row = admin.execute(
            """SELECT recorded_by, claimed_times ->> 'at' FROM factdesk.verdicts
               WHERE id = 'V-FORGED'"""
        ).fetchone()
    assert row == (fresh.hub.checkers["alice"], FUTURE)  # the laptop's time, kept as claimed
    # Bob's own work is exactly as it was.
    dump = laptop_dump(fresh.desk.path)
    for table in ("articles", "evidence", "status_changes"):
        assert dump[table] == fresh.baseline[table]
    assert set(fresh.baseline["verdicts"]) < set(dump["verdicts"])


def test_holding_the_change_lock_stops_nobody_for_long(fresh):
    with fresh.hub.connect() as admin:
        admin.execute("UPDATE factdesk.hub SET stale_lock_seconds = 2")
    stalling = psycopg.connect(fresh.hub.url("alice"))
    stalling.execute("SET idle_in_transaction_session_timeout = 0")
    stalling.execute("SET statement_timeout = 0")
    stalling.execute("SELECT factdesk.take_change_lock()")  # and sits there, in a transaction
    fresh.desk.set_status(fresh.other_claim.id, "researching")
    started = time.monotonic()
    report = fresh.desk.sync(fresh.url)
    assert report.sent["status_changes"] == 1 and time.monotonic() - started < 30
    with pytest.raises(psycopg.OperationalError):
        stalling.execute("SELECT 1")  # ended by the hub
    stalling.close()


def test_a_statement_that_sleeps_holding_the_lock_is_ended_too(fresh):
    with fresh.hub.connect() as admin:
        admin.execute("UPDATE factdesk.hub SET stale_lock_seconds = 2")
    stalling = psycopg.connect(fresh.hub.url("alice"), autocommit=True)
    stalling.execute("SET statement_timeout = 0")

    def stall() -> None:
        with contextlib.suppress(psycopg.Error):
            stalling.execute("SELECT factdesk.take_change_lock(), pg_sleep(600)")

    thread = threading.Thread(target=stall)
    thread.start()
    time.sleep(0.5)
    fresh.desk.set_status(fresh.other_claim.id, "researching")
    report = fresh.desk.sync(fresh.url)
    assert report.sent["status_changes"] == 1
    thread.join(30)
    assert not thread.is_alive()
    stalling.close()


def test_remove_checker_works_while_they_hold_a_session(fresh, capsys):
    role = fresh.hub.checkers["alice"]
    stalling = psycopg.connect(fresh.hub.url("alice"))
    stalling.execute("SET idle_in_transaction_session_timeout = 0")
    stalling.execute("SELECT factdesk.take_change_lock()")
    assert main(["hub", "remove-checker", role, "--hub", fresh.hub.admin_url]) == 0
    with pytest.raises(psycopg.OperationalError):
        stalling.execute("SELECT 1")
    stalling.close()
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(fresh.hub.url("alice"))
    fresh.sync_and_check()


def test_poisoned_rows_on_the_hub_are_set_aside_and_the_sync_goes_on(fresh, tmp_path):
    """Rows no checker can push any more (an older hub, or one tampered with by its
    administrator): each bad one is set aside with a line, the rest merged."""
    claim_id = fresh.claim.id
    evidence = ("INSERT INTO factdesk.evidence (org, id, claim_id, url, stance, snapshot_gz, "
                "added_at, seq, recorded_by) VALUES ('default', %s, %s, %s, 'context', %s, "
                "'2026-01-01T00:00:00+00:00', 0, 'x')")  # fmt: skip
    with fresh.hub.connect() as admin:
        admin.execute(
            """INSERT INTO factdesk.tombstones (org, tbl, row_id, deleted, at, seq, recorded_by)
               VALUES ('default', 'claims; DROP TABLE claims; --', 'x', 1, %s, 0, 'x')""",
            [FUTURE],
        )
        admin.execute(
            """INSERT INTO factdesk.claims (org, id, article_id, text, sentence, start, "end",
                 created_at, updated_at, field_times, seq, recorded_by)
               SELECT org, 'C-POISON', article_id, text, sentence, start, "end", created_at,
                 updated_at, '5', 0, 'x' FROM factdesk.claims WHERE id = %s""",
            [claim_id],
        )
        admin.execute(evidence, ["E-NOTGZIP", claim_id, "https://example.org/p", b"not gzip"])
        admin.execute(
            evidence,
            ["E-SECRET", claim_id, "https://user:s3cret@example.org/q", gzip.compress(b"<p>")],
        )
    report = fresh.desk.sync(fresh.url)
    assert len(report.set_aside) == 3
    assert any("tombstones" in line and "not a table" in line for line in report.set_aside)
    assert any("C-POISON" in line and "field_times" in line for line in report.set_aside)
    assert any("E-NOTGZIP" in line and "gzip" in line for line in report.set_aside)
    assert [e.url for e in fresh.desk.evidence(claim_id) if e.id == "E-SECRET"] == [
        "https://example.org/q"
    ]
    for fmt in ("md", "csv", "json"):
        fresh.desk.export(fmt, tmp_path / f"out.{fmt}")
        assert "s3cret" not in (tmp_path / f"out.{fmt}").read_text()
    # Bob's own work is all there, untouched; the next sync has nothing left to fail on.
    dump = laptop_dump(fresh.desk.path)
    for table, rows in fresh.baseline.items():
        assert set(rows) <= set(dump[table]), table
    assert fresh.desk.sync(fresh.url).set_aside == []


def test_a_lying_bundle_deletes_none_of_the_recipients_own_work(tmp_path, capsys):
    bob = Desk(tmp_path / "bob.db")
    article = bob.import_article(Article(source="s.txt", text=TEXT), split=sentence_split).article
    claim = sorted(bob.claims(), key=lambda c: c.start)[0]
    verdict = bob.set_verdict(claim.id, "False", scale="politifact").made
    evidence = bob.add_evidence(claim.id, "https://example.org/b", fetch=False).made
    bob.close()
    before = laptop_dump(tmp_path / "bob.db")
    lines = [{"format": "factdesk-bundle", "version": 2, "factdesk": "9"}]
    for table, row_id in (("articles", article.id), ("claims", claim.id),
                          ("verdicts", verdict.id), ("evidence", evidence.id)):  # fmt: skip
        stone = {"tbl": table, "row_id": row_id, "article_id": article.id, "deleted": 1,
                 "at": "2999-01-01T00:00:00+00:00"}  # fmt: skip
        lines.append({"table": "tombstones", "row": stone})
    with gzip.open(tmp_path / "lying.bundle", "wt") as out:
        out.write("\n".join(json.dumps(line) for line in lines) + "\n")
    assert main(["--db", str(tmp_path / "bob.db"), "import", str(tmp_path / "lying.bundle")]) == 0
    assert "4 deletions of your own work refused" in capsys.readouterr().out
    assert laptop_dump(tmp_path / "bob.db") == before
