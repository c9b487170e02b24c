"""Watched sources polled while the app runs: a poll in a process of its own, its new
articles shown in the window without a restart, and nothing run when nothing is watched."""

from __future__ import annotations

from factdesk.desk import Desk
from factdesk.gui import watching
from tests.gui.helpers import settle
from tests.localserver import LocalServer, Reply
from tests.test_watch import _article, _feed


def test_the_window_polls_watched_sources_and_shows_what_came_in(make_window, db, qtbot):
    server = LocalServer().start()
    try:
        server.route("GET", "/feed.xml", Reply(200, _feed(server.base_url, range(1, 3))))
        for n in (1, 2):
            server.route("GET", f"/story/{n}", Reply(200, _article(n, False)))
        with Desk(db) as desk:
            desk.watch_source(f"{server.base_url}/feed.xml")
            before = len(desk.articles())
        window = make_window(db)
        settle(qtbot, window)
        shown = window.articles.model.rowCount()
        window.watcher.poll()
        qtbot.waitUntil(lambda: window.articles.model.rowCount() == shown + 2, timeout=60_000)
        assert "2 new articles" in window.statusBar().currentMessage()
        with Desk(db) as desk:
            assert len(desk.articles()) == before + 2
            assert desk.watched_sources()[0].ok_at
    finally:
        server.stop()


def test_nothing_is_run_when_nothing_is_watched(make_window, db, qtbot):
    window = make_window(db)
    settle(qtbot, window)
    window.watcher.poll()
    settle(qtbot, window)
    assert window.watcher.process is None


def test_the_poll_command_the_app_runs_is_a_working_command_line(tmp_path):
    import json
    import subprocess

    db = tmp_path / "desk.db"
    with Desk(db):
        pass
    program, args = watching.watch_command(str(db))
    done = subprocess.run([program, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"polled": 0, "unchanged": 0, "imported": [], "problems": []}
