"""The review desk (issue 11): keys that reach where they should, the session kept between
runs, sorting that keeps the claim, the reviewer's name asked once, an article deleted and
brought back, a reader that shows what matters, and dark mode."""

from __future__ import annotations

import http.server
import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog

from factdesk.desk import Desk
from factdesk.gui import style
from factdesk.gui.models import ClaimTableModel
from tests.gui.helpers import key, settle, stored
from tests.gui.xsession import SAMPLE


def focused():
    return QApplication.focusWidget()


def test_enter_or_down_in_a_search_box_goes_to_the_results(sample_window, qtbot):
    window = sample_window
    claims = window.claims
    window.claims.set_current_row(5)
    key(qtbot, window, Qt.Key.Key_Slash)
    assert focused() is claims.search
    qtbot.keyClicks(claims.search, "Mirvis")
    qtbot.keyClick(claims.search, Qt.Key.Key_Return)
    assert focused() is claims.view
    settle(qtbot, window)
    model = claims.model
    with stored(window) as desk:
        total = desk.count_claims()
    assert 1 < model.rowCount() < total
    assert claims.view.currentIndex().row() == 0  # the first result, ready for J
    assert window.panel.claim.id == model.claim_at(0).id
    key(qtbot, window, Qt.Key.Key_J)
    assert window.panel.claim.id == model.claim_at(1).id
    # Down from the articles' search box goes to the list.
    window.articles.search.setFocus()
    qtbot.keyClick(window.articles.search, Qt.Key.Key_Down)
    assert focused() is window.articles.view


def test_tab_goes_to_the_panel_and_enter_comes_back(sample_window, qtbot):
    window, panel = sample_window, sample_window.panel
    window.claims.set_current_row(2)
    window.claims.focus_table()
    qtbot.keyClick(window.claims.view, Qt.Key.Key_Tab)
    assert focused() is panel.text  # not the next cell
    claim_id = panel.claim.id
    key(qtbot, window, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_S)
    assert focused() is panel.summary
    qtbot.keyClicks(panel.summary, "The figure is from 2017.")
    qtbot.keyClick(panel.summary, Qt.Key.Key_Return)
    assert focused() is window.claims.view  # saved, and back where J/K work
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.current_verdict(claim_id).summary == "The figure is from 2017."
    key(qtbot, window, Qt.Key.Key_A)
    assert focused() is panel.assignee
    qtbot.keyClicks(panel.assignee, "Ada")
    qtbot.keyClick(panel.assignee, Qt.Key.Key_Return)
    assert focused() is window.claims.view
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.claim(claim_id).assignee == "Ada"


def test_after_an_import_the_keys_are_on_its_first_claim(sample_window, qtbot, tmp_path):
    window = sample_window
    story = tmp_path / "bridge.txt"
    story.write_text("Bridge news\n\nThe bridge cost 48 million pounds in 2020.\n", "utf-8")
    window.focus_url()
    qtbot.keyClicks(window.url_field, str(story))
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        qtbot.keyClick(window.url_field, Qt.Key.Key_Return)
    article = blocker.args[0][0].article
    qtbot.waitUntil(lambda: window.panel.claim is not None
                    and window.panel.claim.article_id == article.id, timeout=10_000)  # fmt: skip
    assert focused() is window.claims.view
    assert window.claims.view.currentIndex().row() == 0


class _SlowPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(4)
        body = b"<html><body><p>The bridge cost 48 million pounds.</p></body></html>"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args) -> None:
        pass


