"""Team integrity in the app (issue 18, items 5 and 6), two checkers against a real PostgreSQL
hub started by the test (tests/pgserver.py): a verdict starts with an empty summary, never a
teammate's; rating differently from a teammate's current verdict asks once and keeps both;
the "rated since your last sync" notice clears when the sync brings the verdict in; Settings
> Team tries the hub on OK (a wrong password is said in the app and changes nothing) and
runs the first sync with progress and Cancel; without a keyring the password is kept for
the session only; the status bar says when the last good sync was and what waits."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from factdesk import secrets
from factdesk.desk import Desk
from factdesk.gui.team import NO_HUB, app_words, clock, sync_words
from factdesk.hub import add_checker, parse_hub_url
from factdesk.model import Article, ClaimFilter
from tests.conftest import strict_ci
from tests.gui.helpers import key, settle, stored
from tests.gui.test_team_in_window import sync_in_window
from tests.test_desk import TEXT, sentence_split

ALICES_SUMMARY = "Alice checked the register: he never joined."


@pytest.fixture
def checkers(hub, tmp_path):
    """Alice on a laptop of her own (a Desk) with an article on the hub; Bob's laptop, set
    to sync with the hub, is opened in the window by the test."""
    # The names the hub stamps on their work are those the administrator registers.
    url_alice = hub.add_checker("alice", display_name="Alice")
    url_bob = hub.add_checker("bob", display_name="Bob")
    alice = Desk(tmp_path / "alice.db")
    alice.set_setting("reviewer", "Alice")
    imported = alice.import_article(Article(source="a.txt", text=TEXT), split=sentence_split)
    alice.sync(url_alice)
    bob_db = tmp_path / "bob.db"
    with Desk(bob_db) as bob:
        bob.set_settings({"reviewer": "Bob", "hub-url": url_bob})
    claims = sorted(alice.claims(ClaimFilter(article_id=imported.article.id)),
                    key=lambda c: c.start)  # fmt: skip
    yield alice, url_alice, bob_db, [c.id for c in claims]
    alice.close()


def bobs_window(make_window, qtbot, bob_db: Path):
    window = make_window(bob_db)
    assert sync_in_window(window, qtbot).startswith("Synced ")
    qtbot.waitUntil(lambda: window.articles.count() == 1, timeout=10_000)
    window.open_article(window.articles.model.article_at(0).id)
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 4, timeout=10_000)
    settle(qtbot, window)
    return window


def show(window, qtbot, claim_id: str) -> None:
    window.claims.select_claim(claim_id)
    qtbot.waitUntil(lambda: window.panel.verdict is not None or window.panel.claim.verdict is None,
                    timeout=10_000)  # fmt: skip
    settle(qtbot, window)


def answer(qtbot, window, yes: bool) -> str:
    """Wait for the question, answer it with a key as a reviewer would; its text."""
    qtbot.waitUntil(lambda: window.review.question is not None, timeout=5000)
    box = window.review.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    text = box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return if yes else Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.review.question is None, timeout=5000)
    settle(qtbot, window)
    return text


def verdicts(window, claim_id: str) -> list[tuple]:
    with stored(window) as desk:
        return [(v.rating, v.summary, v.reviewer) for v in desk.verdicts(claim_id)]


def test_a_verdict_starts_empty_and_a_teammates_different_verdict_is_asked_about(
    checkers, make_window, qtbot
):
    alice, url_alice, bob_db, claim_ids = checkers
    rated = claim_ids[1]
    alices = alice.set_verdict(rated, "False", summary=ALICES_SUMMARY).made
    alice.sync(url_alice)
    window = bobs_window(make_window, qtbot, bob_db)
    panel = window.panel
    show(window, qtbot, rated)
    # Alice's verdict is shown above; the summary field is Bob's own, empty draft.
    assert panel.verdict is not None and panel.verdict.reviewer == "Alice"
    assert ALICES_SUMMARY in panel.verdict_box.current.text()
    assert panel.summary.text() == ""
    # 4 (Mostly False) differs from Alice's False: asked once; No records nothing.
    key(qtbot, window, Qt.Key.Key_4)
    day = f"{int(alices.at[8:10])} {clock_month(alices.at)}"
    question = answer(qtbot, window, yes=False)
    assert question == f"Alice rated this False on {day}; record Mostly False as well?"
    assert verdicts(window, rated) == [("False", ALICES_SUMMARY, "Alice")]
    # Bob writes his summary and leaves the field: it waits for his level, and never
    # rewrites Alice's verdict.
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "Bob's own reading of the register.")
    window.claims.focus_table()
    settle(qtbot, window)
    assert verdicts(window, rated) == [("False", ALICES_SUMMARY, "Alice")]
    # Yes: Bob's verdict with Bob's summary, and Alice's stays in the history.
    key(qtbot, window, Qt.Key.Key_4)
    answer(qtbot, window, yes=True)
    assert verdicts(window, rated) == [
        ("False", ALICES_SUMMARY, "Alice"),
        ("Mostly False", "Bob's own reading of the register.", "Bob"),
    ]
    # Bob's verdict is now the current one: another level is not asked about again.
    qtbot.waitUntil(lambda: panel.verdict is not None and panel.verdict.reviewer == "Bob")
    key(qtbot, window, Qt.Key.Key_5)
    qtbot.wait(200)
    assert window.review.question is None
    assert [v[0] for v in verdicts(window, rated)] == ["False", "Mostly False", "False"]
    # Rating the same as a teammate asks nothing either (on another claim).
    other = claim_ids[2]
    alice.set_verdict(other, "True", summary="Alice's other summary.")
    alice.sync(url_alice)
    sync_in_window(window, qtbot)
    show(window, qtbot, other)
    assert panel.summary.text() == ""
    key(qtbot, window, Qt.Key.Key_1)
    qtbot.wait(200)
    assert window.review.question is None
    assert verdicts(window, other) == [("True", "Alice's other summary.", "Alice"),
                                       ("True", "", "Bob")]  # fmt: skip
    # Both laptops end with both checkers' verdicts, each as its checker wrote it.
    sync_in_window(window, qtbot)
    alice.sync(url_alice)
    assert [(v.rating, v.summary, v.reviewer) for v in alice.verdicts(rated)] == [
        ("False", ALICES_SUMMARY, "Alice"),
        ("Mostly False", "Bob's own reading of the register.", "Bob"),
        ("False", "", "Bob"),  # a new verdict starts with an empty summary
    ]


def clock_month(at_iso: str) -> str:
    import datetime as dt

    return dt.datetime.fromisoformat(at_iso).astimezone().strftime("%b")


def test_a_level_pressed_before_the_verdict_is_read_still_asks(checkers, make_window, qtbot):
    alice, url_alice, bob_db, claim_ids = checkers
    alice.set_verdict(claim_ids[0], "Pants on Fire")
    alice.sync(url_alice)
    window = bobs_window(make_window, qtbot, bob_db)
    window.claims.select_claim(claim_ids[3])
    settle(qtbot, window)
    # J-like: select and press at once, before the panel has read the claim's history.
    window.claims.select_claim(claim_ids[0])
    key(qtbot, window, Qt.Key.Key_2, settle_after=False)
    assert "rated this Pants on Fire" in answer(qtbot, window, yes=False)
    assert verdicts(window, claim_ids[0]) == [("Pants on Fire", "", "Alice")]


def test_the_notice_clears_when_the_sync_brings_the_verdict_in(checkers, make_window, qtbot, hub):
    alice, url_alice, bob_db, claim_ids = checkers
    window = bobs_window(make_window, qtbot, bob_db)
    panel = window.panel
    alice.set_verdict(claim_ids[3], "Half True")
    alice.sync(url_alice)
    window.claims.select_claim(claim_ids[3])
    qtbot.waitUntil(lambda: panel.teammates.isVisible(), timeout=15_000)
    assert "rated this claim Half True" in panel.teammates.text()
    # F5: the sync brings Alice's verdict in; it is shown, and is no longer news.
    sync_in_window(window, qtbot)
    assert panel.claim.id == claim_ids[3]  # the claim shown stays
    qtbot.waitUntil(lambda: panel.verdict is not None and panel.verdict.rating == "Half True",
                    timeout=10_000)  # fmt: skip
    qtbot.waitUntil(lambda: not panel.teammates.isVisible(), timeout=10_000)
    qtbot.wait(500)  # the hub is asked again after the sync: still nothing to say
    settle(qtbot, window)
    assert not panel.teammates.isVisible()
    window.claims.set_current_row(0)
    settle(qtbot, window)
    window.claims.select_claim(claim_ids[3])
    qtbot.wait(500)
    settle(qtbot, window)
    assert not panel.teammates.isVisible()


def test_the_status_bar_says_the_last_good_sync_and_the_changes_waiting(
    checkers, make_window, qtbot
):
    _alice, _url, bob_db, claim_ids = checkers
    window = bobs_window(make_window, qtbot, bob_db)
    with stored(window) as desk:
        synced_at = desk.hub_state().synced_at
    assert window.sync_state.text() == f"Synced {clock(synced_at)} · all sent"
    assert "received" in window.sync_state.toolTip()
    for claim_id, level in zip(claim_ids, (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3,
                                           Qt.Key.Key_6), strict=True):  # fmt: skip
        window.claims.select_claim(claim_id)
        settle(qtbot, window)
        key(qtbot, window, level)
    # Counted again once the edits pause: each verdict, and the status step it brings.
    with stored(window) as desk:
        waiting = desk.changes_to_send()
    assert waiting in (4, 8)
    words = f"{waiting} changes to send"
    qtbot.waitUntil(lambda: words in window.sync_state.text(), timeout=10_000)
    assert window.sync_state.text() == f"Synced {clock(synced_at)} · {words}"
    # The hub out of reach: since when, and what waits (with its unit).
    window.team.state.hub_url = "postgresql://bob@127.0.0.1:1/nohub"  # nothing listens there
    text = sync_in_window(window, qtbot)
    qtbot.waitUntil(lambda: window.team.state.to_send == waiting)
    assert window.sync_state.text() == f"Offline since {clock(synced_at)} · {words}"
    assert "connection refused" in window.sync_state.toolTip()
    assert text.startswith("Offline since ")


def test_errors_say_what_to_do_in_the_app(make_window, qtbot):
    from factdesk.hub import connect

    window = make_window()
    window.actions_.sync.trigger()  # F5 with no hub
    message = window.statusBar().currentMessage()
    assert message == NO_HUB and "Settings > Team" in message
    # Every reason the hub gives, and the CLI's own hints, in the app's words.
    for *_, reason in connect._REASONS:
        assert "`factdesk" not in app_words(f"hub x@y/z: {reason}")
    assert (
        app_words("the hub asks for a password: store it with `factdesk secrets set hub-password`")
        == "the hub asks for a password: type it in Settings > Team"
    )
    assert "`" not in app_words(
        "hub x@y/z: this login is not one of the hub's checkers (its administrator runs "
        "`factdesk hub add-checker NAME`)"
    )
    assert sync_words("offline", None, 1) == "Offline, never synced · 1 change to send"
    assert sync_words("failed", None, 0) == "Sync failed · nothing to send"


# --- Settings > Team ------------------------------------------------------------------------


@pytest.fixture
def keyring_service(monkeypatch):
    """The real keyring (gnome-keyring in CI) under a service of the test's own."""
    problem = secrets.keyring_problem()
    if problem:
        if strict_ci():
            pytest.fail(f"FACTDESK_CI_STRICT=1 but no keyring backend: {problem}")
        pytest.skip(f"no keyring backend here: {problem}")
    service = "factdesk-test-team-app"
    monkeypatch.setenv("FACTDESK_KEYRING_SERVICE", service)
    yield service
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(service, "hub-password")


