"""Syncs cut off or refused: the hub stopped in the middle of a pull or a push, the
sync killed with SIGKILL, a hub with a newer schema, connections refused. Each gives
one clear line, loses nothing, and the next sync completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from factdesk.cli import main
from factdesk.desk import Desk
from factdesk.errors import FactdeskError
from factdesk.hub import HubError, HubUnreachable
from factdesk.hub.schema import LATEST
from factdesk.model import Article
from tests.conftest import REPO, dump
from tests.hub.dumps import hub_dump, laptop_dump
from tests.test_desk import sentence_split


def fill(desk: Desk, articles: int, tag: str) -> None:
    """Articles of four claims each, every claim rated and with evidence."""
    for n in range(articles):
        text = (
            f"{tag} council {n} cut leakage by {n}% in 2019. Ms Rusk said so. "
            f"Water bills rose {n}% last year. Everyone agrees on {tag} {n}."
        )
        article = desk.import_article(Article(source=f"{tag}{n}.txt", text=text),
                                      split=sentence_split).article  # fmt: skip
        for claim in desk.db.query("SELECT id FROM claims WHERE article_id = ?", [article.id]):
            desk.set_verdict(claim["id"], "False", scale="politifact")
            desk.add_evidence(claim["id"], f"https://example.org/{tag}/{n}", fetch=False)


def stop_when(server, prefix: str):
    """A progress callback that stops the hub's server (at once, as a crash would)
    when the sync reaches a step starting with `prefix`."""
    seen: list[str] = []

    def progress(line: str) -> None:
        seen.append(line)
        if line.startswith(prefix):
            server.stop("immediate")

    return progress, seen


def assert_all_equal(hub, *desks: Desk) -> None:
    first = laptop_dump(desks[0].path)
    for desk in desks[1:]:
        assert laptop_dump(desk.path) == first
    assert hub_dump(hub, desks[0].path) == first


@pytest.mark.parametrize("step", ["receiving hub changes", "sending"])
def test_the_hub_stopped_in_the_middle_of_a_pull_or_a_push(hub, laptop, step):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("a"), laptop("b")
    fill(a, 5, "a")
    a.sync(url_a)
    fill(b, 5, "b")
    before_b = dump(b.path)
    with hub.connect() as admin:
        hub_before = admin.execute("SELECT max(seq) FROM factdesk.claims").fetchone()
    progress, seen = stop_when(hub.server, step)
    try:
        with pytest.raises(HubUnreachable) as caught:
            b.sync(url_b, progress=progress)
    finally:
        hub.server.start()
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"hub {hub.checkers['bob']}@")
    assert "closed the connection" in message or "connection to the hub was lost" in message
    assert any(line.startswith(step) for line in seen)
    if step == "receiving hub changes":  # nothing was merged, nothing recorded
        assert dump(b.path) == before_b
    with hub.connect() as admin:  # the push, if it began, left nothing behind
        assert admin.execute("SELECT max(seq) FROM factdesk.claims").fetchone() == hub_before
    b.sync(url_b)
    a.sync(url_a)
    assert_all_equal(hub, a, b)
    assert len(a.claims()) == 40


@pytest.mark.parametrize("moment", ["merging", "sending"])
def test_a_sync_killed_with_sigkill_loses_nothing(hub, laptop, tmp_path, moment):
    url_a, url_b = hub.add_checker("alice"), hub.add_checker("bob")
    a, b = laptop("a"), laptop("b")
    fill(b, 3, "b")
    b.sync(url_b)
    fill(a, 40, "a")
    a.close()
    command = [sys.executable, "-m", "factdesk.cli", "--db", str(tmp_path / "a.db"),
               "sync", "--hub", url_a]  # fmt: skip
    sync = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=REPO)
    assert sync.stderr is not None
    for line in sync.stderr:
        if line.startswith(moment):
            os.kill(sync.pid, signal.SIGKILL)
            break
    assert sync.wait(timeout=60) == -signal.SIGKILL
    check = sqlite3.connect(tmp_path / "a.db")
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    a = laptop("a")
    assert len(a.claims()) in (160, 172)  # before or after the merge: nothing half-done
    a.sync(url_a)
    b.sync(url_b)
    assert_all_equal(hub, a, b)
    assert len(b.claims()) == 172


def test_a_hub_with_a_newer_schema_is_refused_in_one_line(hub, laptop, tmp_path, capsys):
    url_a = hub.add_checker("alice")
    a = laptop("a")
    fill(a, 1, "a")
    with hub.connect() as admin:
        admin.execute("INSERT INTO factdesk.migrations (version, name) VALUES (99, 'future')")
    before = dump(a.path)
    a.close()
    assert main(["--db", str(tmp_path / "a.db"), "sync", "--quiet", "--hub", url_a]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert (
        "its schema is version 99, newer than this factdesk knows "
        f"({LATEST}); update factdesk" in err
    )
    assert dump(tmp_path / "a.db") == before
    # The administrator's init refuses it too, changing nothing.
    assert main(["hub", "init", hub.admin_url]) == 1
    assert "newer than this factdesk knows" in capsys.readouterr().err


def test_connections_refused_then_the_next_sync_completes(hub, laptop, tmp_path, capsys):
    url_a = hub.add_checker("alice")
    a = laptop("a")
    fill(a, 2, "a")
    before = dump(a.path)
    closed = f"postgresql://{hub.checkers['alice']}@127.0.0.1:1/{hub.database}"
    with pytest.raises(HubUnreachable) as caught:
        a.sync(closed)
    assert str(caught.value) == (
        f"hub {hub.checkers['alice']}@127.0.0.1:1/{hub.database}: cannot reach the hub "
        "(connection refused: is PostgreSQL running there, and the address right?)"
    )
    assert dump(a.path) == before
    a.sync(url_a)
    assert_all_equal(hub, a)


def test_not_a_hub_and_not_a_checker(hub, pg_server, laptop):
    a = laptop("a")
    plain = pg_server.new_database("plain")
    with pytest.raises(HubError, match="not a factdesk hub"):
        a.sync(pg_server.socket_url(plain))
    hub.add_checker("alice")
    with hub.connect() as admin:  # a login that is no checker of this hub
        admin.execute("CREATE ROLE mallory_x LOGIN")
    try:
        with pytest.raises(HubError, match="not one of the hub's checkers"):
            a.sync(pg_server.socket_url(hub.database, "mallory_x"))
    finally:
        with hub.connect() as admin:
            admin.execute("DROP ROLE mallory_x")
        pg_server.drop_database(plain)


def test_hub_urls_never_hold_a_password(laptop):
    a = laptop("a")
    with pytest.raises(FactdeskError, match="holds a password; give the URL without it"):
        a.set_setting("hub-url", "postgresql://alice:s3cret@hub.example.org/desk")
    with pytest.raises(FactdeskError, match="holds a password"):
        a.sync("postgresql://alice:s3cret@hub.example.org/desk")
    with pytest.raises(FactdeskError, match="not a hub URL"):
        a.sync("https://hub.example.org/desk")
    with pytest.raises(FactdeskError, match="no hub to sync with"):
        a.sync()


def test_laptops_syncing_at_the_same_moment_converge(hub, laptop, tmp_path):
    """Four laptops (processes) with work of their own and on a shared claim sync at
    once, twice; pushes queue on the hub's change lock, and every one ends identical."""
    names = ("a", "b", "c", "d")
    urls = {name: hub.add_checker(f"p{name}") for name in names}
    first = laptop("a")
    fill(first, 1, "shared")
    first.sync(urls["a"])
    shared = next(first.db.query("SELECT id FROM claims ORDER BY start LIMIT 1"))["id"]
    first.close()
    for name in names:
        desk = laptop(name)
        desk.sync(urls[name])
        fill(desk, 3, name)
        desk.set_verdict(shared, "Half True", scale="politifact", summary=f"by {name}")
        desk.close()
    for _round in range(2):
        syncs = [
            subprocess.Popen(
                [sys.executable, "-m", "factdesk.cli", "--db", str(tmp_path / f"{name}.db"),
                 "sync", "--quiet", "--hub", urls[name]],
                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            for name in names
        ]  # fmt: skip
        for sync in syncs:
            assert sync.wait(timeout=120) == 0, sync.stderr.read() if sync.stderr else ""
    desks = [laptop(name) for name in names]
    for desk, name in zip(desks, names, strict=True):
        desk.sync(urls[name])
    assert_all_equal(hub, *desks)
    assert len(desks[0].verdicts(shared)) == 5
    assert len(desks[0].claims()) == 4 * 13
