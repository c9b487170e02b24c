"""First run, settings, layout memory, drag and drop, the self-test and the screenshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from factdesk.gui.dialogs import SettingsDialog, read_settings
from factdesk.gui.sheets import ShortcutsDialog
from tests.gui.helpers import settle, stored

REPO = Path(__file__).resolve().parents[2]


def test_first_run_offers_the_sample(make_window, qtbot):
    window = make_window()
    reader = window.reader
    assert reader.currentWidget() is reader.welcome
    assert reader.welcome.isVisible()
    with qtbot.waitSignal(window.imported, timeout=30_000):
        qtbot.mouseClick(reader.welcome.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reader.currentWidget() is reader.reader, timeout=5000)
    qtbot.waitUntil(lambda: window.articles.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=5000)
    assert window.claims.model.rowCount() > 0  # ready for J/K and 1-9 at once
    assert QApplication.focusWidget() is window.claims.view


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


def test_settings_dialog_saves_through_the_writer(make_window, qtbot):
    window = make_window()
    with stored(window) as desk:
        dialog = SettingsDialog(window.session, read_settings(desk), window)
    qtbot.addWidget(dialog)
    dialog.reviewer.setText("Sam Reviewer")
    dialog.organisation.setText("Local Fact Desk")
    dialog.organisation_url.setText("https://facts.example")
    dialog.read_timeout.setValue(12)
    dialog.scale_choice.setCurrentIndex(dialog.scale_choice.findData("five-point"))
    for field in dialog.key_fields.values():
        assert field.echoMode() == QLineEdit.EchoMode.Password
    with qtbot.waitSignal(window.session.scales_changed, timeout=10_000):
        dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with stored(window) as desk:
        assert desk.setting("reviewer") == "Sam Reviewer"
        assert desk.setting("organisation_url") == "https://facts.example"
        assert desk.network_settings()["read_timeout"] == 12
        assert desk.scale().id == "five-point"
        levels = [level.label for level in desk.scale().levels]
    # The verdict buttons, the verdict filter and 1-9 follow the new scale.
    assert [b.property("label") for b in window.panel.verdict_box.buttons] == levels
    window.claims.filter_menu.aboutToShow.emit()
    menus = {a.text(): a.menu() for a in window.claims.filter_menu.actions() if a.menu()}
    assert [a.text() for a in menus["&Verdict"].actions()][2:] == levels


def test_a_refused_setting_keeps_the_dialog_open_and_changes_nothing(make_window, qtbot):
    window = make_window()
    with stored(window) as desk:
        dialog = SettingsDialog(window.session, read_settings(desk), window)
    qtbot.addWidget(dialog)
    dialog.reviewer.setText("Sam Reviewer")
    dialog.organisation_url.setText("not a web address")
    dialog.accept()
    settle(qtbot, window)
    assert dialog.result() != dialog.DialogCode.Accepted
    with stored(window) as desk:
        assert desk.setting("reviewer") is None


def test_keys_tab_says_plainly_when_there_is_no_keyring(make_window, qtbot, monkeypatch):
    from factdesk import secrets

    monkeypatch.setattr(secrets, "keyring_problem", lambda: "No OS keyring is available.")
    window = make_window()
    with stored(window) as desk:
        dialog = SettingsDialog(window.session, read_settings(desk), window)
    qtbot.addWidget(dialog)
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert "No OS keyring is available." in notes
    assert not any(field.isEnabled() for name, field in dialog.key_fields.items()
                   if name != "hub-password")  # fmt: skip
    # The team hub's password can still be kept for the session (issue 18).
    assert dialog.hub_password.isEnabled()


def test_shortcuts_sheet_lists_the_review_keys(make_window, qtbot):
    window = make_window()
    sheet = ShortcutsDialog(window.actions_.key_sheet(), window)
    qtbot.addWidget(sheet)
    text = " ".join(label.text() for label in sheet.findChildren(QLabel))
    for keys in ("J", "K", "1 … 9", "E", "/", "Esc", "Ctrl+L", "Ctrl+Z", "Ctrl+Shift+Z",
                 "Ctrl+Shift+L", "Ctrl+Shift+R", "Ctrl+Q", "I", "P", "N", "Ctrl+0",
                 "Ctrl+1", "Ctrl+Alt+S", "Ctrl+Alt+1 … 9", "F8", "Ctrl+T"):  # fmt: skip
        assert f"<b>{keys}" in text, keys
    # The sheet is read from the actions: every key bound to one is on it.
    bound = {
        k.toString()
        for a in [*window.actions(), *window.claims.view.actions()]
        for k in a.shortcuts()
    }
    listed = {k for keys, _w in window.actions_.key_sheet() for k in keys.split(" or ")}
    numbered = {str(n) for n in range(1, 10)} | {f"Ctrl+Alt+{n}" for n in range(1, 10)}
    assert bound - numbered <= listed
    # The same keys are live: window-wide ones on the window, review keys on the table.
    window_keys = {a.shortcut().toString() for a in window.actions()}
    table_keys = {a.shortcut().toString() for a in window.claims.view.actions()}
    assert {"/", "Ctrl+L", "Ctrl+Z"} <= window_keys
    assert {"J", "K", "E", "X", "R", "1", "9", "Del"} <= table_keys
    assert not {"J", "K", "E", "X", "R", "1", "9"} & window_keys


def test_ctrl_l_goes_to_the_url_field(make_window, qtbot):
    window = make_window()
    window.articles.view.setFocus()
    qtbot.keyClick(window.articles.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.url_field.hasFocus()


def _drop(window, urls: list[QUrl]) -> None:
    mime = QMimeData()
    mime.setUrls(urls)
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropping_files_imports_them(make_window, qtbot, tmp_path):
    window = make_window()
    first = tmp_path / "drop-one.txt"
    first.write_text(
        "Council says bus fares will rise by 12 percent next year.\n\n"
        "The mayor said the city had built 4,000 new homes since 2020.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        _drop(window, [QUrl.fromLocalFile(str(first))])
    results, errors = blocker.args
    assert not errors and results[0].article.source == str(first)
    qtbot.waitUntil(lambda: window.reader.article is not None, timeout=5000)
    assert "4,000 new homes" in window.reader.article.text


def test_dropping_the_database_is_refused_in_plain_words(make_window, qtbot, tmp_path):
    window = make_window()
    db = window.session.path
    link = tmp_path / "looks-like-an-article.txt"
    link.symlink_to(db)
    for dropped in (db, Path(f"{db}-wal"), link):
        window.last_error = ""
        _drop(window, [QUrl.fromLocalFile(str(dropped))])
        assert "factdesk's database" in window.last_error, dropped
        assert str(dropped) in window.statusBar().currentMessage()
    settle(qtbot, window)
    with stored(window) as desk:
        assert desk.articles() == []


def test_paste_text_as_an_article(make_window, qtbot, qapp):
    window = make_window()
    qapp.clipboard().setText("The minister said 3 in 10 schools need new roofs by 2027.")
    with qtbot.waitSignal(window.imported, timeout=30_000) as blocker:
        window.actions_.paste.trigger()
    article = blocker.args[0][0].article
    assert article.text.startswith("The minister said")
    assert article.title.startswith("The minister said 3 in 10")  # the list needs a name


def test_self_test_runs(qapp, tmp_path, capsys):
    from factdesk.gui.app import run

    assert run(tmp_path / "self.db", self_test=True) == 0
    assert "self-test: ok" in capsys.readouterr().out


def test_screenshot_renders_the_review_at_laptop_size(tmp_path):
    """The README's screenshot, made by `python -m tests.gui.make_screenshot` (written to
    a temporary file here: a test run leaves the checkout as it was)."""
    from PySide6.QtGui import QImage

    from tests.gui.make_screenshot import make_screenshot

    image = QImage(str(make_screenshot(tmp_path / "screenshot.png", tmp_path / "work")))
    assert (image.width(), image.height()) == (1366, 768)
    # Not a blank window: many colours (text, highlights, chips).
    colours = {image.pixel(x, y) for x in range(0, 1366, 3) for y in range(0, 768, 3)}
    assert len(colours) > 300


def test_article_column_shows_where_each_claim_is_from_when_listing_all(sample_window, qtbot):
    window = sample_window
    with qtbot.waitSignal(window.imported, timeout=30_000):
        window.importer.import_text("Bridge news\n\nThe bridge cost 48 million pounds in 2020.\n")
    settle(qtbot, window)
    column = window.claims.model.ARTICLE_COLUMN
    view = window.claims.view
    window.claims.scope.setCurrentIndex(0)
    assert view.isColumnHidden(column)
    window.claims.scope.setCurrentIndex(1)
    assert not view.isColumnHidden(column)
    settle(qtbot, window)
    model = window.claims.model
    titles = {model.index(row, column).data() for row in range(model.rowCount())}
    assert "Bridge news" in titles
    assert any(t.startswith("The hashtag Jews4Labour") for t in titles)


def test_on_an_empty_desk_enter_loads_the_sample_and_keys_work_at_once(make_window, qtbot):
    window = make_window()
    assert window.reader.currentWidget() is window.reader.welcome
    assert QApplication.focusWidget() is window.reader.welcome.sample_button
    with qtbot.waitSignal(window.imported, timeout=30_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.panel.claim is not None, timeout=10_000)
    # The keys go wherever focus went: the review can start without the mouse.
    assert QApplication.focusWidget() is window.claims.view
    for pressed in (Qt.Key.Key_J, Qt.Key.Key_J, Qt.Key.Key_5):
        qtbot.keyClick(QApplication.focusWidget(), pressed)
    settle(qtbot, window)
    assert window.claims.view.currentIndex().row() == 2
    with stored(window) as desk:
        claim = desk.claim(window.panel.claim.id)
        assert claim.verdict == desk.scale().levels[4].label