@pytest.fixture
def carol(hub, checkers):
    """A checker whose login asks for a password (over TCP), and her hub URL."""
    role = f"carol_{hub.database}"
    password = add_checker(parse_hub_url(hub.admin_url), role)
    yield hub.server.tcp_url(hub.database, role), password
    with hub.connect() as admin:
        admin.execute(f'DROP OWNED BY "{role}"')
        admin.execute(f'DROP ROLE "{role}"')


def settings_dialog(window, qtbot):
    from factdesk.gui.dialogs import SettingsDialog, read_settings

    with stored(window) as desk:
        dialog = SettingsDialog(window.session, read_settings(desk), window, window.settings,
                                lambda url: window.team.join(url, window))  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def watch_joining(window, cancel: bool = False) -> list[tuple[str, bool, str]]:
    """The progress dialog of each first sync as it opened (cancelled at once if asked)."""
    seen: list[tuple[str, bool, str]] = []
    join = window.team.join

    def watched(url: str, parent) -> None:
        join(url, parent)
        progress = window.team.join_dialog
        cancel_button = progress.findChild(QPushButton)
        seen.append((progress.windowTitle(), progress.isVisible(), cancel_button.text()))
        if cancel:
            cancel_button.click()

    window.team.join = watched
    return seen


def press_ok(dialog, qtbot, window) -> None:
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.hub_check.text() != "Trying the hub…", timeout=20_000)
    settle(qtbot, window, timeout=30_000)


