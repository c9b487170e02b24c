"""A scripted review session, by keyboard, through the real worker threads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from factdesk.desk import Desk
from factdesk.model import ClaimFilter
from tests.gui.helpers import key as _key
from tests.gui.helpers import settle, stored


def test_review_session_by_keyboard(sample_window, qtbot, web_server):
    window = sample_window
    db_path = window.session.path
    model = window.claims.model
    assert model.rowCount() > 3
    assert window.reader.currentWidget() is window.reader.reader

    # J/K move through the claims; the reader and panel follow.
    window.claims.set_current_row(0)
    _key(qtbot, window, Qt.Key.Key_J)
    _key(qtbot, window, Qt.Key.Key_J)
    assert window.claims.view.currentIndex().row() == 2
    _key(qtbot, window, Qt.Key.Key_K)
    assert window.claims.view.currentIndex().row() == 1
    claim = model.claim_at(1)
    assert window.panel.claim.id == claim.id
    assert window.panel.text.toPlainText() == claim.text

    # E goes to the evidence field; a link to the local server is fetched and attached.
    _key(qtbot, window, Qt.Key.Key_E)
    evidence = window.panel.evidence
    assert evidence.url.hasFocus()
    qtbot.keyClicks(evidence.url, f"{web_server}/evidence.html")
    qtbot.keyClick(evidence.url, Qt.Key.Key_Return)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: evidence.list.topLevelItemCount() == 1, timeout=5000)
    assert "Labour membership figures 2019" in evidence.list.topLevelItem(0).text(1)

    # A number key sets the verdict to that level of the current scale.
    scale = window.session.scale
    _key(qtbot, window, Qt.Key.Key_3)
    with stored(window) as desk:
        assert desk.claim(claim.id).verdict == scale.levels[2].label
    assert model.claim_at(1).verdict == scale.levels[2].label  # the table row is refreshed

    # Undo and redo the verdict with the keyboard.
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with stored(window) as desk:
        assert desk.claim(claim.id).verdict is None
    _key(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    with stored(window) as desk:
        assert desk.claim(claim.id).verdict == scale.levels[2].label

    # A fresh Desk on the same file holds the result.
    with Desk(db_path) as fresh:
        assert fresh.claim(claim.id).verdict == scale.levels[2].label
        assert [v.rating for v in fresh.verdicts(claim.id)] == [scale.levels[2].label]
        evidence = fresh.evidence(claim.id)
        assert len(evidence) == 1
        assert evidence[0].url == f"{web_server}/evidence.html"
        assert "485,000 members" in (evidence[0].snapshot_text or "")
        assert fresh.count_claims(ClaimFilter()) == model.rowCount()


def test_undo_evidence_and_offline_link(sample_window, qtbot, web_server):
    window = sample_window
    window.claims.set_current_row(0)
    claim = window.panel.claim
    # A server that is not there: the link is kept, and the status bar says why.
    window.review.add_evidence(claim.id, "http://127.0.0.1:9/nothing-here")
    settle(qtbot, window)
    with stored(window) as desk:
        kept = desk.evidence(claim.id)
    assert len(kept) == 1 and kept[0].fetch_error
    assert "offline copy" in window.statusBar().currentMessage()
    # Undo removes it; redo brings back the very same row.
    window.editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.evidence(claim.id) == []
    window.editor.redo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert [e.id for e in desk.evidence(claim.id)] == [kept[0].id]


def test_bad_import_is_reported_plainly(make_window, qtbot, tmp_path):
    window = make_window()
    missing = tmp_path / "nope.html"
    with qtbot.waitSignal(window.imported, timeout=15_000) as blocker:
        window.importer.import_sources([str(missing)])
    results, errors = blocker.args
    assert results == [] and len(errors) == 1
    assert "nope.html" in errors[0] and "Traceback" not in errors[0]
    assert "nope.html" in window.statusBar().currentMessage()
    with stored(window) as desk:
        assert desk.articles() == []


def test_importing_the_same_text_twice_keeps_one_article(sample_window, qtbot):
    window = sample_window
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        window.importer.load_sample()
    assert blocker.args[0][0].outcome == "unchanged"
    with stored(window) as desk:
        assert len(desk.articles()) == 1


def test_triage_by_keyboard_x_sets_aside_r_takes_on_undo_as_one_step(sample_window, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    window = sample_window
    with Desk(window.session.path) as desk:  # as the CLI would, while the app is open
        desk.set_setting("reviewer", "Sam")
    window.claims.set_current_row(0)
    first = window.panel.claim
    _key(qtbot, window, Qt.Key.Key_X)
    with stored(window) as desk:
        assert desk.claim(first.id).status == "not checking"
    assert window.statusBar().currentMessage().startswith("1 claim: not checking.")
    assert window.claims.view.currentIndex().row() == 0  # by default the keys stay
    # Three claims at once, taken on: one undo step puts all three back.
    window.claims.set_current_row(2)
    selection = window.claims.view.selectionModel()
    for row in (3, 4):
        selection.select(
            window.claims.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    chosen = [c.id for c in window.claims.selected_claims()]
    assert len(chosen) >= 3
    _key(qtbot, window, Qt.Key.Key_R)
    with stored(window) as desk:
        for claim_id in chosen:
            claim = desk.claim(claim_id)
            assert (claim.status, claim.assignee) == ("researching", "Sam")
    assert window.statusBar().currentMessage().startswith(f"{len(chosen)} claims: researching.")
    window.editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert {desk.claim(cid).status for cid in chosen} == {"new"}
        assert desk.claim(first.id).status == "not checking"  # the earlier step stays


def test_one_rule_for_moving_on_1_to_9_x_and_r_alike(sample_window, qtbot):
    """By default 1-9, X and R act on the claim shown and stay; with the setting on, all
    three move on to the next claim (like Anki's answer keys)."""
    from factdesk.gui.review import ADVANCE_SETTING

    window = sample_window
    window.claims.set_current_row(0)
    for pressed in (Qt.Key.Key_2, Qt.Key.Key_X, Qt.Key.Key_R):
        _key(qtbot, window, pressed)
        assert window.claims.view.currentIndex().row() == 0, pressed
    window.settings.setValue(ADVANCE_SETTING, "true")
    for row, pressed in enumerate((Qt.Key.Key_2, Qt.Key.Key_X, Qt.Key.Key_R), start=1):
        claim = window.panel.claim
        _key(qtbot, window, pressed)
        assert window.claims.view.currentIndex().row() == row, pressed
        with stored(window) as desk:
            assert desk.claim(claim.id).status != "new" or desk.claim(claim.id).verdict


def test_a_key_past_the_scale_says_so(sample_window, qtbot):
    window = sample_window
    window.claims.set_current_row(0)
    levels = len(window.session.scale.levels)
    assert levels < 9
    _key(qtbot, window, Qt.Key.Key_0 + levels + 1)
    message = window.statusBar().currentMessage()
    assert f"no level {levels + 1}" in message and f"1–{levels}" in message
    with stored(window) as desk:
        assert desk.claim(window.panel.claim.id).verdict is None
