"""The family view and the family's verdict by keys (issue 23 item 3), on a real window
offscreen: Ctrl+Shift+F links a new claim with its repeat, the panel offers the family's
verdict, F9 shows the family with its timeline and Esc gives the keys back to the claims
table, Ctrl+T takes the family's verdict citing it, Ctrl+Z takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from factdesk.desk import Desk
from factdesk.model import Article, ClaimFilter
from tests.gui.helpers import key, on_claim, settle, stored
from tests.gui.test_saved_lists_and_statistics import SEED

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def desk_with_an_unrated_repeat(db) -> tuple[str, str]:
    """The sample and a later article repeating its first claim, neither rated (no
    seen-before mark): (the sample's claim, the repeat)."""
    with Desk(db) as desk:
        first = desk.import_source(str(SEED)).article
        earlier = desk.claims(ClaimFilter(article_id=first.id))[0]
        later = desk.import_article(
            Article(source="later.txt", title="Later", text=f"A council meeting. {earlier.text}")
        ).article
        [repeat] = [c for c in desk.claims(ClaimFilter(article_id=later.id))
                    if c.text == earlier.text]  # fmt: skip
        assert desk.seen_before([repeat.id]) == {}
        return earlier.id, repeat.id


def family_dialogs():
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "claimFamily"]


def test_family_view_and_the_familys_verdict_by_keys(qtbot, make_window, tmp_path):
    db = tmp_path / "gui.db"
    earlier_id, repeat_id = desk_with_an_unrated_repeat(db)
    window = make_window(db)
    on_claim(qtbot, window, repeat_id)
    assert not window.panel.offer.isVisible()

    key(qtbot, window, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.editor.stack.count() == 1)
    settle(qtbot, window)
    with stored(window) as desk:
        assert set(desk.claim_family(repeat_id)) == {earlier_id, repeat_id}
    qtbot.waitUntil(lambda: "In a family of 2 claims" in window.panel.offer.text())
    qtbot.waitUntil(lambda: "one family. Ctrl+Z undoes it" in window.statusBar().currentMessage())
    # Nothing to take yet: said in the status bar, nothing recorded.
    key(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "no earlier verdict" in window.statusBar().currentMessage())
    assert window.editor.stack.count() == 1

    # A teammate rates the family's other member: the panel offers that verdict.
    with Desk(db) as desk:
        desk.set_verdict(earlier_id, "False", reviewer="Ana", summary="No record.")
    window.panel.load_details()
    settle(qtbot, window)
    assert window.panel.offer.text().startswith("↺ Its family: rated False by Ana on ")
    assert "Ctrl+T takes that verdict" in window.panel.offer.text()

    key(qtbot, window, Qt.Key.Key_F9)
    [dialog] = family_dialogs()
    qtbot.waitUntil(lambda: dialog.timeline is not None)
    # (neither article has a date: the sample, imported first, is the first appearance)
    assert [a.claim_id for a in dialog.timeline.appearances] == [earlier_id, repeat_id]
    assert dialog.chart.first == dialog.timeline.first_period()
    assert sum(n for _p, n in dialog.chart.periods) == 2
    assert dialog.list.topLevelItemCount() == 2
    assert "(first)" in dialog.list.topLevelItem(0).text(0)
    assert "The family's verdict: False by Ana" in dialog.summary.text()
    assert QApplication.focusWidget() is dialog.list
    dialog.grab()  # draws the chart (paintEvent) without a fault
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not family_dialogs())
    assert QApplication.focusWidget() is window.claims.view  # the keys are back

    key(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor.stack.count() == 2)
    settle(qtbot, window)
    with stored(window) as desk:
        [verdict] = desk.verdicts(repeat_id)
        assert verdict.rating == "False" and verdict.reviewer == "Test Reviewer"
        assert verdict.summary.startswith("In one family with a claim rated False")
        assert earlier_id in verdict.summary
        assert desk.claim(repeat_id).status == "rated"  # moved on, as a level's key does
    # Rated now: the family is named, its verdict no longer offered.
    qtbot.waitUntil(lambda: window.panel.offer.text().startswith("In a family of 2 claims."))

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor.stack.index() == 1)
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.verdicts(repeat_id) == []
        assert desk.claim(repeat_id).status == "new"  # the same undo step
        assert set(desk.claim_family(repeat_id)) == {earlier_id, repeat_id}  # still linked
    qtbot.waitUntil(lambda: window.panel.offer.text().startswith("↺ Its family"))
    assert window.claims.model.seen_before(repeat_id).startswith("its family: rated False")


def test_enter_on_an_appearance_goes_to_its_claim(qtbot, make_window, tmp_path):
    db = tmp_path / "gui.db"
    earlier_id, repeat_id = desk_with_an_unrated_repeat(db)
    with Desk(db) as desk:
        desk.link_claims(repeat_id, earlier_id)
    window = make_window(db)
    on_claim(qtbot, window, repeat_id)
    key(qtbot, window, Qt.Key.Key_F9)
    [dialog] = family_dialogs()
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 2)
    first = dialog.list.topLevelItem(0)
    assert first.data(0, Qt.ItemDataRole.UserRole) == earlier_id
    dialog.list.setCurrentItem(first)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not family_dialogs())
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.claims.current_claim_id() == earlier_id)
    assert QApplication.focusWidget() is window.claims.view


def test_a_claim_gone_meanwhile_is_said_in_the_view(qtbot, make_window, tmp_path):
    from factdesk.gui.family_view import FamilyDialog

    db = tmp_path / "gui.db"
    desk_with_an_unrated_repeat(db)
    window = make_window(db)
    settle(qtbot, window)
    dialog = FamilyDialog(window.session, "01GONE", window)
    qtbot.waitUntil(lambda: "01GONE: no such claim" in dialog.summary.text())
    assert dialog.timeline is None and dialog.list.topLevelItemCount() == 0
    dialog.close()