def files_holding(text: str, *folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and text.encode() in path.read_bytes():
                found.append(path)
    return found


def test_settings_ok_tries_the_hub_then_joins_with_progress(
    carol, keyring_service, make_window, qtbot, tmp_path
):
    url, password = carol
    window = make_window(tmp_path / "carol.db")
    dialog = settings_dialog(window, qtbot)
    assert dialog.key_fields["hub-password"] is dialog.hub_password  # on the Team tab
    # A wrong password: said on the Team tab in the app's words; nothing changes.
    dialog.hub_url.setText(url)
    dialog.hub_password.setText("not-the-password")
    press_ok(dialog, qtbot, window)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.tabs.currentWidget() is dialog.team_tab and dialog.hub_check.isVisible()
    said = dialog.hub_check.text()
    assert "refused the password (type it again here)" in said and "`" not in said
    assert "Nothing was changed" in said
    with stored(window) as desk:
        assert desk.setting("hub-url") is None
    assert secrets.get_secret("hub-password") is None
    assert not window.team.on_team()
    # A URL holding a password: refused, nothing changes.
    dialog.hub_url.setText(url.replace("@", ":pw@", 1))
    press_ok(dialog, qtbot, window)
    assert dialog.isVisible() and "holds a password" in dialog.hub_check.text()
    # The right one: kept (the keyring), and the first sync runs in a dialog with Cancel.
    joining = watch_joining(window)
    dialog.hub_url.setText(url)
    dialog.hub_password.setText(password)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(joining) and window.team.join_dialog is None, timeout=30_000)
    settle(qtbot, window)
    assert joining == [("Joining the team", True, "Cancel")]
    assert dialog.result() == dialog.DialogCode.Accepted
    assert window.sync_state.text().startswith("Synced ")
    qtbot.waitUntil(lambda: window.articles.count() == 1, timeout=10_000)  # Alice's article
    assert "Joined the team" in window.statusBar().currentMessage()
    assert secrets.get_secret("hub-password") == password
    assert files_holding(password, tmp_path) == []


