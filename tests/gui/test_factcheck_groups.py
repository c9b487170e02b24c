"""One fact-check for several selected claims (issue 20), offscreen in the real window:
Shift+Down selects two claims, F7 offers one fact-check for them, Enter takes the offer;
the editor lists both claims (what was claimed, by whom, where); Take out removes one,
Ctrl+Z in the window puts it back; with a third claim selected, F7 offers to add it to
the fact-check the claims already have."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from factdesk.gui.factcheck_editor import FactCheckEditor
from tests.gui.helpers import key, settle, stored


def shown(qtbot, window, kind: type, name: str):
    """Wait for the window's child `name` (a dialog it opened) to be visible."""

    def visible():
        found = window.findChild(kind, name)
        return found if found is not None and found.isVisible() else None

    qtbot.waitUntil(lambda: visible() is not None, timeout=5000)
    return visible()


def answer_offer(qtbot, window) -> str:
    """Wait for the offer of one fact-check and take it (Enter); returns its question."""
    box = shown(qtbot, window, QMessageBox, "oneFactcheckQuestion")
    question = box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default button: the offer
    return question


def open_editor(qtbot, window) -> FactCheckEditor:
    editor = shown(qtbot, window, FactCheckEditor, "factcheckEditor")
    settle(qtbot, window)
    return editor


def close_editor(qtbot, window, editor: FactCheckEditor) -> None:
    """Close the editor; the window has the keys again (Ctrl+Z is the window's)."""
    editor.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    settle(qtbot, window)


def test_f7_on_a_selection_writes_one_fact_check_for_it(sample_window, qtbot):
    window = sample_window
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    selected = window.claims.selected_claims()
    assert len(selected) == 2
    main = window.panel.claim
    other = next(c for c in selected if c.id != main.id)

    key(qtbot, window, Qt.Key.Key_F7, settle_after=False)
    assert answer_offer(qtbot, window) == "Write one fact-check for the 2 selected claims?"
    editor = open_editor(qtbot, window)
    with stored(window) as desk:
        factcheck = desk.factcheck(other.id)
    assert factcheck.claim_ids == [main.id, other.id]
    listed = [editor.covered.list.item(n).text() for n in range(editor.covered.list.count())]
    assert editor.covered.isVisible() and len(listed) == 2
    assert " ".join(main.text.split()) in listed[0] and "its own claim" in listed[0]
    assert " ".join(other.text.split()) in listed[1]
    assert editor.covered.heading.text() == "Claims it covers (2)"
    qtbot.waitUntil(lambda: " ".join(other.text.split())[:30] in editor.preview.toPlainText())

    # Take out the other claim (an undoable edit), close, and Ctrl+Z puts it back.
    editor.covered.list.setCurrentRow(1)
    editor.covered.take_out.click()
    qtbot.waitUntil(lambda: editor.covered.list.count() == 1, timeout=5000)
    assert not editor.covered.isVisible()
    with stored(window) as desk:
        assert desk.factcheck(main.id).other_claims == []
    close_editor(qtbot, window, editor)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.factcheck(main.id).other_claims == [other.id]

    # A third claim selected with them: F7 offers to add it to their fact-check.
    key(qtbot, window, Qt.Key.Key_Up)  # the first claim alone, then two more with it
    assert window.claims.selected_claims() == [selected[0]]
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    third = [c for c in window.claims.selected_claims() if c.id not in (main.id, other.id)]
    assert len(window.claims.selected_claims()) == 3 and len(third) == 1
    key(qtbot, window, Qt.Key.Key_F7, settle_after=False)
    question = answer_offer(qtbot, window)
    assert question.startswith("Add the 1 other selected claim to the fact-check “")
    editor = open_editor(qtbot, window)
    assert editor.covered.list.count() == 3
    with stored(window) as desk:
        group = desk.factcheck(third[0].id)
    assert set(group.claim_ids) == {main.id, other.id, third[0].id}
    assert group.id == factcheck.id
    close_editor(qtbot, window, editor)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the add undone
    settle(qtbot, window)
    with stored(window) as desk:
        assert third[0].id not in desk.factcheck(main.id).claim_ids
