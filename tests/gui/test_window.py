"""First run, settings, layout memory, drag and drop, the self-test and the screenshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit

from factdesk.desk import Changes
from factdesk.gui.dialogs import SettingsDialog, ShortcutsDialog
from factdesk.gui.main_window import SHORTCUTS

REPO = Path(__file__).resolve().parents[2]


def test_first_run_offers_the_sample(make_window, qtbot):
    window = make_window()
    assert window.reader_stack.currentWidget() is window.welcome
    assert window.welcome.isVisible()
    with qtbot.waitSignal(window.imported, timeout=30_000):
        qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert window.reader_stack.currentWidget() is window.reader
    qtbot.waitUntil(lambda: window.articles_model.rowCount() == 1, timeout=5000)
    assert window.claims_model.rowCount() > 0
    assert window.current_claim is not None  # ready for J/K and 1-9 at once


def test_layout_is_remembered_in_the_data_folder(make_window, qtbot, tmp_path):
    settings_file = tmp_path / "layout.ini"
    window = make_window(settings_file=settings_file)
    window.main_split.setSizes([200, 900, 300])
    sizes = window.main_split.sizes()
    window.close()
    assert settings_file.exists()
    again = make_window(settings_file=settings_file)
    assert again.main_split.sizes() == sizes


def test_window_settings_live_under_the_data_dir(qapp, tmp_path, monkeypatch):
    from factdesk.gui.app import window_settings

    monkeypatch.setenv("FACTDESK_DATA_DIR", str(tmp_path / "data"))
    settings = window_settings()
    assert Path(settings.fileName()).parent == tmp_path / "data"


def test_settings_dialog_saves_to_the_desk(make_window, qtbot):
    window = make_window()
    dialog = SettingsDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.reviewer.setText("Sam Reviewer")
    dialog.organisation.setText("Local Fact Desk")
    dialog.organisation_url.setText("https://facts.example")
    dialog.read_timeout.setValue(12)
    dialog.scale_choice.setCurrentIndex(dialog.scale_choice.findData("five-point"))
    for field in dialog.key_fields.values():
        assert field.echoMode() == QLineEdit.EchoMode.Password
    dialog.accept()
    window.apply_changes(Changes(settings=True))
    desk = window.desk
    assert desk.setting("reviewer") == "Sam Reviewer"
    assert desk.setting("organisation_url") == "https://facts.example"
    assert desk.network_settings()["read_timeout"] == 12
    assert desk.scale().id == "five-point"
    # The verdict buttons and 1-9 follow the new scale.
    labels = [b.property("label") for b in window.panel.level_buttons]
    assert labels == [level.label for level in desk.scale().levels]


def test_keys_tab_says_plainly_when_there_is_no_keyring(make_window, qtbot, monkeypatch):
    from factdesk import secrets

    monkeypatch.setattr(secrets, "keyring_problem", lambda: "No OS keyring is available.")
    window = make_window()
    dialog = SettingsDialog(window.desk, window)
    qtbot.addWidget(dialog)
    notes = [label.text() for label in dialog.findChildren(type(window.counts))]
    assert "No OS keyring is available." in notes
    assert not any(field.isEnabled() for field in dialog.key_fields.values())


def test_shortcuts_sheet_lists_the_review_keys(make_window, qtbot):
    window = make_window()
    sheet = ShortcutsDialog(SHORTCUTS, window)
    qtbot.addWidget(sheet)
    text = " ".join(label.text() for label in sheet.findChildren(type(window.counts)))
    for keys in ("J", "K", "1 … 9", "E", "/", "Ctrl+L", "Ctrl+Z", "Ctrl+Shift+Z"):
        assert f"<b>{keys}</b>" in text
    # The same keys are live on the window.
    bound = {a.shortcut().toString() for a in window.actions()}
    assert {"J", "K", "E", "/", "Ctrl+L", "1", "9", "Ctrl+Z"} <= bound


def test_ctrl_l_goes_to_the_url_field(make_window, qtbot):
    window = make_window()
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.url_field.hasFocus()


def test_dropping_files_imports_them(make_window, qtbot, tmp_path):
    window = make_window()
    first = tmp_path / "drop-one.txt"
    first.write_text(
        "Council says bus fares will rise by 12 percent next year.\n\n"
        "The mayor said the city had built 4,000 new homes since 2020.\n",
        encoding="utf-8",
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(first))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        window.dropEvent(event)
    results, errors = blocker.args
    assert not errors and results[0].article.source == str(first)
    assert "4,000 new homes" in window.current_article.text


def test_paste_text_as_an_article(make_window, qtbot, qapp):
    window = make_window()
    qapp.clipboard().setText("The minister said 3 in 10 schools need new roofs by 2027.")
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        window.act_paste.trigger()
    assert blocker.args[0][0].article.text.startswith("The minister said")


def test_self_test_runs(qapp, tmp_path, capsys):
    from factdesk.gui.app import run

    assert run(tmp_path / "self.db", self_test=True) == 0
    assert "self-test: ok" in capsys.readouterr().out


def test_screenshot(sample_window, qtbot, web_server):
    """Renders the window with the sample loaded to docs/screenshot.png (for the README)."""
    window = sample_window
    model = window.claims_model
    window.resize(1440, 880)
    for row, level in ((0, 2), (3, 5), (5, 1), (8, 4), (11, 3)):
        if row < model.rowCount():
            window.set_current_row(row)
            window.set_verdict_level(level)
    # The headline example: the Tory-activist tweet, rated False, with its evidence.
    tory = window.desk.search("Tory activist")[0]
    window.set_current_row(model.row_of(tory.id))
    window.set_verdict_level(5)
    window._set_status("in review", "Sam")
    with qtbot.waitSignal(window.changed, timeout=15_000):
        window.add_evidence(f"{web_server}/evidence.html", "supports")
    window.reader.scroll_to_claim(window.current_claim.id)
    qtbot.wait(50)
    target = REPO / "docs" / "screenshot.png"
    target.parent.mkdir(exist_ok=True)
    assert window.grab().save(str(target))
    assert target.stat().st_size > 20_000


def test_article_column_shows_where_each_claim_is_from_when_listing_all(sample_window, qtbot):
    window = sample_window
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.import_text("Bridge news\n\nThe bridge cost 48 million pounds in 2020.\n")
    column = window.claims_model.ARTICLE_COLUMN
    window.scope.setCurrentIndex(0)
    assert window.claim_view.isColumnHidden(column)
    window.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not window.claim_view.isColumnHidden(column), timeout=5000)
    model = window.claims_model
    titles = {model.index(row, column).data() for row in range(model.rowCount())}
    assert "Bridge news" in titles
    assert any(t.startswith("The hashtag Jews4Labour") for t in titles)


def test_on_an_empty_desk_enter_loads_the_sample_and_keys_work_at_once(make_window, qtbot):
    from PySide6.QtWidgets import QApplication

    window = make_window()
    assert window.reader_stack.currentWidget() is window.welcome
    assert QApplication.focusWidget() is window.welcome.sample_button
    with qtbot.waitSignal(window.imported, timeout=30_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # The keys go wherever focus went: the review can start without the mouse.
    for key in (Qt.Key.Key_J, Qt.Key.Key_J, Qt.Key.Key_5):
        qtbot.keyClick(QApplication.focusWidget() or window, key)
    assert window.claim_view.currentIndex().row() == 2
    assert window.current_claim.verdict == window.desk.scale().levels[4].label