def test_esc_cancels_an_import(make_window, qtbot):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        window = make_window()
        url = f"http://127.0.0.1:{server.server_address[1]}/slow.html"
        window.importer.import_sources([url])
        qtbot.waitUntil(lambda: bool(window.long_work()), timeout=5000)
        assert window.cancel_button.isVisibleTo(window)
        window.url_field.setFocus()
        qtbot.keyClick(window.url_field, Qt.Key.Key_Escape)
        assert "cancelled" in window.statusBar().currentMessage().lower()
        assert focused() is window.claims.view
        settle(qtbot, window, timeout=20_000)
        assert not window.long_work() and not window.cancel_button.isVisibleTo(window)
        with stored(window) as desk:
            assert desk.articles() == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_session_comes_back_where_the_checker_was(sample_window, make_window, qtbot, tmp_path):
    window = sample_window
    claims = window.claims
    claims.set_filter("min_score", 0.5)
    claims.search.setText("Labour")
    claims.apply_filters()
    settle(qtbot, window)
    claims.set_current_row(2)
    wanted = window.panel.claim.id
    state = claims.state()
    window.close()
    again = make_window(window.session.path, tmp_path / "window.ini")
    qtbot.waitUntil(lambda: again.panel.claim is not None
                    and again.panel.claim.id == wanted, timeout=10_000)  # fmt: skip
    assert again.claims.state() == state
    assert again.claims.search.text() == "Labour"
    assert [c.text() for c in again.claims.chip_bar.findChildren(type(claims.filter_button))
            if c.objectName() == "filterChip"] == ["Score: at least 0.5"]  # fmt: skip
    assert focused() is again.claims.view


def test_sorting_keeps_the_claim_and_score_sorts_highest_first(sample_window, qtbot):
    window = sample_window
    claims, model = window.claims, window.claims.model
    claims.set_current_row(4)
    shown = window.panel.claim.id
    header = claims.view.horizontalHeader()
    header.sectionClicked.emit(ClaimTableModel.SCORE_COLUMN)  # what a click on it does
    claims.view.sortByColumn(ClaimTableModel.SCORE_COLUMN, header.sortIndicatorOrder())
    settle(qtbot, window)
    scores = [model.claim_at(r).score for r in range(model.rowCount())]
    assert scores == sorted(scores, reverse=True)  # highest first on the first click
    assert claims.current_claim_id() == shown and window.panel.claim.id == shown
    claims.view.sortByColumn(ClaimTableModel.SCORE_COLUMN, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    scores = [model.claim_at(r).score for r in range(model.rowCount())]
    assert scores == sorted(scores) and claims.current_claim_id() == shown


def test_the_name_is_asked_at_start_never_at_a_key(make_window, qtbot):
    """No name known: a dialog at start (its field has the focus); Later leaves the review
    keys refusing in the status bar (nothing recorded); the name given, a verdict records it."""
    window = make_window(ask_name=True)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "reviewerName") is not None)
    dialog = window.findChild(QDialog, "reviewerName")
    assert dialog.isVisible() and dialog.focusWidget() is dialog.name
    dialog.reject()  # Later
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.importer.load_sample()
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    settle(qtbot, window)
    first = window.panel.claim.id
    key(qtbot, window, Qt.Key.Key_4)
    key(qtbot, window, Qt.Key.Key_X)
    assert "Who is reviewing?" in window.statusBar().currentMessage()
    assert window.findChild(QDialog, "reviewerName") is None  # not asked at a key
    with stored(window) as desk:
        assert desk.verdicts(first) == [] and desk.status_changes(first) == []
    window.actions_.your_name.trigger()  # Claim > Your name…
    dialog = window.findChild(QDialog, "reviewerName")
    dialog.name.setText("Sam Checker")
    dialog.accept()
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_4)
    with stored(window) as desk:
        assert desk.setting("reviewer") == "Sam Checker"
        (verdict,) = desk.verdicts(first)
        assert verdict.reviewer == "Sam Checker"
        assert desk.claim(first).status == "rated"  # a verdict moves the claim on


def test_delete_an_article_and_bring_it_back(sample_window, qtbot):
    window = sample_window
    key(qtbot, window, Qt.Key.Key_2)
    with stored(window) as desk:
        (article,) = desk.articles()
        before = desk.count_claims()
    window.articles.view.setFocus()
    window.articles.view.setCurrentIndex(window.articles.model.index(0, 0))
    qtbot.keyClick(window.articles.view, Qt.Key.Key_Delete)
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.articles() == [] and desk.count_claims() == 0
    qtbot.waitUntil(lambda: window.articles.count() == 0, timeout=5000)
    assert "moved to the trash: Ctrl+Z or Trash" in window.statusBar().currentMessage()
    window.editor.undo()
    settle(qtbot, window)
    with stored(window) as desk:
        assert [a.id for a in desk.articles()] == [article.id]
        assert desk.count_claims() == before
        assert sum(1 for c in desk.claims() if c.verdict) == 1
    qtbot.waitUntil(lambda: window.articles.count() == 1, timeout=5000)


