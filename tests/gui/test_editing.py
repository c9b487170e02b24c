"""Editing in the window: the reader's highlights, claims from a selection, split, merge,
delete, claim fields and status, all undoable through the one stack."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from factdesk.model import ClaimFilter


def _article_claims(window):
    return window.desk.claims(ClaimFilter(article_id=window.current_article.id))


def test_reader_maps_claims_to_text_and_back(sample_window, qtbot):
    window = sample_window
    reader = window.reader
    text = window.current_article.text
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
    for post in window.current_article.posts:
        assert (post.author or post.handle) in document_text


def test_clicking_a_highlight_selects_its_claim(sample_window, qtbot):
    window = sample_window
    reader = window.reader
    # The last claim whose third character is not inside a shorter (nested) claim.
    claim = next(
        c
        for c in reversed(_article_claims(window))
        if reader.claim_at_offset(c.start + 2).id == c.id
    )
    window.set_current_row(0)
    assert window.current_claim.id != claim.id
    reader.scroll_to_claim(claim.id)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.doc_position(claim.start) + 2)
    point = reader.cursorRect(cursor).center()
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.current_claim.id == claim.id
    assert window.claims_model.claim_at(window.claim_view.currentIndex().row()).id == claim.id


def test_selecting_a_claim_scrolls_the_reader_to_it(sample_window, qtbot):
    window = sample_window
    reader = window.reader
    bar = reader.verticalScrollBar()
    window.set_current_row(0)
    assert bar.maximum() > 0, "the sample should not fit in the reader at once"
    last = window.claims_model.rowCount() - 1
    window.set_current_row(last)
    claim = window.current_claim
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.doc_position(claim.start))
    rect = reader.cursorRect(cursor)
    assert rect.top() >= 0 and rect.bottom() <= reader.viewport().height()
    assert bar.value() > 0


def test_add_claim_from_selection_then_undo_redo(sample_window, qtbot):
    window = sample_window
    reader = window.reader
    before = {c.id for c in _article_claims(window)}
    text = window.current_article.text
    start = text.index("Prime Minister")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.doc_position(start))
    cursor.setPosition(reader.doc_position(start + len("Prime Minister")),
                       QTextCursor.MoveMode.KeepAnchor)  # fmt: skip
    reader.setTextCursor(cursor)
    window.act_add_claim.trigger()
    added = {c.id for c in _article_claims(window)} - before
    assert len(added) == 1
    new_claim = window.desk.claim(added.pop())
    assert new_claim.text == "Prime Minister"
    assert window.current_claim.id == new_claim.id
    window.editor.stack.undo()
    assert {c.id for c in _article_claims(window)} == before
    window.editor.stack.redo()
    assert window.desk.claim(new_claim.id).text == "Prime Minister"


def test_split_merge_delete_are_undoable(sample_window, qtbot):
    window = sample_window
    stack = window.editor.stack
    original = {c.id: c for c in _article_claims(window)}
    longest = max(original.values(), key=lambda c: c.end - c.start)
    window.select_claim(longest.id)
    # Split where the cursor is in the reader.
    middle = longest.start + (longest.end - longest.start) // 2
    while window.current_article.text[middle] != " ":
        middle += 1
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.doc_position(middle))
    window.reader.setTextCursor(cursor)
    window.act_split.trigger()
    after_split = _article_claims(window)
    assert longest.id not in {c.id for c in after_split}
    assert len(after_split) == len(original) + 1
    stack.undo()
    assert {c.id for c in _article_claims(window)} == set(original)

    # Merge two neighbours selected in the table.
    model = window.claims_model
    selection = window.claim_view.selectionModel()
    window.set_current_row(0)
    window.claim_view.selectRow(0)
    selection.select(
        model.index(1, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )
    first, second = model.claim_at(0), model.claim_at(1)
    window.act_merge.trigger()
    ids = {c.id for c in _article_claims(window)}
    assert first.id not in ids and second.id not in ids
    assert len(ids) == len(original) - 1
    stack.undo()
    assert {c.id for c in _article_claims(window)} == set(original)
    stack.redo()
    assert len(_article_claims(window)) == len(original) - 1
    stack.undo()

    # Delete with its verdict; undo brings both back.
    window.set_current_row(2)
    doomed = window.current_claim
    window.set_verdict_level(1)
    window.set_current_row(model.row_of(doomed.id))
    window.act_delete.trigger()
    assert doomed.id not in {c.id for c in _article_claims(window)}
    stack.undo()
    assert window.desk.claim(doomed.id).verdict == window.desk.scale().levels[0].label


def test_panel_edits_fields_and_status(sample_window, qtbot):
    window = sample_window
    window.set_current_row(0)
    claim = window.current_claim
    panel = window.panel
    panel.speaker.setFocus()
    panel.speaker.setText("Ephraim Mirvis")
    panel.speaker.editingFinished.emit()
    assert window.desk.claim(claim.id).speaker == "Ephraim Mirvis"
    assert window.claims_model.index(0, 1).data() == "Ephraim Mirvis"
    panel.text.setPlainText("Corbyn allowed anti-Semitism to take root in Labour.")
    panel._commit_text()
    assert window.desk.claim(claim.id).text.startswith("Corbyn allowed")
    panel.status.setCurrentText("researching")
    panel.assignee.setText("Sam")
    panel._commit_status()
    stored = window.desk.claim(claim.id)
    assert (stored.status, stored.assignee) == ("researching", "Sam")
    assert "status researching (assigned to Sam)" in panel.history.text()
    # Three undos take the three edits back, newest first.
    window.editor.stack.undo()
    assert window.desk.claim(claim.id).status == "new"
    window.editor.stack.undo()
    assert window.desk.claim(claim.id).text == claim.text
    window.editor.stack.undo()
    assert window.desk.claim(claim.id).speaker == claim.speaker


def test_filters_narrow_the_table(sample_window, qtbot):
    window = sample_window
    model = window.claims_model
    total = model.rowCount()
    window.set_current_row(0)
    window.set_verdict_level(2)
    label = window.desk.scale().levels[1].label
    window.verdict_filter.setCurrentIndex(window.verdict_filter.findData(label))
    assert model.rowCount() == 1 and model.claim_at(0).verdict == label
    window.clear_filters()
    assert model.rowCount() == total
    qtbot.keyClick(window.claim_view, Qt.Key.Key_Slash)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "Jewish")
    qtbot.waitUntil(lambda: model.rowCount() < total, timeout=2000)
    assert all("jewish" in model.claim_at(r).text.lower() for r in range(model.rowCount()))
    window.scope.setCurrentIndex(1)  # all articles: same here, one article
    assert model.filter.article_id is None
