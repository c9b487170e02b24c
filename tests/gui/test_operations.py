"""The operations layer: every Desk call from the GUI runs on the writer or the reader thread
(never the GUI thread), the reader's connection cannot write, undo waits for the edits asked
before it, closing the window lets queued edits finish, and one desk_changed says what
changed."""

from __future__ import annotations

import functools
import inspect

from PySide6.QtCore import Qt, QThread

from factdesk.desk import Changes, Desk
from factdesk.gui.operations import DeskOp, QueryOp
from tests.gui.helpers import key, settle, stored


def test_no_desk_call_runs_on_the_gui_thread(make_window, qtbot, monkeypatch, web_server):
    threads: dict[str, set[str]] = {}

    def record(name, method):
        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            thread = QThread.currentThread()
            where = "GUI" if thread is qtbot_app_thread else thread.objectName()
            threads.setdefault(where, set()).add(name)
            return method(*args, **kwargs)

        return wrapper

    qtbot_app_thread = QThread.currentThread()
    for name, method in inspect.getmembers(Desk, inspect.isfunction):
        monkeypatch.setattr(Desk, name, record(name, method))
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.importer.load_sample()
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    for pressed in (Qt.Key.Key_J, Qt.Key.Key_3, Qt.Key.Key_X, Qt.Key.Key_K, Qt.Key.Key_1):
        key(qtbot, window, pressed)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.review.add_evidence(window.panel.claim.id, f"{web_server}/evidence.html")
    window.claims.search.setText("Labour")
    window.claims.apply_filters()
    settle(qtbot, window)
    assert "GUI" not in threads, f"Desk called on the GUI thread: {threads.get('GUI')}"
    assert {"set_verdict", "set_status", "remove_verdict", "add_evidence"} <= threads[
        "factdesk-write"
    ]
    assert {"claims", "evidence", "history", "prior_checks_for"} <= threads["factdesk-read"]
    # Reads never take the writer's turn, and writes never happen on the reader.
    assert not {"claims", "history", "prior_checks_for"} & threads["factdesk-write"]
    assert not {"set_verdict", "set_status", "add_evidence"} & threads["factdesk-read"]


def test_the_reader_connection_refuses_writes(make_window, qtbot):
    window = make_window()
    errors = []
    QueryOp(window.session, lambda desk: desk.set_setting("reviewer", "Sneaky")).failure(
        errors.append
    ).run()
    settle(qtbot, window)
    assert errors and "readonly" in errors[0].replace(" ", "").replace("-", "")
    with stored(window) as desk:
        assert desk.setting("reviewer") is None


def test_undo_right_after_a_key_undoes_that_key(sample_window, qtbot):
    window = sample_window
    window.claims.set_current_row(0)
    claim_id = window.panel.claim.id
    # No waiting in between: the undo must come after the verdict it undoes.
    key(qtbot, window, Qt.Key.Key_2, settle_after=False)
    key(qtbot, window, Qt.Key.Key_4, settle_after=False)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, settle_after=False)
    settle(qtbot, window)
    with stored(window) as desk:
        assert [v.rating for v in desk.verdicts(claim_id)] == [window.session.scale.levels[1].label]


def test_closing_the_window_lets_queued_edits_finish(sample_window, qtbot):
    window = sample_window
    window.claims.set_current_row(0)
    path, expected = window.session.path, []
    for _ in range(15):
        expected.append(window.panel.claim.id)
        key(qtbot, window, Qt.Key.Key_1, settle_after=False)
        key(qtbot, window, Qt.Key.Key_J, settle_after=False)
    window.close()  # at once, with edits still queued
    with Desk(path, read_only=True) as desk:
        assert all(desk.verdicts(claim_id) for claim_id in expected)


def test_one_signal_says_what_changed_and_who_asked(sample_window, qtbot):
    window = sample_window
    session = window.session
    claim_id = window.claims.model.claim_at(0).id
    origin = object()
    op = DeskOp(
        session, lambda desk: desk.set_status(claim_id, "researching"), origin=origin,
        changes=lambda _change: Changes(claims=frozenset({claim_id})),
    )  # fmt: skip
    with qtbot.waitSignal(session.desk_changed, timeout=5000) as blocker:
        op.run()
    changes, said_origin = blocker.args
    assert changes.claims == {claim_id} and said_origin is origin
    settle(qtbot, window)
    # Each pane refreshed what it shows of it: the table row, the panel's claim.
    row = window.claims.model.row_of(claim_id)
    assert window.claims.model.claim_at(row).status == "researching"


def test_an_older_query_under_the_same_key_is_dropped(make_window, qtbot):
    window = make_window()
    seen = []
    for n in range(5):
        QueryOp(window.session, lambda desk, n=n: n, latest="same").success(seen.append).run()
    settle(qtbot, window)
    assert seen[-1] == 4 and len(seen) < 5


def test_redo_right_after_undo_redoes_it(sample_window, qtbot):
    window = sample_window
    window.claims.set_current_row(0)
    claim_id = window.panel.claim.id
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    for pressed, modifiers in ((Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier),
                               (Qt.Key.Key_Z, ctrl), (Qt.Key.Key_Z, ctrl | shift)):  # fmt: skip
        key(qtbot, window, pressed, modifiers, settle_after=False)
    settle(qtbot, window)
    with stored(window) as desk:
        assert [v.rating for v in desk.verdicts(claim_id)] == [window.session.scale.levels[2].label]


def test_claims_passed_over_are_not_looked_up_the_one_stayed_on_is(
    sample_window, qtbot, monkeypatch
):
    looked_up: list[str] = []
    original = Desk.prior_checks_for

    def recording(desk, claim_id, *args, **kwargs):
        looked_up.append(claim_id)
        return original(desk, claim_id, *args, **kwargs)

    monkeypatch.setattr(Desk, "prior_checks_for", recording)
    # The app waits 60 ms; longer here, so a busy test machine cannot fake a stay.
    monkeypatch.setattr("factdesk.gui.claim_panel.LOOK_UP_AFTER_MS", 500)
    window = sample_window
    window.claims.set_current_row(0)
    settle(qtbot, window)
    looked_up.clear()
    # J held down (a key repeat every 25 ms): four claims, only the last one stayed on.
    for _ in range(4):
        key(qtbot, window, Qt.Key.Key_J, settle_after=False)
        qtbot.wait(25)
    settle(qtbot, window)
    assert looked_up == [window.panel.claim.id]
    assert window.claims.view.currentIndex().row() == 4
