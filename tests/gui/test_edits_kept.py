"""Edits are never dropped, and keys act on the claim shown: the verdict summary before or
after the level, fields saved when left, drop-downs that the wheel cannot change, letter
keys that belong to the field that has the focus, Esc back to the claims table."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox

from factdesk.desk import Desk
from tests.gui.helpers import key, settle, stored


def _verdicts(window, claim_id):
    with stored(window) as desk:
        return desk.verdicts(claim_id)


def test_summary_typed_after_the_level_is_kept_and_undone_with_it(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(1)
    claim_id = panel.claim.id
    key(qtbot, window, Qt.Key.Key_4)
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "He is not a party member.")
    qtbot.keyClick(panel.summary, Qt.Key.Key_Return)
    qtbot.keyClick(panel.summary, Qt.Key.Key_Escape)  # back to the table: J and K work
    assert QApplication.focusWidget() is window.claims.view
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_K)
    assert panel.claim.id == claim_id
    (verdict,) = _verdicts(window, claim_id)
    level = window.session.scale.levels[3].label
    assert (verdict.rating, verdict.summary) == (level, "He is not a party member.")
    # Shown above as the verdict's; the field is a new draft's again (issue 18).
    qtbot.waitUntil(lambda: "He is not a party member." in panel.verdict_box.current.text(),
                    timeout=5000)  # fmt: skip
    assert panel.summary.text() == ""
    # The level and its summary are one undo step.
    assert window.editor.stack.count() == 1
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _verdicts(window, claim_id) == []
    key(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    (verdict,) = _verdicts(window, claim_id)
    assert verdict.summary == "He is not a party member."


def test_summary_typed_before_the_level_goes_with_it(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(2)
    claim_id = panel.claim.id
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "The figure is from 2017.")
    qtbot.keyClick(panel.summary, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert _verdicts(window, claim_id) == []  # nothing to amend yet: it waits for the level
    key(qtbot, window, Qt.Key.Key_J)
    key(qtbot, window, Qt.Key.Key_K)
    assert panel.summary.text() == "The figure is from 2017."  # still waiting
    key(qtbot, window, Qt.Key.Key_2)
    (verdict,) = _verdicts(window, claim_id)
    assert verdict.summary == "The figure is from 2017."


def test_a_summary_waiting_for_its_level_survives_a_crash(
    sample_window, make_window, qtbot, tmp_path
):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(2)
    claim_id = panel.claim.id
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "The figure is from 2017.")
    qtbot.keyClick(panel.summary, Qt.Key.Key_Escape)  # the field is left...
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.settings.value("session/claim") == claim_id)
    # ...and the app is killed: the settings file as it is now is all a restart finds.
    at_the_crash = tmp_path / "crashed.ini"
    shutil.copy(tmp_path / "window.ini", at_the_crash)
    window.close()
    again = make_window(window.session.path, at_the_crash)
    qtbot.waitUntil(lambda: again.panel.claim is not None and again.panel.claim.id == claim_id)
    settle(qtbot, again)
    assert again.panel.summary.text() == "The figure is from 2017."
    key(qtbot, again, Qt.Key.Key_2)
    (verdict,) = _verdicts(again, claim_id)
    assert verdict.summary == "The figure is from 2017."


def test_a_later_summary_edit_amends_the_current_verdict_as_its_own_step(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(0)
    claim_id = panel.claim.id
    key(qtbot, window, Qt.Key.Key_5)
    key(qtbot, window, Qt.Key.Key_J)  # something else in between
    key(qtbot, window, Qt.Key.Key_K)
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "Checked against the register.")
    window.claims.focus_table()  # leaving the field saves it
    settle(qtbot, window)
    (verdict,) = _verdicts(window, claim_id)
    assert verdict.summary == "Checked against the register."
    window.editor.undo()
    settle(qtbot, window)
    (verdict,) = _verdicts(window, claim_id)
    assert verdict.summary == ""  # the amendment undone, the verdict kept


def test_fields_are_saved_when_the_claim_changes_and_when_the_window_closes(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(0)
    first = panel.claim.id
    panel.speaker.setFocus()
    panel.speaker.selectAll()
    qtbot.keyClicks(panel.speaker, "Typed Speaker")
    # A click on another row of the table: the speaker goes to the claim it was typed for.
    second_row = window.claims.view.visualRect(window.claims.model.index(3, 0)).center()
    qtbot.mouseClick(window.claims.view.viewport(), Qt.MouseButton.LeftButton, pos=second_row)
    settle(qtbot, window)
    assert panel.claim.id != first
    with stored(window) as desk:
        assert desk.claim(first).speaker == "Typed Speaker"
        assert desk.claim(panel.claim.id).speaker != "Typed Speaker"
    # Typed and never left: the window closing saves it.
    second = panel.claim.id
    panel.handle.setFocus()
    qtbot.keyClicks(panel.handle, "@chiefrabbi")
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "Typed, then the window closed.")
    path = window.session.path
    window.close()
    with Desk(path, read_only=True) as desk:
        assert desk.claim(second).speaker_handle == "@chiefrabbi"


def _wheel(widget, steps: int = -3) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_changes_no_drop_down(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(0)
    claim = panel.claim
    combos = window.findChildren(QComboBox)
    assert {panel.kind, panel.status, panel.evidence.stance, window.claims.scope} <= set(combos)
    before = {combo: combo.currentIndex() for combo in combos}
    for combo in combos:
        combo.setFocus()  # focused too: still only an open list changes by the wheel
        _wheel(combo, -3)
        _wheel(combo, 3)
    settle(qtbot, window)
    assert {combo: combo.currentIndex() for combo in combos} == before
    with stored(window) as desk:
        now = desk.claim(claim.id)
    assert (now.kind, now.status) == (claim.kind, claim.status)
    assert window.editor.stack.count() == 0


def test_r_in_the_stance_drop_down_picks_refutes_not_researching(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(0)
    claim = panel.claim
    key(qtbot, window, Qt.Key.Key_E)
    stance = panel.evidence.stance
    stance.setFocus()
    qtbot.keyClick(stance, Qt.Key.Key_R)
    settle(qtbot, window)
    assert stance.currentText() == "refutes"
    assert panel.claim.id == claim.id  # not moved on to the next claim
    with stored(window) as desk:
        assert desk.claim(claim.id).status == "new"
    assert window.editor.stack.count() == 0


def test_letters_in_a_search_box_are_typed_not_obeyed(make_window, qtbot, tmp_path):
    db = tmp_path / "existing.db"
    with Desk(db) as desk:
        desk.import_source(_sample())
    window = make_window(db)
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    # An existing database: the keys start in the claims table.
    assert QApplication.focusWidget() is window.claims.view
    first = window.panel.claim.id
    window.articles.search.setFocus()
    qtbot.keyClicks(window.articles.search, "j5")
    assert window.articles.search.text() == "j5"
    settle(qtbot, window)
    assert window.panel.claim.id == first
    with stored(window) as desk:
        assert desk.claim(first).verdict is None
    # Esc leaves the field for the table, where the same keys act.
    qtbot.keyClick(window.articles.search, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.claims.view


def _sample() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[2] / "seeds" / "000_ea872c36249f8574.txt")


def test_esc_leaves_every_field_for_the_claims_table(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    fields = [panel.text, panel.speaker, panel.summary, panel.assignee, panel.kind,
              panel.status, panel.evidence.url, panel.evidence.stance, window.url_field,
              window.claims.search, window.articles.search, window.claims.scope]  # fmt: skip
    for field in fields:
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        assert QApplication.focusWidget() is window.claims.view, field


def test_keys_act_on_the_claim_shown_even_when_a_look_up_fails(sample_window, qtbot, monkeypatch):
    window, panel = sample_window, sample_window.panel

    def broken(self, claim_id):
        raise RuntimeError("the look-up broke")

    monkeypatch.setattr(Desk, "prior_checks_for", broken)
    window.claims.set_current_row(0)
    key(qtbot, window, Qt.Key.Key_J)
    shown = window.claims.model.claim_at(1)
    assert panel.claim.id == shown.id
    assert panel.text.toPlainText() == shown.text
    qtbot.waitUntil(lambda: "the look-up broke" in panel.related.note.text(), timeout=5000)
    key(qtbot, window, Qt.Key.Key_3)
    with stored(window) as desk:
        assert desk.claim(shown.id).verdict == window.session.scale.levels[2].label
        assert desk.claim(window.claims.model.claim_at(0).id).verdict is None