def test_the_reader_highlights_by_score_and_verdict_and_frames_the_current_claim(
    sample_window, qtbot
):
    window = sample_window
    reader = window.reader.reader
    model = window.claims.model
    claims = [model.claim_at(r) for r in range(model.rowCount())]
    low = next(c for c in claims if c.score is not None and c.score < reader.highlight_from)
    high = max(claims, key=lambda c: c.score or 0)
    middling = next(c for c in claims if c.score and reader.highlight_from < c.score < 0.65)
    assert reader.highlight_strength(low) == 0  # only underlined
    assert 0 < reader.highlight_strength(middling) < reader.highlight_strength(high)
    window.claims.select_claim(low.id)
    key(qtbot, window, Qt.Key.Key_5)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: any(c.id == low.id and c.verdict for c in reader._claims), timeout=5000)
    rated = next(c for c in reader._claims if c.id == low.id)
    assert reader.highlight_strength(rated) > reader.highlight_strength(middling)
    assert reader.claim_colour(rated) == window.session.scale.levels[4].colour
    assert reader.current_claim_rects()  # framed where it stands
    # The sample's title is its opening words: shown once, as the text itself.
    from factdesk.gui.reader import article_heading

    assert article_heading(window.reader.article) is None
    assert reader.toPlainText().count(window.reader.article.text[:60]) == 1


def test_dark_mode_follows_the_palette(sample_window, qtbot, qapp):
    window = sample_window
    light = QPalette(qapp.palette())
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.WindowText, "#eeeeee"),
                         (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#eeeeee")):  # fmt: skip
        dark.setColor(role, QColor(colour))
    try:
        qapp.setPalette(dark)  # what the system does when it goes dark
        qtbot.waitUntil(lambda: "#1e1e1e" in qapp.styleSheet(), timeout=5000)
        settle(qtbot, window)
        assert style.is_dark()
        # Highlights, cards and icons are drawn for a dark page, text stays readable.
        tint = style.tint("#f2c94c", 0.3)
        assert tint.lightness() < 128
        assert style.subtle_fill().lightness() < 80
        icon = style.icon("undo").pixmap(24, 24).toImage()
        inked = [QColor(icon.pixel(x, y)) for x in range(24) for y in range(24)
                 if QColor.fromRgba(icon.pixel(x, y)).alpha() > 200]  # fmt: skip
        assert inked and min(c.lightness() for c in inked) > 150
        buttons = window.panel.verdict_box.buttons
        assert "#1e1e1e" in buttons[0].styleSheet()
    finally:
        qapp.setPalette(light)
        qtbot.waitUntil(lambda: "#1e1e1e" not in qapp.styleSheet(), timeout=5000)


def test_a_laptop_that_synced_with_a_hub_reviews_as_its_login(make_window, qtbot, tmp_path):
    """No name set, but the laptop knows its hub login: that is the reviewer, no dialog."""
    from factdesk.store.outbox import HubState, save_hub_state

    path = tmp_path / "team.db"
    with Desk(path) as desk:
        desk.import_source(str(SAMPLE))
        with desk.db.write():
            save_hub_state(desk.db, HubState("hub-1", role="alice", synced_at="2026-12-01"))
    window = make_window(path, ask_name=True)
    qtbot.waitUntil(lambda: window.session.reviewer == "alice", timeout=10_000)
    assert window.findChild(QDialog, "reviewerName") is None
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    settle(qtbot, window)
    key(qtbot, window, Qt.Key.Key_3)
    with stored(window) as desk:
        assert desk.setting("reviewer") == "alice"
        (verdict,) = desk.verdicts(window.panel.claim.id)
        assert verdict.reviewer == "alice"
