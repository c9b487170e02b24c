"""The trash in the app (issue 19 item 2): Delete asks nothing and says how to get the
article back; after a restart (the undo stack is gone) Edit > Trash, by its key, lists
it and Enter restores it with every claim and verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import key, settle, stored


def test_delete_restart_and_restore_from_the_trash(sample_window, make_window, qtbot, tmp_path):
    window = sample_window
    key(qtbot, window, Qt.Key.Key_2)  # a verdict, to see it come back
    with stored(window) as desk:
        (article,) = desk.articles()
        claims_before = {c.id: c.verdict for c in desk.claims()}
    window.articles.view.setFocus()
    window.articles.view.setCurrentIndex(window.articles.model.index(0, 0))
    qtbot.keyClick(window.articles.view, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert QApplication.activeModalWidget() is None  # no question asked
    message = window.statusBar().currentMessage()
    assert "moved to the trash: Ctrl+Z or Trash (Ctrl+Shift+T) to restore" in message
    qtbot.waitUntil(lambda: window.articles.count() == 0, timeout=5000)
    window.close()

    again = make_window()  # a restart: a new session on the same database, no undo stack
    assert again.articles.count() == 0 and again.editor.stack.count() == 0
    again.claims.view.setFocus()
    qtbot.keyClick(
        again.claims.view,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: getattr(again, "trash_dialog", None) is not None, timeout=5000)
    dialog = again.trash_dialog
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=5000)
    row = dialog.list.topLevelItem(0)
    assert row.text(1) == "Article" and f"{len(claims_before)} claims" in row.text(3)
    assert QApplication.focusWidget() is dialog.list  # Enter restores, no mouse needed
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    settle(qtbot, again)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 0, timeout=5000)
    assert "Restored" in again.statusBar().currentMessage()
    qtbot.waitUntil(lambda: again.articles.count() == 1, timeout=5000)
    with stored(again) as desk:
        assert [a.id for a in desk.articles()] == [article.id]
        assert {c.id: c.verdict for c in desk.claims()} == claims_before
        assert desk.trash() == []


def test_deleting_for_good_takes_a_second_press(sample_window, qtbot):
    window = sample_window
    key(qtbot, window, Qt.Key.Key_Delete)  # the current claim
    window.show_trash()
    dialog = window.trash_dialog
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=5000)
    assert dialog.list.topLevelItem(0).text(1) == "Claims"
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "Press again" in dialog.delete_button.text()
    with stored(window) as desk:
        assert len(desk.trash()) == 1  # nothing gone yet
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 0, timeout=5000)
    with stored(window) as desk:
        assert desk.trash() == []


def test_the_panel_keys_and_redo_follow_a_claim_a_merge_renamed(make_window, qtbot, tmp_path):
    """Issue 19 item 8: the periodic sync (here: the same merge, from a bundle) gives the
    claim on screen a teammate's id. The panel follows it, keys act on it, and Redo of
    an undone verdict puts it back (it used to fail, losing the verdict)."""
    from factdesk.desk import Changes, Desk
    from factdesk.gui.operations import DeskOp
    from tests.conftest import SAMPLE

    with Desk(tmp_path / "theirs.db") as theirs:  # a teammate imported it first
        theirs.import_source("-", stdin_text=SAMPLE.read_text(encoding="utf-8"))
        theirs.export_bundle(tmp_path / "theirs.bundle")
    window = make_window()
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.importer.load_sample()
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    settle(qtbot, window)
    panel = window.panel
    old = panel.claim.id
    levels = window.session.scale.levels
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with stored(window) as desk:
        assert desk.claim(old).verdict is None
    panel.summary.setFocus()
    qtbot.keyClicks(panel.summary, "Typed while the sync ran.")
    DeskOp(window.session, lambda desk: desk.import_bundle(tmp_path / "theirs.bundle"),
           changes=lambda _counts: Changes(prior_checks=True)).run()  # fmt: skip
    settle(qtbot, window)
    qtbot.waitUntil(lambda: panel.claim is not None and panel.claim.id != old, timeout=5000)
    new = panel.claim.id
    with stored(window) as desk:
        assert desk.claim(old).id == new and new < old
    assert panel.summary.text() == "Typed while the sync ran."  # not dropped
    qtbot.keyClick(panel.summary, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    with stored(window) as desk:
        assert [v.rating for v in desk.verdicts(new)] == [levels[2].label]  # redone
    key(qtbot, window, Qt.Key.Key_5)  # keys act on the claim under its new id
    with stored(window) as desk:
        assert [v.rating for v in desk.verdicts(new)] == [levels[2].label, levels[4].label]
