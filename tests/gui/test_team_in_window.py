"""The team hub in the window (issue 13, items 2 and 4), against a real PostgreSQL started
by the test (tests/pgserver.py): Sync now off the GUI thread, automatic syncs never two at
once, the sync's state in the status bar (unreachable quietly, other errors once), the
assignee chosen from the hub's checkers, "mine", and the notice that a teammate rated the
claim shown since my last sync. Settings > Team and the status bar's words: see
test_team_integrity.py."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from factdesk.desk import Desk
from factdesk.model import Article, ClaimFilter
from tests.gui.helpers import settle, stored
from tests.test_desk import TEXT, sentence_split


@pytest.fixture
def team(hub, tmp_path):
    """Alice on a laptop of her own (a Desk), Bob's laptop opened in the window later."""
    url_alice, url_bob = hub.add_checker("alice"), hub.add_checker("bob")
    alice = Desk(tmp_path / "alice.db")
    alice.set_setting("reviewer", "Alice")
    article = alice.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
    alice.sync(url_alice)
    bob_db = tmp_path / "bob.db"
    with Desk(bob_db) as bob:
        bob.set_settings({"reviewer": "Bob", "hub-url": url_bob})
    yield alice, url_alice, bob_db, article.article
    alice.close()


def sync_in_window(window, qtbot) -> str:
    window.team.sync_now()
    qtbot.waitUntil(lambda: not window.team.syncing, timeout=30_000)
    settle(qtbot, window)
    return window.sync_state.text()


def test_sync_now_runs_off_the_gui_thread_and_says_how_it_went(
    team, make_window, qtbot, monkeypatch, hub
):
    _alice, _url, bob_db, article = team
    threads: list[str] = []
    real_sync = Desk.sync

    def watched(self, *args, **kwargs):
        thread = QThread.currentThread()
        threads.append("GUI" if thread is gui_thread else thread.objectName())
        return real_sync(self, *args, **kwargs)

    gui_thread = QThread.currentThread()
    monkeypatch.setattr(Desk, "sync", watched)
    window = make_window(bob_db)
    assert sync_in_window(window, qtbot).startswith("Synced ")
    assert threads == ["factdesk-write"]
    assert "received" in window.sync_state.toolTip()
    # What the sync brought is on screen: the article, its claims.
    qtbot.waitUntil(lambda: window.articles.count() == 1, timeout=10_000)
    window.open_article(article.id)
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 4, timeout=10_000)
    # After a sync, who I am and the checkers are known (offline too).
    assert window.team.me == hub.checkers["bob"]
    assert sorted(window.team.checkers) == sorted(hub.checkers.values())


def test_automatic_syncs_never_overlap(team, make_window, qtbot, monkeypatch):
    _alice, _url, bob_db, _article = team
    running, overlaps, done = [0], [0], [0]
    lock = threading.Lock()
    real_sync = Desk.sync

    def counted(self, *args, **kwargs):
        with lock:
            running[0] += 1
            overlaps[0] = max(overlaps[0], running[0])
        try:
            return real_sync(self, *args, **kwargs)
        finally:
            with lock:
                running[0] -= 1
                done[0] += 1

    monkeypatch.setattr(Desk, "sync", counted)
    window = make_window(bob_db)
    qtbot.waitUntil(lambda: window.team.timer.isActive(), timeout=5000)  # hub-url is set
    window.team.timer.setInterval(30)  # "every few minutes", faster
    for _ in range(5):
        window.team.sync_now()  # and Sync now pressed meanwhile: never a second one
    qtbot.waitUntil(lambda: done[0] >= 3, timeout=60_000)
    window.team.timer.stop()
    qtbot.waitUntil(lambda: not window.team.syncing, timeout=30_000)
    assert overlaps[0] == 1


def test_an_unreachable_hub_is_said_quietly_and_other_errors_once(
    team, make_window, qtbot, monkeypatch, hub
):
    _alice, _url, bob_db, _article = team
    window = make_window(bob_db)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    window.team.show_error = errors.append
    settle(qtbot, window)
    window.team.state.hub_url = "postgresql://bob@127.0.0.1:1/nohub"  # nothing listens there
    assert sync_in_window(window, qtbot) == "Offline, never synced · nothing to send"
    assert "connection refused" in window.sync_state.toolTip()
    assert errors == []  # offline is normal: no box, no error
    # A hub that answers but refuses us: shown once, then only named in the status bar.
    refusing = hub.server.socket_url("nosuchdatabase", hub.checkers["bob"])
    for _again in range(2):
        window.team.state.hub_url = refusing  # (the setting is read again after each sync)
        assert sync_in_window(window, qtbot) == "Sync failed · nothing to send"
    assert len(errors) == 1 and "database" in errors[0]


def test_assignee_from_the_checkers_mine_and_a_teammates_verdict(team, make_window, qtbot, hub):
    alice, url_alice, bob_db, article = team
    window = make_window(bob_db)
    sync_in_window(window, qtbot)
    window.open_article(article.id)
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 4, timeout=10_000)
    settle(qtbot, window)
    bob, alice_role = hub.checkers["bob"], hub.checkers["alice"]
    panel = window.panel
    assert panel.assignee_names.stringList() == sorted([alice_role, bob])
    # A name not on the team is refused in words; a checker is taken.
    window.claims.set_current_row(0)
    first = panel.claim.id
    panel.assignee.setFocus()
    qtbot.keyClicks(panel.assignee, "Somebody Else")
    panel.commit_pending()
    settle(qtbot, window)
    assert "not one of the team's checkers" in window.statusBar().currentMessage()
    with stored(window) as desk:
        assert desk.claim(first).assignee is None
    panel.assignee.setFocus()
    panel.assignee.selectAll()
    qtbot.keyClicks(panel.assignee, bob)
    panel.commit_pending()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(first).assignee == bob
    # "Mine": the claims assigned to my login on the hub.
    window.claims.toggle_mine()
    settle(qtbot, window)
    assert [window.claims.model.claim_at(r).id
            for r in range(window.claims.model.rowCount())] == [first]  # fmt: skip
    window.claims.toggle_mine()
    settle(qtbot, window)
    # Alice rates a claim and syncs after Bob's last sync: Bob's panel says so.
    rated = sorted(alice.claims(ClaimFilter(article_id=article.id)), key=lambda c: c.start)[2]
    alice.set_verdict(rated.id, "False", scale="politifact")
    alice.sync(url_alice)
    window.claims.select_claim(rated.id)
    qtbot.waitUntil(lambda: panel.teammates.isVisible(), timeout=15_000)
    assert panel.teammates.text().startswith(f"{alice_role} rated this claim False")
    window.claims.set_current_row(0)
    assert not panel.teammates.isVisible()  # another claim: its own news only
    # Offline: nothing is said, nothing goes wrong.
    window.team.state.hub_url = "postgresql://bob@127.0.0.1:1/nohub"
    window.claims.select_claim(rated.id)
    settle(qtbot, window, timeout=30_000)
    qtbot.wait(400)
    settle(qtbot, window, timeout=30_000)
    assert not panel.teammates.isVisible() and window.last_error == ""
