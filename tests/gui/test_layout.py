"""The main window with the sample at a small laptop (1024x700), a common one (1366x768) and
a desktop (1920x1080): no column header, search placeholder, status or verdict label and no
status bar label is cut, nothing spills out of the claim panel, the toolbar needs no overflow
menu, and the claim's text keeps the room (issue 11, item 2). Read back from the widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from factdesk.gui.delegates import PREFIX_ROLE
from factdesk.gui.models import ClaimTableModel
from tests.gui.helpers import key, settle

FORMAT = QSettings.Format.IniFormat

SIZES = ((1024, 700), (1366, 768), (1920, 1080))


def placeholder_room(field: QLineEdit) -> int:
    """The width the line edit has for its placeholder: its contents (padding and frame
    taken off, as the style says) less the icon buttons inside it (the clear button counted
    even while hidden)."""
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    contents = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
    left, right = contents.left(), contents.right()
    for button in field.findChildren(QToolButton):
        geometry = button.geometry()
        if geometry.center().x() < field.width() / 2:
            left = max(left, geometry.right())
        else:
            right = min(right, geometry.left())
    if field.isClearButtonEnabled() and not any(
        b.isVisible() for b in field.findChildren(QToolButton) if b.x() > field.width() / 2
    ):
        right = min(right, field.width() - field.height())
    return right - left - 4  # the line edit's own horizontal margin, both sides


def cut_texts(window) -> list[str]:
    problems = []
    claims = window.claims
    view, header = claims.view, claims.view.horizontalHeader()
    for column in range(header.count()):
        if view.isColumnHidden(column):
            continue
        needed = header.sectionSizeFromContents(column).width()
        if needed > header.sectionSize(column):
            text = claims.model.headerData(column, header.orientation())
            problems.append(f"header {text!r}: {needed} > {header.sectionSize(column)}")
    model = claims.model
    for column in (ClaimTableModel.STATUS_COLUMN, ClaimTableModel.VERDICT_COLUMN):
        delegate = view.itemDelegateForColumn(column)
        for row in range(model.rowCount()):
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            option.initFrom(view)
            needed = delegate.sizeHint(option, index).width()
            if needed > view.columnWidth(column):
                problems.append(f"cell {index.data()!r}: {needed} > {view.columnWidth(column)}")
    for field in (claims.search, window.articles.search, window.url_field):
        needed = QFontMetrics(field.font()).horizontalAdvance(field.placeholderText())
        if needed > placeholder_room(field):
            problems.append(f"placeholder {field.placeholderText()!r}: {needed} > room")
    for label in window.statusBar().findChildren(QLabel):
        if label.isVisible() and label.text() and label.sizeHint().width() > label.width():
            problems.append(f"status label {label.text()!r} is cut")
    for widget in (claims.filter_button, claims.scope):
        if widget.sizeHint().width() > widget.width():
            problems.append(f"{widget.objectName() or type(widget).__name__} is squeezed")
    return problems


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_nothing_is_cut_at_laptop_and_desktop_sizes(sample_window, qtbot, width, height):
    window = sample_window
    # A rated claim, one set aside: the longest labels are in the table.
    window.claims.set_current_row(0)
    key(qtbot, window, Qt.Key(Qt.Key.Key_0.value + len(window.session.scale.levels)))
    window.claims.set_current_row(1)
    key(qtbot, window, Qt.Key.Key_X)
    window.resize(width, height)
    window.fit_panes()
    qtbot.wait(50)
    settle(qtbot, window)
    assert window.width() == width
    assert cut_texts(window) == []
    # The claim's text takes the spare width: the widest column, at every size.
    view = window.claims.view
    shown = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]
    assert max(shown, key=view.columnWidth) == 0 and view.columnWidth(0) >= 200
    assert {ClaimTableModel.SCORE_COLUMN, ClaimTableModel.STATUS_COLUMN,
            ClaimTableModel.VERDICT_COLUMN} <= set(shown)  # fmt: skip
    # Nothing of the claim panel is outside its width; the toolbar needs no overflow.
    panel = window.panel
    assert panel.widget().width() <= panel.viewport().width()
    tabs = panel.tabs.tabBar()  # every tab's title whole: no scroll arrows
    assert tabs.sizeHint().width() <= panel.tabs.width(), [tabs.tabText(i) for i in range(3)]
    extension = window.findChild(QWidget, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()
    if width >= 1366:  # room for who said it
        assert not view.isColumnHidden(ClaimTableModel.SPEAKER_COLUMN)
    else:  # the speaker is named in the claim's cell instead
        assert view.model().index(2, 0).data(PREFIX_ROLE)


def test_the_default_size_fits_the_screen(make_window):
    window = make_window()
    room = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    size = window.default_size()
    assert size.width() <= room.width() and size.height() <= room.height()
    assert size.width() <= 1400 and size.height() <= 860


def test_the_check_sees_a_cut_placeholder(make_window, qtbot):
    """The placeholder check is not blind: a squeezed field fails it."""
    window = make_window()
    field = window.claims.search
    field.setFixedWidth(90)
    qtbot.wait(10)
    needed = QFontMetrics(field.font()).horizontalAdvance(field.placeholderText())
    assert needed > placeholder_room(field)


def test_a_size_saved_on_a_bigger_screen_gives_way_to_one_that_fits(qtbot, tmp_path):
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.operations import DeskSession

    ini = tmp_path / "window.ini"

    def opened() -> MainWindow:  # as the app opens it: the size comes from the settings
        window = MainWindow(DeskSession(tmp_path / "gui.db"), QSettings(str(ini), FORMAT))
        qtbot.addWidget(window)
        return window

    window = opened()
    window.resize(700, 500)
    window.close()  # saves the geometry and the screen's room
    same = opened()
    assert (same.width(), same.height()) == (700, 500)  # the same screen: as it was left
    same.close()
    settings = QSettings(str(ini), FORMAT)
    settings.setValue("window/screen", "5000x4000")  # saved on a big monitor
    settings.sync()
    smaller = opened()
    fits = smaller.default_size()
    assert (smaller.width(), smaller.height()) == (fits.width(), fits.height())
    smaller.close()
