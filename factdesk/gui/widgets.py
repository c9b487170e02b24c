"""Small widgets and helpers the panes share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeyEvent,
    QResizeEvent,
    QTextBlock,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTableView,
    QTextBrowser,
    QWidget,
)


class ChoiceBox(QComboBox):
    """A drop-down that changes only by a deliberate choice: the mouse wheel scrolls what
    is around it (the claim panel) instead of changing the value. Keys still work when it
    has focus, and the wheel works in its open list."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # to the parent: the panel scrolls


class TextView(QTextBrowser):
    """A QTextBrowser that never reads a local file. Its default loadResource opens any
    file an <img> or a relative link names (relative to the working folder); one of those
    could be the database, and closing it would drop SQLite's locks (see files.py)."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        name = QUrl(name)
        if name.scheme() in ("", "file", "qrc"):
            # Something, not None: given nothing, Qt goes and reads the file by name itself.
            if kind == QTextDocument.ResourceType.ImageResource:
                return _BLANK_IMAGE
            return QByteArray(b" ")
        return super().loadResource(kind, name)


_BLANK_IMAGE = QImage(1, 1, QImage.Format.Format_ARGB32)
_BLANK_IMAGE.fill(0)


class _ToResults(QObject):
    """Enter, Return or Down in a search box: `go()` (to the results)."""

    def __init__(self, field: QLineEdit, go: Callable[[], Any]):
        super().__init__(field)
        self._go = go
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in keys
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._go()
            return True
        return False


def go_to_results_on_enter(field: QLineEdit, go: Callable[[], Any]) -> None:
    _ToResults(field, go)


class SaveOnLeave(QObject):
    """Calls `save` when the watched widget loses focus; with `done`, Enter saves and then
    calls `done` (back to the claims table), and in a text box Ctrl+Enter does."""

    def __init__(self, widget: QWidget, save: Callable[[], Any],
                 done: Callable[[], Any] | None = None):  # fmt: skip
        super().__init__(widget)
        self._save, self._done = save, done
        # A GrowingText is saved by Enter like a line (Shift+Enter starts a new line).
        self._enter_saves = isinstance(widget, GrowingText)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._save()
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            multi_line = isinstance(watched, QPlainTextEdit)
            control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            new_line = multi_line and (shift or not self._enter_saves)
            if enter and (control or not new_line):
                self._save()
                if self._done is not None:
                    self._done()
                return True
        return False


class GrowingText(QPlainTextEdit):
    """A text box that grows with what is typed (from `least` to `most` lines, then it
    scrolls), with a line edit's names (text, setText, isModified) for the panel's code.
    Enter saves it (see SaveOnLeave); Shift+Enter starts a new line."""

    def __init__(self, least: int = 2, most: int = 8, parent: QWidget | None = None):
        super().__init__(parent)
        self._least, self._most = least, most
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # After each layout of the text (its size counts wrapped lines).
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        if text != self.toPlainText():
            self.setPlainText(text)

    def isModified(self) -> bool:
        return self.document().isModified()

    def setModified(self, modified: bool) -> None:
        self.document().setModified(modified)

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def _fit(self) -> None:
        wrapped = sum(max(1, b.lineCount()) for b in _blocks(self.document()))
        lines = max(self._least, min(self._most, wrapped))
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + frame + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # a narrower box wraps into more lines


def _blocks(document: QTextDocument) -> Iterator[QTextBlock]:
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def being_edited(widget: QWidget) -> bool:
    """The reviewer is typing in `widget` (it has focus and was changed since it was filled)."""
    if isinstance(widget, QPlainTextEdit):
        return widget.hasFocus() and widget.document().isModified()
    return widget.hasFocus() and isinstance(widget, QLineEdit) and widget.isModified()


def debounce(parent: QObject, ms: int, slot: Callable[[], Any]) -> QTimer:
    """A single-shot timer that calls `slot` once typing has paused for `ms`."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(lambda: slot())
    return timer


def tidy_table(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.horizontalHeader().setStretchLastSection(False)


# Room left for a window manager's title bar and frame when a dialog is sized to the screen.
FRAME_ROOM = 48


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Size a dialog `width` x `height`, or less on a small screen (1024x700 up): its
    buttons stay on the screen."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return
    room = screen.availableGeometry()
    most_wide, most_high = room.width() - FRAME_ROOM // 2, room.height() - FRAME_ROOM
    dialog.setMaximumSize(most_wide, most_high)
    dialog.resize(min(width, most_wide), min(height, most_high))


def warn(parent: QWidget | None, title: str, message: str) -> None:
    """A warning box (not on the offscreen platform, where nobody could close it)."""
    if QGuiApplication.platformName() != "offscreen":
        QMessageBox.warning(parent, title, message)
