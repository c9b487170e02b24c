"""Who is reviewing: known before review starts, never asked in the middle of keys.

At start, a database with no reviewer's name takes the team hub's login when there is one;
otherwise a dialog asks for the name before any claim is rated (its field has the focus,
OK needs a name). "Later" leaves review keys refusing, in the status bar, until a name is
set (this dialog again from Claim > Your name…, or Settings > General). Every verdict and
status change the app records carries the name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from .operations import DeskOp, DeskSession, QueryOp

NO_REVIEWER = (
    "Who is reviewing? Verdicts and status changes are recorded with your name: "
    "Claim > Your name… (or Settings, Ctrl+,) sets it."
)


class ReviewerDialog(QDialog):
    def __init__(self, current: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewerName")
        self.setWindowTitle("Your name")
        label = QLabel(
            "Your name, recorded with every verdict and status change you make\n"
            "(Settings > General changes it later):"
        )
        self.name = QLineEdit(current)
        self.name.setObjectName("reviewerNameField")
        self.name.setPlaceholderText("e.g. Sam Checker")
        label.setBuddy(self.name)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Later")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(current.strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> str:
        return " ".join(self.name.text().split())


class Reviewer:
    """The session's reviewer, made known at start and checked before each recorded step."""

    def __init__(
        self,
        session: DeskSession,
        parent: QWidget,
        say: Callable[[str, int], None],
        then: Callable[[], None],
    ):
        self.session, self.parent, self.say, self.then = session, parent, say, then
        self.dialog: ReviewerDialog | None = None

    def known(self) -> bool:
        """True when a name is known; else say how to set it (the key does nothing)."""
        if self.session.reviewer:
            return True
        self.say(NO_REVIEWER, 10000)
        return False

    def make_known_at_start(self) -> None:
        """No name yet: the hub's login if this laptop has synced with a hub, else ask."""
        if self.session.reviewer:
            return

        def found(login: str | None) -> None:
            if self.session.reviewer:
                return
            if login:
                self._set(login)
                self.say(f"Reviewing as {login} (your login on the team hub).", 6000)
            else:
                self.ask()

        QueryOp(self.session, lambda desk: desk.hub_identity()[0], label="Reviewer").success(
            found
        ).run()

    def ask(self) -> None:
        if self.dialog is not None:
            self.dialog.raise_()
            return
        self.dialog = ReviewerDialog(self.session.reviewer or "", self.parent)

        def answered(result: int) -> None:
            dialog, self.dialog = self.dialog, None
            assert dialog is not None
            name = dialog.chosen()
            if result == QDialog.DialogCode.Accepted and name:
                self._set(name)
                self.say(f"Reviewing as {name}.", 4000)
            elif not self.session.reviewer:
                self.say(NO_REVIEWER, 10000)
            dialog.deleteLater()
            self.parent.activateWindow()
            self.then()  # the keys go back to the claims table

        self.dialog.finished.connect(answered)
        self.dialog.open()
        self.dialog.activateWindow()  # the keys go to its field (even with no window manager)

    def _set(self, name: str) -> None:
        self.session.reviewer = name  # at once: a key pressed next records it
        DeskOp(self.session, lambda desk: desk.set_setting("reviewer", name),
               label="Saving your name").run()  # fmt: skip
