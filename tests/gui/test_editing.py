"""Editing in the window: the reader's highlights, claims from a selection, split, merge,
delete, claim fields and status, all undoable through the one stack."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QToolButton

from factdesk.model import ClaimFilter
from tests.gui.helpers import key, settle, stored


def _article_claims(window):
    with stored(window) as desk:
        return desk.claims(ClaimFilter(article_id=window.reader.article.id))


def test_reader_maps_claims_to_text_and_back(sample_window, qtbot):
    window = sample_window
    reader = window.reader.reader
    text = window.reader.article.text
    claims = _article_claims(window)
    assert claims
    for claim in claims:
        pos = reader.doc_position(claim.start)
        assert pos is not None
        assert reader.article_offset(pos) == claim.start
        cursor = QTextCursor(reader.document())
        cursor.setPosition(pos)
        cursor.setPosition(reader.doc_position(claim.end), QTextCursor.MoveMode.KeepAnchor)
        # The document shows exactly the article's text for the claim (posts and all).
        assert cursor.selectedText() == text[claim.start : claim.end]
    # Every embedded post is set apart with its author.
    document_text = reader.document().toPlainText()
    for post in window.reader.article.posts:
        assert (post.author or post.handle) in document_text


def test_clicking_a_highlight_selects_its_claim(sample_window, qtbot):
    window = sample_window
    reader = window.reader.reader
    # The last claim whose third character is not inside a shorter (nested) claim.
    claim = next(
        c
        for c in reversed(_article_claims(window))
        if reader.claim_at_offset(c.start + 2).id == c.id
    )
    window.claims.set_current_row(0)
    assert window.panel.claim.id != claim.id
    reader.scroll_to_claim(claim.id)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.doc_position(claim.start) + 2)
    point = reader.cursorRect(cursor).center()
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.panel.claim.id == claim.id
    model = window.claims.model
    assert model.claim_at(window.claims.view.currentIndex().row()).id == claim.id


def test_selecting_a_claim_scrolls_the_reader_to_it(sample_window, qtbot):
    window = sample_window
    reader = window.reader.reader
    bar = reader.verticalScrollBar()
    window.claims.set_current_row(0)
    assert bar.maximum() > 0, "the sample should not fit in the reader at once"
    window.claims.set_current_row(window.claims.model.rowCount() - 1)
    claim = window.panel.claim
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.doc_position(claim.start))
    rect = reader.cursorRect(cursor)
    assert rect.top() >= 0 and rect.bottom() <= reader.viewport().height()
    assert bar.value() > 0


def test_add_claim_from_selection_then_undo_redo(sample_window, qtbot):
    window = sample_window
    reader = window.reader.reader
    before = {c.id for c in _article_claims(window)}
    text = window.reader.article.text
    start = text.index("Prime Minister")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.doc_position(start))
    cursor.setPosition(reader.doc_position(start + len("Prime Minister")),
                       QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
    reader.setTextCursor(cursor)
    window.actions_.add_claim.trigger()
    settle(qtbot, window)
    added = {c.id for c in _article_claims(window)} - before
    assert len(added) == 1
    new_id = added.pop()
    with stored(window) as desk:
        assert desk.claim(new_id).text == "Prime Minister"
    qtbot.waitUntil(lambda: window.panel.claim and window.panel.claim.id == new_id, timeout=5000)
    window.editor.undo()
    settle(qtbot, window)
    assert {c.id for c in _article_claims(window)} == before
    window.editor.redo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(new_id).text == "Prime Minister"


def _select_rows(window, rows: list[int]) -> None:
    selection = window.claims.view.selectionModel()
    window.claims.set_current_row(rows[0])
    for row in rows[1:]:
        selection.select(
            window.claims.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_split_merge_delete_are_undoable(sample_window, qtbot):
    window = sample_window
    editor = window.editor
    original = {c.id: c for c in _article_claims(window)}
    longest = max(original.values(), key=lambda c: c.end - c.start)
    window.claims.select_claim(longest.id)
    # Split where the cursor is in the reader.
    middle = longest.start + (longest.end - longest.start) // 2
    while window.reader.article.text[middle] != " ":
        middle += 1
    cursor = QTextCursor(window.reader.reader.document())
    cursor.setPosition(window.reader.reader.doc_position(middle))
    window.reader.reader.setTextCursor(cursor)
    window.actions_.split.trigger()
    settle(qtbot, window)
    after_split = _article_claims(window)
    assert longest.id not in {c.id for c in after_split}
    assert len(after_split) == len(original) + 1
    editor.undo()
    settle(qtbot, window)
    assert {c.id for c in _article_claims(window)} == set(original)

    # Merge two neighbours selected in the table.
    model = window.claims.model
    _select_rows(window, [0, 1])
    first, second = model.claim_at(0), model.claim_at(1)
    window.actions_.merge.trigger()
    settle(qtbot, window)
    ids = {c.id for c in _article_claims(window)}
    assert first.id not in ids and second.id not in ids
    assert len(ids) == len(original) - 1
    editor.undo()
    settle(qtbot, window)
    assert {c.id for c in _article_claims(window)} == set(original)
    editor.redo()
    settle(qtbot, window)
    assert len(_article_claims(window)) == len(original) - 1
    editor.undo()
    settle(qtbot, window)

    # Delete with its verdict; undo brings both back.
    window.claims.set_current_row(2)
    doomed = window.panel.claim
    key(qtbot, window, Qt.Key.Key_1)
    window.claims.select_claim(doomed.id)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert doomed.id not in {c.id for c in _article_claims(window)}
    editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(doomed.id).verdict == desk.scale().levels[0].label


def test_panel_edits_fields_and_status(sample_window, qtbot):
    window = sample_window
    window.claims.set_current_row(0)
    claim = dataclasses.replace(window.panel.claim)  # the panel's copy follows the edits
    panel = window.panel
    panel.speaker.setFocus()
    panel.speaker.selectAll()
    qtbot.keyClicks(panel.speaker, "Ephraim Mirvis")
    qtbot.keyClick(panel.speaker, Qt.Key.Key_Return)
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(claim.id).speaker == "Ephraim Mirvis"
    assert window.claims.model.index(0, 1).data() == "Ephraim Mirvis"
    panel.text.setFocus()
    panel.text.selectAll()
    qtbot.keyClicks(panel.text, "Corbyn allowed anti-Semitism to take root in Labour.")
    panel.assignee.setFocus()  # leaving the text saves it
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(claim.id).text.startswith("Corbyn allowed")
    panel.status.setCurrentText("researching")
    panel.status.activated.emit(panel.status.currentIndex())
    qtbot.keyClicks(panel.assignee, "Sam")
    qtbot.keyClick(panel.assignee, Qt.Key.Key_Return)
    settle(qtbot, window)
    with stored(window) as desk:
        stored_claim = desk.claim(claim.id)
    assert (stored_claim.status, stored_claim.assignee) == ("researching", "Sam")
    qtbot.waitUntil(lambda: "assigned to Sam" in panel.history.text(), timeout=5000)
    # Undo takes the edits back, newest first.
    for _ in range(3):
        window.editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(claim.id).text == claim.text
        assert desk.claim(claim.id).status == "new"
    window.editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(claim.id).speaker == claim.speaker


def test_filters_narrow_the_table(sample_window, qtbot):
    window = sample_window
    claims = window.claims
    model = claims.model
    total = model.rowCount()
    claims.set_current_row(0)
    key(qtbot, window, Qt.Key.Key_2)
    label = window.session.scale.levels[1].label
    claims.set_filter("verdict", label)
    settle(qtbot, window)
    assert model.rowCount() == 1 and model.claim_at(0).verdict == label
    chips = [c.text() for c in claims.chip_bar.findChildren(QToolButton) if c.isVisible()]
    assert chips == [f"Verdict: {label}"]
    # Clear filters resets everything: filters, search, scope and sort.
    claims.scope.setCurrentIndex(1)
    claims.view.sortByColumn(model.SCORE_COLUMN, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    claims.clear_filters()
    settle(qtbot, window)
    assert model.rowCount() == total and not claims.chip_bar.isVisible()
    assert not claims.all_articles() and claims.view.horizontalHeader().sortIndicatorSection() < 0
    assert [model.claim_at(r).start for r in range(total)] == sorted(
        model.claim_at(r).start for r in range(total)
    )
    qtbot.keyClick(claims.view, Qt.Key.Key_Slash)
    assert claims.search.hasFocus()
    qtbot.keyClicks(claims.search, "Jewish")
    qtbot.waitUntil(lambda: 0 < model.rowCount() < total, timeout=5000)
    assert all("jewish" in model.claim_at(r).text.lower() for r in range(model.rowCount()))
    claims.scope.setCurrentIndex(1)  # all articles: same here, one article
    assert model.filter.article_id is None


def test_a_letter_that_is_no_review_key_does_not_jump_to_a_claim(sample_window, qtbot):
    window = sample_window
    window.claims.set_current_row(0)
    settle(qtbot, window)
    first = window.panel.claim.id
    # The sample has claims beginning with O ("Or is this yet another simple BBC mistake?").
    model = window.claims.model
    assert any(model.claim_at(row).text.startswith("O") for row in range(model.rowCount()))
    key(qtbot, window, Qt.Key.Key_O)
    assert window.panel.claim.id == first
    assert window.claims.view.currentIndex().row() == 0
