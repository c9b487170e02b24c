"""Saved lists, statistics and seen-before by keys (issue 23), on a real window offscreen:
Ctrl+Alt+S and a name save the list shown, Ctrl+Z and Ctrl+Shift+Z undo and redo it,
Ctrl+Alt+1 opens it again; Ctrl+T rates a claim seen before as its earlier claim was
rated (undoable); F8 opens the statistics, drawn from what is stored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from factdesk.desk import Desk
from factdesk.model import Article, ClaimFilter
from tests.gui.helpers import key, on_claim, settle, stored

SEED = next((Path(__file__).parents[2] / "seeds").glob("*.txt"))
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def desk_with_a_repeat(db: Path) -> tuple[str, str]:
    """The sample with one claim rated False by Ana, and a later article repeating it:
    (the rated claim's id, the repeat's id)."""
    with Desk(db) as desk:
        first = desk.import_source(str(SEED)).article
        rated = desk.claims(ClaimFilter(article_id=first.id))[0]
        desk.set_verdict(rated.id, "False", reviewer="Ana")
        later = desk.import_article(
            Article(source="later.txt", title="Later", text=f"A council meeting. {rated.text}")
        ).article
        repeat = [
            c for c in desk.claims(ClaimFilter(article_id=later.id)) if desk.seen_before([c.id])
        ]
        assert len(repeat) == 1
        return rated.id, repeat[0].id


def test_saved_lists_by_keys_undone_and_opened_again(qtbot, make_window, tmp_path):
    db = tmp_path / "gui.db"
    desk_with_a_repeat(db)
    window = make_window(db)
    window.claims.set_all_articles(True)
    window.claims.set_filter("status", "new")
    settle(qtbot, window)

    key(qtbot, window, Qt.Key.Key_S, CTRL_ALT)
    assert window.lists_dock.isVisible()
    assert QApplication.focusWidget() is window.saved_lists.name_field
    qtbot.keyClicks(window.saved_lists.name_field, "new claims")
    qtbot.keyClick(window.saved_lists.name_field, Qt.Key.Key_Return)
    settle(qtbot, window)
    # The keys are back in the claims list: Ctrl+Z there undoes the save, not the typing.
    assert QApplication.focusWidget() is window.claims.view
    with stored(window) as desk:
        [saved] = desk.saved_lists()
    assert (saved.name, saved.filter.status, saved.filter.article_id) == ("new claims", "new", None)
    qtbot.waitUntil(lambda: window.saved_lists.view.count() == 1)
    assert "Ctrl+Alt+1" in window.saved_lists.view.item(0).text()

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.saved_lists() == []
    qtbot.waitUntil(lambda: window.saved_lists.view.count() == 0)
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    settle(qtbot, window)
    with stored(window) as desk:
        assert [s.name for s in desk.saved_lists()] == ["new claims"]
    qtbot.waitUntil(lambda: window.saved_lists.view.count() == 1)

    # Filters cleared (this article only, no status), then the list's key brings it back.
    key(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert window.claims.filters["status"] is None and not window.claims.all_articles()
    key(qtbot, window, Qt.Key.Key_1, CTRL_ALT)
    settle(qtbot, window)
    assert window.claims.filters["status"] == "new"
    assert window.claims.all_articles()
    listed = window.claims.model.filter
    with stored(window) as desk:
        assert window.claims.model.total() == desk.count_claims(ClaimFilter(status="new"))
    assert listed.status == "new" and listed.article_id is None
    # A list number with no list says so and changes nothing.
    key(qtbot, window, Qt.Key.Key_5, CTRL_ALT)
    assert window.claims.filters["status"] == "new"


def test_take_the_earlier_verdict_and_statistics_by_keys(qtbot, make_window, tmp_path):
    db = tmp_path / "gui.db"
    rated_id, repeat_id = desk_with_a_repeat(db)
    window = make_window(db)
    window.claims.set_all_articles(True)
    settle(qtbot, window)
    assert window.claims.model.seen_before(repeat_id).startswith("seen before: rated False by Ana")
    row = window.claims.model.row_of(repeat_id)
    index = window.claims.model.index(row, 0)
    assert window.claims.model.data(index, Qt.ItemDataRole.ToolTipRole).startswith("↺ seen before")
    assert window.claims.select_claim(repeat_id)
    settle(qtbot, window)

    key(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    with stored(window) as desk:
        [verdict] = desk.verdicts(repeat_id)
    assert verdict.rating == "False"
    assert rated_id in verdict.summary and verdict.reviewer == "Test Reviewer"

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with stored(window) as desk:
        assert desk.verdicts(repeat_id) == []
        assert desk.claim(repeat_id).verdict is None

    # The reader says it too (the claim's tooltip).
    qtbot.waitUntil(lambda: repeat_id in window.reader.reader.seen_before)

    key(qtbot, window, Qt.Key.Key_F8)
    dialogs = [w for w in QApplication.topLevelWidgets() if w.objectName() == "statistics"]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(lambda: dialog.figures is not None)
    assert dialog.per_checker.bars == [("Ana", 1)]
    assert sum(n for _week, n in dialog.per_week.bars) == 1
    with stored(window) as desk:
        unrated = desk.count_claims(ClaimFilter(verdict=""))
    assert sum(n for _s, n in dialog.backlog.bars) == unrated
    assert "1 with a verdict" in dialog.summary.text()
    dialog.grab()  # draws the charts (paintEvent) without a fault
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_repeat_is_linked_to_its_family_by_a_key_and_undone(qtbot, make_window, tmp_path):
    """Ctrl+Shift+F (issue 23 item 3): the claim and its closest repeat become one family;
    Ctrl+Z takes the link back."""
    db = tmp_path / "gui.db"
    rated_id, repeat_id = desk_with_a_repeat(db)
    window = make_window(db)
    on_claim(qtbot, window, repeat_id)

    key(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: window.editor.stack.count() == 1)
    with stored(window) as desk:
        assert set(desk.claim_family(repeat_id)) == {rated_id, repeat_id}

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor.stack.index() == 0)
    with stored(window) as desk:
        assert desk.claim_family(repeat_id) == []

    # A claim nothing repeats: the status bar says so, no dialog, nothing on the undo stack.
    with stored(window) as desk:
        lone = next(c.id for c in desk.claims() if c.id not in (rated_id, repeat_id)
                    and not desk.suggest_family(c.id, limit=1))  # fmt: skip
    assert window.claims.select_claim(lone)
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: "nothing to link" in window.statusBar().currentMessage())
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    assert window.editor.stack.count() == 1  # (the undone link only)
