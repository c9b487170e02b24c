"""The settings dialog: you, the team hub, the rating scale (its editor: scale_editor.py),
the review's habits, the network and the API keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from factdesk import secrets
from factdesk.desk import checkworthy_threshold, try_hub
from factdesk.errors import FactdeskError
from factdesk.model import STATUSES, RatingScale

from .operations import DeskOp, DeskSession, NetworkOp, QueryOp
from .scale_editor import ScaleEditor
from .sheets import _esc
from .team import app_words
from .widgets import ChoiceBox, warn

# --- settings ---------------------------------------------------------------------

PERSON_SETTINGS = ("reviewer", "organisation", "organisation_url", "hub-url")
TEAM_SECRET = "hub-password"  # on the Team tab, not among the API keys


@dataclass
class StoredSettings:
    """The settings as stored, read on the reader thread before the dialog opens."""

    values: dict[str, str | None]
    scale: str
    scales: list[RatingScale]
    network: dict[str, float]


def read_settings(desk) -> StoredSettings:
    return StoredSettings(
        {key: desk.setting(key) for key in PERSON_SETTINGS},
        desk.scale().id,
        desk.scales(),
        desk.network_settings(),
    )


def open_settings(
    session: DeskSession,
    parent: QWidget,
    window_settings: QSettings | None = None,
    joined: Callable[[str], None] | None = None,
) -> None:
    """Read the settings (reader thread), then show the dialog. `joined(hub_url)` is called
    after OK set a hub (or its password) whose connection was just tested."""
    QueryOp(session, read_settings, label="Reading settings").success(
        lambda stored: SettingsDialog(session, stored, parent, window_settings, joined).exec()
    ).run()


# How the review desk behaves on this computer (kept with the window's layout, not in the
# database: another laptop's checker may like it otherwise).
ADVANCE_SETTING = "review/advance_after_rating"
# A verdict moves its claim's status on to this step ("" leaves the status as it is).
STATUS_AFTER_VERDICT_SETTING = "review/status_after_verdict"
DEFAULT_AFTER_VERDICT = "rated"
HIGHLIGHT_SETTING = "reader/highlight_from"


def highlight_from(settings: QSettings) -> float:
    threshold = checkworthy_threshold()
    stored = settings.value(HIGHLIGHT_SETTING, threshold)
    if not isinstance(stored, str | int | float):
        return threshold  # not a number (QSettings hands back whatever was stored)
    try:
        return min(max(float(stored), 0.0), 1.0)
    except ValueError:
        return threshold


class SettingsDialog(QDialog):
    """Rating scale, reviewer and organisation, API keys (keyring), the team hub, network
    timeouts. OK writes them all in one transaction on the writer thread; a refused value
    keeps the dialog open and changes nothing. A new hub address or password is tried
    first (on the network pool): a hub that refuses it keeps the dialog open, says why on
    the Team tab, and nothing changes."""

    def __init__(
        self,
        session: DeskSession,
        stored: StoredSettings,
        parent=None,
        window_settings: QSettings | None = None,
        joined: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.stored = stored
        self.window_settings = window_settings
        self.joined = joined
        self._tried_offline: tuple[str, str] | None = None  # kept though the hub was away
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self.tabs = tabs = QTabWidget()
        tabs.addTab(self._general_tab(), "General")
        if window_settings is not None:
            tabs.addTab(self._review_tab(window_settings), "Review")
        tabs.addTab(self._scale_tab(), "Rating scale")
        tabs.addTab(self._keys_tab(), "API keys")
        self.team_tab = self._team_tab()
        tabs.addTab(self.team_tab, "Team")
        tabs.addTab(self._network_tab(), "Network")
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.reviewer.setFocus(Qt.FocusReason.OtherFocusReason)  # typing goes to a field

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        values = self.stored.values
        self.reviewer = QLineEdit(values["reviewer"] or "")
        self.reviewer.setPlaceholderText("Your name, recorded with your verdicts")
        self.organisation = QLineEdit(values["organisation"] or "")
        self.organisation_url = QLineEdit(values["organisation_url"] or "")
        self.organisation_url.setPlaceholderText("https://…  (the author of published reports)")
        form.addRow("Reviewer name", self.reviewer)
        form.addRow("Organisation", self.organisation)
        form.addRow("Organisation URL", self.organisation_url)
        return page

    def _review_tab(self, settings: QSettings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.advance = ChoiceBox()
        self.advance.addItem("Stay on the claim (J moves on)", "false")
        self.advance.addItem("Go to the next claim", "true")
        self.advance.setCurrentIndex(
            max(self.advance.findData(str(settings.value(ADVANCE_SETTING, "false"))), 0)
        )
        form.addRow("After 1–9, X or R", self.advance)
        self.after_verdict = ChoiceBox()
        for status in STATUSES:
            if status not in ("new", "not checking"):
                self.after_verdict.addItem(status, status)
        self.after_verdict.addItem("(leave the status as it is)", "")
        chosen = str(settings.value(STATUS_AFTER_VERDICT_SETTING, DEFAULT_AFTER_VERDICT))
        self.after_verdict.setCurrentIndex(max(self.after_verdict.findData(chosen), 0))
        form.addRow("A verdict moves the status to", self.after_verdict)
        self.highlight = QDoubleSpinBox()
        self.highlight.setRange(0, 1)
        self.highlight.setSingleStep(0.05)
        self.highlight.setDecimals(2)
        self.highlight.setValue(highlight_from(settings))
        self.highlight.setToolTip(
            "Claims scoring less are only underlined in the reader; 0 highlights every claim"
        )
        form.addRow("Highlight claims scoring at least", self.highlight)
        return page

    def _scale_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.scale_choice = ChoiceBox()
        self._fill_scales(self.stored.scale)
        self.scale_choice.currentIndexChanged.connect(self._show_scale)
        edit = QPushButton("Edit your own…")
        edit.clicked.connect(self._edit_scale)
        row.addWidget(self.scale_choice, 1)
        row.addWidget(edit)
        layout.addLayout(row)
        self.scale_preview = QLabel()
        self.scale_preview.setWordWrap(True)
        self.scale_preview.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.scale_preview, 1, Qt.AlignmentFlag.AlignTop)
        self._show_scale()
        return page

    def _fill_scales(self, selected: str) -> None:
        self.scale_choice.blockSignals(True)
        self.scale_choice.clear()
        for scale in self.stored.scales:
            mine = "" if scale.builtin else "  (yours)"
            self.scale_choice.addItem(scale.name + mine, scale.id)
        self.scale_choice.setCurrentIndex(max(self.scale_choice.findData(selected), 0))
        self.scale_choice.blockSignals(False)

    def _chosen_scale(self) -> RatingScale:
        chosen = self.scale_choice.currentData()
        return next(s for s in self.stored.scales if s.id == chosen)

    def _show_scale(self) -> None:
        scale = self._chosen_scale()
        rows = "".join(
            f'<tr><td style="background:{_esc(level.colour)}">&nbsp;&nbsp;&nbsp;</td>'
            f"<td>&nbsp;<b>{i + 1}</b>&nbsp;</td><td><b>{_esc(level.label)}</b></td>"
            f"<td>&nbsp;{_esc(level.definition)}</td></tr>"
            for i, level in enumerate(scale.levels)
        )
        self.scale_preview.setText(
            f"<p>{_esc(scale.description)}</p><table cellspacing=3>{rows}</table>"
            + ("" if scale.levels else "<p><i>No levels: the verdict is a written conclusion.</i>")
        )

    def _edit_scale(self) -> None:
        base = self._chosen_scale()
        editor = ScaleEditor(base, self)
        if not editor.exec():
            return
        scale = editor.scale()

        def saved(_changes) -> None:
            self.stored.scales = [s for s in self.stored.scales if s.id != scale.id] + [scale]
            self._fill_scales(scale.id)
            self._show_scale()

        DeskOp(self.session, lambda desk: desk.save_scale(scale), label="Saving the scale").success(
            saved
        ).failure(lambda message: warn(self, "Rating scale", message)).run()

    def _keys_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        problem = secrets.keyring_problem()
        note = QLabel(
            problem or "Keys are kept in the system keyring, never in the database or in exports."
        )
        note.setWordWrap(True)
        note.setObjectName("warningNote" if problem else "quietNote")
        layout.addWidget(note)
        form = QFormLayout()
        self.key_fields: dict[str, QLineEdit] = {}
        status = {} if problem else _safe_status()
        for name, description in secrets.SECRETS.items():
            if name == TEAM_SECRET:
                continue
            field = QLineEdit()
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setEnabled(problem is None)
            field.setPlaceholderText("stored (type to replace)" if status.get(name) else "not set")
            clear = QPushButton("Clear")
            clear.setEnabled(problem is None and status.get(name, False))
            clear.clicked.connect(lambda _c=False, n=name, b=clear: self._clear_key(n, b))
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(clear)
            form.addRow(description, row)
            self.key_fields[name] = field
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _team_tab(self) -> QWidget:
        """The team hub: its address (a setting) and my password (the keyring, or without
        one this session's memory only)."""
        page = QWidget()
        layout = QVBoxLayout(page)
        note = QLabel(
            "Sync with your team through a PostgreSQL hub: the address your administrator"
            " gave you (without the password). OK tries it before keeping it, then runs the"
            " first sync. A hub that needs no password works without one."
        )
        note.setWordWrap(True)
        note.setObjectName("quietNote")
        layout.addWidget(note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.hub_url = QLineEdit(self.stored.values.get("hub-url") or "")
        self.hub_url.setPlaceholderText("postgresql://you@hub.example.org/desk")
        form.addRow("Hub address", self.hub_url)
        self.no_keyring = secrets.keyring_problem()
        self.hub_password = QLineEdit()
        self.hub_password.setEchoMode(QLineEdit.EchoMode.Password)
        if self.no_keyring:
            kept = secrets.kept_for_session(TEAM_SECRET)
            self.hub_password.setPlaceholderText(
                "kept until factdesk closes (type to replace)" if kept else "not set"
            )
        else:
            stored = _safe_status().get(TEAM_SECRET, False)
            self.hub_password.setPlaceholderText(
                "stored (type to replace)" if stored else "not set"
            )
        self.key_fields[TEAM_SECRET] = self.hub_password
        form.addRow("Password", self.hub_password)
        layout.addLayout(form)
        # Where the password is kept, in a sentence that says why (and how to keep it longer).
        self.password_note = QLabel(
            "This computer has no system keyring (the safe place for passwords), so the"
            " password is kept only while factdesk runs, never on disk: type it again after"
            " a restart. To keep it, install and start a keyring (gnome-keyring, KWallet or"
            " KeePassXC) and reopen Settings."
            if self.no_keyring
            else "The password is kept in the system keyring, never in the database."
        )
        self.password_note.setWordWrap(True)
        self.password_note.setObjectName("warningNote" if self.no_keyring else "quietNote")
        layout.addWidget(self.password_note)
        # How the try went: what to put right, in a sentence.
        self.hub_check = QLabel()
        self.hub_check.setObjectName("hubCheck")
        self.hub_check.setWordWrap(True)
        self.hub_check.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hub_check.hide()
        layout.addWidget(self.hub_check)
        layout.addStretch(1)
        return page

    def _say_on_team_tab(self, text: str, warning: bool) -> None:
        self.hub_check.setText(text)
        self.hub_check.setObjectName("warningNote" if warning else "quietNote")
        self.hub_check.style().unpolish(self.hub_check)
        self.hub_check.style().polish(self.hub_check)
        self.hub_check.show()

    def _clear_key(self, name: str, button: QPushButton) -> None:
        try:
            secrets.delete_secret(name)
        except FactdeskError as error:
            warn(self, "API keys", str(error))
            return
        self.key_fields[name].setPlaceholderText("not set")
        button.setEnabled(False)

    def _network_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        network = self.stored.network
        self.connect_timeout = _seconds(network["connect_timeout"])
        self.read_timeout = _seconds(network["read_timeout"])
        form.addRow("Connect timeout", self.connect_timeout)
        form.addRow("Read timeout", self.read_timeout)
        return page

    def accept(self) -> None:
        """A new hub (or password) is tried first; the rest is saved at once."""
        hub_url = self.hub_url.text().strip()
        typed = self.hub_password.text().strip()
        changed = hub_url != (self.stored.values.get("hub-url") or "") or bool(typed)
        if hub_url and changed and self._tried_offline != (hub_url, typed):
            self._try_hub(hub_url, typed)
            return
        self._save(joined=hub_url if hub_url and changed else None)

    def _try_hub(self, hub_url: str, typed: str) -> None:
        """Log in to the hub on the network pool, as a sync would; OK waits for the answer."""
        self.tabs.setCurrentWidget(self.team_tab)
        self._say_on_team_tab("Trying the hub…", warning=False)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def answered(found: tuple[str, bool]) -> None:
            ok.setEnabled(True)
            problem, away = found
            problem = app_words(problem).rstrip(".").replace(" in Settings > Team", " here")
            if not problem:
                self._say_on_team_tab("The hub takes you as a checker.", warning=False)
                self._save(joined=hub_url)
            elif away:  # offline now, perhaps: a second OK keeps it and syncs later
                self._tried_offline = (hub_url, typed)
                self._say_on_team_tab(
                    f"{problem}. Nothing was changed. Check the address, or press OK"
                    " again to keep it: factdesk syncs when the hub answers.",
                    warning=True,
                )
            else:
                self._say_on_team_tab(
                    f"{problem}. Nothing was changed: put it right and press OK.",
                    warning=True,
                )

        def failed(message: str) -> None:
            ok.setEnabled(True)
            if message:
                self._say_on_team_tab(app_words(message), warning=True)

        NetworkOp(self.session, lambda: try_hub(hub_url, typed or None),
                  label="Trying the hub").success(answered).failure(failed).run()  # fmt: skip

    def _save(self, joined: str | None) -> None:
        values = {
            "reviewer": self.reviewer.text(),
            "organisation": self.organisation.text(),
            "organisation_url": self.organisation_url.text(),
            "scale": self.scale_choice.currentData(),
            "connect_timeout": self.connect_timeout.value(),
            "read_timeout": self.read_timeout.value(),
            "hub-url": self.hub_url.text(),
        }

        def saved(_changes) -> None:
            try:
                for name, field in self.key_fields.items():
                    if not field.text().strip():
                        continue
                    if name == TEAM_SECRET and self.no_keyring:
                        secrets.keep_for_session(name, field.text())  # memory only
                    else:
                        secrets.set_secret(name, field.text())
            except FactdeskError as error:
                warn(self, "Settings", str(error))
                return
            if self.window_settings is not None:
                self.window_settings.setValue(ADVANCE_SETTING, self.advance.currentData())
                self.window_settings.setValue(
                    STATUS_AFTER_VERDICT_SETTING, self.after_verdict.currentData()
                )
                self.window_settings.setValue(HIGHLIGHT_SETTING, self.highlight.value())
            super(SettingsDialog, self).accept()
            if joined and self.joined is not None:
                self.joined(joined.strip())

        # One transaction: a bad value (say, the URL) leaves every setting as it was.
        DeskOp(
            self.session, lambda desk: desk.set_settings(values), label="Saving settings"
        ).success(saved).failure(lambda message: warn(self, "Settings", message)).run()


def _safe_status() -> dict[str, bool]:
    try:
        return secrets.secret_status()
    except FactdeskError:
        return {}


def _seconds(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(1, 600)
    box.setDecimals(0)
    box.setSuffix(" s")
    box.setValue(value)
    return box
