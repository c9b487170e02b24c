"""The hub administrator's commands: init (and its versioned migrations), add-checker
(a password shown once, stored by the server only as a SCRAM verifier), checkers,
remove-checker (the login is refused from then on)."""

from __future__ import annotations

import json

import psycopg
import pytest

from factdesk.cli import main
from factdesk.hub import HubError
from factdesk.hub.schema import LATEST
from factdesk.model import Article
from tests.test_desk import TEXT, sentence_split


def test_init_creates_then_finds_the_hub_up_to_date(pg_server, capsys):
    database = pg_server.new_database()
    url = pg_server.socket_url(database)
    try:
        assert main(["hub", "init", url]) == 0
        assert f"created (schema version {LATEST})" in capsys.readouterr().out
        assert main(["hub", "init", url]) == 0
        assert f"schema version {LATEST}, up to date" in capsys.readouterr().out
    finally:
        pg_server.drop_database(database)


def test_add_list_and_remove_checkers(hub, laptop, capsys):
    name = f"sam_{hub.database}"
    assert main(["hub", "add-checker", name, "--hub", hub.admin_url]) == 0
    out = capsys.readouterr().out
    password = out.rsplit(": ", 1)[1].strip()
    assert f"{name}: checker added" in out and len(password) >= 20
    with hub.connect() as admin:
        (stored,) = admin.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", [name]
        ).fetchone()
    assert stored.startswith("SCRAM-SHA-256$") and password not in stored
    # The password works over TCP (where the server asks for one).
    with psycopg.connect(hub.server.tcp_url(hub.database, name), password=password) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (name,)

    assert main(["hub", "checkers", "--hub", hub.admin_url, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["editor"], c["active"]) for c in listed] == [(name, False, True)]

    assert main(["hub", "add-checker", name, "--hub", hub.admin_url]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["hub", "add-checker", "Robert'); DROP", "--hub", hub.admin_url]) == 2
    assert "not a checker name" in capsys.readouterr().err

    assert main(["hub", "remove-checker", name, "--hub", hub.admin_url]) == 0
    capsys.readouterr()
    a = laptop("a")
    with pytest.raises(HubError, match="login was revoked"):
        a.sync(hub.server.socket_url(hub.database, name))
    with hub.connect() as admin:
        admin.execute(f'DROP ROLE "{name}"')


def test_hub_commands_need_the_hubs_owner(hub, capsys):
    hub.add_checker("alice")
    assert main(["hub", "add-checker", "mallory", "--hub", hub.url("alice")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hub commands need the hub database's owner" in err


def test_init_upgrades_a_version_1_hub_and_its_checkers_lose_their_table_rights(
    pg_server, laptop, monkeypatch, capsys
):
    import factdesk.hub.admin as admin_module
    from factdesk.hub import init_hub, parse_hub_url
    from factdesk.hub.schema import MIGRATIONS

    database = pg_server.new_database()
    url = parse_hub_url(pg_server.socket_url(database))
    role = f"old_{database}"
    try:
        with monkeypatch.context() as m:  # a hub made by the factdesk of issue 13
            m.setattr(admin_module, "MIGRATIONS", MIGRATIONS[:1])
            m.setattr(admin_module, "LATEST", 1)
            init_hub(url)
        with psycopg.connect(pg_server.socket_url(database), autocommit=True) as admin:
            admin.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE "{database}_checkers"')
            admin.execute("INSERT INTO factdesk.members (role) VALUES (%s)", [role])
        checker_url = pg_server.socket_url(database, role)
        with psycopg.connect(checker_url, autocommit=True) as old:
            assert old.execute("SELECT count(*) FROM factdesk.verdicts").fetchone() == (0,)
        assert "upgraded from version 1" in init_hub(url)
        with psycopg.connect(checker_url, autocommit=True) as old:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                old.execute("SELECT count(*) FROM factdesk.verdicts")
            assert old.execute("SELECT role FROM factdesk.whoami()").fetchone() == (role,)
            limits = old.execute("SHOW idle_in_transaction_session_timeout").fetchone()
            assert limits == ("1min",)
        # And a laptop syncs with it as before.
        a = laptop("a")
        a.import_article(Article(source="s.txt", text=TEXT), split=sentence_split)
        assert a.sync(checker_url).sent["claims"] == 4
    finally:
        pg_server.drop_database(database)
        with psycopg.connect(pg_server.socket_url(), autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