def test_cancel_stops_the_first_sync_and_the_next_one_goes_on(
    carol, keyring_service, make_window, qtbot, tmp_path
):
    url, password = carol
    window = make_window(tmp_path / "carol.db")
    dialog = settings_dialog(window, qtbot)
    joining = watch_joining(window, cancel=True)  # Cancel, before anything came in
    dialog.hub_url.setText(url)
    dialog.hub_password.setText(password)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(joining) and not window.team.syncing, timeout=30_000)
    settle(qtbot, window)
    assert window.team.join_dialog is None
    assert window.sync_state.text() == "Sync cancelled · nothing to send"
    assert window.articles.count() == 0
    assert sync_in_window(window, qtbot).startswith("Synced ")
    qtbot.waitUntil(lambda: window.articles.count() == 1, timeout=10_000)


@pytest.fixture
def no_keyring(monkeypatch):
    """A computer with no keyring backend at all (keyring's own `fail` backend)."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setattr(secrets, "_session", {})
    yield
    keyring.set_keyring(before)


def test_without_a_keyring_the_password_is_kept_for_this_session_only(
    carol, no_keyring, make_window, qtbot, tmp_path
):
    url, password = carol
    assert secrets.keyring_problem()
    window = make_window(tmp_path / "carol.db")
    dialog = settings_dialog(window, qtbot)
    # The field can be used; a sentence says why the password is not kept for good.
    assert dialog.hub_password.isEnabled()
    assert dialog.hub_password.placeholderText() == "not set"
    note = dialog.password_note
    assert note.wordWrap() and note.isVisibleTo(dialog.team_tab)
    assert "no system keyring" in note.text() and "never on disk" in note.text()
    dialog.hub_url.setText(url)
    dialog.hub_password.setText(password)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    qtbot.waitUntil(lambda: window.team.join_dialog is None and not window.team.syncing,
                    timeout=30_000)  # fmt: skip
    settle(qtbot, window)
    assert window.sync_state.text().startswith("Synced ")
    assert secrets.kept_for_session("hub-password")
    # Later syncs use it too; it is in no file (database, window settings, home).
    assert sync_in_window(window, qtbot).startswith("Synced ")
    assert files_holding(password, tmp_path, Path(os.environ["HOME"])) == []
    again = settings_dialog(window, qtbot)
    assert again.hub_password.placeholderText() == "kept until factdesk closes (type to replace)"
    again.reject()
    dialog.close()
    QApplication.processEvents()


def test_whose_verdict_it_is_and_the_question_asked():
    import datetime as dt

    from factdesk.gui.verdict_box import differs, override_question, someone_elses
    from factdesk.model import Verdict

    alices = Verdict("c1", "politifact", "False", reviewer="Alice", at="2025-11-26T10:00:00+00:00")
    unnamed = Verdict("c1", "politifact", "False", reviewer=None, at="2026-11-26T10:00:00+00:00")
    assert someone_elses(alices, "Bob") and not someone_elses(alices, "Alice")
    # Without a name, a verdict is mine only while I have none either.
    assert someone_elses(unnamed, "Bob") and not someone_elses(unnamed, None)
    assert someone_elses(alices, None) and not someone_elses(None, "Bob")
    assert differs(alices, "Mostly False") and not differs(alices, "False")
    today = dt.date(2026, 12, 7)
    assert override_question(alices, "Mostly False", today) == (
        "Alice rated this False on 26 Nov 2025; record Mostly False as well?"
    )
    assert override_question(unnamed, "True", today) == (
        "Someone (no name recorded) rated this False on 26 Nov; record True as well?"
    )
