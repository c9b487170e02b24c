"""Issue 19 in the window (offscreen, real worker threads, a real database file): drafts kept
while typing and restored with a mark, keys that act only on a listed claim, one list
state, sorting by key, exact counts, undo and redo said in words."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from factdesk.gui.models import ClaimTableModel
from factdesk.gui.panel_drafts import KEEP_AFTER_MS
from tests.gui.helpers import key, settle, stored

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _wait_drafts(qtbot, window, claim_id, expected: dict) -> None:
    def kept() -> bool:
        with stored(window) as desk:
            return desk.drafts(claim_id) == expected

    qtbot.waitUntil(kept, timeout=5000)


def test_every_text_field_is_kept_while_typed_and_comes_back_marked(
    sample_window, make_window, qtbot, tmp_path
):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(3)
    claim_id = panel.claim.id
    started = time.monotonic()
    panel.focus_summary()
    qtbot.keyClicks(panel.summary, "Half of it")
    _wait_drafts(qtbot, window, claim_id, {"summary": "Half of it"})
    # Within a second of the last key (the pause is half of it).
    assert time.monotonic() - started < 1.0 + len("Half of it") * 0.05
    assert KEEP_AFTER_MS <= 500
    panel.focus_evidence()
    qtbot.keyClicks(panel.evidence.url, "https://example.org/figures")
    panel.evidence.quote.setFocus()
    qtbot.keyClicks(panel.evidence.quote, "members, not voters")
    panel.text.setFocus()
    panel.text.moveCursor(panel.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.text, " (sic)")
    wording = panel.text.toPlainText()
    expected = {"summary": "Half of it", "evidence_url": "https://example.org/figures",
                "evidence_quote": "members, not voters", "text": wording}  # fmt: skip
    _wait_drafts(qtbot, window, claim_id, expected)
    with stored(window) as desk:
        assert desk.verdicts(claim_id) == []  # a draft is not a verdict
        assert desk.claim(claim_id).text != wording  # nor an edit, until the field is left
    # A crash now: a new window on the same database (the old one never closes).
    again = make_window(window.session.path, tmp_path / "window.ini")
    again.claims.set_current_row(3)
    qtbot.waitUntil(lambda: again.panel.restored_mark.isVisible(), timeout=5000)
    mark = again.panel.restored_mark.text()
    assert "Restored draft" in mark and "summary" in mark and "evidence link" in mark
    assert again.panel.summary.text() == "Half of it"
    assert again.panel.evidence.url.text() == "https://example.org/figures"
    assert again.panel.evidence.quote.text() == "members, not voters"
    assert again.panel.text.toPlainText() == wording
    # A level takes the summary; moving on saves the wording; the mark goes with the drafts.
    key(qtbot, again, Qt.Key.Key_2)
    key(qtbot, again, Qt.Key.Key_J)
    settle(qtbot, again)
    with stored(again) as desk:
        (verdict,) = desk.verdicts(claim_id)
        assert verdict.summary == "Half of it" and verdict.reviewer
        assert desk.claim(claim_id).text == wording.strip()
        assert desk.claim(claim_id).status == "rated"
        assert set(desk.drafts(claim_id)) == {"evidence_url", "evidence_quote"}
    assert not again.panel.restored_mark.isVisible()


def test_an_empty_list_empties_the_panel_and_digits_do_nothing(sample_window, qtbot):
    window = sample_window
    window.claims.focus_search()
    qtbot.keyClicks(window.claims.search, "zzqqxx nothing like it")
    qtbot.keyClick(window.claims.search, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.claims.model.rowCount() == 0
    assert window.panel.claim is None and not window.panel.isEnabled()
    for digit in (Qt.Key.Key_6, Qt.Key.Key_1, Qt.Key.Key_X):
        key(qtbot, window, digit)
    assert "No claim is listed" in window.statusBar().currentMessage()
    with stored(window) as desk:
        assert all(desk.verdicts(c.id) == [] for c in desk.claims())
        assert {c.status for c in desk.claims()} == {"new"}
    assert window.counts.text().startswith("0 claims listed")


def test_no_hits_here_says_how_many_elsewhere_and_this_article_follows_the_reader(
    sample_window, qtbot, tmp_path
):
    window = sample_window
    other = tmp_path / "budget.txt"
    other.write_text(
        "Budget row deepens\n\nThe minister, Jane Harlow, said unemployment had fallen by 40"
        " percent since 2019. Harlow said wages rose by 3 percent last year.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.importer.import_sources([str(other)])
    settle(qtbot, window)
    budget = window.reader.article.id
    # Back to the sample: a search for the budget's words finds nothing there.
    with stored(window) as desk:
        sample = next(a.id for a in desk.articles() if a.id != budget)
    window.open_article(sample)
    settle(qtbot, window)
    window.claims.focus_search()
    qtbot.keyClicks(window.claims.search, "Harlow")
    qtbot.keyClick(window.claims.search, Qt.Key.Key_Return)
    settle(qtbot, window)
    message = window.statusBar().currentMessage()
    assert "No claim in this article matches “Harlow”" in message
    assert "in other articles" in message and "Ctrl+Shift+L" in message
    # All articles: the hits; one of the budget's claims becomes current (J, not a click).
    key(qtbot, window, Qt.Key.Key_L, CTRL | SHIFT)
    assert window.actions_.all_articles.isChecked() and window.claims.all_articles()
    settle(qtbot, window)
    assert window.claims.model.total() >= 1
    assert window.panel.claim.article_id == budget
    assert window.reader.article.id == budget
    # Clear filters resets the scope and the View menu's check with it (one state)...
    key(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    assert not window.actions_.all_articles.isChecked() and not window.claims.all_articles()
    assert window.claims.search.text() == ""
    # ...and "This article" is the one the reader shows.
    settle(qtbot, window)
    assert {window.claims.model.claim_at(r).article_id
            for r in range(window.claims.model.rowCount())} == {budget}  # fmt: skip
    key(qtbot, window, Qt.Key.Key_L, CTRL | SHIFT)
    assert window.claims.all_articles()


def test_sort_by_key_and_exact_counts(sample_window, qtbot):
    window, model = sample_window, sample_window.claims.model
    with stored(window) as desk:
        total = desk.count_claims()
    assert window.counts.text().startswith(f"{total:,} claims listed")
    assert "+" not in window.counts.text() and f"of {total}" in window.panel.heading.text()
    key(qtbot, window, Qt.Key.Key_1, CTRL)
    scores = [model.claim_at(r).score for r in range(model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    assert "Sorted by score, highest first" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_1, CTRL)  # again: the other way
    scores = [model.claim_at(r).score for r in range(model.rowCount())]
    assert scores == sorted(scores)
    key(qtbot, window, Qt.Key.Key_2, CTRL)
    header = window.claims.view.horizontalHeader()
    assert header.sortIndicatorSection() == ClaimTableModel.SAID_ON_COLUMN
    key(qtbot, window, Qt.Key.Key_0, CTRL)
    positions = [model.claim_at(r).start for r in range(model.rowCount())]
    assert positions == sorted(positions)


def test_undo_and_redo_say_what_they_did_and_the_summary_goes(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(1)
    panel.focus_summary()
    qtbot.keyClicks(panel.summary, "Out of context")
    qtbot.keyClick(panel.summary, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_3)
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Undone: Verdict")
    assert panel.summary.text() == ""  # not attached again by the next digit
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage().startswith("Redone: Verdict")
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert not window.actions_.undo.isEnabled()  # (Ctrl+Z now does nothing)
    key(qtbot, window, Qt.Key.Key_4)
    with stored(window) as desk:
        (verdict,) = desk.verdicts(panel.claim.id)
        assert verdict.summary == ""


def test_the_summary_grows_to_several_lines_and_enter_saves_it(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(0)
    one_line = panel.summary.height()
    panel.focus_summary()
    qtbot.keyClicks(panel.summary, "A long summary. " * 20)
    qtbot.waitUntil(lambda: panel.summary.height() > one_line, timeout=3000)
    qtbot.keyClick(panel.summary, Qt.Key.Key_Return, SHIFT)  # a new line, not saved
    assert panel.summary.hasFocus() and "\n" in panel.summary.text()
    qtbot.keyClick(panel.summary, Qt.Key.Key_Return)  # saved, back to the table
    assert QApplication.focusWidget() is window.claims.view
